package ro.clickphone.privacy.spi.testkit;

import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.memory.InMemoryTransaction;

/**
 * Opens, commits and rolls back the caller's transactions a store under test joins, so that a
 * contract can prove "written exactly when the caller's transaction commits" without knowing the
 * kind of transaction. The in-memory stores use {@link #inMemory()}; the JPA plugin's test gives
 * one over an {@code EntityManager}:
 *
 * <pre>{@code
 * protected StoreTransactionFixture transactions() {
 *     return new StoreTransactionFixture() {
 *         public StoreTransaction begin() {
 *             EntityManager em = emf.createEntityManager();
 *             em.getTransaction().begin();
 *             return StoreTransaction.of(em);
 *         }
 *         public void commit(StoreTransaction tx) {
 *             EntityManager em = tx.unwrap(EntityManager.class).orElseThrow();
 *             em.getTransaction().commit();
 *             em.close();
 *         }
 *         public void rollback(StoreTransaction tx) {
 *             EntityManager em = tx.unwrap(EntityManager.class).orElseThrow();
 *             em.getTransaction().rollback();
 *             em.close();
 *         }
 *     };
 * }
 * }</pre>
 */
public interface StoreTransactionFixture {

    /**
     * Opens a transaction, as a caller would before its business change.
     *
     * @return the handle the store is given
     */
    StoreTransaction begin();

    /**
     * Commits a transaction {@link #begin()} opened.
     *
     * @param transaction the handle
     */
    void commit(StoreTransaction transaction);

    /**
     * Rolls back a transaction {@link #begin()} opened.
     *
     * @param transaction the handle
     */
    void rollback(StoreTransaction transaction);

    /**
     * Transactions for the in-memory stores.
     *
     * @return a fixture over {@link InMemoryTransaction}
     */
    static StoreTransactionFixture inMemory() {
        return new StoreTransactionFixture() {
            @Override
            public StoreTransaction begin() {
                return new InMemoryTransaction();
            }

            @Override
            public void commit(StoreTransaction transaction) {
                transaction.unwrap(InMemoryTransaction.class).orElseThrow().commit();
            }

            @Override
            public void rollback(StoreTransaction transaction) {
                transaction.unwrap(InMemoryTransaction.class).orElseThrow().rollback();
            }
        };
    }
}
