package ro.clickphone.privacy.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.DeterministicEncryptor;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVault;
import ro.clickphone.privacy.spi.vault.TokenVault;

/**
 * The one entry point of the ClickPhone Privacy SDK. Built once with {@link #builder()}, it wires
 * the policy, the clock and the plugins, and gives one accessor per capability. Each later
 * capability (keys and field encryption, pseudonyms, consent, retention, rights, notifications,
 * incidents, audit) adds its accessor and its builder options here, so a user has one thing to
 * build and to pass around.
 *
 * <p>Immutable and thread-safe once built. No static state: two kits in one JVM are independent.
 *
 * <pre>{@code
 * PrivacyKit kit = PrivacyKit.builder()
 *         .policy(Policy.clickPhoneDefault())
 *         .clock(Clock.systemUTC())
 *         .build();
 * PurposeDefinition marketing = kit.policy().purpose(Purpose.of("MARKETING"));
 * }</pre>
 */
public final class PrivacyKit {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyKit.class);

    private final PolicyArchive policies;
    private final Clock clock;
    private final AuditTrail audit;
    private final AccessControl access;
    private final ConsentLedger consent;
    private final EnvelopeKeys keys;
    private final FieldEncryptor fields;
    private final StreamEncryptor streams;
    private final BlindIndex blindIndex;
    private final DeterministicEncryptor deterministic;
    private final Pseudonyms pseudonyms;
    private final TokenVault tokenVault;

    private PrivacyKit(PolicyArchive policies, Clock clock, AuditTrail audit, AccessPolicy grants,
            AccountDirectory accounts, ConsentLedger consent, EnvelopeKeys keys, SecretBytes searchKey,
            PseudonymKeys pseudonymKeys, TokenVault tokenVault) {
        this.policies = policies;
        this.clock = clock;
        this.audit = audit;
        this.access = new AccessControl(this::policy, grants, accounts, audit);
        this.consent = consent;
        this.keys = keys;
        this.fields = keys == null ? null : new FieldEncryptor(keys);
        this.streams = keys == null ? null : new StreamEncryptor(keys);
        this.blindIndex = searchKey == null ? null : BlindIndex.create(searchKey);
        this.deterministic = searchKey == null ? null : DeterministicEncryptor.create(searchKey);
        this.pseudonyms = pseudonymKeys == null ? null : Pseudonyms.create(pseudonymKeys, this::auditReidentification);
        this.tokenVault = tokenVault;
    }

    /** Re-identifications go to the audit trail before the value is returned; a failure stops them. */
    private void auditReidentification(Reidentification event) {
        AuditEvent entry = AuditEvent.of(event.reason().actor(), "pseudonym.reidentify", AuditOutcome.SUCCESS)
                .withDetail("technique", event.technique().label())
                .withDetail("context", event.context())
                .withDetail("keyVersion", Integer.toString(event.keyVersion()))
                .withDetail("reason", event.reason().code());
        if (event.reason().reference().isPresent()) {
            entry = entry.withDetail("caseReference", event.reason().reference().get());
        }
        if (event.subject().isPresent()) {
            entry = entry.withSubject(event.subject().get());
        }
        audit.record(entry);
    }

    /**
     * Starts building a kit.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The policy version in force now, by the kit's clock in the policy's time zone.
     *
     * @return the policy in force
     * @throws ConfigurationException if the clock has moved back before the first archived version
     */
    public Policy policy() {
        Instant now = clock.instant();
        return policies.inForceAt(now).orElseThrow(() -> new ConfigurationException(
                "No policy version is in force at " + now + "; the earliest takes effect on "
                        + policies.versions().get(0).version().effectiveFrom()));
    }

    /**
     * Every archived version of the policy.
     *
     * @return the archive
     */
    public PolicyArchive policies() {
        return policies;
    }

    /**
     * The tamper-evident audit trail every capability writes to.
     *
     * @return the audit trail
     */
    public AuditTrail audit() {
        return audit;
    }

    /**
     * Access decisions: who may see which category of whose data for which purpose.
     *
     * @return the access control
     */
    public AccessControl access() {
        return access;
    }

    /**
     * The consent ledger: grants, withdrawals, objections, restrictions, purpose checks, receipts.
     *
     * @return the consent ledger
     */
    public ConsentLedger consent() {
        return consent;
    }

    /**
     * Field-level encryption with per-subject keys.
     *
     * @return the field encryptor
     * @throws ConfigurationException if the kit was built without key-encryption keys
     */
    public FieldEncryptor fields() {
        return requireKeys(fields);
    }

    /**
     * Streaming encryption of large values (voicemail audio, fax documents) with per-subject keys.
     *
     * @return the stream encryptor
     * @throws ConfigurationException if the kit was built without key-encryption keys
     */
    public StreamEncryptor streams() {
        return requireKeys(streams);
    }

    /**
     * The per-subject data keys: crypto-shredding, rotation, rewrapping after a KEK rotation.
     *
     * @return the envelope keys
     * @throws ConfigurationException if the kit was built without key-encryption keys
     */
    public EnvelopeKeys keys() {
        return requireKeys(keys);
    }

    /**
     * Blind indexes for equality look-ups on encrypted fields.
     *
     * @return the blind index
     * @throws ConfigurationException if the kit was built without a searchable-fields key
     */
    public BlindIndex blindIndex() {
        return requireSearchKey(blindIndex);
    }

    /**
     * Deterministic encryption for look-ups that must return the value.
     *
     * @return the deterministic encryptor
     * @throws ConfigurationException if the kit was built without a searchable-fields key
     */
    public DeterministicEncryptor deterministic() {
        return requireSearchKey(deterministic);
    }

    private static <T> T requireSearchKey(T capability) {
        if (capability == null) {
            throw new ConfigurationException("No searchable-fields key: give searchableFieldsKey(...) to the builder"
                    + " (at least 32 bytes, kept as long as the index and deterministic columns)");
        }
        return capability;
    }

    private static <T> T requireKeys(T capability) {
        if (capability == null) {
            throw new ConfigurationException("No key-encryption keys: give keyEncryptionKeys(...) and subjectKeys(...)"
                    + " to the builder, e.g. Pkcs12KeyEncryptionKeyProvider.open(path, password, kekId)");
        }
        return capability;
    }

    /**
     * Pseudonymization: keyed tokens, FF1 phone pseudonyms, Crypto-PAn IP pseudonyms, e-mail tokens,
     * each with its own key per context. Re-identifications are written to the audit trail.
     *
     * @return the pseudonymization service
     * @throws ConfigurationException if the kit was built without pseudonymization keys
     */
    public Pseudonyms pseudonyms() {
        if (pseudonyms == null) {
            throw new ConfigurationException("No pseudonymization keys: give pseudonymizationKeys(PseudonymKeys.of(1,"
                    + " rootKey)) to the builder");
        }
        return pseudonyms;
    }

    /**
     * A token vault tokenizer for a context whose values are of a category: each value is kept
     * encrypted under its subject's key of the category's key scope.
     *
     * @param context a lower-case name such as {@code partner_export}
     * @param category the category of the values (it must have a key scope in the policy)
     * @return the tokenizer
     * @throws ConfigurationException if the kit lacks pseudonymization keys or key-encryption keys
     * @throws PolicyViolationException if the category has no key scope
     * @throws InvalidInputException if the context is malformed
     */
    public VaultTokenizer tokenVault(String context, DataCategory category) {
        KeyScope scope = policy().keyScopeOf(category).orElseThrow(() -> new PolicyViolationException("Category "
                + category + " has no key scope in the policy: its values cannot be kept in the token vault"));
        return pseudonyms().vault(context, scope, tokenVault, fields());
    }

    /**
     * The context of a field holding data of a category, with the key scope the policy in force
     * gives that category.
     *
     * @param entity the entity (table) name
     * @param field the field (column) name
     * @param category the category of the data in the field
     * @return the context
     * @throws PolicyViolationException if the policy does not declare the category, or does not
     *     encrypt it with per-subject keys (it has no key scope)
     * @throws InvalidInputException if a name is malformed
     */
    public FieldContext fieldContext(String entity, String field, DataCategory category) {
        KeyScope scope = policy().keyScopeOf(category).orElseThrow(() -> new PolicyViolationException("Category "
                + category + " has no key scope in the policy: it is not encrypted with per-subject keys"));
        return FieldContext.of(entity, field, scope);
    }

    /**
     * The clock every capability reads the time from.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "PrivacyKit[policies=" + policies + ", clock=" + clock + ", audit=" + audit + "]";
    }

    /**
     * Builds a {@link PrivacyKit}. Each option is checked when it is given and can be given once;
     * {@link #build()} checks that the options fit together. A builder is not thread-safe; the kit is.
     */
    public static final class Builder {

        /** A checkpoint every this many audit entries unless {@link #checkpointInterval(int)} says otherwise. */
        public static final int DEFAULT_CHECKPOINT_INTERVAL = 1000;

        private PolicyArchive policies;
        private Clock clock;
        private AuditLogStore auditStore;
        private Signer signer;
        private SecretBytes pseudonymKey;
        private Integer checkpointInterval;
        private AccessPolicy accessPolicy;
        private AccountDirectory accounts;
        private ConsentStore consentStore;
        private Duration consentStaleness;
        private Duration consentClockSkew;
        private Integer auditConsentChecks;
        private Long consentCacheSize;
        private KeyEncryptionKeyProvider keyEncryptionKeys;
        private SubjectKeyStore subjectKeys;
        private SecretBytes searchableFieldsKey;
        private PseudonymKeys pseudonymizationKeys;
        private TokenVault vault;

        private Builder() {
        }

        private static <T> T once(T current, T value, String name) {
            if (value == null) {
                throw new InvalidInputException(name, "must not be null");
            }
            if (current != null) {
                throw new ConfigurationException("The " + name + " was already set; give " + name + "(...) once");
            }
            return value;
        }

        /**
         * The policy, as a single version. Required, unless {@link #policies(PolicyArchive)} is given.
         *
         * @param policy the policy, e.g. {@link Policy#clickPhoneDefault()}
         * @return this builder
         * @throws InvalidInputException if {@code policy} is null
         * @throws ConfigurationException if a policy was already given
         */
        public Builder policy(Policy policy) {
            if (policy == null) {
                throw new InvalidInputException("policy", "must not be null");
            }
            return policies(PolicyArchive.of(policy));
        }

        /**
         * The policy, with its archived earlier versions. Required, unless {@link #policy(Policy)} is given.
         *
         * @param archive every version of the policy
         * @return this builder
         * @throws InvalidInputException if {@code archive} is null
         * @throws ConfigurationException if a policy was already given
         */
        public Builder policies(PolicyArchive archive) {
            if (archive == null) {
                throw new InvalidInputException("policies", "must not be null");
            }
            if (this.policies != null) {
                throw new ConfigurationException("The policy was already set; give policy(...) or policies(...) once");
            }
            this.policies = archive;
            return this;
        }

        /**
         * The clock to read the time from. Optional: {@link Clock#systemUTC()} by default. Tests
         * give a fixed clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws InvalidInputException if {@code clock} is null
         * @throws ConfigurationException if a clock was already given
         */
        public Builder clock(Clock clock) {
            this.clock = once(this.clock, clock, "clock");
            return this;
        }

        /**
         * Where the audit trail is kept. Optional: an {@link InMemoryAuditLogStore} by default, for
         * tests and demos. A persistent store needs a {@link #signer(Signer)}
         * and a {@link #pseudonymKey(SecretBytes)} that outlive the process.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a store was already given
         */
        public Builder auditStore(AuditLogStore store) {
            this.auditStore = once(this.auditStore, store, "auditStore");
            return this;
        }

        /**
         * Signs audit checkpoints and consent receipts. Required with a persistent
         * {@link #auditStore(AuditLogStore)}; with the in-memory default, an HMAC-SHA256 signer over
         * a random key is made.
         *
         * @param signer the signer, e.g. {@code Ed25519Signer} or {@code HmacSha256Signer}
         * @return this builder
         * @throws InvalidInputException if {@code signer} is null
         * @throws ConfigurationException if a signer was already given
         */
        public Builder signer(Signer signer) {
            this.signer = once(this.signer, signer, "signer");
            return this;
        }

        /**
         * The key under which subjects are pseudonymized in the audit trail (at least 32 bytes,
         * used for nothing else). Required with a persistent {@link #auditStore(AuditLogStore)};
         * with the in-memory default, a random key is drawn.
         *
         * @param key the key
         * @return this builder
         * @throws InvalidInputException if {@code key} is null or shorter than 32 bytes
         * @throws ConfigurationException if a key was already given
         */
        public Builder pseudonymKey(SecretBytes key) {
            if (key != null && key.length() < 32) {
                throw new InvalidInputException("pseudonymKey", "must be at least 32 bytes");
            }
            this.pseudonymKey = once(this.pseudonymKey, key, "pseudonymKey");
            return this;
        }

        /**
         * How many audit entries between signed checkpoints. Optional: {@value #DEFAULT_CHECKPOINT_INTERVAL}.
         *
         * @param entries 1 to 1 000 000
         * @return this builder
         * @throws InvalidInputException if out of range
         * @throws ConfigurationException if an interval was already given
         */
        public Builder checkpointInterval(int entries) {
            if (entries < 1 || entries > 1_000_000) {
                throw new InvalidInputException("checkpointInterval", "must be between 1 and 1000000");
            }
            this.checkpointInterval = once(this.checkpointInterval, entries, "checkpointInterval");
            return this;
        }

        /**
         * Which staff and job roles are entitled to which purposes. Optional: {@link AccessPolicy#denyAll()}.
         *
         * @param grants the role grants
         * @return this builder
         * @throws InvalidInputException if {@code grants} is null
         * @throws ConfigurationException if grants were already given
         */
        public Builder accessPolicy(AccessPolicy grants) {
            this.accessPolicy = once(this.accessPolicy, grants, "accessPolicy");
            return this;
        }

        /**
         * Which account each subject belongs to, for delegates. Optional: an empty directory, which
         * denies every delegate.
         *
         * @param directory the account directory
         * @return this builder
         * @throws InvalidInputException if {@code directory} is null
         * @throws ConfigurationException if a directory was already given
         */
        public Builder accounts(AccountDirectory directory) {
            this.accounts = once(this.accounts, directory, "accounts");
            return this;
        }

        /**
         * Where the consent ledger is kept. Optional: an {@link InMemoryConsentStore} by default.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a store was already given
         */
        public Builder consentStore(ConsentStore store) {
            this.consentStore = once(this.consentStore, store, "consentStore");
            return this;
        }

        /**
         * How stale consent changes made by another instance sharing the store may be seen.
         * Optional: {@link ConsentLedger#DEFAULT_STALENESS}. Changes made through this kit are
         * seen at once.
         *
         * @param bound 0 to 1 hour
         * @return this builder
         * @throws InvalidInputException if out of range
         * @throws ConfigurationException if a bound was already given
         */
        public Builder consentStaleness(Duration bound) {
            if (bound != null && (bound.isNegative() || bound.compareTo(Duration.ofHours(1)) > 0)) {
                throw new InvalidInputException("consentStaleness", "must be between 0 and 1 hour");
            }
            this.consentStaleness = once(this.consentStaleness, bound, "consentStaleness");
            return this;
        }

        /**
         * How far in the future a consent event's effective time may lie, for clocks that disagree.
         * Optional: {@link ConsentLedger#DEFAULT_CLOCK_SKEW}.
         *
         * @param skew 0 to 1 hour
         * @return this builder
         * @throws InvalidInputException if out of range
         * @throws ConfigurationException if a skew was already given
         */
        public Builder consentClockSkew(Duration skew) {
            if (skew != null && (skew.isNegative() || skew.compareTo(Duration.ofHours(1)) > 0)) {
                throw new InvalidInputException("consentClockSkew", "must be between 0 and 1 hour");
            }
            this.consentClockSkew = once(this.consentClockSkew, skew, "consentClockSkew");
            return this;
        }

        /**
         * Audits one consent check in every {@code n}: 1 audits all, 0 none. Optional: 0. Consent
         * events themselves are always audited.
         *
         * @param n 0 or more
         * @return this builder
         * @throws InvalidInputException if negative
         * @throws ConfigurationException if a rate was already given
         */
        public Builder auditConsentChecks(int n) {
            if (n < 0) {
                throw new InvalidInputException("auditConsentChecks", "must be 0 (none) or more");
            }
            this.auditConsentChecks = once(this.auditConsentChecks, n, "auditConsentChecks");
            return this;
        }

        /**
         * How many subjects' consent events to cache. Optional: {@link ConsentLedger#DEFAULT_CACHE_SIZE}.
         *
         * @param subjects 1 to 100 000 000
         * @return this builder
         * @throws InvalidInputException if out of range
         * @throws ConfigurationException if a size was already given
         */
        public Builder consentCacheSize(long subjects) {
            if (subjects < 1 || subjects > 100_000_000) {
                throw new InvalidInputException("consentCacheSize", "must be between 1 and 100000000");
            }
            this.consentCacheSize = once(this.consentCacheSize, subjects, "consentCacheSize");
            return this;
        }

        /**
         * The key-encryption keys that wrap every per-subject data key (a KMS, an HSM, or a
         * {@code Pkcs12KeyEncryptionKeyProvider}). Optional: without them the kit has no field
         * encryption, and {@link PrivacyKit#fields()} says so. Requires {@link #subjectKeys(SubjectKeyStore)}.
         *
         * @param provider the KEK provider
         * @return this builder
         * @throws InvalidInputException if {@code provider} is null
         * @throws ConfigurationException if a provider was already given
         */
        public Builder keyEncryptionKeys(KeyEncryptionKeyProvider provider) {
            this.keyEncryptionKeys = once(this.keyEncryptionKeys, provider, "keyEncryptionKeys");
            return this;
        }

        /**
         * Where the wrapped per-subject data keys are kept. Required with
         * {@link #keyEncryptionKeys(KeyEncryptionKeyProvider)}: there is no default, since data keys
         * kept in memory would make every value unreadable after a restart.
         *
         * @param store the key store, e.g. the JPA one, or {@code InMemorySubjectKeyStore} in tests
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a store was already given
         */
        public Builder subjectKeys(SubjectKeyStore store) {
            this.subjectKeys = once(this.subjectKeys, store, "subjectKeys");
            return this;
        }

        /**
         * The root key of searchable fields: blind indexes and deterministic encryption, each field's
         * key derived from it with HKDF (at least 32 bytes, used for nothing else). Optional: without
         * it {@link PrivacyKit#blindIndex()} and {@link PrivacyKit#deterministic()} say how to give it.
         *
         * @param key the root key
         * @return this builder
         * @throws InvalidInputException if {@code key} is null or shorter than 32 bytes
         * @throws ConfigurationException if a key was already given
         */
        public Builder searchableFieldsKey(SecretBytes key) {
            if (key != null && key.length() < 32) {
                throw new InvalidInputException("searchableFieldsKey", "must be at least 32 bytes");
            }
            this.searchableFieldsKey = once(this.searchableFieldsKey, key, "searchableFieldsKey");
            return this;
        }

        /**
         * The root keys of pseudonymization (tokens, FF1, Crypto-PAn, e-mail, vault look-ups), each
         * context's keys derived from them. Optional: without them {@link PrivacyKit#pseudonyms()}
         * says how to give them. Keep them apart from the pseudonymized data.
         *
         * @param keys the versioned root keys
         * @return this builder
         * @throws InvalidInputException if {@code keys} is null
         * @throws ConfigurationException if keys were already given
         */
        public Builder pseudonymizationKeys(PseudonymKeys keys) {
            this.pseudonymizationKeys = once(this.pseudonymizationKeys, keys, "pseudonymizationKeys");
            return this;
        }

        /**
         * Where the token vault keeps its mappings. Optional: an {@link InMemoryTokenVault}, lost
         * with the process.
         *
         * @param tokenVault the vault
         * @return this builder
         * @throws InvalidInputException if {@code tokenVault} is null
         * @throws ConfigurationException if a vault was already given
         */
        public Builder tokenVault(TokenVault tokenVault) {
            this.vault = once(this.vault, tokenVault, "tokenVault");
            return this;
        }

        /**
         * Builds the kit.
         *
         * @return an immutable, thread-safe kit
         * @throws ConfigurationException if no policy was given, no policy version is in force at
         *     the clock's current time, or a persistent audit store lacks its signer or pseudonym key
         */
        public PrivacyKit build() {
            if (policies == null) {
                throw new ConfigurationException("No policy: call policy(Policy.clickPhoneDefault()) for ClickPhone's"
                        + " own, or policy(Policy.load(inputStream)) for an operator's own document");
            }
            Clock kitClock = clock == null ? Clock.systemUTC() : clock;
            AuditTrail trail = auditTrail(kitClock);
            AccountDirectory directory = accounts == null ? new InMemoryAccountDirectory() : accounts;
            ConsentLedger ledger = ConsentLedger.create(policies, kitClock,
                    consentStore == null ? new InMemoryConsentStore() : consentStore, trail, directory,
                    consentStaleness == null ? ConsentLedger.DEFAULT_STALENESS : consentStaleness,
                    consentClockSkew == null ? ConsentLedger.DEFAULT_CLOCK_SKEW : consentClockSkew,
                    auditConsentChecks == null ? 0 : auditConsentChecks,
                    consentCacheSize == null ? ConsentLedger.DEFAULT_CACHE_SIZE : consentCacheSize, System::nanoTime);
            if ((keyEncryptionKeys == null) != (subjectKeys == null)) {
                throw new ConfigurationException(keyEncryptionKeys == null
                        ? "subjectKeys(...) was given without keyEncryptionKeys(...): the data keys cannot be unwrapped"
                        : "keyEncryptionKeys(...) was given without subjectKeys(...): say where the wrapped data keys"
                                + " are kept (the JPA store, or InMemorySubjectKeyStore in tests)");
            }
            EnvelopeKeys envelope = keyEncryptionKeys == null ? null
                    : EnvelopeKeys.create(keyEncryptionKeys, subjectKeys, kitClock);
            PrivacyKit kit = new PrivacyKit(policies, kitClock, trail,
                    accessPolicy == null ? AccessPolicy.denyAll() : accessPolicy, directory, ledger, envelope,
                    searchableFieldsKey, pseudonymizationKeys, vault == null ? new InMemoryTokenVault() : vault);
            kit.policy();
            return kit;
        }

        /** Resolves the audit store, signer and pseudonym key; the in-memory defaults get fresh random keys. */
        private AuditTrail auditTrail(Clock kitClock) {
            int interval = checkpointInterval == null ? DEFAULT_CHECKPOINT_INTERVAL : checkpointInterval;
            if (auditStore != null && (signer == null || pseudonymKey == null)) {
                throw new ConfigurationException("An audit store was given without "
                        + (signer == null ? "signer(...)" : "pseudonymKey(...)")
                        + ": a persistent trail needs a signer and a pseudonym key that outlive the process,"
                        + " or its checkpoints and pseudonyms cannot be verified after a restart");
            }
            if (auditStore != null) {
                return AuditTrail.create(auditStore, signer, pseudonymKey, kitClock, interval);
            }
            LOG.info("Audit trail kept in memory: fine for tests and demos, lost when the process ends");
            SecureRandom random = new SecureRandom();
            Signer kitSigner = signer != null ? signer
                    : HmacSha256Signer.create(SecretBytes.random(32, random), "in-memory");
            SecretBytes key = pseudonymKey != null ? pseudonymKey : SecretBytes.random(32, random);
            return AuditTrail.create(new InMemoryAuditLogStore(), kitSigner, key, kitClock, interval);
        }
    }
}
