package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * Pseudonymization by named context (ENISA's techniques): keyed tokens, format-preserving phone
 * pseudonyms, prefix-preserving IP pseudonyms, e-mail tokens and a token vault. Each context and
 * technique has its own derived key (see {@link PseudonymKeys}), so pseudonyms of two contexts
 * cannot be joined. Both directions are authorised by a {@link PseudonymAuthorizer}: reversal goes
 * only through the {@code reidentify} methods, which demand a {@link ReidentificationReason}, ask the
 * authorizer first and have the reversal recorded before the value is returned; pseudonymizing
 * needs an actor bound with {@link #as(Actor)} when the authorizer says so (the kit's does).
 *
 * <pre>{@code
 * Pseudonyms job = kit.pseudonyms().as(Actor.system("cdr-export", Set.of("ANALYTICS_JOB")));
 * String p = job.phone("analytics").pseudonymize("+40721234567");   // one audit entry per context and binding
 * String number = kit.pseudonyms().phone("analytics")                 // reversal needs no binding, but a grant
 *         .reidentify(p, 1, ReidentificationReason.of(analyst, "LAW_ENFORCEMENT_REQUEST").withReference("IGPR-118"));
 * }</pre>
 *
 * <p><b>Warning:</b> whoever may pseudonymize in a context with a deterministic technique can build a
 * dictionary of it: there are about 10^8 Romanian mobile numbers, and FF1 or a keyed token maps them
 * all in minutes on one machine, which reverses every pseudonym of that context without asking for a
 * reversal. Grant the forward direction of a context as narrowly as its reversal.
 *
 * <p>Thread-safe. The pseudonymizer of a context is made once and reused, with its derived keys
 * and ciphers, by every binding.
 *
 * @since 0.1.0
 */
public final class Pseudonyms {

    private final PseudonymKeys keys;
    private final PseudonymAuthorizer authorizer;
    private final TokenVaultStore vaultStore;
    private final FieldEncryptor vaultFields;
    private final Map<Object, Object> made;
    /** The actor of this binding, or null for the unbound service. */
    private final Actor actor;
    /** The contexts this binding was allowed to pseudonymize in (decided and recorded once each). */
    private final Map<String, Boolean> allowed = new ConcurrentHashMap<>();

    private Pseudonyms(PseudonymKeys keys, PseudonymAuthorizer authorizer, TokenVaultStore vaultStore,
            FieldEncryptor vaultFields, Map<Object, Object> made, Actor actor) {
        this.keys = keys;
        this.authorizer = authorizer;
        this.vaultStore = vaultStore;
        this.vaultFields = vaultFields;
        this.made = made;
        this.actor = actor;
    }

    /**
     * Creates the pseudonymization service outside a kit (a kit makes its own, authorised by its
     * access control).
     *
     * @param keys the root keys
     * @param authorizer who may pseudonymize and re-identify: required, since unauthorised and
     *     unrecorded re-identification is what this design exists to prevent; pass
     *     {@link PseudonymAuthorizer#unrestricted(ReidentificationLog)} to allow everyone, deliberately
     * @return the service
     * @throws InvalidInputException if an argument is null
     */
    public static Pseudonyms create(PseudonymKeys keys, PseudonymAuthorizer authorizer) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (authorizer == null) {
            throw new InvalidInputException("authorizer", "must not be null: choose who may re-identify, or"
                    + " PseudonymAuthorizer.unrestricted(log) deliberately");
        }
        return new Pseudonyms(keys, authorizer, null, null, new ConcurrentHashMap<>(), null);
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
        return new Pseudonyms(keys, authorizer, store, fields, new ConcurrentHashMap<>(), actor);
    }

    /**
     * This service bound to an actor, for the forward direction: each context is authorised (and,
     * by the kit, audited) once, on its first binding through the returned service, so a bulk run
     * that binds once is one decision and one audit entry, not one per value. Take a new binding
     * per run. Reversal does not need a binding: its actor is the reason's.
     *
     * @param actor who pseudonymizes, such as {@code Actor.system("cdr-export", Set.of("ANALYTICS_JOB"))}
     * @return the bound service, sharing this one's pseudonymizers and keys
     * @throws InvalidInputException if {@code actor} is null
     */
    public Pseudonyms as(Actor actor) {
        if (actor == null) {
            throw new InvalidInputException("actor", "must not be null");
        }
        return new Pseudonyms(keys, authorizer, vaultStore, vaultFields, made, actor);
    }

    /** Whether the forward direction is allowed in a context for this binding; decided once per context. */
    private boolean forward(String context) {
        if (actor == null) {
            return !authorizer.requiresActor();
        }
        allowed.computeIfAbsent(context, c -> {
            authorizer.authorizePseudonymization(new Pseudonymization(actor, c));
            return Boolean.TRUE;
        });
        return true;
    }

    /** Techniques that only go forward (tokens) need the forward grant to be bound at all. */
    private void requireForward(String context, Technique technique) {
        if (!forward(context)) {
            authorizer.recordUnboundRefusal(technique, context, Optional.empty());
            throw new PolicyViolationException("Tokens of context " + context + " only pseudonymize, which needs a"
                    + " grant: bind the actor with pseudonyms().as(actor)");
        }
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
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context, or no actor
     *     is bound and the authorizer requires one (tokens only go forward)
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
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context, or no actor
     *     is bound and the authorizer requires one (tokens only go forward)
     */
    public KeyedTokens tokens(String context, TokenFormat format) {
        KeyedTokens tokens = once("tokens", context, format, () -> new KeyedTokens(keys, context, format));
        requireForward(context, Technique.KEYED_TOKEN);
        return tokens;
    }

    /**
     * Phone pseudonyms of a context with the default options (Romanian national numbers, nothing kept
     * but the country code).
     *
     * @param context a lower-case name
     * @return the pseudonymizer
     * @throws InvalidInputException if the context is malformed
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context (unbound,
     *     when the authorizer requires an actor, the pseudonymizer returned only reverses)
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
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context (unbound,
     *     when the authorizer requires an actor, the pseudonymizer returned only reverses)
     */
    public PhonePseudonymizer phone(String context, PhoneOptions options) {
        PhonePseudonymizer phones = once("phone", context, options,
                () -> new PhonePseudonymizer(keys, context, options, authorizer));
        return forward(context) ? phones : phones.reverseOnly();
    }

    /**
     * Prefix-preserving IP pseudonyms of a context.
     *
     * @param context a lower-case name
     * @return the pseudonymizer
     * @throws InvalidInputException if the context is malformed
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context (unbound,
     *     when the authorizer requires an actor, the pseudonymizer returned only reverses)
     */
    public IpPseudonymizer ip(String context) {
        IpPseudonymizer ips = once("ip", context, "crypto-pan", () -> new IpPseudonymizer(keys, context, authorizer));
        return forward(context) ? ips : ips.reverseOnly();
    }

    /**
     * E-mail pseudonyms of a context.
     *
     * @param context a lower-case name
     * @param options whether the domain is kept, and the token format
     * @return the pseudonymizer
     * @throws InvalidInputException if an argument is null or malformed
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context, or no actor
     *     is bound and the authorizer requires one (tokens only go forward)
     */
    public EmailPseudonymizer email(String context, EmailOptions options) {
        EmailPseudonymizer emails = once("email", context, options,
                () -> new EmailPseudonymizer(keys, context, options));
        requireForward(context, Technique.EMAIL_TOKEN);
        return emails;
    }

    /**
     * Random tokens of a context kept in a vault, each value encrypted under its subject's key.
     *
     * @param context a lower-case name, also the field name of the values' encryption context
     * @param scope the key scope of the values (the scope of their data category in the policy)
     * @return the tokenizer
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if this service has no vault (see {@link #withVault})
     * @throws PolicyViolationException if the bound actor may not pseudonymize in the context (unbound,
     *     when the authorizer requires an actor, the pseudonymizer returned only reverses)
     */
    public VaultTokenizer vault(String context, KeyScope scope) {
        if (vaultStore == null) {
            throw new ConfigurationException("No token vault: use the kit's vaultTokenizer(context, category), which"
                    + " needs keys(KeySettings...) on the builder, or withVault(store, fields) outside a kit");
        }
        if (scope == null) {
            throw new InvalidInputException("scope", "must not be null");
        }
        VaultTokenizer tokenizer = once("vault", context, scope,
                () -> new VaultTokenizer(context, scope, vaultStore, vaultFields, authorizer, keys));
        return forward(context) ? tokenizer.boundTo(actor) : tokenizer.reverseOnly();
    }

    /**
     * The spec of a CDR pseudonymization job or topology that runs on other JVMs (Kafka Streams,
     * Spark): the profile applied in a context, the current root key version wrapped, sealed. The
     * actor's forward grant for the context is checked, and by the kit audited, here, once for the
     * whole job; the workers then pseudonymize without asking again and never re-identify. Take a new
     * spec per job or topology start: a root key rotation reaches workers with the next spec.
     *
     * @param profile the CDR profile; its techniques are applied in {@code context}
     * @param context the pseudonymization context whose keys the workers use (a lower-case name)
     * @param actor who runs the job, such as {@code Actor.system("cdr-lake", Set.of("ANALYTICS_JOB"))}
     * @return the sealed spec, Java-serializable, holding nothing secret
     * @throws InvalidInputException if an argument is null or the context malformed
     * @throws ConfigurationException if the current root key version was given in clear (a worker can
     *     only be handed a wrapped one: {@link PseudonymKeys#ofWrapped}), or the profile's FF1
     *     technique keeps too many digits
     * @throws PolicyViolationException if the actor may not pseudonymize in the context (the refusal
     *     is recorded first)
     */
    public PseudonymizationSpec spec(CdrProfile profile, String context, Actor actor) {
        if (profile == null || actor == null) {
            throw new InvalidInputException("spec", "profile and actor must be given");
        }
        if (!Names.isName(context)) {
            throw new InvalidInputException("context", "must be a lower-case name such as analytics or fraud");
        }
        CdrProfile applied = profile.inContext(context);
        PseudonymizationSpec spec = PseudonymizationSpec.of(applied, keys);
        Pseudonyms bound = as(actor);
        bound.forward(context);
        // Every technique made once here: a profile the workers could not apply fails now, not on them.
        CdrPseudonymizer.create(bound, applied);
        return spec;
    }

    /** For this package's tests: the root keys. */
    PseudonymKeys keysForTest() {
        return keys;
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
        return "Pseudonyms[" + keys + ", " + made.size() + " pseudonymizers" + (actor == null ? "" : ", bound") + "]";
    }
}
