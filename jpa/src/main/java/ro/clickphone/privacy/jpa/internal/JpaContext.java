package ro.clickphone.privacy.jpa.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.Query;
import jakarta.persistence.QueryTimeoutException;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.function.Supplier;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.StoreTransaction;

/**
 * What every JPA store shares: the factory, the caller's current entity manager, and the rule for
 * transactions — an operation joins the caller's active transaction when there is one, and runs in a
 * transaction of its own otherwise. Database failures become {@link StoreException}s whose message and
 * causes carry no SQL text or values (a constraint violation's message can quote a row).
 */
public final class JpaContext {

    /** The JPA lock-timeout hint; Hibernate reads -2 as {@code SKIP LOCKED}. */
    private static final String LOCK_TIMEOUT_HINT = "jakarta.persistence.lock.timeout";
    private static final int SKIP_LOCKED = -2;

    private final EntityManagerFactory emf;
    private final Supplier<EntityManager> current;

    private JpaContext(EntityManagerFactory emf, Supplier<EntityManager> current) {
        this.emf = emf;
        this.current = current;
    }

    /**
     * The context of one {@code JpaStores.create} call.
     *
     * @param emf the factory
     * @param current the caller's entity manager with an active transaction, or null
     * @return the context
     */
    public static JpaContext of(EntityManagerFactory emf, Supplier<EntityManager> current) {
        if (emf == null) {
            throw new InvalidInputException("entityManagerFactory", "must not be null");
        }
        if (current == null) {
            throw new InvalidInputException("current", "must not be null (give () -> null when there is none)");
        }
        return new JpaContext(emf, current);
    }

    /**
     * The factory.
     *
     * @return it
     */
    public EntityManagerFactory emf() {
        return emf;
    }

    /**
     * Runs work in the caller's active transaction when there is one, in a new one otherwise.
     *
     * @param operation what is done, for the error message (no personal data)
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T inTransaction(String operation, Function<EntityManager, T> work) {
        EntityManager joined = activeCurrent();
        if (joined != null) {
            return joined(operation, joined, work);
        }
        return inOwnTransaction(operation, work);
    }

    /**
     * Runs work in the transaction a {@link StoreTransaction} names when it holds an {@link EntityManager}
     * with an active transaction (the outbox's "written exactly when the caller commits"), and as {@link
     * #inTransaction} otherwise.
     *
     * @param operation what is done
     * @param transaction the caller's transaction handle, or null
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T inTransaction(String operation, StoreTransaction transaction, Function<EntityManager, T> work) {
        if (transaction != null) {
            EntityManager em = transaction.unwrap(EntityManager.class).orElse(null);
            if (em != null && em.isOpen() && em.getTransaction().isActive()) {
                return joined(operation, em, work);
            }
        }
        return inTransaction(operation, work);
    }

    /**
     * Runs work in a transaction of its own even when the caller has one: for claims and leases that must
     * be visible to other workers at once, whatever the caller does next.
     *
     * @param operation what is done
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T inOwnTransaction(String operation, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = emf.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (PrivacyException e) {
            rollbackQuietly(tx);
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw translate(operation, e);
        } finally {
            if (em != null && em.isOpen()) {
                em.close();
            }
        }
    }

    /**
     * Runs work in the caller's transaction. A database failure marks that transaction rollback-only: the
     * operation may have written part of its rows, and a caller who caught the exception must not commit
     * them. A {@link PrivacyException} the work throws is an answer by design (a conflict, bad input),
     * raised before it writes; work that can fail after writing marks the transaction itself.
     */
    private <T> T joined(String operation, EntityManager em, Function<EntityManager, T> work) {
        try {
            T result = work.apply(em);
            em.flush();
            return result;
        } catch (PrivacyException e) {
            throw e;
        } catch (RuntimeException e) {
            markRollbackOnly(em);
            throw translate(operation, e);
        }
    }

    /**
     * Marks the caller's transaction rollback-only, quietly: for work that fails after writing part of
     * what it must write all or nothing.
     *
     * @param em the caller's entity manager
     */
    public static void markRollbackOnly(EntityManager em) {
        try {
            if (em.isOpen() && em.getTransaction().isActive()) {
                em.getTransaction().setRollbackOnly();
            }
        } catch (RuntimeException ignored) {
            // the original failure is the one reported
        }
    }

    private EntityManager activeCurrent() {
        EntityManager em = current.get();
        if (em == null || !em.isOpen()) {
            return null;
        }
        return em.getTransaction().isActive() ? em : null;
    }

    private static void rollbackQuietly(EntityTransaction tx) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException ignored) {
            // the original failure is the one reported
        }
    }

    /**
     * Makes a query lock the rows it returns and skip those another transaction holds ({@code FOR UPDATE
     * SKIP LOCKED}): for sweeper batches, outbox claims and rights-request progress only.
     *
     * @param query the query
     * @param <Q> its type
     * @return the same query
     */
    public static <Q extends Query> Q skipLocked(Q query) {
        query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        query.setHint(LOCK_TIMEOUT_HINT, SKIP_LOCKED);
        return query;
    }

    /**
     * Turns a persistence failure into a {@link StoreException}: retryable for lock conflicts, timeouts,
     * serialization failures, deadlocks and lost connections; with a cause chain that keeps the types and
     * stack traces but none of the messages.
     *
     * @param operation what was being done
     * @param failure the failure
     * @return the exception to throw
     */
    public static StoreException translate(String operation, RuntimeException failure) {
        String sqlState = sqlState(failure);
        boolean retryable = failure instanceof PessimisticLockException || failure instanceof LockTimeoutException
                || failure instanceof OptimisticLockException || failure instanceof QueryTimeoutException
                || (sqlState != null && (sqlState.startsWith("40") || sqlState.startsWith("08")
                        || sqlState.equals("55P03") || sqlState.equals("HYT00")));
        String message = "The JPA store could not " + operation + " (" + failure.getClass().getSimpleName()
                + (sqlState == null ? "" : ", SQL state " + sqlState) + ")";
        return new StoreException(message, retryable, Redacted.of(failure));
    }

    private static String sqlState(Throwable failure) {
        return SqlFailures.sqlState(failure);
    }

    /**
     * A stand-in for a cause: its type, SQL state and stack trace, without the message a driver may have
     * filled with a row's values.
     */
    static final class Redacted extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private Redacted(String message, Throwable cause) {
            super(message, cause);
        }

        static Redacted of(Throwable original) {
            if (original == null) {
                return null;
            }
            String state = original instanceof SQLException sql && sql.getSQLState() != null
                    ? " (SQL state " + sql.getSQLState() + ")" : "";
            Redacted redacted = new Redacted(original.getClass().getName() + state + ", message withheld",
                    original.getCause() == original ? null : of(original.getCause()));
            redacted.setStackTrace(original.getStackTrace());
            return redacted;
        }
    }

    @Override
    public String toString() {
        return "JpaContext[" + emf.getClass().getSimpleName() + "]";
    }
}
