package ro.clickphone.privacy.jpa.internal;

import java.sql.SQLException;

/**
 * What a database failure means, decided on the drivers' SQL states and vendor codes along the cause chain
 * (never on a message, which may quote a row): the one place the stores classify failures.
 */
public final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * The first SQL state along the cause chain.
     *
     * @param failure the failure
     * @return the state, or null when no {@link SQLException} carries one
     */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * A unique-key violation: SQL state 23505 (PostgreSQL, H2), or MariaDB's error 1062 (state 23000).
     *
     * @param failure the failure
     * @return {@code true} for a duplicate key
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || "23000".equals(sql.getSQLState()) && sql.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A serialization failure or deadlock (SQL state 40001 or 40P01): a repeat may succeed.
     *
     * @param failure the failure
     * @return {@code true} for a conflict between concurrent transactions
     */
    public static boolean isSerializationConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database ended the transaction: SQL state class 40, or MariaDB's deadlock 1213.
     *
     * @param failure the failure
     * @return {@code true} when the transaction is gone
     */
    public static boolean isTransactionRolledBack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("40")
                    || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }
}
