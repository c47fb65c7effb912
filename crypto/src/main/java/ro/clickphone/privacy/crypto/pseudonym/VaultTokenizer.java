package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/**
 * Random tokens with the values kept in a {@link TokenVaultStore}, encrypted under each subject's own
 * data key: whoever holds a token and may ask the vault can re-identify that one value, audited,
 * without holding a key to the whole data set. The same value of the same subject gets the same
 * token (found again through a keyed look-up value); the same value of two subjects gets two tokens,
 * so erasing one subject never touches another's mapping.
 *
 * <pre>{@code
 * VaultTokenizer partners = pseudonyms.withVault(store, fields).vault("partner_export", KeyScope.of("traffic"));
 * String token = partners.tokenize(subject, "+40721234567");       // vt.4q2...
 * String value = partners.reidentify(token, reason);                  // authorised and audited
 * partners.erase(subject);                                          // art. 17: the mappings go
 * }</pre>
 *
 * <p><b>Security guarantees:</b> a token is 135 random bits: it says nothing about the value. The
 * vault holds ciphertext only, bound to the subject and the context; crypto-shredding the subject's
 * key scope makes its mappings unreadable even in backups of the vault.
 *
 * <p>The look-up value that finds a value's token is a keyed HMAC under a key derived from the
 * subject's own data key ({@link FieldEncryptor#lookup}): shredding the subject's key scope makes
 * it as unrecomputable as the ciphertext, so a vault backup cannot be searched by guessing numbers;
 * {@link #tokenize} then throws {@link KeyDestroyedException}.
 *
 * <p><b>Warning:</b> the look-up value is equal for equal values of one subject within a context. Erasure needs {@link #erase(SubjectId)} (or shredding the key scope):
 * deleting the subject's other data does not delete its vault entries.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class VaultTokenizer {

    private static final int RANDOM_BYTES = 17;
    private static final TokenFormat.Alphabet ALPHABET = TokenFormat.Alphabet.BASE32;
    /** Vault tokens are random, not made under a pseudonym root key: reversals record version 0. */
    private static final int VAULT_VERSION = 0;

    private final String context;
    private final FieldContext fieldContext;
    private final TokenVaultStore vault;
    private final FieldEncryptor fields;
    private final PseudonymAuthorizer authorizer;
    private final SecureRandom random;
    private final boolean forward;

    VaultTokenizer(String context, KeyScope scope, TokenVaultStore vault, FieldEncryptor fields,
            PseudonymAuthorizer authorizer) {
        this.context = context;
        this.fieldContext = FieldContext.of("token_vault", context, scope);
        this.vault = vault;
        this.fields = fields;
        this.authorizer = authorizer;
        this.random = new SecureRandom();
        this.forward = true;
    }

    private VaultTokenizer(VaultTokenizer both) {
        this.context = both.context;
        this.fieldContext = both.fieldContext;
        this.vault = both.vault;
        this.fields = both.fields;
        this.authorizer = both.authorizer;
        this.random = both.random;
        this.forward = false;
    }

    /** The same tokenizer without the forward direction, for a service bound to no actor. */
    VaultTokenizer reverseOnly() {
        return new VaultTokenizer(this);
    }

    /**
     * The token of a subject's value: the one already in the vault, or a new random one stored
     * with the encrypted value.
     *
     * @param subject whose value it is
     * @param value the value, 1 to {@value KeyedTokens#MAX_INPUT} characters, normalized by the caller
     * @return the token, {@code vt.} and 27 base32 characters
     * @throws InvalidInputException if an argument is null, empty or too long
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws StoreException if the vault or the key store failed; retry with the same arguments
     * @throws PolicyViolationException if this tokenizer only reverses (see {@link Pseudonyms#as})
     */
    public String tokenize(SubjectId subject, String value) {
        if (!forward) {
            throw new PolicyViolationException("This vault tokenizer of context " + context + " only reverses:"
                    + " tokenizing needs a grant; take it from pseudonyms().as(actor)");
        }
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (value == null || value.isEmpty() || value.length() > KeyedTokens.MAX_INPUT) {
            throw new InvalidInputException("value", "must be 1 to " + KeyedTokens.MAX_INPUT + " characters");
        }
        String lookup = lookup(subject, value);
        Optional<VaultEntry> existing = vault.findByLookup(context, lookup);
        if (existing.isPresent()) {
            return existing.get().token();
        }
        byte[] ciphertext = fields.encrypt(subject, fieldContext, value.getBytes(StandardCharsets.UTF_8));
        byte[] randomBytes = new byte[RANDOM_BYTES];
        random.nextBytes(randomBytes);
        String token = "vt." + ALPHABET.encode(randomBytes, 27);
        return vault.putIfAbsent(new VaultEntry(context, token, lookup, subject, ciphertext)).token();
    }

    /**
     * The value behind a token. Allowed or refused by the authorizer, and recorded with the subject
     * and a keyed reference of the value, before the value is returned.
     *
     * @param token a token of this context
     * @param reason who asks and why
     * @return the value
     * @throws InvalidInputException if the token is malformed, not in the vault (never issued, or
     *     erased), or the reason is null
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws PolicyViolationException if the authorizer refuses
     */
    public String reidentify(String token, ReidentificationReason reason) {
        if (reason == null) {
            throw new InvalidInputException("reason", "must be given: re-identification is authorised and audited");
        }
        if (token == null || !token.startsWith("vt.") || token.length() != 30) {
            throw new InvalidInputException("token", "is not a vault token (vt. and 27 base32 characters)");
        }
        VaultEntry entry = vault.findByToken(context, token).orElseThrow(() -> new InvalidInputException("token",
                "is not in the vault of context " + context + " (never issued here, or erased)"));
        Reidentification request = new Reidentification(Technique.VAULT, context, VAULT_VERSION, reason,
                Optional.of(entry.subject()));
        authorizer.authorizeReidentification(request);
        String value = new String(fields.decrypt(entry.subject(), fieldContext, entry.ciphertext()),
                StandardCharsets.UTF_8);
        authorizer.recordReidentification(request, value);
        return value;
    }

    /**
     * Deletes every mapping of a subject, in every context of the vault (art. 17).
     *
     * @param subject the subject
     * @return how many mappings were deleted
     * @throws InvalidInputException if the subject is null
     * @throws StoreException if the vault failed; retry
     */
    public int erase(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        return vault.deleteSubject(subject);
    }

    /** Under the subject's own key: gone with a shred, whoever holds the pseudonymization root keys. */
    private String lookup(SubjectId subject, String value) {
        return HexFormat.of().formatHex(fields.lookup(subject, fieldContext, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "VaultTokenizer[" + context + ", " + vault + "]";
    }
}
