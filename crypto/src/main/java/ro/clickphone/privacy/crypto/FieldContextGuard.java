package ro.clickphone.privacy.crypto;

import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Decides which field contexts a {@link FieldEncryptor} or a {@link StreamEncryptor} may write and
 * read, from outside the crypto module: the kit gives its encryptors a guard that asks the policy in
 * force, so a context built by hand ({@link FieldContext#of}) for a field the policy lists as never
 * stored, or that no category with the context's key scope declares, is refused at the encryptor
 * itself, whoever built the context and whenever. An encryptor created without a guard
 * ({@link #none()}) takes every well-formed context, as tests, benchmarks and tools without a
 * policy need.
 *
 * <p>The encryptor asks {@link #checkWrite} before each encryption and re-encryption (a stream
 * encryptor: before it opens an encrypting stream) and {@link #checkRead} before each decryption
 * (before it opens a decrypting stream), so a context obtained earlier is judged by the rules
 * in force when it is used, not when it was made. The kit answers both from a table per policy
 * version (a hash look-up), since the check lies on the field-encryption hot path.
 *
 * <p><b>Contract:</b> thread-safe; fast (called on every call of the encryptor); returns normally to
 * let the call go on, throws {@link PolicyViolationException} to refuse it, with a message that
 * names the field and the rule and never a value or a subject.
 *
 * @since 0.1.0
 */
public interface FieldContextGuard {

    /**
     * Refuses a context whose values may not be written now.
     *
     * @param context the context, not null
     * @throws PolicyViolationException if values may not be written in it
     */
    void checkWrite(FieldContext context);

    /**
     * Refuses a context whose values may not be read now. A guard may read more leniently than it
     * writes (the kit reads a field an earlier policy version allowed, so that values stored then
     * can still be exported and migrated), never more strictly.
     *
     * @param context the context, not null
     * @throws PolicyViolationException if values may not be read in it
     */
    void checkRead(FieldContext context);

    /**
     * The guard that refuses nothing: for standalone encryptors in tests, benchmarks and tools
     * that run without a policy.
     *
     * @return the guard
     */
    static FieldContextGuard none() {
        return new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
                // every context may be written
            }

            @Override
            public void checkRead(FieldContext context) {
                // every context may be read
            }

            @Override
            public String toString() {
                return "FieldContextGuard.none()";
            }
        };
    }
}
