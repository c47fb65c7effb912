package ro.clickphone.privacy.spi.vault;

import java.util.Arrays;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * One mapping of a token vault: a random token, the keyed look-up value that finds it again for
 * the same (subject, value), the subject, and the value encrypted under the subject's own key.
 *
 * @param context the tokenization context, a lower-case name such as {@code partner_export}
 * @param token the random token: letters, digits, {@code .}, {@code _}, {@code -}; 8 to 128
 * @param lookup the keyed look-up value: 16 to 128 lower-case hex digits
 * @param subject whose value it is; erasing the subject deletes the mapping
 * @param ciphertext the value, encrypted (the vault never sees it in clear); copied
 *
 * @since 0.1.0
 */
public record VaultEntry(String context, String token, String lookup, SubjectId subject, byte[] ciphertext) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{8,128}");
    private static final Pattern LOOKUP = Pattern.compile("[0-9a-f]{16,128}");

    /**
     * Validates the entry and copies the ciphertext.
     *
     * @param context the context
     * @param token the token
     * @param lookup the look-up value
     * @param subject the subject
     * @param ciphertext the encrypted value
     * @throws InvalidInputException if a component is null or malformed
     */
    public VaultEntry {
        if (!Names.isName(context)) {
            throw new InvalidInputException("vaultEntry.context", "must be a lower-case name such as partner_export");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new InvalidInputException("vaultEntry.token", "must be 8 to 128 letters, digits, '.', '_' or '-'");
        }
        if (lookup == null || !LOOKUP.matcher(lookup).matches()) {
            throw new InvalidInputException("vaultEntry.lookup", "must be 16 to 128 lower-case hex digits");
        }
        if (subject == null) {
            throw new InvalidInputException("vaultEntry.subject", "must not be null");
        }
        if (ciphertext == null || ciphertext.length == 0) {
            throw new InvalidInputException("vaultEntry.ciphertext", "must not be empty");
        }
        ciphertext = ciphertext.clone();
    }

    /**
     * The encrypted value.
     *
     * @return a copy of the ciphertext
     */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VaultEntry e && context.equals(e.context) && token.equals(e.token)
                && lookup.equals(e.lookup) && subject.equals(e.subject) && Arrays.equals(ciphertext, e.ciphertext);
    }

    @Override
    public int hashCode() {
        return ((context.hashCode() * 31 + token.hashCode()) * 31 + lookup.hashCode()) * 31 + subject.hashCode();
    }

    @Override
    public String toString() {
        return "VaultEntry[" + context + ", token " + token + ", subject " + subject + ", "
                + ciphertext.length + " bytes of ciphertext]";
    }
}
