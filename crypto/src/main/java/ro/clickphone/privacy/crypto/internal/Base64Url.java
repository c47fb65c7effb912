package ro.clickphone.privacy.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict unpadded Base64url (RFC 4648 §5): one text per byte string. The JDK decoder also accepts
 * padding and ignores set bits after the last full byte, so several texts would decode to the same
 * bytes; a stored ciphertext must have exactly one form.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Base64Url() {
    }

    /**
     * Decodes canonical unpadded Base64url.
     *
     * @param text letters, digits, {@code -} and {@code _} only; no padding, whitespace or line breaks,
     *     and zero bits after the last full byte
     * @return the bytes
     * @throws IllegalArgumentException if the text is not canonical unpadded Base64url; the message
     *     echoes nothing of it
     */
    public static byte[] decodeStrict(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!alphabet) {
                throw new IllegalArgumentException("not in the Base64url alphabet");
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("impossible length");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("non-canonical trailing bits");
        }
        return bytes;
    }

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The value of each byte as a Base64url character, -1 for a byte outside the alphabet. */
    private static final int[] DECODE = new int[256];

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    /**
     * The length of the unpadded Base64url text of {@code length} bytes.
     *
     * @param length the number of bytes, at least 0
     * @return the number of characters
     */
    public static int encodedLength(int length) {
        return length / 3 * 4 + (length % 3 == 0 ? 0 : length % 3 + 1);
    }

    /**
     * Encodes bytes as unpadded Base64url, written as ASCII bytes into an array: the same text as
     * the JDK's URL encoder without padding, without its intermediate arrays.
     *
     * @param src the bytes
     * @param srcOffset where they start
     * @param length how many
     * @param dst receives {@link #encodedLength(int) encodedLength(length)} ASCII bytes
     * @param dstOffset where they start
     * @return the index after the last byte written
     */
    public static int encode(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
        int s = srcOffset;
        int d = dstOffset;
        int end = srcOffset + length / 3 * 3;
        while (s < end) {
            int bits = (src[s] & 0xff) << 16 | (src[s + 1] & 0xff) << 8 | src[s + 2] & 0xff;
            dst[d] = ALPHABET[bits >>> 18];
            dst[d + 1] = ALPHABET[bits >>> 12 & 0x3f];
            dst[d + 2] = ALPHABET[bits >>> 6 & 0x3f];
            dst[d + 3] = ALPHABET[bits & 0x3f];
            s += 3;
            d += 4;
        }
        int rest = srcOffset + length - s;
        if (rest == 1) {
            int bits = src[s] & 0xff;
            dst[d++] = ALPHABET[bits >>> 2];
            dst[d++] = ALPHABET[bits << 4 & 0x3f];
        } else if (rest == 2) {
            int bits = (src[s] & 0xff) << 8 | src[s + 1] & 0xff;
            dst[d++] = ALPHABET[bits >>> 10];
            dst[d++] = ALPHABET[bits >>> 4 & 0x3f];
            dst[d++] = ALPHABET[bits << 2 & 0x3f];
        }
        return d;
    }

    /**
     * The number of bytes that canonical unpadded Base64url text of a given length decodes to.
     *
     * @param chars the text's length
     * @return the number of bytes, or -1 if no canonical text has that length
     */
    public static int decodedLength(int chars) {
        int rest = chars % 4;
        return rest == 1 ? -1 : chars / 4 * 3 + (rest == 0 ? 0 : rest - 1);
    }

    /**
     * Decodes canonical unpadded Base64url read from a string, from a start index to its end, into an
     * array: accepts exactly what {@link #decodeStrict(String)} accepts, without its intermediate
     * strings (one copy of the string's characters as bytes, then {@link #decodeStrict(byte[], int,
     * int, byte[])}).
     *
     * @param text the text
     * @param from where the Base64url starts in it
     * @param dst receives {@link #decodedLength(int) decodedLength(text.length() - from)} bytes at 0
     * @return the number of bytes written, or -1 if the text is not canonical unpadded Base64url
     *     (then {@code dst} holds no meaning)
     */
    public static int decodeStrict(String text, int from, byte[] dst) {
        // ISO-8859-1 of a Latin-1 string is a plain copy of its bytes; a character above U+00FF
        // becomes '?' and one in U+0080..U+00FF a negative byte: neither is in the alphabet.
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        return decodeStrict(ascii, from, ascii.length, dst);
    }

    /**
     * Decodes canonical unpadded Base64url held as ASCII bytes {@code src[from, to)} into an array,
     * four characters to three bytes per step through a 256-entry table: accepts exactly what
     * {@link #decodeStrict(String)} accepts.
     *
     * @param src the text's characters, one byte each
     * @param from where the Base64url starts
     * @param to where it ends (exclusive)
     * @param dst receives {@link #decodedLength(int) decodedLength(to - from)} bytes at 0
     * @return the number of bytes written, or -1 if the text is not canonical unpadded Base64url
     *     (then {@code dst} holds no meaning)
     */
    public static int decodeStrict(byte[] src, int from, int to, byte[] dst) {
        int chars = to - from;
        int length = decodedLength(chars);
        if (length < 0 || from < 0 || to > src.length || dst.length < length) {
            return -1;
        }
        int[] values = DECODE;
        int i = from;
        int d = 0;
        int full = from + chars / 4 * 4;
        int bad = 0;
        while (i < full) {
            int bits = values[src[i] & 0xff] << 18 | values[src[i + 1] & 0xff] << 12
                    | values[src[i + 2] & 0xff] << 6 | values[src[i + 3] & 0xff];
            bad |= bits;
            dst[d] = (byte) (bits >>> 16);
            dst[d + 1] = (byte) (bits >>> 8);
            dst[d + 2] = (byte) bits;
            i += 4;
            d += 3;
        }
        int rest = to - i;
        if (rest == 2) {
            int a = values[src[i] & 0xff];
            int b = values[src[i + 1] & 0xff];
            bad |= a | b | (b & 0x0f) << 24;
            dst[d++] = (byte) (a << 2 | b >>> 4);
        } else if (rest == 3) {
            int a = values[src[i] & 0xff];
            int b = values[src[i + 1] & 0xff];
            int c = values[src[i + 2] & 0xff];
            bad |= a | b | c | (c & 0x03) << 24;
            int bits = a << 12 | b << 6 | c;
            dst[d++] = (byte) (bits >>> 10);
            dst[d++] = (byte) (bits >>> 2);
        }
        // A character outside the alphabet maps to -1 (all bits set; shifted, still the sign bit);
        // set bits after the last full byte set bit 24 and up. Valid groups use bits 0..23 only.
        return (bad & ~0xffffff) != 0 ? -1 : d;
    }
}
