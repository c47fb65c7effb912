package ro.clickphone.privacy.crypto.sign;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * Signs audit checkpoints with Ed25519 (RFC 8032) through the JCE, which has had it since Java 15.
 *
 * <p><b>Security guarantees:</b> only the holder of the private key can make a checkpoint that
 * verifies; an auditor given the public key alone ({@link #verifier(PublicKey, String)}) can check
 * the trail but cannot sign. <b>Warning:</b> a verifier-only instance throws on {@link #sign(byte[])}.
 *
 * <p>Thread-safe: a {@link Signature} is created per call, since signing happens once per checkpoint.
 *
 * @since 0.1.0
 */
public final class Ed25519Signer implements Signer {

    private static final String ALGORITHM = "Ed25519";
    /** RFC 8032: R (32 bytes) then S (32 bytes). */
    private static final int SIGNATURE_BYTES = 64;

    private final Optional<PrivateKey> privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private Ed25519Signer(Optional<PrivateKey> privateKey, PublicKey publicKey, String keyId) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId;
    }

    /**
     * A signer with a freshly generated key pair.
     *
     * @param keyId the key's id, stored with every checkpoint
     * @return the signer
     * @throws InvalidInputException if {@code keyId} is not a name audit checkpoints can carry (1 to 64
     *     ASCII letters, digits, {@code . _ : -}, starting with a letter or digit)
     */
    public static Ed25519Signer generate(String keyId) {
        AuditCheckpoint.requireName(keyId, "keyId");
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new Ed25519Signer(Optional.of(pair.getPrivate()), pair.getPublic(), keyId);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("Ed25519 is not available in this JVM", false, e);
        }
    }

    /**
     * A signer over an existing key pair (from a PKCS#12 key store, say).
     *
     * @param privateKey the Ed25519 private key
     * @param publicKey the matching public key
     * @param keyId the key's id
     * @return the signer
     * @throws InvalidInputException if an argument is null or not an Ed25519 key, or {@code keyId} is not a
     *     name audit checkpoints can carry
     */
    public static Ed25519Signer of(PrivateKey privateKey, PublicKey publicKey, String keyId) {
        AuditCheckpoint.requireName(keyId, "keyId");
        checkKey(privateKey, "privateKey");
        checkKey(publicKey, "publicKey");
        return new Ed25519Signer(Optional.of(privateKey), publicKey, keyId);
    }

    /**
     * A verifier that holds the public key only.
     *
     * @param publicKey the Ed25519 public key
     * @param keyId the key's id
     * @return a signer whose {@link #sign(byte[])} throws
     * @throws InvalidInputException if an argument is null or not an Ed25519 key, or {@code keyId} is not a
     *     name audit checkpoints can carry
     */
    public static Ed25519Signer verifier(PublicKey publicKey, String keyId) {
        AuditCheckpoint.requireName(keyId, "keyId");
        checkKey(publicKey, "publicKey");
        return new Ed25519Signer(Optional.empty(), publicKey, keyId);
    }

    private static void checkKey(Key key, String name) {
        if (key == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        if (!ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
            throw new InvalidInputException(name, "must be an Ed25519 key");
        }
    }

    /**
     * The public key, to give to auditors.
     *
     * @return the public key
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public byte[] sign(byte[] message) {
        if (message == null) {
            throw new InvalidInputException("message", "must not be null");
        }
        PrivateKey key = privateKey.orElseThrow(() -> new KeyUnavailableException(
                "Ed25519 key " + keyId + " is a verifier only; it holds no private key", false, null));
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("Ed25519 key " + keyId + " cannot sign", false, e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        // The JDK (SunEC, 17) reads S from every byte after R, so a signature with zero bytes
        // appended would verify too: a second encoding of a signature this signer never made.
        if (message == null || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Ed25519Signer[keyId=" + keyId + (privateKey.isPresent() ? "" : ", verify only") + "]";
    }
}
