package ro.clickphone.privacy.crypto.search;

import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Decides which fields a {@link BlindIndex} or {@link DeterministicEncryptor} may bind, from
 * outside the crypto module: the kit gives its instances a guard that asks the policy in force, so
 * a field the policy lists as never stored (SMS content, card numbers), or that no category of the
 * policy declares, cannot be bound through the kit. Instances created without a guard
 * ({@link #none()}) bind every well-formed name, as tests and benchmarks need.
 *
 * <p>The guard is asked on every {@code field(...)} call, after the names are checked and before
 * the bound field is looked up, so a cached binding cannot slip past it ({@link BlindIndex#field}
 * asks {@link #check}, {@link DeterministicEncryptor#field} {@link #checkRead}); and again on every
 * use of a bound field ({@link BlindIndexField#compute} and {@link DeterministicField#encrypt} ask
 * {@link #check}, {@link DeterministicField#decrypt} {@link #checkRead}), so a field bound before
 * the policy changed is judged by the rules in force when it is used. The kit's guard answers from
 * a table per policy version (a hash look-up).
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
     * Refuses a field the caller may not bind (a blind index) or write to: index values computed, or
     * values encrypted, now.
     *
     * @param entity the entity (table) name, already checked to be a lower-case name
     * @param field the field id, already checked to be a lower-case name
     * @throws PolicyViolationException if the field may not be bound or written
     */
    void check(String entity, String field);

    /**
     * Refuses a field whose existing values the caller may not read (decrypt): a deterministic
     * field is bound, and decrypts, if this passes; it encrypts only if {@link #check} passes too.
     * The kit's guard reads a field an earlier policy version allowed, so that values stored then
     * can still be exported and migrated after the field became never stored. By default, the same
     * as {@link #check}.
     *
     * @param entity the entity (table) name, already checked to be a lower-case name
     * @param field the field id, already checked to be a lower-case name
     * @throws PolicyViolationException if the field's values may not be read
     */
    default void checkRead(String entity, String field) {
        check(entity, field);
    }

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

