package ro.clickphone.privacy.spi.keys;

import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Wraps and unwraps data keys under a named, versioned key-encryption key (KEK): what a KMS, an
 * HSM or a Vault plugin implements. The SDK ships a PKCS#12 key-store provider and, for development
 * only, a passphrase provider.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use.</li>
 *   <li>{@link #wrap(SecretBytes)} uses the current KEK version; {@link #unwrap(WrappedKey)} any
 *       version the provider still holds. Rotating the KEK adds a version; old versions stay until
 *       every key wrapped under them has been rewrapped, and are then retired
 *       ({@link #retire(int)}): a version number is never used twice.</li>
 *   <li>Wrapping is authenticated: a changed wrapped key fails to unwrap with
 *       {@link IntegrityException}, never yields a different key. The SDK relies on this to bind
 *       each data key to its (subject, scope, version): it wraps the key with a digest of its slot
 *       (a 65-byte payload) and checks the digest after unwrapping, so every provider binds keys to
 *       their slots without knowing about them. A provider wraps any key material of 16 to 1024
 *       bytes.</li>
 *   <li><b>Failures:</b> an unknown KEK or version throws {@link KeyUnavailableException}, not
 *       retryable; an unreachable KMS throws it retryable.</li>
 *   <li>Key material never appears in {@code toString()}, logs or messages.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface KeyEncryptionKeyProvider {

    /**
     * The name of the KEK this provider wraps under.
     *
     * @return the KEK id stored with every wrapped key
     */
    String kekId();

    /**
     * The version new keys are wrapped under.
     *
     * @return the current version, from 1
     * @throws KeyUnavailableException if the provider cannot be reached
     */
    int currentVersion();

    /**
     * Wraps a data key under the current KEK version.
     *
     * @param dataKey the data key; not kept
     * @return the wrapped key
     * @throws KeyUnavailableException if the KEK cannot be used
     */
    WrappedKey wrap(SecretBytes dataKey);

    /**
     * Unwraps a data key.
     *
     * @param wrapped a key this provider wrapped, under any version it still holds
     * @return the data key; the caller destroys it when done
     * @throws KeyUnavailableException if the KEK or its version is unknown or unreachable
     * @throws IntegrityException if the wrapped key was changed
     */
    SecretBytes unwrap(WrappedKey wrapped);

    /**
     * Retires (deletes) an older KEK version, so that nothing wrapped under it can be unwrapped
     * again, by this provider or from any backup of the key store. The SDK calls it through
     * {@code EnvelopeKeys.retireKekVersion(int)}, which first checks that no stored data key is
     * still wrapped under it; whoever calls it directly must check that first. Idempotent: retiring
     * a version that is already gone does nothing.
     *
     * <p>The default refuses: a provider whose KEK lives in a KMS or HSM leaves retirement (key
     * version destruction) to that system's own procedure.
     *
     * @param version the version to retire; older than {@link #currentVersion()}
     * @throws InvalidInputException if {@code version} is below 1 or not older than the current version
     * @throws ConfigurationException if this provider cannot retire versions
     * @throws KeyUnavailableException if the provider cannot be reached
     */
    default void retire(int version) {
        throw new ConfigurationException("This key-encryption-key provider cannot retire KEK versions; retire them"
                + " where the KEK is kept (the KMS or HSM), after EnvelopeKeys.rewrap reports done");
    }
}
