package ro.clickphone.privacy.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * HKDF-SHA256 (RFC 5869) through BouncyCastle, which the JDK 17 lacks. Proven by the Wycheproof
 * HKDF-SHA256 vectors.
 */
final class Hkdf {

    /** RFC 5869: at most 255 hash lengths of output. */
    static final int MAX_OUTPUT = 255 * 32;

    private Hkdf() {
    }

    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > MAX_OUTPUT) {
            throw new InvalidInputException("length", "must be between 1 and " + MAX_OUTPUT + " bytes");
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
