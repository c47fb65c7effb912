package ro.clickphone.privacy.spi.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short keyed fingerprints for {@code toString()} of identifiers that may be personal data.
 *
 * <p>The key is drawn from {@link SecureRandom} once per JVM and never leaves this class: within one
 * process the same identifier always prints the same fingerprint, which is what a reader of a log
 * needs to correlate lines, while the fingerprint cannot be reversed by hashing candidate phone
 * numbers and cannot be joined with the logs of another process.
 */
public final class Fingerprints {

    private static final String ALGORITHM = "HmacSHA256";
    private static final SecretKeySpec KEY = newKey();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Four bytes (eight hex digits): enough to tell values apart in a log, too few to be an index. */
    private static final int FINGERPRINT_BYTES = 4;

    private Fingerprints() {
    }

    private static SecretKeySpec newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, ALGORITHM);
    }

    /** Returns eight hex digits of HMAC-SHA256 of {@code domain} and {@code value} under the process key. */
    public static String of(String domain, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(KEY);
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] tag = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[FINGERPRINT_BYTES * 2];
            for (int i = 0; i < FINGERPRINT_BYTES; i++) {
                out[2 * i] = HEX[(tag[i] >> 4) & 0xf];
                out[2 * i + 1] = HEX[tag[i] & 0xf];
            }
            return new String(out);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java SE platform; its absence is a broken JVM.
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
