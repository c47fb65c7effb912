package ro.clickphone.privacy.jpa.internal.rights;

import java.util.function.Function;
import jakarta.persistence.EntityManager;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.StoreException;

/**
 * An insert that answers false, not an error, when the row's key is taken: the "idempotent insert" of the
 * SPIs. The insert first looks for the key (the usual case: a repeated call); when two writers race past that
 * look, the database's primary key refuses the second, and the loser then finds the winner's committed row and
 * answers false. A failure that is not a taken key (the key is still free afterwards) is rethrown.
 *
 * <p>Inside a caller's transaction a lost race is reported as false too, but the database may have aborted
 * that transaction (PostgreSQL does after any failed statement): the caller's commit then fails, as it should,
 * since its own insert did not happen.
 */
public final class InsertOnce {

    private InsertOnce() {
    }

    /**
     * Runs an insert.
     *
     * @param jpa the context
     * @param operation what is done, for errors
     * @param insert looks for the key, answers false when it is taken, inserts and flushes otherwise
     * @param exists whether the key is taken, read in a transaction of its own after a failure
     * @return whether this call inserted
     */
    public static boolean run(JpaContext jpa, String operation, Function<EntityManager, Boolean> insert,
            Function<EntityManager, Boolean> exists) {
        try {
            return jpa.inTransaction(operation, insert);
        } catch (StoreException failure) {
            boolean taken;
            try {
                taken = jpa.inOwnTransaction(operation, exists);
            } catch (StoreException again) {
                failure.addSuppressed(again);
                throw failure;
            }
            if (taken) {
                return false;
            }
            throw failure;
        }
    }
}
