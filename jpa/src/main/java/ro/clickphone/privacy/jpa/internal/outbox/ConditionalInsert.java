package ro.clickphone.privacy.jpa.internal.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.LocalDate;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.SqlFailures;
import ro.clickphone.privacy.spi.StoreException;

/**
 * An {@code INSERT} that does nothing when a unique key already holds the row, without breaking the
 * transaction it runs in: a row another transaction inserted and has not committed yet makes the
 * database wait for that transaction (PostgreSQL, MariaDB and H2 all do), and a duplicate found then or
 * at once is rolled back to a savepoint taken just before. A plain {@code persist} cannot do this: its
 * unique-key violation marks the whole JPA transaction for rollback, which would undo the caller's
 * business change with it (the outbox contract forbids that).
 *
 * <p>Plain SQL with one savepoint, so it is the same on every database; it runs on the transaction's
 * own connection through JPA 3.2's {@link EntityManager#callWithConnection}.
 */
public final class ConditionalInsert {

    private ConditionalInsert() {
    }

    /**
     * A typed parameter: the JDBC type is needed to bind a null.
     *
     * @param value the value, or null
     * @param sqlType its {@link Types} code
     */
    public record Param(Object value, int sqlType) {

        /**
         * A text parameter.
         *
         * @param value the text, or null
         * @return the parameter
         */
        public static Param text(String value) {
            return new Param(value, Types.VARCHAR);
        }

        /**
         * A number parameter.
         *
         * @param value the number, or null
         * @return the parameter
         */
        public static Param number(Long value) {
            return new Param(value, Types.BIGINT);
        }

        /**
         * An integer parameter.
         *
         * @param value the number, or null
         * @return the parameter
         */
        public static Param integer(Integer value) {
            return new Param(value, Types.INTEGER);
        }
    }

    /**
     * Runs one {@code INSERT} in the entity manager's active transaction.
     *
     * <p>A failure by which the database rolled back the whole transaction, not just the statement (SQL
     * state class {@code 40}: a deadlock, MariaDB's error 1213, or a serialization failure) cannot be
     * undone to the savepoint: the transaction's earlier work is gone. The entity manager's transaction is
     * then marked rollback-only and the failure is a <em>non-retryable</em> {@link StoreException}: in a
     * caller's transaction, retrying this call in the same entity manager would commit the rest of the
     * caller's work without what the database had already thrown away. Retry the whole transaction.
     *
     * @param em the entity manager, in a transaction
     * @param sql the statement, with {@code ?} placeholders
     * @param params the parameters, in order
     * @return {@code true} if the row was inserted; {@code false} if a unique key held it already
     * @throws StoreException if the database rolled back the whole transaction
     */
    public static boolean insert(EntityManager em, String sql, Param... params) {
        try {
            return em.callWithConnection((Connection c) -> {
                Savepoint savepoint = c.setSavepoint();
                try (PreparedStatement statement = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        Param p = params[i];
                        if (p.value() == null) {
                            statement.setNull(i + 1, p.sqlType());
                        } else if (p.value() instanceof LocalDate) {
                            throw new IllegalArgumentException("days are bound as epoch days");
                        } else {
                            statement.setObject(i + 1, p.value(), p.sqlType());
                        }
                    }
                    int inserted = statement.executeUpdate();
                    c.releaseSavepoint(savepoint);
                    return inserted == 1;
                } catch (SQLException e) {
                    if (isTransactionRolledBack(e)) {
                        throw new TransactionLost(e); // no savepoint left to roll back to
                    }
                    try {
                        c.rollback(savepoint);
                    } catch (SQLException ignored) {
                        // the original failure is the one that matters
                    }
                    if (isUniqueViolation(e)) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TransactionLost lost) {
                    JpaContext.markRollbackOnly(em);
                    StoreException redacted = JpaContext.translate("insert a row",
                            new PersistenceException("redacted", lost.getCause()));
                    throw new StoreException("The database rolled back the whole transaction (deadlock or"
                            + " serialization failure, SQL state " + lost.sqlState + "): retry the whole"
                            + " transaction, not this call", false, redacted.getCause());
                }
            }
            throw e;
        }
    }

    /** The database ended the transaction (SQL state class 40, or MariaDB's deadlock 1213). */
    static boolean isTransactionRolledBack(SQLException e) {
        return SqlFailures.isTransactionRolledBack(e);
    }

    /** Carries a transaction-ending failure out of {@code callWithConnection}, whatever wraps it there. */
    private static final class TransactionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String sqlState;

        TransactionLost(SQLException cause) {
            super(null, cause, false, false);
            this.sqlState = cause.getSQLState();
        }
    }

    /**
     * Whether a failure is a unique-key violation: SQL state 23505 (PostgreSQL, H2), or MariaDB's error
     * 1062 (state 23000).
     *
     * @param e the failure
     * @return {@code true} for a duplicate key
     */
    static boolean isUniqueViolation(SQLException e) {
        return SqlFailures.isUniqueViolation(e);
    }
}
