package ro.clickphone.privacy.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.incident.IncidentRegister;
import ro.clickphone.privacy.core.incident.internal.BreachNoticeSender;
import ro.clickphone.privacy.core.incident.internal.IncidentLedger;
import ro.clickphone.privacy.core.internal.GuardedMetrics;
import ro.clickphone.privacy.core.internal.KitContexts;
import ro.clickphone.privacy.core.internal.SourceCapabilities;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.notify.LoggingChannel;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.notify.Notifications;
import ro.clickphone.privacy.core.notify.internal.ChannelRegistry;
import ro.clickphone.privacy.core.notify.internal.Dispatcher;
import ro.clickphone.privacy.core.notify.internal.KitMessageOpener;
import ro.clickphone.privacy.core.notify.internal.MessageRenderer;
import ro.clickphone.privacy.core.notify.internal.NotifyParts;
import ro.clickphone.privacy.core.notify.internal.Sealer;
import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.core.policy.NeverStoredDefinition;
import ro.clickphone.privacy.core.policy.NeverStoredKind;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.core.rights.Rights;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.core.rights.internal.Eraser;
import ro.clickphone.privacy.core.rights.internal.ErasureStatements;
import ro.clickphone.privacy.core.rights.internal.ErasureParts;
import ro.clickphone.privacy.core.rights.internal.ExportWriter;
import ro.clickphone.privacy.core.rights.internal.RightsEngine;
import ro.clickphone.privacy.core.rights.internal.RightsParts;
import ro.clickphone.privacy.core.rights.internal.RightsSealer;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldContextGuard;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.DeterministicEncryptor;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.crypto.search.FieldGuard;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryIncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.memory.InMemoryRightsRequestStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.AttachmentSource;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * The one entry point of the ClickPhone Privacy SDK. Built once with {@link #builder()}, it wires
 * the policy, the clock, the stores and the plugins, and gives one accessor per capability. Each
 * capability's settings are one value given to the builder ({@code audit(...)}, {@code consent(...)},
 * {@code keys(...)}, ...); every store comes from one bundle ({@code stores(...)}).
 *
 * <p>A kit built without {@code stores(...)} is a <em>policy-only</em> kit: {@link #policy()},
 * {@link #policies()}, {@link #fieldContext} and {@link #clock()} work, and every other accessor
 * throws {@link ConfigurationException} saying how to give the stores. Memory is never a silent
 * default: in-memory stores are the explicit {@code stores(InMemoryStores.create())}.
 *
 * <p>Immutable and thread-safe once built. No static state: two kits in one JVM are independent.
 * A kit with notification channels delivers in the background until it is {@linkplain #close()
 * closed}; closing any other kit does nothing.
 *
 * <pre>{@code
 * PrivacyKit kit = PrivacyKit.builder()
 *         .policy(Policy.clickPhoneDefault())
 *         .stores(InMemoryStores.create())          // a persistent bundle in production (JpaStores.create(emf))
 *         .clock(Clock.systemUTC())
 *         .build();
 * ConsentDecision marketing = kit.consent().check(subject, Purpose.of("MARKETING"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PrivacyKit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyKit.class);
    /** The stores that keep nothing across a restart: these exact classes, not a package name anyone can claim. */
    private static final Set<Class<?>> IN_MEMORY = Set.of(InMemoryAuditLogStore.class, InMemoryConsentStore.class,
            InMemorySubjectKeyStore.class, InMemoryTokenVaultStore.class, InMemoryRetentionStore.class,
            InMemoryIncidentStore.class, InMemoryRightsRequestStore.class, InMemoryErasureLedger.class);
    private static final String NO_STORES = "This kit was built without stores: give"
            + " .stores(InMemoryStores.create()) for tests and demos, or a persistent bundle (the JPA plugin's"
            + " JpaStores.create(emf), or your own Stores.builder()), to the builder";

    private final PolicyArchive policies;
    /** Each archived version's field ids, indexed once: the field guards ask them on every call. */
    private final FieldRules fieldRules;
    private final Clock clock;
    private final Stores stores;
    private final AuditTrail audit;
    private final AccessControl access;
    private final ConsentLedger consent;
    private final EnvelopeKeys keys;
    private final FieldEncryptor fields;
    private final StreamEncryptor streams;
    private final BlindIndex blindIndex;
    private final DeterministicEncryptor deterministic;
    private final Pseudonyms pseudonyms;
    private final RetentionSchedule retention;
    /** Null without a channel (or stores). */
    private final Notifications notifications;
    private final Dispatcher dispatcher;
    /** The metrics listener of the kit's core, guarded ({@link GuardedMetrics}); told on close that the outbox is gone. */
    private final PrivacyMetrics metrics;
    private final ChannelRegistry channels;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IncidentRegister incidents;
    private final Rights rights;

    /** A policy-only kit. */
    private PrivacyKit(PolicyArchive policies, Clock clock) {
        this.policies = policies;
        this.fieldRules = new FieldRules(policies);
        this.clock = clock;
        this.stores = null;
        this.audit = null;
        this.access = null;
        this.consent = null;
        this.keys = null;
        this.fields = null;
        this.streams = null;
        this.blindIndex = null;
        this.deterministic = null;
        this.pseudonyms = null;
        this.retention = null;
        this.notifications = null;
        this.dispatcher = null;
        this.metrics = PrivacyMetrics.NONE;
        this.channels = null;
        this.incidents = null;
        this.rights = null;
    }

    private PrivacyKit(PolicyArchive policies, Clock clock, Stores stores, AuditSettings auditSettings,
            ConsentSettings consentSettings, AccessPolicy grants, KeySettings keySettings, SearchKeys searchKey,
            PseudonymKeys pseudonymKeys, Map<String, PersonalDataSource> sources, NotifySetup notify,
            RightsSettings rightsSettings, PrivacyMetrics listener) {
        // What the listener throws never changes what the kit does; the key events are guarded by crypto.
        PrivacyMetrics metrics = GuardedMetrics.of(listener);
        this.metrics = metrics;
        this.policies = policies;
        this.fieldRules = new FieldRules(policies);
        this.clock = clock;
        this.stores = stores;
        Wiring.Audit auditWiring = Wiring.audit();
        this.audit = auditWiring.open(stores.auditLog(), auditSettings, clock, metrics);
        this.keys = keySettings == null ? null : EnvelopeKeys.create(keySettings, stores.subjectKeys(), clock);
        // Fields and streams under one guard: an SMS body is no more storable as a stream than as a field.
        PolicyFieldGuard fieldGuard = new PolicyFieldGuard();
        this.fields = keys == null ? null : new FieldEncryptor(keys, fieldGuard);
        // The ledger's evidence context is its own (entity consent_event): it gets an encryptor of
        // its own that takes that context alone, while kit.fields() refuses the entity, so no kit
        // holder reads the evidence around the ledger's audited evidence(...) call.
        FieldEncryptor evidenceFields = keys == null ? null : new FieldEncryptor(keys, CONSENT_EVIDENCE_ONLY);
        // The ledger tells retention of withdrawals; retention is opened after it, so the hook points to it later.
        AtomicReference<Wiring.Withdrawals> withdrawals = new AtomicReference<>(Wiring.Withdrawals.NONE);
        this.consent = Wiring.consent().open(policies, clock, stores.consent(), audit,
                auditWiring.signer(auditSettings), stores.accounts(), grants, consentSettings, evidenceFields,
                (subject, purpose, at) -> withdrawals.get().withdrawn(subject, purpose, at), metrics);
        Wiring.Retention retentionWiring = Wiring.retention();
        SubjectKeyStore subjectKeys = stores.subjectKeys();
        // A retention shred retires the key versions made so far and leaves the slot usable for new
        // data; without key settings there is no key cache to sweep: the store's retire is the whole of it.
        EnvelopeKeys envelope = keys;
        Wiring.Shredder shredder = new Wiring.Shredder() {
            @Override
            public int shred(SubjectId subject, KeyScope scope, int throughVersion) {
                if (envelope != null) {
                    return envelope.retireVersions(subject, scope, throughVersion);
                }
                return throughVersion == 0 || throughVersion <= subjectKeys.retiredThrough(subject, scope) ? 0
                        : subjectKeys.retire(subject, scope, throughVersion);
            }

            @Override
            public Optional<StoredKey> latestKey(SubjectId subject, KeyScope scope) {
                return subjectKeys.latest(subject, scope);
            }

            @Override
            public boolean isDestroyed(SubjectId subject, KeyScope scope) {
                return subjectKeys.isDestroyed(subject, scope);
            }
        };
        this.retention = retentionWiring.open(this::policy, clock, stores.retention(), audit, sources, shredder,
                consentSettings.clockSkew(), consent, stores.consent(), stores.contacts(), metrics);
        withdrawals.set(retentionWiring.withdrawals(retention));
        // Breach notices go out through the notifications once they are wired; until then notifySubjects says so.
        // Breach notices go out through the kit's notifications (opened below); without a channel the
        // sender says so, and the register stops there (BreachNoticeSender's contract).
        this.incidents = new IncidentLedger(this::policy, clock, stores.incidents(), audit, this::sendBreachNotice,
                consentSettings.clockSkew());
        // After the ledger: recipients on consent and special categories are decided through it.
        this.access = Wiring.access().open(this::policyAt, grants, stores.accounts(), stores.designations(),
                stores.transferNotices(), consent, audit, clock);
        this.streams = keys == null ? null : new StreamEncryptor(keys, fieldGuard);
        this.blindIndex = searchKey == null ? null : BlindIndex.create(searchKey, new PolicySearchGuard());
        this.deterministic = searchKey == null ? null : DeterministicEncryptor.create(searchKey, new PolicySearchGuard());
        Pseudonyms base = pseudonymKeys == null ? null : Pseudonyms.create(pseudonymKeys, access.pseudonyms());
        this.pseudonyms = base == null || fields == null ? base : base.withVault(stores.tokenVault(), fields);
        this.channels = notify.channels();
        if (channels.isEmpty()) {
            this.dispatcher = null;
            this.notifications = null;
        } else {
            if (keys == null) {
                throw new ConfigurationException("Notifications are sealed in the outbox under each subject's key: give"
                        + " keys(KeySettings.of(provider)) to the builder beside the notification channels");
            }
            // The outbox's sealed messages have an encryptor of their own that takes their context alone,
            // as the ledger's evidence has; kit.fields() and kit.streams() refuse the entity.
            Sealer sealer = new Sealer(new FieldEncryptor(keys, NOTIFICATION_CONTENT_ONLY));
            StreamEncryptor attachmentStreams = streams;
            KitMessageOpener opener = new KitMessageOpener(stores.contacts(), sealer, notify.sources(),
                    () -> attachmentStreams, this::policy);
            this.dispatcher = new Dispatcher(stores.outbox(), channels.channels(), opener, audit, clock,
                    notify.settings().dispatch(), new SecureRandom(), metrics);
            if (metrics != PrivacyMetrics.NONE) {
                dispatcher.depth().refresh(); // a first count; then after every dispatch pass
                metrics.outboxDepth(dispatcher.depth().reader());
            }
            this.notifications = Wiring.notifications().open(new NotifyParts(this::policy, clock, consent, audit,
                    stores.outbox(), stores.contacts(), new MessageRenderer(), sealer, channels,
                    notify.sources().keySet(), dispatcher, closed::get));
        }
        this.rights = openRights(auditWiring.pseudonymKey(auditSettings), rightsSettings, sources);
    }

    /**
     * Opens {@code kit.rights()}: its sealer has an encryptor of its own that takes the requests'
     * sealed details alone (kit.fields() refuses the entity), the erasure ledger's subject references
     * are sealed under a key derived from the audit trail's subject-pseudonym key (which outlives every
     * backup of the main stores, as the ledger must, and which no erasure destroys).
     */
    private Rights openRights(SecretBytes ledgerSecret, RightsSettings settings, Map<String, PersonalDataSource> sources) {
        RightsSealer sealer = new RightsSealer(keys == null ? null : new FieldEncryptor(keys, RIGHTS_DETAILS_ONLY));
        ro.clickphone.privacy.spi.rights.ErasureLedger ledger = settings.erasureLedger().orElse(null);
        ErasureParts.KeyShredder shredder = ErasureParts.KeyShredder.of(keys, stores.subjectKeys());
        Eraser eraser = new Eraser(new ErasureParts(this::policy, clock, audit, stores.retention(),
                shredder, stores.tokenVault(), stores.contacts(), ledger,
                ledger == null ? null : ErasureParts.LedgerSealer.derivedFrom(ledgerSecret),
                ErasureParts.CONSENT_EVIDENCE_CATEGORY));
        ErasureStatements statements = new ErasureStatements(this::policy, shredder, stores.contacts(),
                ErasureParts.CONSENT_EVIDENCE_CATEGORY);
        return new RightsEngine(new RightsParts(this::policy, clock, stores.rights(), audit, access, consent,
                () -> notifications, sources, settings, sealer, new ExportWriter(this::policy, clock), eraser,
                statements));
    }

    /**
     * What the builder gathered for notifications: the channels (given and opened), the attachment
     * sources and the dispatch settings.
     */
    private record NotifySetup(ChannelRegistry channels, Map<String, AttachmentSource> sources,
            NotificationSettings settings) {
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
        return policyAt(clock.instant());
    }

    /** The policy in force at an instant, for access control, which decides at one instant. */
    private Policy policyAt(Instant now) {
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

    private <T> T requireStores(T capability) {
        if (stores == null) {
            throw new ConfigurationException(NO_STORES);
        }
        return capability;
    }

    /**
     * The tamper-evident audit trail every capability writes to.
     *
     * @return the audit trail
     * @throws ConfigurationException if the kit was built without stores
     */
    public AuditTrail audit() {
        return requireStores(audit);
    }

    /**
     * Access decisions: who may see which category of whose data for which purpose.
     *
     * @return the access control
     * @throws ConfigurationException if the kit was built without stores
     */
    public AccessControl access() {
        return requireStores(access);
    }

    /**
     * The consent ledger: grants, withdrawals, objections, restrictions, purpose checks, receipts.
     *
     * @return the consent ledger
     * @throws ConfigurationException if the kit was built without stores
     */
    public ConsentLedger consent() {
        return requireStores(consent);
    }

    /**
     * Retention: tags with disposal dates, legal holds, and the sweeper that disposes of due records
     * through the sources given to the builder ({@link Builder#source}).
     *
     * @return the retention schedule
     * @throws ConfigurationException if the kit was built without stores
     */
    public RetentionSchedule retention() {
        return requireStores(retention);
    }

    /**
     * The register of personal data breaches: incidents in versions, their notification deadlines
     * (the authority's 72 hours, Regulation (EU) No 611/2013's 24 hours and 3 days, the customers'
     * 24 hours), the notices to the authority, the cooperation with it, and the breach notices to the
     * subjects.
     *
     * @return the incident register
     * @throws ConfigurationException if the kit was built without stores
     */
    public IncidentRegister incidents() {
        return requireStores(incidents);
    }

    /**
     * The rights of the data subject: requests received by e-mail to the DPO or through the customer's
     * account, their deadlines (one month, Regulation 1182/71 art. 3 in Europe/Bucharest, extendable
     * once), identity verification, and their fan-out to the sources given to the builder
     * ({@link Builder#source}) with each source's progress persisted: access and portability exports,
     * rectification, law-aware erasure (with the erasure ledger of {@link RightsSettings}), restriction,
     * objection, withdrawal of consent and human review. Settings in {@link Builder#rights}.
     *
     * @return the rights
     * @throws ConfigurationException if the kit was built without stores
     */
    public Rights rights() {
        return requireStores(rights);
    }

    /**
     * Notifications: the consent gate, minimization and rendering of the policy's notification types,
     * the outbox, and delivery through the channels given to the builder ({@link Builder#channel},
     * {@link Builder#channels}).
     *
     * @return the notifications
     * @throws ConfigurationException if the kit was built without stores or without a channel: no channel
     *     is ever a silent default, not even the logging one
     */
    public Notifications notifications() {
        requireStores(notifications);
        if (notifications == null) {
            throw new ConfigurationException("No notification channel: give the builder .channel(channel) (for"
                    + " development, .channel(new LoggingChannel()), which logs a masked summary and delivers nothing),"
                    + " or .channels(Map.of(\"channels\", \"mailbox\", \"mailbox.folder\", path)) for a channel a"
                    + " provider on the class path opens (the clickphone-privacy-notify-mail module has mailbox and"
                    + " smtp). No channel is ever a default");
        }
        return notifications;
    }

    /**
     * Stops the kit's background work: the notification dispatcher stops claiming, lets the tries in
     * flight finish within its shutdown grace (a send still running after it keeps its message claimed
     * and records its own outcome when it ends; claimed messages never tried return to the outbox), and the
     * channels the kit opened through providers are closed (those given to the builder belong to the
     * caller). Afterwards {@code notifications().send(...)} throws {@link ConfigurationException}; what
     * is left in the outbox is delivered by the next kit on the same stores. Other capabilities hold
     * nothing to release and keep working. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (dispatcher != null) {
                metrics.outboxDepth(null); // the outbox is gone for this kit: its gauge lets go
                dispatcher.close();
            }
        } finally {
            if (channels != null) {
                channels.closeOpened();
            }
        }
    }

    /** The incident register's {@code BreachNoticeSender}: the kit's notifications, if it has any. */
    private BreachNoticeSender.Accepted sendBreachNotice(SubjectId subject, Map<String, Object> payload, String key) {
        if (notifications == null) {
            return BreachNoticeSender.UNCONFIGURED.send(subject, payload, key);
        }
        // a repeated key is a duplicate: the first message's id, and the time the outbox first accepted it
        String id = notifications.send(BreachNoticeSender.TYPE, subject, payload, key).id();
        Instant acceptedAt = stores.outbox().find(id).map(OutboxMessage::createdAt).orElseGet(clock::instant);
        return new BreachNoticeSender.Accepted(id, acceptedAt);
    }

    /** Starts background delivery, if the kit has channels and its settings ask for it. */
    private void startDelivery(NotificationSettings settings) {
        if (dispatcher != null && settings.autoStart()) {
            dispatcher.start();
        }
    }

    /**
     * Field-level encryption with per-subject keys, guarded by the policy at every call: a context,
     * however it was built (by {@link #fieldContext} or by hand with {@code FieldContext.of}), is
     * written only if the policy in force now lets its field be stored under its key scope (a
     * category with that key scope declares the field, and no {@code neverStored} entry lists it),
     * and is refused if it is declared for card numbers while the policy lists card data as never
     * stored (a {@code neverStored} entry of kind {@code PAYMENT_CARD}). A value is read if a policy
     * version in force at any time up to now let it be written: a field that later became never
     * stored can no longer be written or re-encrypted, but what was stored under the earlier
     * version stays readable, so that it can be exported to its subject and migrated or erased.
     * The entities {@code token_vault}, {@code consent_event} and {@code notification_outbox} are the
     * kit's own: their values are read only through the token vault, {@code consent().evidence(...)},
     * which authorise and audit each read, and the notification dispatcher.
     *
     * @return the field encryptor
     * @throws ConfigurationException if the kit was built without stores or without key settings
     */
    public FieldEncryptor fields() {
        return requireKeys(fields);
    }

    /**
     * Streaming encryption of large values (voicemail audio, fax documents) with per-subject keys,
     * guarded by the policy at every call as {@link #fields()} is: a stream is opened for encryption
     * only in a context whose field the policy in force now lets be stored under its key scope, and
     * for decryption in one some version in force up to now let be stored; a context built by hand for
     * a never-stored or undeclared field ({@code FieldContext.of("sms", "sms_content", ...)}) is
     * refused. The entities {@code consent_event} and {@code notification_outbox} are refused as for fields.
     *
     * @return the stream encryptor
     * @throws ConfigurationException if the kit was built without stores or without key settings
     */
    public StreamEncryptor streams() {
        return requireKeys(streams);
    }

    /**
     * The per-subject data keys: crypto-shredding, rotation, rewrapping after a KEK rotation.
     *
     * @return the envelope keys
     * @throws ConfigurationException if the kit was built without stores or without key settings
     */
    public EnvelopeKeys keys() {
        return requireKeys(keys);
    }

    /**
     * Blind indexes for equality look-ups on encrypted fields. Its {@code field(entity, field, ...)}
     * takes the policy's field id ({@code notification_email}, not {@code email}) and refuses, with
     * {@link PolicyViolationException}, a field the policy in force lists as never stored or that
     * none of its categories declares; the category is not named here, so any declaring category
     * will do (use {@link #fieldContext} for the value itself, which checks the category). The check
     * is the index's own {@link FieldGuard}, asked on every binding and again on every
     * {@code compute} of a bound field against the policy in force then, so neither holding this
     * object nor a field bound before a policy change gives a way around it;
     * {@code BlindIndex.create(rootKey)} outside the kit has none.
     *
     * @return the blind index
     * @throws ConfigurationException if the kit was built without stores or without a searchable-fields key
     */
    public BlindIndex blindIndex() {
        return requireSearchKey(blindIndex);
    }

    /**
     * Deterministic encryption for look-ups that must return the value. Its
     * {@code field(entity, field, ...)} takes the policy's field id and refuses the same fields as
     * {@link #blindIndex()}'s, asked again at every use of a bound field: {@code encrypt} only while
     * the policy in force lets the field be stored, {@code decrypt} (and binding) while some
     * version in force up to now did, so that values stored before the field became never stored
     * can still be exported and erased.
     *
     * @return the deterministic encryptor
     * @throws ConfigurationException if the kit was built without stores or without a searchable-fields key
     */
    public DeterministicEncryptor deterministic() {
        return requireSearchKey(deterministic);
    }

    private <T> T requireSearchKey(T capability) {
        requireStores(capability);
        if (capability == null) {
            throw new ConfigurationException("No searchable-fields key: give searchableFields(rootKey) to the builder"
                    + " (at least 32 bytes, kept as long as the index and deterministic columns)");
        }
        return capability;
    }

    private <T> T requireKeys(T capability) {
        requireStores(capability);
        if (capability == null) {
            throw new ConfigurationException("No key-encryption keys: give keys(KeySettings.of(provider)) to the"
                    + " builder, e.g. Pkcs12KeyEncryptionKeyProvider.open(path, password, kekId)");
        }
        return capability;
    }

    /**
     * Pseudonymization: keyed tokens, FF1 phone pseudonyms, Crypto-PAn IP pseudonyms, e-mail tokens,
     * each with its own key per context. Both directions are authorised by
     * {@code access().pseudonyms()}: pseudonymize through {@code pseudonyms().as(actor)}, one audit
     * entry per context and binding; every reversal names a reason code the policy declares for the
     * context and is audited, refused or done.
     *
     * @return the pseudonymization service
     * @throws ConfigurationException if the kit was built without stores or without pseudonymization keys
     */
    public Pseudonyms pseudonyms() {
        requireStores(pseudonyms);
        if (pseudonyms == null) {
            throw new ConfigurationException("No pseudonymization keys: give pseudonymization(PseudonymKeys.of(1,"
                    + " rootKey)) to the builder");
        }
        return pseudonyms;
    }

    /**
     * A token-vault tokenizer for a context whose values are of a category: each value is kept in
     * the stores bundle's token vault, encrypted under its subject's key of the category's key scope.
     * Bound to no actor, it only reverses (and erases); {@link #vaultTokenizer(String, DataCategory, Actor)}
     * tokenizes.
     *
     * @param context a lower-case name such as {@code partner_export}
     * @param category the category of the values (it must have a key scope in the policy)
     * @return the tokenizer
     * @throws ConfigurationException if the kit lacks stores, pseudonymization keys or key settings
     * @throws PolicyViolationException if the category has no key scope
     * @throws InvalidInputException if the context is malformed
     */
    public VaultTokenizer vaultTokenizer(String context, DataCategory category) {
        return vaultTokenizer(context, category, pseudonyms());
    }

    /**
     * A token-vault tokenizer that tokenizes for an actor: as {@link #vaultTokenizer(String, DataCategory)},
     * with the forward direction authorised (and audited once) as for {@code pseudonyms().as(actor)}.
     *
     * @param context a lower-case name such as {@code partner_export}
     * @param category the category of the values (it must have a key scope in the policy)
     * @param actor who tokenizes
     * @return the tokenizer
     * @throws ConfigurationException if the kit lacks stores, pseudonymization keys or key settings
     * @throws PolicyViolationException if the category has no key scope, or the actor may not
     *     pseudonymize in the context
     * @throws InvalidInputException if the context is malformed or the actor null
     */
    public VaultTokenizer vaultTokenizer(String context, DataCategory category, Actor actor) {
        return vaultTokenizer(context, category, pseudonyms().as(actor));
    }

    private VaultTokenizer vaultTokenizer(String context, DataCategory category, Pseudonyms service) {
        fields();
        if (category == null) {
            throw new InvalidInputException("category", "must not be null");
        }
        KeyScope scope = policy().keyScopeOf(category).orElseThrow(() -> new PolicyViolationException("Category "
                + category + " has no key scope in the policy: its values cannot be kept in the token vault"));
        return service.vault(context, scope);
    }

    /**
     * The context of a field holding data of a category, with the key scope the policy in force
     * gives that category.
     *
     * <p>The {@code field} is the policy's field id, one its category declares
     * ({@code categories[].fields}): {@code notification_email}, not {@code email}. The field name is
     * part of the ciphertext's associated data, so the kit, the JPA plugin and every other writer or
     * reader of the value must agree on it; the policy's id is the name they share. A field the
     * policy lists as never stored ({@code neverStored[].fields}: SMS content, card numbers) is
     * refused whatever the category, and no context given here allows card numbers, so a Luhn-valid
     * card number is refused by {@link #fields()} in every one of them. {@link #fields()} checks
     * every context again at each call, this one or one built by hand, against the policy in force
     * then.
     *
     * <pre>{@code
     * FieldContext email = kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
     * }</pre>
     *
     * @param entity the entity (table) name; free, e.g. {@code account}
     * @param field the policy's field id, declared by the category
     * @param category the category of the data in the field
     * @return the context
     * @throws PolicyViolationException if the policy does not declare the category, or does not
     *     encrypt it with per-subject keys (it has no key scope), lists the field as never stored,
     *     or the category does not declare the field
     * @throws InvalidInputException if a name is malformed or the category null
     */
    public FieldContext fieldContext(String entity, String field, DataCategory category) {
        Policy policy = policy();
        CategoryDefinition definition = policy.category(category);
        checkNames(entity, field);
        FieldIds ids = fieldRules.of(policy);
        ids.refuseNeverStored(entity, field);
        if (!definition.fields().contains(field)) {
            List<DataCategory> declaring = ids.declaredBy().getOrDefault(field, List.of());
            throw new PolicyViolationException("Field " + entity + "." + field + " is not a field of category "
                    + category + ": the policy's categories[" + category + "].fields do not declare it"
                    + (declaring.isEmpty() ? "; give the policy's field id" : " (declared by " + declaring + ")"));
        }
        KeyScope scope = definition.keyScope().orElseThrow(() -> new PolicyViolationException("Category "
                + category + " has no key scope in the policy: it is not encrypted with per-subject keys"));
        return FieldContext.of(entity, field, scope);
    }

    /** The names a field context would refuse, refused before the policy is asked about them. */
    private static void checkNames(String entity, String field) {
        if (!Names.isName(entity)) {
            throw new InvalidInputException("entity", "must be a lower-case name such as account");
        }
        if (!Names.isName(field)) {
            throw new InvalidInputException("field", "must be a lower-case field id such as notification_email");
        }
    }

    /**
     * The guard of the notifications' own encryptor: the outbox's sealed-content context and nothing
     * else (its record id is each message's, so any is allowed).
     */
    private static final FieldContextGuard NOTIFICATION_CONTENT_ONLY = new FieldContextGuard() {
        @Override
        public void checkWrite(FieldContext context) {
            if (!KitContexts.NOTIFICATION_ENTITY.equals(context.entity())
                    || !KitContexts.NOTIFICATION_FIELD.equals(context.field())
                    || !KitContexts.NOTIFICATION_SCOPE.equals(context.scope().name()) || context.cardNumbersAllowed()) {
                throw new PolicyViolationException("The notifications' encryptor takes the outbox's sealed messages"
                        + " alone, not " + context.entity() + "." + context.field());
            }
        }

        @Override
        public void checkRead(FieldContext context) {
            checkWrite(context);
        }
    };

    /**
     * The guard of the rights requests' own encryptor: their sealed details' context and nothing else
     * (its record id is each request's or task's, so any is allowed).
     */
    private static final FieldContextGuard RIGHTS_DETAILS_ONLY = new FieldContextGuard() {
        @Override
        public void checkWrite(FieldContext context) {
            if (!RightsSealer.ENTITY.equals(context.entity()) || !RightsSealer.FIELD.equals(context.field())
                    || !RightsSealer.SCOPE.equals(context.scope().name()) || context.cardNumbersAllowed()) {
                throw new PolicyViolationException("The rights requests' encryptor takes their sealed details alone,"
                        + " not " + context.entity() + "." + context.field());
            }
        }

        @Override
        public void checkRead(FieldContext context) {
            checkWrite(context);
        }
    };

    /** The consent ledger's evidence entity: {@code ConsentLedger} builds its context with it. */
    private static final String CONSENT_EVIDENCE_ENTITY = KitContexts.CONSENT_EVIDENCE_ENTITY;
    private static final String CONSENT_EVIDENCE_FIELD = KitContexts.CONSENT_EVIDENCE_FIELD;

    /**
     * The guard of the consent ledger's own encryptor: the evidence context and nothing else, so
     * the ledger's instance is of no use for any other field.
     */
    private static final FieldContextGuard CONSENT_EVIDENCE_ONLY = new FieldContextGuard() {
        @Override
        public void checkWrite(FieldContext context) {
            if (!CONSENT_EVIDENCE_ENTITY.equals(context.entity()) || !CONSENT_EVIDENCE_FIELD.equals(context.field())
                    || context.cardNumbersAllowed()) {
                throw new PolicyViolationException("The consent ledger's encryptor takes its evidence field alone, not "
                        + context.entity() + "." + context.field());
            }
        }

        @Override
        public void checkRead(FieldContext context) {
            checkWrite(context);
        }
    };

    /** The field ids of the policy version in force at the kit's clock's now. */
    private FieldIds fieldIdsNow() {
        return fieldRules.at(clock.instant(), this);
    }

    /**
     * The guard of {@link #fields()}: the policy in force now decides writes, every version in force
     * up to now reads (see {@link #fields()}). A hash look-up per call: the table per version is
     * built once, with the kit.
     */
    private final class PolicyFieldGuard implements FieldContextGuard {

        @Override
        public void checkWrite(FieldContext context) {
            refuseKitEntity(context);
            FieldIds ids = fieldIdsNow();
            if (!ids.storable(context)) {
                throw ids.refusal(context);
            }
        }

        @Override
        public void checkRead(FieldContext context) {
            refuseKitEntity(context);
            Instant now = clock.instant();
            if (!fieldRules.readable(now, PrivacyKit.this).allows(context)) {
                // Not readable means not storable now either: the version in force says why.
                throw fieldRules.at(now, PrivacyKit.this).refusal(context);
            }
        }

        private void refuseKitEntity(FieldContext context) {
            if (CONSENT_EVIDENCE_ENTITY.equals(context.entity())) {
                throw new PolicyViolationException("Entity " + CONSENT_EVIDENCE_ENTITY + " is the consent ledger's own:"
                        + " its evidence is read only through consent().evidence(reader, subject, eventId), which"
                        + " audits each read");
            }
            if (KitContexts.NOTIFICATION_ENTITY.equals(context.entity())) {
                throw new PolicyViolationException("Entity " + KitContexts.NOTIFICATION_ENTITY + " is the kit's own:"
                        + " the outbox's sealed messages are opened only by the notification dispatcher, to deliver them");
            }
            if (RightsSealer.ENTITY.equals(context.entity())) {
                throw new PolicyViolationException("Entity " + RightsSealer.ENTITY + " is the kit's own: a rights"
                        + " request's sealed details are opened only by kit.rights(), to carry the request out");
            }
        }

        @Override
        public String toString() {
            return "the policy's field ids";
        }
    }

    /**
     * The guard of the kit's searchable fields: a field the policy in force lists as never stored,
     * or that no category declares, cannot be bound as a blind index or written; a deterministic
     * field stays readable while some version in force up to now let it be stored.
     */
    private final class PolicySearchGuard implements FieldGuard {

        @Override
        public void check(String entity, String field) {
            FieldIds ids = fieldIdsNow();
            if (!ids.storable().containsKey(field)) {
                throw ids.undeclared(entity, field);
            }
        }

        @Override
        public void checkRead(String entity, String field) {
            Instant now = clock.instant();
            if (!fieldRules.readable(now, PrivacyKit.this).fields().containsKey(field)) {
                throw fieldRules.at(now, PrivacyKit.this).undeclared(entity, field);
            }
        }

        @Override
        public String toString() {
            return "the policy's field ids";
        }
    }

    /**
     * The field ids of every archived version, and the first instant of each, so that the version
     * in force at an instant is found by a few comparisons (as {@link PolicyArchive#inForceAt}
     * finds it, the day counted in the policy's time zone), with what it and the versions before
     * it let be read.
     */
    private static final class FieldRules {

        private final List<Policy> versions;
        private final Instant[] starts;
        private final FieldIds[] ids;
        private final Readable[] readable;

        FieldRules(PolicyArchive archive) {
            versions = archive.versions();
            int n = versions.size();
            starts = new Instant[n];
            ids = new FieldIds[n];
            readable = new Readable[n];
            Map<String, Set<KeyScope>> fields = new HashMap<>();
            Map<String, Set<KeyScope>> cardFields = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Policy p = versions.get(i);
                starts[i] = p.version().effectiveFrom().atStartOfDay(archive.latest().timeZone()).toInstant();
                ids[i] = FieldIds.of(p);
                ids[i].storable().forEach((f, scopes) -> fields.computeIfAbsent(f, k -> new HashSet<>()).addAll(scopes));
                if (ids[i].cardEntry().isEmpty()) {
                    ids[i].storable().forEach((f, scopes) ->
                            cardFields.computeIfAbsent(f, k -> new HashSet<>()).addAll(scopes));
                }
                readable[i] = new Readable(freeze(fields), freeze(cardFields));
            }
        }

        private static Map<String, Set<KeyScope>> freeze(Map<String, Set<KeyScope>> m) {
            Map<String, Set<KeyScope>> out = new HashMap<>();
            m.forEach((f, scopes) -> out.put(f, Set.copyOf(scopes)));
            return Map.copyOf(out);
        }

        /** The index of the version in force at an instant, or -1 before the first. */
        private int indexAt(Instant now) {
            for (int i = starts.length - 1; i >= 0; i--) {
                if (!now.isBefore(starts[i])) {
                    return i;
                }
            }
            return -1;
        }

        FieldIds at(Instant now, PrivacyKit kit) {
            int i = indexAt(now);
            if (i < 0) {
                kit.policy();   // throws the kit's ConfigurationException, naming the first effective date
                throw new ConfigurationException("No policy version is in force at " + now);
            }
            return ids[i];
        }

        Readable readable(Instant now, PrivacyKit kit) {
            int i = indexAt(now);
            if (i < 0) {
                kit.policy();
                throw new ConfigurationException("No policy version is in force at " + now);
            }
            return readable[i];
        }

        FieldIds of(Policy policy) {
            for (int i = 0; i < ids.length; i++) {
                if (versions.get(i) == policy) {
                    return ids[i];
                }
            }
            return FieldIds.of(policy);
        }
    }

    /**
     * What the versions in force up to one version let be read: each field with the key scopes it
     * was storable under, for contexts of ordinary fields and for contexts declared for card
     * numbers (only versions without a payment-card entry count for those).
     *
     * @param fields each field id with its key scopes
     * @param cardFields the same, for contexts declared for card numbers
     */
    private record Readable(Map<String, Set<KeyScope>> fields, Map<String, Set<KeyScope>> cardFields) {

        boolean allows(FieldContext context) {
            Set<KeyScope> scopes = (context.cardNumbersAllowed() ? cardFields : fields).get(context.field());
            return scopes != null && scopes.contains(context.scope());
        }
    }

    /**
     * A policy's field ids: which category declares each, which are never stored, and under which
     * key scopes each may be stored.
     *
     * @param neverStored each never-stored field id with the id of its {@code neverStored} entry
     * @param declaredBy each declared field id with the categories that declare it, in document order
     * @param storable each declared field id with the key scopes of the categories that declare it
     *     and have one (no never-stored field is declared: the policy validator refuses that)
     * @param cardEntry the id of the {@code neverStored} entry of kind {@code PAYMENT_CARD}, if any:
     *     then no context declared for card numbers is opened
     */
    private record FieldIds(Map<String, String> neverStored, Map<String, List<DataCategory>> declaredBy,
            Map<String, Set<KeyScope>> storable, Optional<String> cardEntry) {

        static FieldIds of(Policy policy) {
            Map<String, String> never = new HashMap<>();
            Optional<String> card = Optional.empty();
            for (NeverStoredDefinition n : policy.neverStored()) {
                n.fields().forEach(f -> never.putIfAbsent(f, n.id()));
                if (card.isEmpty() && n.kind().filter(NeverStoredKind.PAYMENT_CARD::equals).isPresent()) {
                    card = Optional.of(n.id());
                }
            }
            Map<String, List<DataCategory>> declared = new HashMap<>();
            Map<String, Set<KeyScope>> scopes = new HashMap<>();
            for (CategoryDefinition c : policy.categories()) {
                c.fields().forEach(f -> declared.computeIfAbsent(f, k -> new ArrayList<>()).add(c.category()));
                c.keyScope().ifPresent(scope -> c.fields().forEach(f ->
                        scopes.computeIfAbsent(f, k -> new HashSet<>()).add(scope)));
            }
            Map<String, List<DataCategory>> frozen = new HashMap<>();
            declared.forEach((f, cs) -> frozen.put(f, List.copyOf(cs)));
            return new FieldIds(Map.copyOf(never), Map.copyOf(frozen), FieldRules.freeze(scopes), card);
        }

        /** Whether values may be written in a context now: the hot path, a hash look-up. */
        boolean storable(FieldContext context) {
            if (context.cardNumbersAllowed() && cardEntry.isPresent()) {
                return false;
            }
            Set<KeyScope> scopes = storable.get(context.field());
            return scopes != null && scopes.contains(context.scope());
        }

        /** Refuses a never-stored field, naming the field and the entry; never a value. */
        void refuseNeverStored(String entity, String field) {
            String entry = neverStored.get(field);
            if (entry != null) {
                throw new PolicyViolationException("Field " + entity + "." + field + " is never stored: the policy"
                        + " lists it under neverStored " + entry + ", so no field context, index, deterministic"
                        + " field or field encryption is given for it");
            }
        }

        /** Why a field is refused by the searchable fields' rule: never stored, or declared by no category. */
        PolicyViolationException undeclared(String entity, String field) {
            refuseNeverStored(entity, field);
            return new PolicyViolationException("Field " + entity + "." + field + " is declared by no category of"
                    + " the policy (categories[].fields): a searchable field takes the policy's field id");
        }

        /** Why a context is not {@link #storable(FieldContext)}. */
        PolicyViolationException refusal(FieldContext context) {
            String name = context.entity() + "." + context.field();
            if (context.cardNumbersAllowed() && cardEntry.isPresent()) {
                return new PolicyViolationException("Field " + name + " is declared for payment card numbers, which the"
                        + " policy lists as never stored (neverStored " + cardEntry.get() + "): card data never"
                        + " reaches ClickPhone (PayU handles it)");
            }
            refuseNeverStored(context.entity(), context.field());
            List<DataCategory> declaring = declaredBy.getOrDefault(context.field(), List.of());
            if (declaring.isEmpty()) {
                return new PolicyViolationException("Field " + name + " is declared by no category of the policy"
                        + " (categories[].fields): field encryption takes the policy's field id, from"
                        + " kit.fieldContext(entity, field, category)");
            }
            return new PolicyViolationException("Field " + name + " is not stored under key scope " + context.scope().name()
                    + ": the categories that declare it " + declaring + " have " + (storable.containsKey(context.field())
                    ? "key scopes " + storable.get(context.field()).stream().map(KeyScope::name).sorted().toList()
                    : "no key scope") + "; take the context from kit.fieldContext(entity, field, category)");
        }
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
        return "PrivacyKit[policies=" + policies + ", clock=" + clock + ", stores=" + (stores == null ? "none" : stores)
                + "]";
    }

    /**
     * Builds a {@link PrivacyKit}. Each option is checked when it is given and can be given once;
     * {@link #build()} checks that the options fit together. A builder is not thread-safe; the kit is.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private PolicyArchive policies;
        private Clock clock;
        private Stores stores;
        private AuditLogStore auditLog;
        private ConsentStore consentStore;
        private SubjectKeyStore subjectKeys;
        private TokenVaultStore tokenVault;
        private AccountDirectory accounts;
        private DesignationRegistry designations;
        private TransferNoticeRegister transferNotices;
        private AuditSettings auditSettings;
        private ConsentSettings consentSettings;
        private AccessPolicy accessPolicy;
        private KeySettings keySettings;
        private SearchKeys searchableFieldsKey;
        private PseudonymKeys pseudonymKeys;
        private RetentionStore retentionStore;
        private IncidentStore incidentStore;
        private OutboxStore outboxStore;
        private ContactDirectory contactDirectory;
        private final Map<String, PersonalDataSource> sources = new TreeMap<>();
        private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
        private Map<String, String> channelSettings;
        private final Map<String, AttachmentSource> attachmentSources = new TreeMap<>();
        private NotificationSettings notificationSettings;
        private RightsSettings rightsSettings;
        private PrivacyMetrics metrics;

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
         * Every store the kit keeps its state in, as one bundle: {@link InMemoryStores#create()} for
         * tests and demos, a persistent bundle in production (the JPA plugin's {@code JpaStores.create(emf)},
         * or your own).
         * Without it the kit is policy-only. A store given alone ({@link #auditLogStore},
         * {@link #consentStore}, {@link #subjectKeyStore}, {@link #tokenVaultStore},
         * {@link #accountDirectory}, {@link #designationRegistry}, {@link #transferNoticeRegister},
         * {@link #retentionStore}, {@link #incidentStore}, {@link #outboxStore}, {@link #contactDirectory})
         * replaces that store of the bundle.
         *
         * @param bundle the stores
         * @return this builder
         * @throws InvalidInputException if {@code bundle} is null
         * @throws ConfigurationException if a bundle was already given
         */
        public Builder stores(Stores bundle) {
            this.stores = once(this.stores, bundle, "stores");
            return this;
        }

        /**
         * Replaces the bundle's audit log store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if an audit log store was already given alone
         */
        public Builder auditLogStore(AuditLogStore store) {
            this.auditLog = once(this.auditLog, store, "auditLogStore");
            return this;
        }

        /**
         * Replaces the bundle's consent store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a consent store was already given alone
         */
        public Builder consentStore(ConsentStore store) {
            this.consentStore = once(this.consentStore, store, "consentStore");
            return this;
        }

        /**
         * Replaces the bundle's subject key store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a subject key store was already given alone
         */
        public Builder subjectKeyStore(SubjectKeyStore store) {
            this.subjectKeys = once(this.subjectKeys, store, "subjectKeyStore");
            return this;
        }

        /**
         * Replaces the bundle's token vault store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a token vault store was already given alone
         */
        public Builder tokenVaultStore(TokenVaultStore store) {
            this.tokenVault = once(this.tokenVault, store, "tokenVaultStore");
            return this;
        }

        /**
         * Replaces the bundle's account directory (which account each subject belongs to, for delegates).
         *
         * @param directory the directory
         * @return this builder
         * @throws InvalidInputException if {@code directory} is null
         * @throws ConfigurationException if a directory was already given alone
         */
        public Builder accountDirectory(AccountDirectory directory) {
            this.accounts = once(this.accounts, directory, "accountDirectory");
            return this;
        }

        /**
         * Replaces the bundle's designation registry (which partners each subject designated).
         *
         * @param registry the registry
         * @return this builder
         * @throws InvalidInputException if {@code registry} is null
         * @throws ConfigurationException if a registry was already given alone
         */
        public Builder designationRegistry(DesignationRegistry registry) {
            this.designations = once(this.designations, registry, "designationRegistry");
            return this;
        }

        /**
         * Replaces the bundle's transfer notice register (which subjects were told of a transfer to a
         * successor).
         *
         * @param register the register
         * @return this builder
         * @throws InvalidInputException if {@code register} is null
         * @throws ConfigurationException if a register was already given alone
         */
        public Builder transferNoticeRegister(TransferNoticeRegister register) {
            this.transferNotices = once(this.transferNotices, register, "transferNoticeRegister");
            return this;
        }

        /**
         * Replaces the bundle's retention store (retention tags, legal holds, sweep leases).
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if a retention store was already given alone
         */
        public Builder retentionStore(RetentionStore store) {
            this.retentionStore = once(this.retentionStore, store, "retentionStore");
            return this;
        }

        /**
         * Replaces the bundle's incident store (the register of personal data breaches).
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if an incident store was already given alone
         */
        public Builder incidentStore(IncidentStore store) {
            this.incidentStore = once(this.incidentStore, store, "incidentStore");
            return this;
        }

        /**
         * Replaces the bundle's outbox store (every notification until its delivery is recorded).
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if an outbox store was already given alone
         */
        public Builder outboxStore(OutboxStore store) {
            this.outboxStore = once(this.outboxStore, store, "outboxStore");
            return this;
        }

        /**
         * Replaces the bundle's contact directory (the subjects' addresses and languages, read when
         * a notification is delivered).
         *
         * @param directory the directory
         * @return this builder
         * @throws InvalidInputException if {@code directory} is null
         * @throws ConfigurationException if a contact directory was already given alone
         */
        public Builder contactDirectory(ContactDirectory directory) {
            this.contactDirectory = once(this.contactDirectory, directory, "contactDirectory");
            return this;
        }

        /**
         * Registers a system of record: retention tags records of the categories it holds, and the
         * sweeper disposes of them through it. Call once per source; names are unique. The source's
         * declared {@linkplain PersonalDataSource#capabilities() capabilities} must be exactly the
         * optional methods its class overrides (checked here, by reflection).
         *
         * @param source the source
         * @return this builder
         * @throws InvalidInputException if {@code source} is null, or its name or categories are
         *     null, malformed or empty, or its capabilities null or holding null
         * @throws ConfigurationException if a source of that name was already given, or the source
         *     declares a capability whose method it does not implement, or implements an optional
         *     method whose capability it does not declare (the message names the source and the
         *     capability)
         */
        public Builder source(PersonalDataSource source) {
            if (source == null) {
                throw new InvalidInputException("source", "must not be null");
            }
            String name = source.name();
            if (name == null) {
                throw new InvalidInputException("source.name", "must not be null");
            }
            name = RecordRef.of(name, "source").source();
            Set<DataCategory> categories = source.categories();
            if (categories == null || categories.isEmpty() || categories.stream().anyMatch(c -> c == null)) {
                throw new InvalidInputException("source.categories", "must hold at least one category and no null");
            }
            SourceCapabilities.check(name, source);
            if (sources.containsKey(name)) {
                throw new ConfigurationException("A source named " + name + " was already given; names are unique");
            }
            sources.put(name, source);
            return this;
        }

        /**
         * How the audit trail signs checkpoints and pseudonymizes subjects. Required when any store
         * the kit writes to (audit log, consent, subject keys, token vault) is persistent; when all of
         * them are {@code spi.memory} stores, {@link AuditSettings#ephemeral()} is used when none is
         * given. Ephemeral settings beside a persistent store fail {@link #build()}.
         *
         * @param settings the audit settings
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null
         * @throws ConfigurationException if audit settings were already given
         */
        public Builder audit(AuditSettings settings) {
            this.auditSettings = once(this.auditSettings, settings, "audit");
            return this;
        }

        /**
         * How the consent ledger caches, audits, seals and signs receipts. Optional:
         * {@link ConsentSettings#defaults()}, with a random seal key and receipt key beside the
         * in-memory consent store; a persistent consent store needs both given.
         *
         * @param settings the consent settings
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null
         * @throws ConfigurationException if consent settings were already given
         */
        public Builder consent(ConsentSettings settings) {
            this.consentSettings = once(this.consentSettings, settings, "consent");
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
         * The metrics listener: told, per key scope, of field and stream encryptions and
         * decryptions and key cache hits and misses; of KEK unwrap latency, consent check latency
         * and verdicts, audit append latency and checkpoint lag, the outbox's depth and delivery
         * failures by channel, and retention sweep progress. Never of a subject, a purpose, a key id
         * or a value ({@link PrivacyMetrics}). Optional: without it nothing is measured. The
         * Micrometer adapter is in the module {@code clickphone-privacy-metrics-micrometer}. The
         * kit sets it on the key settings ({@link KeySettings#withMetrics}); key settings that
         * name another listener already are refused, and a listener set on the key settings alone
         * serves the whole kit.
         *
         * @param listener the listener
         * @return this builder
         * @throws InvalidInputException if {@code listener} is null
         * @throws ConfigurationException if a listener was already given
         */
        public Builder metrics(PrivacyMetrics listener) {
            this.metrics = once(this.metrics, listener, "metrics");
            return this;
        }

        /**
         * The key-encryption keys that wrap every per-subject data key, and the data-key cache.
         * Optional: without them the kit has no field encryption, and {@link PrivacyKit#fields()}
         * says so. The wrapped data keys are kept in the bundle's subject key store.
         *
         * @param settings e.g. {@code KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(path, password, kekId))}
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null
         * @throws ConfigurationException if key settings were already given
         */
        public Builder keys(KeySettings settings) {
            this.keySettings = once(this.keySettings, settings, "keys");
            return this;
        }

        /**
         * The root key of searchable fields: blind indexes and deterministic encryption, each field's
         * key derived from it with HKDF (at least 32 bytes, used for nothing else). Optional: without
         * it {@link PrivacyKit#blindIndex()} and {@link PrivacyKit#deterministic()} say how to give it.
         *
         * @param rootKey the root key
         * @return this builder
         * @throws InvalidInputException if {@code rootKey} is null or shorter than 32 bytes
         * @throws ConfigurationException if a key was already given
         */
        public Builder searchableFields(SecretBytes rootKey) {
            if (rootKey != null && rootKey.length() < 32) {
                throw new InvalidInputException("searchableFields", "must be at least 32 bytes");
            }
            this.searchableFieldsKey = once(this.searchableFieldsKey, rootKey == null ? null : SearchKeys.of(1, rootKey),
                    "searchableFields");
            return this;
        }

        /**
         * The versioned root keys of searchable fields: the current (highest) version computes new index
         * values and deterministic ciphertexts, every older version held and not retired for a field still
         * matches through {@code candidates} and decrypts, so look-ups keep finding rows written before a
         * rotation until a re-index moved them. {@link #searchableFields(SecretBytes)} is the same as
         * {@code SearchKeys.of(1, rootKey)}.
         *
         * @param keys the versioned root keys, e.g. {@code SearchKeys.of(1, rootV1).withVersion(2, rootV2)}
         * @return this builder
         * @throws InvalidInputException if {@code keys} is null
         * @throws ConfigurationException if searchable-fields keys were already given
         * @since 0.1.0
         */
        public Builder searchableFields(SearchKeys keys) {
            this.searchableFieldsKey = once(this.searchableFieldsKey, keys, "searchableFields");
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
        public Builder pseudonymization(PseudonymKeys keys) {
            this.pseudonymKeys = once(this.pseudonymKeys, keys, "pseudonymization");
            return this;
        }

        /**
         * Registers a notification channel the caller opened (and closes). Call once per channel; ids are
         * unique. Channels given here come before those opened from {@link #channels(Map)}: a type goes
         * out through the first channel that serves its medium.
         *
         * @param channel the channel, e.g. a {@link LoggingChannel} for development
         * @return this builder
         * @throws InvalidInputException if {@code channel} is null, or its id is not a lower-case name or
         *     its media are empty
         * @throws ConfigurationException if a channel with that id was already given
         */
        public Builder channel(NotificationChannel channel) {
            String id = ChannelRegistry.checkChannel(channel);
            if (channels.containsKey(id)) {
                throw new ConfigurationException("A notification channel with the id " + id + " was already given;"
                        + " ids are unique");
            }
            channels.put(id, channel);
            return this;
        }

        /**
         * Channels opened from settings through the {@link NotificationChannelProvider}s that
         * {@link ServiceLoader} finds on the class path, only those the settings name: {@code channels}
         * lists them in order ({@code mailbox,smtp}), and each provider gets the keys under its name,
         * without the prefix ({@code mailbox.folder=/var/mail/out} gives the mailbox provider
         * {@code folder}). A key under a name {@code channels} does not list is refused, as is a named
         * provider that is not found. The kit closes the channels it opens, in {@link PrivacyKit#close()}.
         *
         * <pre>{@code
         * .channels(Map.of("channels", "smtp", "smtp.host", "mail.clickphone.ro", "smtp.port", "587",
         *         "smtp.starttls", "required"))
         * }</pre>
         *
         * @param settings the settings; read once, in {@link #build()}
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null or holds a null key or value
         * @throws ConfigurationException if settings were already given
         */
        public Builder channels(Map<String, String> settings) {
            if (settings != null && settings.entrySet().stream().anyMatch(e -> e.getKey() == null
                    || e.getValue() == null)) {
                throw new InvalidInputException("channels", "must hold no null key or value");
            }
            this.channelSettings = once(this.channelSettings, settings == null ? null : Map.copyOf(settings),
                    "channels");
            return this;
        }

        /**
         * Registers where attachments are opened at delivery (a voicemail store, a fax archive): an
         * {@link ro.clickphone.privacy.spi.notify.AttachmentRef} names the source by its id. Call once
         * per source; ids are unique.
         *
         * @param source the source
         * @return this builder
         * @throws InvalidInputException if {@code source} is null or its id is not a lower-case name
         * @throws ConfigurationException if a source with that id was already given
         */
        public Builder attachmentSource(AttachmentSource source) {
            if (source == null) {
                throw new InvalidInputException("attachmentSource", "must not be null");
            }
            String id = source.id();
            if (!Names.isName(id)) {
                throw new InvalidInputException("attachmentSource.id", Names.RULE);
            }
            if (attachmentSources.containsKey(id)) {
                throw new ConfigurationException("An attachment source with the id " + id + " was already given;"
                        + " ids are unique");
            }
            attachmentSources.put(id, source);
            return this;
        }

        /**
         * How notifications are delivered: the dispatcher's settings, and whether delivery starts in the
         * background with the kit. Optional: {@link NotificationSettings#defaults()}.
         *
         * @param settings the settings
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null
         * @throws ConfigurationException if settings were already given
         */
        public Builder notifications(NotificationSettings settings) {
            this.notificationSettings = once(this.notificationSettings, settings, "notifications");
            return this;
        }

        /**
         * How {@link PrivacyKit#rights()} works: the identity verifier, the recipient notifier of
         * GDPR art. 19, the erasure ledger (kept apart from the stores bundle, so that restoring a
         * backup of the main stores does not roll it back), the public holidays, the worker's lease.
         * Optional: {@link RightsSettings#defaults()}, which has no erasure ledger (erasure requests are
         * then refused).
         *
         * @param settings the settings
         * @return this builder
         * @throws InvalidInputException if {@code settings} is null
         * @throws ConfigurationException if settings were already given
         */
        public Builder rights(RightsSettings settings) {
            this.rightsSettings = once(this.rightsSettings, settings, "rights");
            return this;
        }

        /**
         * Builds the kit.
         *
         * @return an immutable, thread-safe kit; policy-only if no stores were given
         * @throws ConfigurationException if no policy was given, no policy version is in force at the
         *     clock's current time, a store or capability setting was given without stores, or a
         *     persistent store goes without non-ephemeral {@link AuditSettings}, a persistent consent
         *     store without a seal key ({@link ConsentSettings#withSealKey}), or consent receipts
         *     without an Ed25519 signer (in the consent settings, or as the audit signer) beside a
         *     persistent consent store
         */
        public PrivacyKit build() {
            if (policies == null) {
                throw new ConfigurationException("No policy: call policy(Policy.clickPhoneDefault()) for ClickPhone's"
                        + " own, or policy(Policy.load(inputStream)) for an operator's own document");
            }
            Clock kitClock = clock == null ? Clock.systemUTC() : clock;
            if (stores == null) {
                refuseWithoutStores();
                PrivacyKit kit = new PrivacyKit(policies, kitClock);
                kit.policy();
                return kit;
            }
            Stores bundle = stores;
            bundle = auditLog == null ? bundle : bundle.withAuditLog(auditLog);
            bundle = consentStore == null ? bundle : bundle.withConsent(consentStore);
            bundle = subjectKeys == null ? bundle : bundle.withSubjectKeys(subjectKeys);
            bundle = tokenVault == null ? bundle : bundle.withTokenVault(tokenVault);
            bundle = accounts == null ? bundle : bundle.withAccounts(accounts);
            bundle = designations == null ? bundle : bundle.withDesignations(designations);
            bundle = transferNotices == null ? bundle : bundle.withTransferNotices(transferNotices);
            bundle = retentionStore == null ? bundle : bundle.withRetention(retentionStore);
            bundle = incidentStore == null ? bundle : bundle.withIncidents(incidentStore);
            bundle = outboxStore == null ? bundle : bundle.withOutbox(outboxStore);
            bundle = contactDirectory == null ? bundle : bundle.withContacts(contactDirectory);
            refuseUndeclaredSources();
            RightsSettings rights = rightsSettings == null ? RightsSettings.defaults() : rightsSettings;
            AuditSettings audit = auditSettings(bundle, rights);
            ConsentSettings consent = consentSettings(bundle);
            NotificationSettings notify = notificationSettings == null ? NotificationSettings.defaults()
                    : notificationSettings;
            // Opened last, after every other check: the channels it opens are closed again if the kit fails.
            ChannelRegistry registry = ChannelRegistry.open(List.copyOf(channels.values()), channelSettings,
                    ServiceLoader.load(NotificationChannelProvider.class));
            PrivacyMetrics fromKeys = keySettings == null ? PrivacyMetrics.NONE : keySettings.metrics();
            if (metrics != null && fromKeys != PrivacyMetrics.NONE && fromKeys != metrics) {
                throw new ConfigurationException("The key settings name a metrics listener other than the one given"
                        + " to metrics(...): give the listener once, to the builder");
            }
            PrivacyMetrics listener = metrics != null ? metrics : fromKeys;
            KeySettings keys = keySettings == null || keySettings.metrics() == listener ? keySettings
                    : keySettings.withMetrics(listener);
            PrivacyKit kit;
            try {
                kit = new PrivacyKit(policies, kitClock, bundle, audit, consent,
                        accessPolicy == null ? AccessPolicy.denyAll() : accessPolicy, keys, searchableFieldsKey,
                        pseudonymKeys, Map.copyOf(sources), new NotifySetup(registry, Map.copyOf(attachmentSources),
                                notify), rights, listener);
                kit.policy();
            } catch (RuntimeException e) {
                registry.closeOpened();
                throw e;
            }
            kit.startDelivery(notify);
            return kit;
        }

        /** Stores or settings of stateful capabilities without a bundle are a mistake, not a policy-only kit. */
        private void refuseWithoutStores() {
            boolean anyStore = auditLog != null || consentStore != null || subjectKeys != null || tokenVault != null
                    || accounts != null || designations != null || transferNotices != null || retentionStore != null
                    || incidentStore != null || outboxStore != null || contactDirectory != null || !sources.isEmpty();
            boolean anySetting = auditSettings != null || consentSettings != null || accessPolicy != null
                    || keySettings != null || searchableFieldsKey != null || pseudonymKeys != null
                    || !channels.isEmpty() || channelSettings != null || !attachmentSources.isEmpty()
                    || notificationSettings != null || rightsSettings != null || metrics != null;
            if (anyStore || anySetting) {
                throw new ConfigurationException((anyStore ? "A store was given alone" : "Capability settings were"
                        + " given") + " without a stores bundle: give stores(InMemoryStores.create()) for tests and"
                        + " demos, or a persistent bundle (the JPA plugin's JpaStores.create(emf))");
            }
        }

        /** A source holding a category no policy version declares is a configuration mistake. */
        private void refuseUndeclaredSources() {
            for (PersonalDataSource source : sources.values()) {
                for (DataCategory category : source.categories()) {
                    if (policies.versions().stream().noneMatch(p -> p.declares(category))) {
                        throw new ConfigurationException("Source " + source.name() + " holds category "
                                + category.id() + ", which the policy does not declare");
                    }
                }
            }
        }

        /**
         * A random seal key only beside the in-memory consent store: a persistent store's events would
         * outlive it, and every check on them would deny after a restart.
         */
        private ConsentSettings consentSettings(Stores bundle) {
            ConsentSettings settings = consentSettings == null ? ConsentSettings.defaults() : consentSettings;
            boolean inMemory = IN_MEMORY.contains(bundle.consent().getClass());
            if (!settings.hasReceiptSigner() && inMemory) {
                settings = settings.withReceiptSigner(Ed25519Signer.generate("ephemeral-receipts"), Instant.EPOCH);
            }
            if (settings.hasSealKey()) {
                return settings;
            }
            if (!inMemory) {
                throw new ConfigurationException("A persistent consent store (" + bundle.consent().getClass()
                        .getSimpleName() + ") needs consent(ConsentSettings.defaults().withSealKey(key)) with a key"
                        + " that outlives the process, or its events cannot be verified after a restart");
            }
            return settings.withSealKey(SecretBytes.random(32, new SecureRandom()));
        }

        /**
         * Ephemeral audit keys only when everything the kit writes is in memory too: beside a
         * persistent store, receipts and subject pseudonyms would outlive the keys that verify them.
         */
        private AuditSettings auditSettings(Stores bundle, RightsSettings rights) {
            List<Object> written = new ArrayList<>(List.of(bundle.auditLog(), bundle.consent(), bundle.subjectKeys(),
                    bundle.tokenVault(), bundle.retention(), bundle.incidents(), bundle.rights()));
            // The erasure ledger's subject references are sealed under a key derived from the audit's.
            rights.erasureLedger().ifPresent(written::add);
            Optional<String> persistent = written.stream()
                    .filter(store -> !IN_MEMORY.contains(store.getClass()))
                    .map(store -> store.getClass().getSimpleName()).findFirst();
            if (auditSettings != null && !auditSettings.isEphemeral()) {
                return auditSettings;
            }
            if (persistent.isPresent()) {
                throw new ConfigurationException("A persistent store (" + persistent.get() + ") needs"
                        + " audit(AuditSettings.of(signer, subjectPseudonymKey)) with keys that outlive the process,"
                        + " or its checkpoints, receipts and pseudonyms cannot be verified after a restart");
            }
            if (auditSettings == null) {
                LOG.info("Every store is in memory: the audit trail gets ephemeral keys, fine for tests and demos,"
                        + " lost when the process ends");
                return AuditSettings.ephemeral();
            }
            return auditSettings;
        }
    }
}
