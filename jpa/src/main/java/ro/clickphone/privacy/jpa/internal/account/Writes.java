package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.function.Function;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.SqlFailures;
import ro.clickphone.privacy.spi.StoreException;

/**
 * Idempotent writes ("store unless present") under concurrency, portably: JPA has no
 * {@code INSERT ... ON CONFLICT}, and a {@code persist} refused by a unique constraint breaks the transaction
 * and makes the provider log the driver's message, which quotes the row's key (a subject id). So the stores
 * insert new rows through {@link ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert}: a concurrent
 * writer's uncommitted row makes the insert wait, a committed one makes it do nothing, under a savepoint, in
 * the running transaction (the caller's when it has one). No lock is shared between writers of different
 * rows, and no store reads a missing row with a lock (on InnoDB that takes a gap lock, and two writers of
 * different keys holding one gap deadlock on their inserts).
 *
 * <p>Should a race remain (on InnoDB, two writers refused by one new row both hold a shared lock on it and
 * deadlock when both then lock it to update it), it is retried in a transaction of the store's own: the
 * next attempt finds the row the winner committed. In the caller's transaction it cannot be retried (the
 * database has aborted that transaction), so it surfaces as a retryable {@link StoreException}: the caller
 * retries the whole transaction.
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
            boolean[] race = new boolean[1];
            try {
                return jpa.inTransaction(operation, em -> {
                    used[0] = em;
                    try {
                        T result = work.apply(em);
                        em.flush();
                        return result;
                    } catch (RuntimeException e) {
                        race[0] = isRace(e);
                        throw e;
                    }
                });
            } catch (StoreException e) {
                if (!race[0]) {
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
     * Whether a failure is a concurrent writer's, decided on the driver's SQL state and vendor code (never
     * on a message): a duplicate key (SQL state 23505 on PostgreSQL and H2; MariaDB's error 1062, which it
     * reports as 23000), a serialization failure or deadlock (40001, 40P01), or a row deleted or changed
     * between a read and its lock (JPA's {@code EntityNotFoundException}, {@code OptimisticLockException}).
     * Other integrity violations (not null 23502, foreign key 23503, check 23514, MariaDB's other 23000
     * codes) are not races: repeating would fail the same way.
     *
     * @param failure the failure, as the provider threw it (before {@link JpaContext#translate})
     * @return whether repeating may succeed
     */
    public static boolean isRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.EntityNotFoundException
                    || t instanceof jakarta.persistence.OptimisticLockException) {
                return true;
            }
        }
        return SqlFailures.isUniqueViolation(failure) || SqlFailures.isSerializationConflict(failure);
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
