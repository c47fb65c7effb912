package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.function.Function;
import ro.clickphone.privacy.jpa.internal.Counter;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.StoreException;

/**
 * Idempotent writes ("store unless present") under concurrency, portably: JPA has no
 * {@code INSERT ... ON CONFLICT}, so two writers that both find no row would both insert, and the
 * database's unique constraint would refuse the second — and the provider would log the driver's message,
 * which quotes the row's key (a subject id). So a writer that finds no row first takes a named lock
 * ({@link #lock}: a {@code cpp_counter} row locked {@code FOR UPDATE} until its transaction ends), then
 * looks again with a locking (current) read, and only then inserts: writers of new rows of one kind take
 * turns, writers of existing rows do not wait for them.
 *
 * <p>Should a refusal or a deadlock happen all the same (a row inserted by hand, a caller's transaction
 * holding locks of its own), it is retried in a transaction of the store's own: the next attempt finds the
 * row the winner committed. In the caller's transaction it cannot be retried (the database has aborted
 * that transaction), so it surfaces as a retryable {@link StoreException}: the caller retries the whole
 * transaction.
 */
public final class Writes {

    /** Attempts in a transaction of the store's own. */
    static final int ATTEMPTS = 8;

    private Writes() {
    }

    /**
     * Runs work that is safe to repeat, through {@link JpaContext#inTransaction(String, Function)}, and
     * repeats it when a concurrent writer of the same row made it fail.
     *
     * @param jpa the context
     * @param operation what is done (no personal data)
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public static <T> T idempotent(JpaContext jpa, String operation, Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            EntityManager[] used = new EntityManager[1];
            try {
                return jpa.inTransaction(operation, em -> {
                    used[0] = em;
                    return work.apply(em);
                });
            } catch (StoreException e) {
                if (!isRace(e)) {
                    throw e;
                }
                // a transaction of our own is closed by now; the caller's is still open
                boolean own = used[0] != null && !used[0].isOpen();
                if (!own) {
                    throw new StoreException("The JPA store could not " + operation + ": another writer stored the"
                            + " same row at the same time; retry the transaction", true, e.getCause());
                }
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether a failure is a concurrent writer's: a unique-constraint refusal (SQL state class 23), a
     * serialization failure or deadlock (class 40), or a row deleted between a read and its lock; each
     * rolled the transaction back.
     *
     * @param e the failure, as {@link JpaContext#translate} made it
     * @return whether repeating may succeed
     */
    public static boolean isRace(StoreException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("SQL state 23") || message.contains("SQL state 40")
                || message.contains("(EntityNotFoundException") || message.contains("(OptimisticLockException");
    }

    /**
     * Locks a named {@code cpp_counter} row until the transaction ends: the turn of the writers of new
     * rows of one kind.
     *
     * @param em the entity manager of the running transaction
     * @param name the row's name, created by the migrations
     */
    public static void lock(EntityManager em, String name) {
        Counter row = em.find(Counter.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new StoreException("The lock row '" + name + "' has no row in cpp_counter: apply the JPA"
                    + " plugin's migrations (db/<database>) before using the stores", false, null);
        }
        em.detach(row);
    }

    /**
     * Detaches what a read loaded, so that the caller's entity manager (when the store joined its
     * transaction) neither grows nor serves a stale copy to a later operation.
     *
     * @param em the entity manager
     * @param entities the entities read
     */
    public static void detach(EntityManager em, List<?> entities) {
        for (Object entity : entities) {
            em.detach(entity);
        }
    }
}
