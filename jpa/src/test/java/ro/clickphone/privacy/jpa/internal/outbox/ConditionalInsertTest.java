package ro.clickphone.privacy.jpa.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
import ro.clickphone.privacy.spi.StoreException;

/**
 * What {@link ConditionalInsert} does with each kind of failure, on a scripted connection: a deadlock or
 * serialization failure (the database rolled the whole transaction back) is non-retryable, marks the
 * transaction rollback-only and is not "undone" to the savepoint; a duplicate is {@code false}.
 */
class ConditionalInsertTest {

    private final List<String> calls = new ArrayList<>();

    @Test
    void aDeadlock_isNonRetryable_andMarksTheTransactionRollbackOnly() {
        EntityManager em = entityManager(new SQLException("Deadlock found; row 'acct-1042'", "40001", 1213));
        StoreException e = assertThrows(StoreException.class,
                () -> ConditionalInsert.insert(em, "INSERT", Param.text("acct-1042")));
        assertFalse(e.isRetryable(), "retrying the call in the same entity manager would lose earlier work");
        assertTrue(calls.contains("setRollbackOnly"), calls::toString);
        assertFalse(calls.contains("rollback(savepoint)"), "no savepoint is left to roll back to");
        assertFalse(e.getMessage().contains("acct-1042"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("acct-1042"), "the driver's message is redacted");
        }
    }

    @Test
    void aPostgresSerializationFailure_isTreatedTheSame() {
        EntityManager em = entityManager(new SQLException("could not serialize", "40001", 0));
        assertFalse(assertThrows(StoreException.class, () -> ConditionalInsert.insert(em, "INSERT")).isRetryable());
        assertTrue(calls.contains("setRollbackOnly"));
    }

    @Test
    void aDuplicate_isFalse_rolledBackToTheSavepoint_andTheTransactionLives() {
        EntityManager em = entityManager(new SQLException("duplicate", "23505", 0));
        assertFalse(ConditionalInsert.insert(em, "INSERT"));
        assertTrue(calls.contains("rollback(savepoint)"));
        assertFalse(calls.contains("setRollbackOnly"));
    }

    @Test
    void anotherFailure_isRolledBackToTheSavepoint_andRethrown() {
        EntityManager em = entityManager(new SQLException("lock wait timeout", "HY000", 1205));
        assertThrows(RuntimeException.class, () -> ConditionalInsert.insert(em, "INSERT"));
        assertEquals(List.of("setSavepoint", "executeUpdate", "rollback(savepoint)"), calls);
    }

    /** An entity manager whose connection fails the INSERT with the given failure. */
    private EntityManager entityManager(SQLException failure) {
        Savepoint savepoint = proxy(Savepoint.class, (p, m, a) -> null);
        PreparedStatement statement = proxy(PreparedStatement.class, (p, m, a) -> {
            switch (m.getName()) {
                case "executeUpdate" -> {
                    calls.add("executeUpdate");
                    throw failure;
                }
                case "close" -> {
                    return null;
                }
                default -> {
                    return null;
                }
            }
        });
        Connection connection = proxy(Connection.class, (p, m, a) -> switch (m.getName()) {
            case "setSavepoint" -> {
                calls.add("setSavepoint");
                yield savepoint;
            }
            case "prepareStatement" -> statement;
            case "rollback" -> {
                calls.add(a == null ? "rollback" : "rollback(savepoint)");
                yield null;
            }
            default -> null;
        });
        EntityTransaction tx = proxy(EntityTransaction.class, (p, m, a) -> switch (m.getName()) {
            case "isActive" -> true;
            case "setRollbackOnly" -> {
                calls.add("setRollbackOnly");
                yield null;
            }
            default -> null;
        });
        return proxy(EntityManager.class, (p, m, a) -> switch (m.getName()) {
            case "callWithConnection" -> {
                try {
                    yield ((jakarta.persistence.ConnectionFunction<Connection, ?>) a[0]).apply(connection);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new PersistenceException(e); // what Hibernate does with a checked failure
                }
            }
            case "isOpen" -> true;
            case "getTransaction" -> tx;
            default -> null;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ConditionalInsertTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
