package ro.clickphone.privacy.crypto.internal;

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
}
