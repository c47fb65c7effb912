package ro.clickphone.privacy.crypto.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * HKDF-SHA256 (RFC 5869) through BouncyCastle, which the JDK 17 lacks. Proven by the Wycheproof
 * HKDF-SHA256 vectors.
 */
public final class Hkdf {

    /** RFC 5869: at most 255 hash lengths of output. */
    public static final int MAX_OUTPUT = 255 * 32;

    private Hkdf() {
    }

    /**
     * Derives key material.
     *
     * @param ikm the input key material
     * @param salt the salt, or null for none (HashLen zero bytes)
     * @param info the context and application specific information
     * @param length how many bytes, 1 to {@value #MAX_OUTPUT}
     * @return the output key material; the caller wipes it when done
     * @throws InvalidInputException if the length is out of range
     */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
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
