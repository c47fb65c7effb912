package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.internal.Hmacs;
import ro.clickphone.privacy.crypto.internal.ReservedFields;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.IntegrityException;
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
 * vault holds ciphertext only, bound to the subject, the context and the token (field format 2 with
 * the token as record id); crypto-shredding the subject's key scope makes its mappings unreadable,
 * and in backups of the vault too once the KEK versions that wrapped the shredded key are retired
 * and backups older than their retention are gone (docs/SECURITY.md). A vault writer without keys cannot make a token reverse to another
 * value: swapping ciphertexts, look-up values or whole rows between two entries makes
 * {@link #reidentify} and {@link #tokenize} throw {@link IntegrityException} (every decrypted value
 * is checked against the row's look-up value). Rows written before the token binding are checked by
 * their look-up value only, so swapping two such rows' ciphertexts and look-ups together goes
 * unnoticed; deleting rows is never detected (a deleted token no longer reverses).
 *
 * <p>The look-up value that finds a value's token is a keyed HMAC under a key derived from the
 * subject's own data key (HMAC-SHA256, HKDF info {@code clickphone-lookup/v1|token_vault|context|scope},
 * computed inside the crypto module only): shredding the subject's key scope makes
 * it as unrecomputable as the ciphertext, so a vault backup cannot be searched by guessing numbers;
 * {@link #tokenize} then throws {@link KeyDestroyedException}.
 *
 * <p>The vault's ciphertexts are in the reserved entity {@code token_vault}: {@link FieldEncryptor}'s
 * public methods refuse it, so they are revealed only here, authorised and audited.
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
    private final ReservedFields.Door door;
    /** Only to recognise look-ups written before they were keyed by the subject's data key. */
    private final PseudonymKeys rootKeys;
    private final PseudonymAuthorizer authorizer;
    private final SecureRandom random;
    private final boolean forward;
    /** Who tokenizes and erases through this instance; null when unbound. */
    private final Actor actor;

    VaultTokenizer(String context, KeyScope scope, TokenVaultStore vault, FieldEncryptor fields,
            PseudonymAuthorizer authorizer, PseudonymKeys rootKeys) {
        this.context = context;
        this.rootKeys = rootKeys;
        this.fieldContext = FieldContext.of(ReservedFields.TOKEN_VAULT, context, scope);
        this.vault = vault;
        this.fields = fields;
        this.door = ReservedFields.of(fields);
        this.authorizer = authorizer;
        this.random = new SecureRandom();
        this.forward = true;
        this.actor = null;
    }

    private VaultTokenizer(VaultTokenizer both, boolean forward, Actor actor) {
        this.context = both.context;
        this.rootKeys = both.rootKeys;
        this.fieldContext = both.fieldContext;
        this.vault = both.vault;
        this.fields = both.fields;
        this.door = both.door;
        this.authorizer = both.authorizer;
        this.random = both.random;
        this.forward = forward;
        this.actor = actor;
    }

    /** The same tokenizer without the forward direction, for a service bound to no actor. */
    VaultTokenizer reverseOnly() {
        return new VaultTokenizer(this, false, null);
    }

    /** The same tokenizer for an actor whose binding allows the forward direction (null: none needed). */
    VaultTokenizer boundTo(Actor by) {
        return by == null ? this : new VaultTokenizer(this, true, by);
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
     * @throws IntegrityException if the vault entry found for the value was edited (it holds another
     *     value or another subject's)
     * @throws StoreException if the vault or the key store failed; retry with the same arguments
     * @throws PolicyViolationException if this tokenizer only reverses (see {@link Pseudonyms#as})
     */
    public String tokenize(SubjectId subject, String value) {
        if (!forward) {
            authorizer.recordUnboundRefusal(Technique.VAULT, context, Optional.empty());
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
            return checked(existing.get(), subject, value, lookup);
        }
        byte[] randomBytes = new byte[RANDOM_BYTES];
        random.nextBytes(randomBytes);
        String token = "vt." + ALPHABET.encode(randomBytes, 27);
        // The token joins the associated data (field format 2): the ciphertext cannot move to another row.
        byte[] ciphertext = door.encrypt(fields, subject, fieldContext.withRecordId(token),
                value.getBytes(StandardCharsets.UTF_8));
        VaultEntry stored = vault.putIfAbsent(new VaultEntry(context, token, lookup, subject, ciphertext));
        return stored.token().equals(token) ? token : checked(stored, subject, value, lookup);
    }

    /**
     * The token of a row found by its look-up, once the row proves to hold this subject's value:
     * a vault writer who moved look-ups between rows would otherwise hand out another value's token.
     */
    private String checked(VaultEntry entry, SubjectId subject, String value, String lookup) {
        // The store answered the look-up query; whether the row it returned is the one asked for,
        // and holds this value, is checked here: its look-up computed above, its value decrypted.
        if (!entry.subject().equals(subject) || !sameHex(entry.lookup(), lookup) || !value.equals(decrypt(entry))) {
            throw tampered();
        }
        return entry.token();
    }

    /**
     * Decrypts a row and checks that its columns belong together: the ciphertext is bound to the
     * subject, the context and the token (field format 2); the value it holds must give the row's
     * look-up. Rows written before the token binding (format 1) are checked by the look-up only.
     */
    private String open(VaultEntry entry) {
        String value = decrypt(entry);
        if (!sameHex(lookup(entry.subject(), value), entry.lookup()) && !legacyLookup(entry, value)) {
            throw tampered();
        }
        return value;
    }

    /** The row's value, under the subject's key with the token in the associated data. */
    private String decrypt(VaultEntry entry) {
        return new String(door.decrypt(fields, entry.subject(), fieldContext.withRecordId(entry.token()),
                entry.ciphertext()), StandardCharsets.UTF_8);
    }

    private static boolean sameHex(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Whether the row's look-up is one written before look-ups were keyed by the subject's data key:
     * HMAC-SHA256 of subject, a zero byte and the value under the root-derived {@code vault} key of
     * any held version. Such rows keep reversing, still bound to their value.
     */
    private boolean legacyLookup(VaultEntry entry, String value) {
        for (int version = 1; version <= rootKeys.currentVersion(); version++) {
            if (!rootKeys.hasVersion(version)) {
                continue;
            }
            byte[] key = rootKeys.derive(Technique.VAULT.label(), context, version, 32);
            try {
                Mac mac = Hmacs.perThread(key).get();
                mac.update(entry.subject().value().getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
                if (sameHex(HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))),
                        entry.lookup())) {
                    return true;
                }
            } finally {
                PseudonymKeys.wipe(key);
            }
        }
        return false;
    }

    private static IntegrityException tampered() {
        return new IntegrityException("A token vault entry does not match its token and look-up value:"
                + " the vault was edited");
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
     * @throws IntegrityException if the vault entry was edited (its ciphertext, look-up value or
     *     token do not belong together); nothing is revealed or recorded as revealed
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
        String value = open(entry);
        authorizer.recordReidentification(request, value);
        return value;
    }

    /**
     * Deletes every mapping of a subject, in every context of the vault (art. 17). Erasing is a
     * forward-direction act: where the authorizer requires an actor (the kit's), it needs a tokenizer
     * bound to one ({@link Pseudonyms#as}, {@code kit.vaultTokenizer(context, category, actor)}), and
     * the erasure is recorded with that actor, the subject and the count; a refusal is recorded too.
     *
     * @param subject the subject
     * @return how many mappings were deleted
     * @throws InvalidInputException if the subject is null
     * @throws PolicyViolationException if this tokenizer is bound to no actor and the authorizer
     *     requires one; nothing is deleted
     * @throws StoreException if the vault or the record failed; retry (erasing again is harmless)
     */
    public int erase(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (!forward) {
            authorizer.recordUnboundRefusal(Technique.VAULT, context, Optional.of(subject));
            throw new PolicyViolationException("This vault tokenizer of context " + context + " only reverses:"
                    + " erasing needs a bound actor; take it from pseudonyms().as(actor)");
        }
        int erased = vault.deleteSubject(subject);
        if (actor != null) {
            authorizer.recordErasure(new Pseudonymization(actor, context), subject, erased);
        }
        return erased;
    }

    /** Under the subject's own key: gone with a shred, whoever holds the pseudonymization root keys. */
    private String lookup(SubjectId subject, String value) {
        return HexFormat.of().formatHex(door.lookup(fields, subject, fieldContext, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "VaultTokenizer[" + context + ", " + vault + "]";
    }
}
