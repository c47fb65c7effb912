package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * Pseudonymization by named context (ENISA's techniques): keyed tokens, format-preserving phone
 * pseudonyms, prefix-preserving IP pseudonyms, e-mail tokens and a token vault. Each context and
 * technique has its own derived key (see {@link PseudonymKeys}), so pseudonyms of two contexts
 * cannot be joined. Reversal goes only through the {@code reidentify} methods, which demand a
 * {@link ReidentificationReason} and write to the {@link ReidentificationLog} first.
 *
 * <pre>{@code
 * Pseudonyms pseudonyms = kit.pseudonyms();
 * String p = pseudonyms.phone("analytics").pseudonymize("+40721234567");
 * String t = pseudonyms.tokens("analytics").token("407212345678");
 * String ip = pseudonyms.ip("fraud").pseudonymize("192.0.2.17");
 * }</pre>
 *
 * <p>Thread-safe. The pseudonymizer of a context is made once and reused, with its derived keys
 * and ciphers.
 *
 * @since 0.1.0
 */
public final class Pseudonyms {


    private final PseudonymKeys keys;
    private final ReidentificationLog log;
    private final TokenVaultStore vaultStore;
    private final FieldEncryptor vaultFields;
    private final Map<Object, Object> made = new ConcurrentHashMap<>();

    private Pseudonyms(PseudonymKeys keys, ReidentificationLog log, TokenVaultStore vaultStore,
            FieldEncryptor vaultFields) {
        this.keys = keys;
        this.log = log;
        this.vaultStore = vaultStore;
        this.vaultFields = vaultFields;
    }

    /**
     * Creates the pseudonymization service.
     *
     * @param keys the root keys
     * @param log where re-identifications are recorded (the kit gives its audit trail); required,
     *     since unrecorded re-identification is what this design exists to prevent
     * @return the service
     * @throws InvalidInputException if an argument is null
     */
    public static Pseudonyms create(PseudonymKeys keys, ReidentificationLog log) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (log == null) {
            throw new InvalidInputException("log", "must not be null: re-identification must be recorded");
        }
        return new Pseudonyms(keys, log, null, null);
    }

    /**
     * The same service with a token vault: where the mappings are kept and the field encryptor that
     * keeps each value under its subject's key. The kit does this when it has key settings; its
     * {@code vaultTokenizer(context, category)} then picks the key scope from the policy.
     *
     * @param store where the vault's mappings are kept
     * @param fields the field encryptor over the subjects' keys
     * @return a service whose {@link #vault(String, KeyScope)} works
     * @throws InvalidInputException if an argument is null
     */
    public Pseudonyms withVault(TokenVaultStore store, FieldEncryptor fields) {
        if (store == null || fields == null) {
            throw new InvalidInputException("vault", "store and field encryptor must be given");
        }
        return new Pseudonyms(keys, log, store, fields);
    }

    private record Made(String kind, String context, Object options) {
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String kind, String context, Object options, Supplier<T> make) {
        if (!Names.isName(context)) {
            throw new InvalidInputException("context", "must be a lower-case name such as analytics or fraud");
        }
        if (options == null) {
            throw new InvalidInputException("options", "must not be null");
        }
        return (T) made.computeIfAbsent(new Made(kind, context, options), k -> make.get());
    }

    /**
     * Keyed tokens of a context, in the default format (26 base32 characters).
     *
     * @param context a lower-case name such as {@code analytics}
     * @return the tokens
     * @throws InvalidInputException if the context is malformed
     */
    public KeyedTokens tokens(String context) {
        return tokens(context, TokenFormat.defaults());
    }

    /**
     * Keyed tokens of a context in a format.
     *
     * @param context a lower-case name
     * @param format the token format
     * @return the tokens
     * @throws InvalidInputException if an argument is null or malformed
     */
    public KeyedTokens tokens(String context, TokenFormat format) {
        return once("tokens", context, format, () -> new KeyedTokens(keys, context, format));
    }

    /**
     * Phone pseudonyms of a context with the default options (Romanian national numbers, nothing kept
     * but the country code).
     *
     * @param context a lower-case name
     * @return the pseudonymizer
     * @throws InvalidInputException if the context is malformed
     */
    public PhonePseudonymizer phone(String context) {
        return phone(context, PhoneOptions.defaults());
    }

    /**
     * Phone pseudonyms of a context.
     *
     * @param context a lower-case name
     * @param options region and kept digits
     * @return the pseudonymizer
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the options leave fewer than 6 digits of the region's mobile
     *     numbers to encrypt
     */
    public PhonePseudonymizer phone(String context, PhoneOptions options) {
        return once("phone", context, options, () -> new PhonePseudonymizer(keys, context, options, log));
    }

    /**
     * Prefix-preserving IP pseudonyms of a context.
     *
     * @param context a lower-case name
     * @return the pseudonymizer
     * @throws InvalidInputException if the context is malformed
     */
    public IpPseudonymizer ip(String context) {
        return once("ip", context, "crypto-pan", () -> new IpPseudonymizer(keys, context, log));
    }

    /**
     * E-mail pseudonyms of a context.
     *
     * @param context a lower-case name
     * @param options whether the domain is kept, and the token format
     * @return the pseudonymizer
     * @throws InvalidInputException if an argument is null or malformed
     */
    public EmailPseudonymizer email(String context, EmailOptions options) {
        return once("email", context, options, () -> new EmailPseudonymizer(keys, context, options));
    }

    /**
     * Random tokens of a context kept in a vault, each value encrypted under its subject's key.
     *
     * @param context a lower-case name, also the field name of the values' encryption context
     * @param scope the key scope of the values (the scope of their data category in the policy)
     * @return the tokenizer
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if this service has no vault (see {@link #withVault})
     */
    public VaultTokenizer vault(String context, KeyScope scope) {
        if (vaultStore == null) {
            throw new ConfigurationException("No token vault: use the kit's vaultTokenizer(context, category), which"
                    + " needs keys(KeySettings...) on the builder, or withVault(store, fields) outside a kit");
        }
        if (scope == null) {
            throw new InvalidInputException("scope", "must not be null");
        }
        return once("vault", context, scope,
                () -> new VaultTokenizer(keys, context, scope, vaultStore, vaultFields, log));
    }

    /**
     * The root keys' current version.
     *
     * @return the version new pseudonyms are made with
     */
    public int currentKeyVersion() {
        return keys.currentVersion();
    }

    @Override
    public String toString() {
        return "Pseudonyms[" + keys + ", " + made.size() + " pseudonymizers]";
    }
}
