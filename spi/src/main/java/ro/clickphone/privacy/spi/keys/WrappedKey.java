package ro.clickphone.privacy.spi.keys;

import java.util.Base64;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A data key encrypted ("wrapped") under a key-encryption key. Safe to store and to print: without
 * the KEK it reveals nothing but its length.
 *
 * @param kekId the name of the key-encryption key that wrapped it
 * @param kekVersion the version of that KEK, from 1
 * @param ciphertext the wrapped key, Base64 (RFC 4648, padded); the format is the provider's
 *
 * @since 0.1.0
 */
public record WrappedKey(String kekId, int kekVersion, String ciphertext) {

    private static final Syntax NAME = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 64);

    /**
     * Validates the components.
     *
     * @param kekId the KEK id, as the type describes it
     * @param kekVersion the KEK version, as the type describes it
     * @param ciphertext the ciphertext, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public WrappedKey {
        Checks.identifier(kekId, "wrappedKey.kekId", NAME, "a key name (letters, digits, . _ : -; at most 64)");
        if (kekVersion < 1) {
            throw new InvalidInputException("wrappedKey.kekVersion", "must be at least 1");
        }
        Checks.notNull(ciphertext, "wrappedKey.ciphertext");
        if (ciphertext.isEmpty() || ciphertext.length() > 4096) {
            throw new InvalidInputException("wrappedKey.ciphertext", "must be 1 to 4096 Base64 characters");
        }
        try {
            Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("wrappedKey.ciphertext", "must be Base64");
        }
    }

    /**
     * The wrapped bytes.
     *
     * @return a fresh copy
     */
    public byte[] bytes() {
        return Base64.getDecoder().decode(ciphertext);
    }

    @Override
    public String toString() {
        return "WrappedKey[" + kekId + " v" + kekVersion + ", " + ciphertext.length() + " chars]";
    }
}
