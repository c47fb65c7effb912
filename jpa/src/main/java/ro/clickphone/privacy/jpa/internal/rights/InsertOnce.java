package ro.clickphone.privacy.jpa.internal.rights;

import java.util.function.Function;
import jakarta.persistence.EntityManager;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.StoreException;

/**
 * An insert that answers false, not an error, when the row's key is taken: the "idempotent insert" of the
 * SPIs. It always runs in a transaction of its own, never the caller's: the insert first looks for the key (the
 * usual case: a repeated call); when two writers race past that look, the database's primary key refuses the
 * second, Hibernate marks that (own) transaction for rollback, and the loser then finds the winner's committed
 * row in another transaction of its own and answers false. A failure that is not a taken key (the key is still
 * free afterwards) is rethrown.
 *
 * <p>Not for work that must join a caller's transaction: a refused {@code persist} there would leave the
 * caller's transaction marked for rollback, with the failed entity in its persistence context. Such inserts use
 * {@link ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert} (a savepoint) instead, as the incident
 * register does for an incident's first version.
 */
public final class InsertOnce {

    private InsertOnce() {
    }

    /**
     * Runs an insert.
     *
     * @param jpa the context (whose caller's transaction, if any, is not joined)
     * @param operation what is done, for errors
     * @param insert looks for the key, answers false when it is taken, inserts and flushes otherwise
     * @param exists whether the key is taken, read in a transaction of its own after a failure
     * @return whether this call inserted
     */
    public static boolean run(JpaContext jpa, String operation, Function<EntityManager, Boolean> insert,
            Function<EntityManager, Boolean> exists) {
        try {
            return jpa.inOwnTransaction(operation, insert);
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
