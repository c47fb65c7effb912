package ro.clickphone.privacy.spi;

import java.util.Optional;

/**
 * The caller's own transaction, handed to a store so that the store's write commits or rolls back
 * with the caller's business change (the point of an outbox: an order and its confirmation e-mail
 * commit together, or neither does).
 *
 * <p>The kit never opens, commits or inspects a transaction: it passes this handle through to the
 * store unchanged. A store {@linkplain #unwrap unwraps} the handle it understands — the JPA plugin
 * an {@code EntityManager}, the in-memory stores an
 * {@link ro.clickphone.privacy.spi.memory.InMemoryTransaction} — and throws
 * {@link ConfigurationException} for one it cannot join, rather than writing outside it.
 *
 * <p>JPA has no standard way to find "the caller's transaction" in a resource-local setup, which is
 * why the caller passes it explicitly.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StoreTransaction {

    /**
     * The underlying transactional resource of the given type, if this handle carries one.
     *
     * @param type the type a store can join, e.g. {@code jakarta.persistence.EntityManager}
     * @param <T> the type
     * @return the resource, or empty if this handle carries none of that type
     * @throws InvalidInputException if {@code type} is null
     */
    <T> Optional<T> unwrap(Class<T> type);

    /**
     * A handle over one resource: {@code StoreTransaction.of(entityManager)}.
     *
     * @param resource the caller's transactional resource, in its transaction
     * @return the handle
     * @throws InvalidInputException if {@code resource} is null
     */
    static StoreTransaction of(Object resource) {
        if (resource == null) {
            throw new InvalidInputException("transaction", "must not be null");
        }
        return new StoreTransaction() {
            @Override
            public <T> Optional<T> unwrap(Class<T> type) {
                if (type == null) {
                    throw new InvalidInputException("type", "must not be null");
                }
                return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
            }

            @Override
            public String toString() {
                return "StoreTransaction[" + resource.getClass().getSimpleName() + "]";
            }
        };
    }
}
