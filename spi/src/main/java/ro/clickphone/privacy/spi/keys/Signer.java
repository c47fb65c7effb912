package ro.clickphone.privacy.spi.keys;

import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * Signs and verifies what the SDK must be able to prove later: audit checkpoints and consent
 * receipts. A KMS or HSM plugin implements it; the SDK ships an HMAC-SHA256 and an Ed25519 signer
 * in the crypto module.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use.</li>
 *   <li>{@link #sign(byte[])} is deterministic or not, as the algorithm is; {@link #verify(byte[], byte[])}
 *       returns false for any signature it did not make, and never throws for a malformed one.</li>
 *   <li><b>Failures:</b> an unreachable KMS throws {@link KeyUnavailableException}, retryable.</li>
 *   <li>No key material in {@code toString()}, logs or messages.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface Signer {

    /**
     * The id of the signing key, stored with each signature.
     *
     * @return the key id
     */
    String keyId();

    /**
     * The signature algorithm.
     *
     * @return e.g. {@code HmacSHA256} or {@code Ed25519}
     */
    String algorithm();

    /**
     * Signs a message.
     *
     * @param message the bytes to sign
     * @return the signature
     * @throws KeyUnavailableException if the key cannot be used
     */
    byte[] sign(byte[] message);

    /**
     * Verifies a signature made by this signer's key.
     *
     * @param message the signed bytes
     * @param signature the signature
     * @return {@code true} if the signature is valid for the message
     */
    boolean verify(byte[] message, byte[] signature);
}
