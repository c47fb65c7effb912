package ro.clickphone.privacy.crypto.sign;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * Signs audit checkpoints with HMAC-SHA256 (RFC 2104) under a dedicated key.
 *
 * <p><b>Security guarantees:</b> without the key, nobody can produce a checkpoint that verifies.
 * <b>Warning:</b> a MAC is symmetric: whoever can verify can also sign. Keep the key away from the
 * people whose actions the trail records, or use {@link Ed25519Signer}, whose verifiers cannot sign.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class HmacSha256Signer implements Signer {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String keyId;

    private HmacSha256Signer(SecretKeySpec key, String keyId) {
        this.key = key;
        this.keyId = keyId;
    }

    /**
     * A signer over a dedicated key.
     *
     * @param key at least 32 bytes of key material, used for nothing else
     * @param keyId the key's id, stored with every checkpoint
     * @return the signer
     * @throws InvalidInputException if the key is shorter than 32 bytes, an argument is null, or {@code keyId}
     *     is not a name audit checkpoints can carry (1 to 64 ASCII letters, digits, {@code . _ : -})
     */
    public static HmacSha256Signer create(SecretBytes key, String keyId) {
        if (key == null || key.length() < 32) {
            throw new InvalidInputException("key", "must be at least 32 bytes");
        }
        AuditCheckpoint.requireName(keyId, "keyId");
        byte[] bytes = key.revealBytes();
        try {
            return new HmacSha256Signer(new SecretKeySpec(bytes, ALGORITHM), keyId);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
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
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("HMAC key " + keyId + " cannot be used", false, e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(message), signature);
    }

    @Override
    public String toString() {
        return "HmacSha256Signer[keyId=" + keyId + "]";
    }
}
