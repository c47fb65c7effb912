package ro.clickphone.privacy.spi.keys;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * A wrapped data key as a {@link SubjectKeyStore} keeps it: one per (subject, key scope, version).
 *
 * @param subject whose key
 * @param scope which key scope
 * @param version the data-key version, from 1; a new version is made when the key is rotated
 * @param wrapped the key, wrapped under a KEK
 * @param createdAt when the data key was generated
 *
 * @since 0.1.0
 */
public record StoredKey(SubjectId subject, KeyScope scope, int version, WrappedKey wrapped, Instant createdAt) {

    /**
     * Validates the components.
     *
     * @param subject the subject, as the type describes it
     * @param scope the scope, as the type describes it
     * @param version the version, as the type describes it
     * @param wrapped the wrapped key, as the type describes it
     * @param createdAt the creation time, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public StoredKey {
        Checks.notNull(subject, "storedKey.subject");
        Checks.notNull(scope, "storedKey.scope");
        if (version < 1) {
            throw new InvalidInputException("storedKey.version", "must be at least 1");
        }
        Checks.notNull(wrapped, "storedKey.wrapped");
        Checks.notNull(createdAt, "storedKey.createdAt");
    }

    /**
     * This key, wrapped anew (KEK rotation), everything else unchanged.
     *
     * @param rewrapped the key wrapped under the new KEK version
     * @return the copy
     */
    public StoredKey withWrapped(WrappedKey rewrapped) {
        return new StoredKey(subject, scope, version, rewrapped, createdAt);
    }
}
