package ro.clickphone.privacy.crypto.search;

import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Decides which fields a {@link BlindIndex} or {@link DeterministicEncryptor} may bind, from
 * outside the crypto module: the kit gives its instances a guard that asks the policy in force, so
 * a field the policy lists as never stored (SMS content, card numbers), or that no category of the
 * policy declares, cannot be bound through the kit. Instances created without a guard
 * ({@link #none()}) bind every well-formed name, as tests and benchmarks need.
 *
 * <p>The guard is called on every {@code field(...)} call, after the names are checked and before
 * the bound field is looked up, so a cached binding cannot slip past it. A field already bound and
 * held by the caller stays usable: the guard decides at binding, as the binding fixes the field.
 *
 * <p><b>Contract:</b> thread-safe; returns normally to let the field be bound, throws
 * {@link PolicyViolationException} to refuse it, with a message that names the field and the rule
 * and never a value.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface FieldGuard {

    /**
     * Refuses a field the caller may not bind.
     *
     * @param entity the entity (table) name, already checked to be a lower-case name
     * @param field the field id, already checked to be a lower-case name
     * @throws PolicyViolationException if the field may not be bound
     */
    void check(String entity, String field);

    /**
     * The guard that refuses nothing: for standalone instances in tests, benchmarks and tools that
     * run without a policy.
     *
     * @return the guard
     */
    static FieldGuard none() {
        return (entity, field) -> {
            // a non-capturing lambda: one instance for every call
        };
    }
}

