package ro.clickphone.privacy.crypto;

import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The header field and stream ciphertexts share (docs/FORMAT.md): format version, algorithm id,
 * key-scope length, key scope (ASCII), key version (4 bytes, big-endian). One writer and one parser,
 * so the two formats cannot drift apart. What follows the header is each format's own.
 */
final class CiphertextHeader {

    /** Format version 1: field values bound to subject, entity and field; every stream. */
    static final byte FORMAT_V1 = 1;
    /** Format version 2: field values bound to a record id too (docs/FORMAT.md). */
    static final byte FORMAT_V2 = 2;
    /** Format, algorithm and scope length: what must be read before the header's length is known. */
    static final int FIXED_BYTES = 3;
    static final int MAX_SCOPE_LENGTH = 32;

    /** A parsed header. */
    record Parsed(byte format, byte algorithm, String scope, int keyVersion, int length) {
    }

    private CiphertextHeader() {
    }

    /**
     * The header's length for a key scope.
     *
     * @param scope the key scope's name
     * @return the length in bytes
     */
    static int length(String scope) {
        return FIXED_BYTES + scope.length() + 4;
    }

    /**
     * Writes a header at the start of {@code out}.
     *
     * @return the header's length, where the format's own bytes start
     */
    static int write(byte[] out, byte algorithm, String scope, int keyVersion) {
        return write(out, FORMAT_V1, algorithm, scope, keyVersion);
    }

    /**
     * Writes a header of a given format version at the start of {@code out}.
     *
     * @return the header's length, where the format's own bytes start
     */
    static int write(byte[] out, byte format, byte algorithm, String scope, int keyVersion) {
        out[0] = format;
        out[1] = algorithm;
        out[2] = (byte) scope.length();
        for (int i = 0; i < scope.length(); i++) {
            out[FIXED_BYTES + i] = (byte) scope.charAt(i);
        }
        int v = FIXED_BYTES + scope.length();
        out[v] = (byte) (keyVersion >>> 24);
        out[v + 1] = (byte) (keyVersion >>> 16);
        out[v + 2] = (byte) (keyVersion >>> 8);
        out[v + 3] = (byte) keyVersion;
        return v + 4;
    }

    /**
     * Parses the header at the start of {@code c}. Checks run in this order, each with its own
     * message: emptiness, format version, truncation of the fixed part, algorithm, scope length, the whole
     * ciphertext's length ({@code tail} bytes must follow the header), key version.
     *
     * @param c the ciphertext (or as much of it as has been read)
     * @param tail how many bytes at least must follow the header
     * @param knownAlgorithm which algorithm ids the format accepts
     * @return the header
     * @throws InvalidInputException naming what is malformed, never echoing bytes
     */
    static Parsed parse(byte[] c, int tail, IntPredicate knownAlgorithm) {
        return parse(c, tail, format -> format == FORMAT_V1, knownAlgorithm);
    }

    /**
     * Parses the header at the start of {@code c}, accepting the given format versions.
     *
     * @param c the ciphertext (or as much of it as has been read)
     * @param tail how many bytes at least must follow the header
     * @param knownFormat which format versions the caller reads
     * @param knownAlgorithm which algorithm ids the format accepts
     * @return the header
     * @throws InvalidInputException naming what is malformed, never echoing bytes
     */
    static Parsed parse(byte[] c, int tail, IntPredicate knownFormat, IntPredicate knownAlgorithm) {
        if (c.length == 0) {
            throw new InvalidInputException("ciphertext", "is empty");
        }
        if (!knownFormat.test(c[0])) {
            throw new InvalidInputException("ciphertext", "has an unknown format version");
        }
        if (c.length < FIXED_BYTES) {
            throw new InvalidInputException("ciphertext", "has a truncated header");
        }
        if (!knownAlgorithm.test(c[1])) {
            throw new InvalidInputException("ciphertext", "names an unknown algorithm");
        }
        int n = c[2];
        if (n < 1 || n > MAX_SCOPE_LENGTH) {
            throw new InvalidInputException("ciphertext", "has a malformed key scope");
        }
        int length = FIXED_BYTES + n + 4;
        if (c.length < length + tail) {
            throw new InvalidInputException("ciphertext", "is truncated");
        }
        String scope = new String(c, FIXED_BYTES, n, StandardCharsets.US_ASCII);
        int v = FIXED_BYTES + n;
        int version = ((c[v] & 0xff) << 24) | ((c[v + 1] & 0xff) << 16) | ((c[v + 2] & 0xff) << 8) | (c[v + 3] & 0xff);
        if (version < 1) {
            throw new InvalidInputException("ciphertext", "names an invalid key version");
        }
        return new Parsed(c[0], c[1], scope, version, length);
    }
}
