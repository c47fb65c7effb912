package ro.clickphone.privacy.jpa.internal.outbox;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.LocalDate;

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
     * @param em the entity manager, in a transaction
     * @param sql the statement, with {@code ?} placeholders
     * @param params the parameters, in order
     * @return {@code true} if the row was inserted; {@code false} if a unique key held it already
     */
    public static boolean insert(EntityManager em, String sql, Param... params) {
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
    }

    /**
     * Whether a failure is a unique-key violation: SQL state 23505 (PostgreSQL, H2), or MariaDB's error
     * 1062 (state 23000).
     *
     * @param e the failure
     * @return {@code true} for a duplicate key
     */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || "23000".equals(sql.getSQLState()) && sql.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }
}
