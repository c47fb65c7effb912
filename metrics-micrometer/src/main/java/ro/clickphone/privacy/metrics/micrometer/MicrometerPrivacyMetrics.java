package ro.clickphone.privacy.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/**
 * The kit's metrics listener on a Micrometer {@link MeterRegistry}: give it to the kit builder's
 * {@code metrics(MicrometerPrivacyMetrics.of(registry))}.
 *
 * <p>The meters, each named {@code clickphone.privacy.*} and tagged only with the tags listed:
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #FIELD_ENCRYPTIONS}</td><td>counter</td><td>scope</td></tr>
 *   <tr><td>{@value #FIELD_DECRYPTIONS}</td><td>counter</td><td>scope, outcome ({@code success}, {@code failure})</td></tr>
 *   <tr><td>{@value #STREAM_ENCRYPTIONS}</td><td>counter</td><td>scope</td></tr>
 *   <tr><td>{@value #STREAM_DECRYPTIONS}</td><td>counter</td><td>scope</td></tr>
 *   <tr><td>{@value #KEY_CACHE}</td><td>counter</td><td>scope, outcome ({@code hit}, {@code miss}): the
 *       <em>shared</em> cache only; hits in a thread's own key table (on by default, in front of it)
 *       are not counted, so hit/(hit+miss) can be near 0 while nearly every key use is served from
 *       memory: table hits are about encryptions plus decryptions less hits less misses</td></tr>
 *   <tr><td>{@value #KEK_UNWRAP}</td><td>timer</td><td>outcome ({@code success}, {@code failure})</td></tr>
 *   <tr><td>{@value #CONSENT_CHECKS}</td><td>timer</td><td>verdict ({@code permit}, {@code deny})</td></tr>
 *   <tr><td>{@value #AUDIT_APPENDS}</td><td>timer</td><td>outcome ({@code success}, {@code failure})</td></tr>
 *   <tr><td>{@value #AUDIT_CHECKPOINT_LAG}</td><td>gauge (entries)</td><td>none</td></tr>
 *   <tr><td>{@value #OUTBOX_DEPTH}</td><td>gauge (messages)</td><td>none: pending messages as the
 *       dispatcher last counted them (up to one page, 1 000); NaN before a kit hands its outbox over
 *       and after it closes</td></tr>
 *   <tr><td>{@value #OUTBOX_DELIVERIES}</td><td>counter</td><td>channel, outcome ({@code delivered},
 *       {@code failed}: to be tried again, {@code dead}: a dead letter)</td></tr>
 *   <tr><td>{@value #SWEEP_RECORDS}</td><td>counter</td><td>outcome ({@code disposed}, {@code failed})</td></tr>
 *   <tr><td>{@value #SWEEPS}</td><td>timer</td><td>outcome ({@code success}, {@code failure})</td></tr>
 * </table>
 *
 * <p><b>Security guarantees:</b> no meter name or tag carries personal data: the tag values are
 * the fixed words above, key scope names (checked by {@link KeyScope}: the policy's lower-case
 * names) and channel ids (lower-case names from the settings; anything else is tagged
 * {@value #OTHER}). The SDK tells the listener no subject, purpose, key id or value, and this class
 * adds none.
 *
 * <p>The per-scope counters are made once per scope and kept by the kit, so a field encryption costs
 * one counter increment. Series are bounded: up to {@value #MAX_SCOPES} scopes and
 * {@value #MAX_CHANNELS} channels are tagged by name, later ones {@value #OTHER}. The outbox depth
 * gauge reads a value the kit keeps in memory (never the store): a scrape cannot block on the
 * database.
 *
 * <p><b>One adapter per kit:</b> the checkpoint lag and the outbox depth are single gauges. A kit
 * that opens hands over its outbox depth and replaces the previous kit's; a kit that closes clears
 * it (the gauge reads NaN, and holds nothing of the kit). Two kits that run at once on one adapter
 * (or on two adapters over one registry) overwrite each other's lag and depth: give each kit its
 * own registry, or accept that the gauges show the last kit's.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MicrometerPrivacyMetrics implements PrivacyMetrics {

    /** Field values encrypted. */
    public static final String FIELD_ENCRYPTIONS = "clickphone.privacy.field.encryptions";
    /** Field values decrypted, or failed to. */
    public static final String FIELD_DECRYPTIONS = "clickphone.privacy.field.decryptions";
    /** Encrypting streams opened. */
    public static final String STREAM_ENCRYPTIONS = "clickphone.privacy.stream.encryptions";
    /** Decrypting streams opened. */
    public static final String STREAM_DECRYPTIONS = "clickphone.privacy.stream.decryptions";
    /** Shared data-key cache look-ups. */
    public static final String KEY_CACHE = "clickphone.privacy.key.cache";
    /** Data keys unwrapped by the key-encryption-key provider. */
    public static final String KEK_UNWRAP = "clickphone.privacy.kek.unwrap";
    /** Consent checks. */
    public static final String CONSENT_CHECKS = "clickphone.privacy.consent.checks";
    /** Audit trail appends. */
    public static final String AUDIT_APPENDS = "clickphone.privacy.audit.appends";
    /** Audit entries not yet under a checkpoint. */
    public static final String AUDIT_CHECKPOINT_LAG = "clickphone.privacy.audit.checkpoint.lag";
    /** Pending outbox messages. */
    public static final String OUTBOX_DEPTH = "clickphone.privacy.outbox.depth";
    /** Delivery tries, by channel and outcome. */
    public static final String OUTBOX_DELIVERIES = "clickphone.privacy.outbox.deliveries";
    /** Records a retention sweep disposed of, or failed on. */
    public static final String SWEEP_RECORDS = "clickphone.privacy.retention.sweep.records";
    /** Retention sweeps. */
    public static final String SWEEPS = "clickphone.privacy.retention.sweeps";
    /** The channel tag of an id that is not a lower-case name, and the scope or channel tag past the bound. */
    public static final String OTHER = "other";

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /** Channels tagged by id; past this many, further ids are tagged {@value #OTHER} (a bound on series). */
    public static final int MAX_CHANNELS = 64;
    /** Key scopes tagged by name; past this many, further scopes are tagged {@value #OTHER} (a bound on series). */
    public static final int MAX_SCOPES = 64;

    private final MeterRegistry registry;
    private final Timer unwrapSucceeded;
    private final Timer unwrapFailed;
    private final Timer permitted;
    private final Timer denied;
    private final Timer appended;
    private final Timer appendFailed;
    private final AtomicLong checkpointLag = new AtomicLong();
    private final Counter sweepDisposed;
    private final Counter sweepFailed;
    private final Timer sweepSucceeded;
    private final Timer sweepErred;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Scope> scopes = new ConcurrentHashMap<>();
    /** What the depth gauge reads: the open kit's reader, or null (NaN) when none. */
    private final AtomicReference<LongSupplier> depth = new AtomicReference<>();

    /** A channel's three counters. */
    private record Channel(Counter delivered, Counter failed, Counter dead) {
    }

    private MicrometerPrivacyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unwrapSucceeded = timer(KEK_UNWRAP, "outcome", "success", "Data keys unwrapped by the KEK provider");
        this.unwrapFailed = timer(KEK_UNWRAP, "outcome", "failure", "Data keys unwrapped by the KEK provider");
        this.permitted = timer(CONSENT_CHECKS, "verdict", "permit", "Consent checks");
        this.denied = timer(CONSENT_CHECKS, "verdict", "deny", "Consent checks");
        this.appended = timer(AUDIT_APPENDS, "outcome", "success", "Audit trail appends");
        this.appendFailed = timer(AUDIT_APPENDS, "outcome", "failure", "Audit trail appends");
        Gauge.builder(AUDIT_CHECKPOINT_LAG, checkpointLag, AtomicLong::doubleValue).strongReference(true)
                .baseUnit("entries").description("Audit entries appended since the last checkpoint").register(registry);
        this.sweepDisposed = counter(SWEEP_RECORDS, "outcome", "disposed", "Records a retention sweep disposed of");
        this.sweepFailed = counter(SWEEP_RECORDS, "outcome", "failed", "Records a retention sweep failed on");
        this.sweepSucceeded = timer(SWEEPS, "outcome", "success", "Retention sweeps");
        this.sweepErred = timer(SWEEPS, "outcome", "failure", "Retention sweeps");
        Gauge.builder(OUTBOX_DEPTH, depth, MicrometerPrivacyMetrics::read).strongReference(true).baseUnit("messages")
                .description("Outbox messages waiting to be delivered, as last counted (up to 1000)")
                .register(registry);
    }

    /** The depth gauge's value: NaN without an open kit. */
    private static double read(AtomicReference<LongSupplier> depth) {
        LongSupplier pending = depth.get();
        return pending == null ? Double.NaN : pending.getAsLong();
    }

    /**
     * A listener that registers its meters on a registry.
     *
     * @param registry the registry (a {@code PrometheusMeterRegistry}, a composite, ...)
     * @return the listener
     * @throws InvalidInputException if {@code registry} is null
     */
    public static MicrometerPrivacyMetrics of(MeterRegistry registry) {
        if (registry == null) {
            throw new InvalidInputException("registry", "must not be null");
        }
        return new MicrometerPrivacyMetrics(registry);
    }

    private Timer timer(String name, String tag, String value, String description) {
        return Timer.builder(name).tag(tag, value).description(description).register(registry);
    }

    private Counter counter(String name, String tag, String value, String description) {
        return Counter.builder(name).tag(tag, value).description(description).register(registry);
    }

    @Override
    public ScopeMetrics keyScope(KeyScope scope) {
        if (scope == null) {
            return ScopeMetrics.NONE;
        }
        String tag = scope.name();
        Scope s = scopes.get(tag);
        if (s != null) {
            return s;
        }
        if (scopes.size() >= MAX_SCOPES) {
            tag = OTHER;
        }
        return scopes.computeIfAbsent(tag, name -> new Scope(registry, name));
    }

    private static final String KEY_CACHE_DESCRIPTION = "Shared data-key cache look-ups (hits in a thread's own key"
            + " table, in front of it, are not counted)";

    /** One key scope's counters, made once and kept by the kit. */
    private static final class Scope implements ScopeMetrics {
        private final Counter fieldEncrypted;
        private final Counter fieldDecrypted;
        private final Counter fieldFailed;
        private final Counter streamEncrypted;
        private final Counter streamDecrypted;
        private final Counter hit;
        private final Counter miss;

        Scope(MeterRegistry registry, String scope) {
            this.fieldEncrypted = Counter.builder(FIELD_ENCRYPTIONS).tag("scope", scope)
                    .description("Field values encrypted").register(registry);
            this.fieldDecrypted = Counter.builder(FIELD_DECRYPTIONS).tag("scope", scope).tag("outcome", "success")
                    .description("Field values decrypted, or failed to").register(registry);
            this.fieldFailed = Counter.builder(FIELD_DECRYPTIONS).tag("scope", scope).tag("outcome", "failure")
                    .description("Field values decrypted, or failed to").register(registry);
            this.streamEncrypted = Counter.builder(STREAM_ENCRYPTIONS).tag("scope", scope)
                    .description("Encrypting streams opened").register(registry);
            this.streamDecrypted = Counter.builder(STREAM_DECRYPTIONS).tag("scope", scope)
                    .description("Decrypting streams opened").register(registry);
            this.hit = Counter.builder(KEY_CACHE).tag("scope", scope).tag("outcome", "hit")
                    .description(KEY_CACHE_DESCRIPTION).register(registry);
            this.miss = Counter.builder(KEY_CACHE).tag("scope", scope).tag("outcome", "miss")
                    .description(KEY_CACHE_DESCRIPTION).register(registry);
        }

        @Override
        public void fieldEncrypted() {
            fieldEncrypted.increment();
        }

        @Override
        public void fieldDecrypted() {
            fieldDecrypted.increment();
        }

        @Override
        public void fieldDecryptionFailed() {
            fieldFailed.increment();
        }

        @Override
        public void streamEncrypted() {
            streamEncrypted.increment();
        }

        @Override
        public void streamDecrypted() {
            streamDecrypted.increment();
        }

        @Override
        public void keyCacheHit() {
            hit.increment();
        }

        @Override
        public void keyCacheMiss() {
            miss.increment();
        }
    }

    @Override
    public void kekUnwrapped(long nanos, boolean succeeded) {
        (succeeded ? unwrapSucceeded : unwrapFailed).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void consentChecked(long nanos, boolean permit) {
        (permit ? permitted : denied).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void auditAppended(long nanos, boolean succeeded) {
        (succeeded ? appended : appendFailed).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void auditCheckpointLag(long entries) {
        checkpointLag.set(Math.max(0, entries));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The gauge reads the last supplier handed over (a kit that opens replaces the previous
     * one's); {@code null} (a kit that closed) clears it, and the gauge reads NaN.
     */
    @Override
    public void outboxDepth(LongSupplier pending) {
        depth.set(pending);
    }

    @Override
    public void delivered(String channel) {
        channel(channel).delivered.increment();
    }

    @Override
    public void deliveryFailed(String channel, boolean permanent) {
        Channel c = channel(channel);
        (permanent ? c.dead : c.failed).increment();
    }

    private Channel channel(String id) {
        String tag = id != null && CHANNEL.matcher(id).matches() ? id : OTHER;
        Channel c = channels.get(tag);
        if (c != null) {
            return c;
        }
        if (channels.size() >= MAX_CHANNELS) {
            tag = OTHER;
        }
        return channels.computeIfAbsent(tag, this::newChannel);
    }

    private Channel newChannel(String tag) {
        return new Channel(deliveries(tag, "delivered"), deliveries(tag, "failed"), deliveries(tag, "dead"));
    }

    private Counter deliveries(String channel, String outcome) {
        return Counter.builder(OUTBOX_DELIVERIES).tag("channel", channel).tag("outcome", outcome)
                .description("Delivery tries, by channel and outcome").register(registry);
    }

    @Override
    public void sweepProgress(long disposed, long failed) {
        if (disposed > 0) {
            sweepDisposed.increment(disposed);
        }
        if (failed > 0) {
            sweepFailed.increment(failed);
        }
    }

    @Override
    public void sweepFinished(long nanos, boolean succeeded) {
        (succeeded ? sweepSucceeded : sweepErred).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "MicrometerPrivacyMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
