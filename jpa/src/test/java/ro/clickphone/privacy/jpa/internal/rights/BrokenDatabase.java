package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import ro.clickphone.privacy.jpa.internal.JpaContext;

/**
 * A database that is down, as the stores meet it: every entity manager operation fails with a driver
 * exception whose message, like a real driver's, quotes the values of the statement, here the personal data
 * the contracts look for. The stores must turn it into a {@code StoreException} that carries none of it.
 */
public final class BrokenDatabase {

    /** What the failing driver echoes: a subject id, a sealed detail, free texts and contact points. */
    static final String ECHOED = "values ('ana.popescu@example.ro', '+40721234567', 'v1.sealed-rectification-0721234567',"
            + " 'v1.sealed-subject-1', 'Ion Popescu', 'dpo@caronet.ro', 'Andrei Bucur')";

    private BrokenDatabase() {
    }

    /**
     * A context whose factory's entity managers all fail.
     *
     * @return the context
     */
    public static JpaContext context() {
        EntityTransaction tx = (EntityTransaction) Proxy.newProxyInstance(BrokenDatabase.class.getClassLoader(),
                new Class<?>[] {EntityTransaction.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isActive", "getRollbackOnly" -> false;
                    case "toString" -> "BrokenTransaction";
                    default -> throw failure();
                });
        EntityManager em = (EntityManager) Proxy.newProxyInstance(BrokenDatabase.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isOpen":
                            return true;
                        case "toString":
                            return "BrokenEntityManager";
                        case "getTransaction":
                            return tx;
                        default:
                            throw failure();
                    }
                });
        EntityManagerFactory emf = (EntityManagerFactory) Proxy.newProxyInstance(
                BrokenDatabase.class.getClassLoader(), new Class<?>[] {EntityManagerFactory.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createEntityManager" -> em;
                    case "isOpen" -> true;
                    case "toString" -> "BrokenEntityManagerFactory";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return JpaContext.of(emf, () -> null);
    }

    /** A driver's failure to reach the database (connecting starts with the transaction), echoing values. */
    private static PersistenceException failure() {
        return new PersistenceException("could not execute statement " + ECHOED,
                new SQLException("Connection refused: insert " + ECHOED, "08001"));
    }
}
