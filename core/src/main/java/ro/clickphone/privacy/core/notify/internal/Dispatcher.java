package ro.clickphone.privacy.core.notify.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * Delivers from the outbox: claims due messages per channel under an expiring lease, opens each
 * through the {@link MessageOpener}, hands it to its channel under a time-out, and records the
 * outcome — delivered, retried after a jittered exponential back-off, or a dead letter — auditing
 * every try.
 *
 * <h2>Reliability</h2>
 * <ul>
 *   <li><b>Nothing lost:</b> a message stays in the outbox until its outcome is recorded. A
 *       dispatcher that crashes leaves its claims to expire; another one (or the same kit after a
 *       restart) then tries the message again.</li>
 *   <li><b>Never twice:</b> a message whose delivery is recorded is never claimed again. The window
 *       between a channel's acceptance and that record (a crash, an outbox failure, a lost lease) is
 *       closed by the channel's idempotency per key: the next try with the same key gets the first
 *       delivery's receipt.</li>
 *   <li><b>Audited before recorded:</b> each try's audit entry ({@code notify.attempt}, and
 *       {@code notify.dead-letter} for the last) is written before its outcome is recorded in the
 *       outbox; if the audit trail fails, the outcome is not recorded and the message is tried
 *       again once the lease expires, so no recorded outcome stands unaudited. An outcome the outbox
 *       refuses (the lease was lost) or fails to record is audited as {@code notify.unrecorded}.
 *       Entries carry the subject (as the trail's pseudonym), the message id (its keyed reference if
 *       it might be personal data), the channel, the try's number and the failure code; never an
 *       address or text.</li>
 *   <li><b>Isolation:</b> each channel has its own worker and its own sending threads; a hung
 *       channel holds only its own worker, for one attempt time-out per try. A try that outlasts
 *       the time-out is abandoned (its thread interrupted) and counts as a transient failure
 *       {@code timeout}; a channel with {@value #SENDS_PER_CHANNEL} abandoned tries still running
 *       gets no more until one ends.</li>
 *   <li><b>Leases:</b> a try starts only while the claim's lease will outlast its time-out;
 *       otherwise the rest of the batch is released and claimed again under a fresh lease.</li>
 * </ul>
 *
 * <p>Lease and retry times come from the given clock; the waits between polls and the time-outs
 * are real time. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Actor ACTOR = Actor.system("notify-dispatcher", Set.of());
    /** How many tries of one channel may run at once: the current one and abandoned ones still running. */
    static final int SENDS_PER_CHANNEL = 4;
    /** How long closing waits, after interrupting the workers, for them to release their claims. */
    private static final Duration RELEASE_BOUND = Duration.ofSeconds(5);
    private static final SecureRandom OWNER_IDS = new SecureRandom();

    private final OutboxStore outbox;
    private final Map<String, Lane> lanes;
    private final MessageOpener opener;
    private final AuditTrail audit;
    private final Clock clock;
    private final DispatchSettings settings;
    /** Not necessarily thread-safe (a seeded generator in tests): guarded by itself. */
    private final RandomGenerator jitter;
    private final String owner;
    private final ExecutorService workers;
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    /** Guarded by {@link #lifecycle}. */
    private boolean started;
    /** Guarded by {@link #lifecycle}. */
    private boolean closed;

    /**
     * A dispatcher over an outbox; it does nothing until {@link #start()} or {@link #runOnce()}.
     *
     * @param outbox the outbox
     * @param channels the channels, by the id outbox messages name them with ({@link OutboxMessage#channel()})
     * @param opener prepares a claimed message for its channel
     * @param audit where every try is audited
     * @param clock the time of leases and of next tries
     * @param settings tries, back-off, time-outs, lease, batch, poll interval, shutdown grace
     * @param jitter draws the random part of each back-off
     * @throws InvalidInputException if an argument is null, or a channel id is not a lower-case name
     */
    public Dispatcher(OutboxStore outbox, Map<String, NotificationChannel> channels, MessageOpener opener,
            AuditTrail audit, Clock clock, DispatchSettings settings, RandomGenerator jitter) {
        this.outbox = notNull(outbox, "outbox");
        this.opener = notNull(opener, "opener");
        this.audit = notNull(audit, "audit");
        this.clock = notNull(clock, "clock");
        this.settings = notNull(settings, "settings");
        this.jitter = notNull(jitter, "jitter");
        notNull(channels, "channels");
        this.owner = newOwner();
        this.workers = Executors.newCachedThreadPool(daemons("privacy-notify-" + owner + "-worker-"));
        Map<String, Lane> byId = new TreeMap<>();
        channels.forEach((id, channel) -> {
            if (!Names.isName(id)) {
                throw new InvalidInputException("channels", "channel ids must be " + Names.RULE);
            }
            byId.put(id, new Lane(id, notNull(channel, "channels")));
        });
        this.lanes = Map.copyOf(byId);
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** One id per dispatcher instance: its leases name it, so its records are its own. */
    private static String newOwner() {
        byte[] bytes = new byte[8];
        OWNER_IDS.nextBytes(bytes);
        return "d-" + HexFormat.of().formatHex(bytes);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            // A kit its application forgot to close must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts delivering in the background: one worker per channel claims due messages, tries
     * them, and waits for the poll interval (or a {@link #wake()}) when none is due. Calling it
     * again does nothing.
     *
     * @throws IllegalStateException if the dispatcher is closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("The dispatcher is closed");
            }
            if (started) {
                return;
            }
            started = true;
            for (Lane lane : lanes.values()) {
                workers.execute(() -> work(lane));
            }
        }
    }

    /**
     * One synchronous pass: every channel, in parallel, tries the messages that were due when the
     * pass began, claiming batch after batch until none is left; a message tried in the pass is
     * not tried again in it (its next try is due later). Usable without {@link #start()}, and
     * beside it. If the calling thread is interrupted, the pass stops after the tries in flight.
     *
     * @return what the pass did
     * @throws IllegalStateException if the dispatcher is closed
     * @throws ro.clickphone.privacy.spi.StoreException if the outbox failed to give a batch; the
     *     outcomes recorded before it stand
     */
    public DispatchReport runOnce() {
        if (closing) {
            throw new IllegalStateException("The dispatcher is closed");
        }
        Instant boundary = clock.instant();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Tally>> passes = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            try {
                passes.add(workers.submit(() -> pass(lane, boundary, stop)));
            } catch (RejectedExecutionException e) {
                break; // closed meanwhile: the passes started finish, nothing more starts
            }
        }
        Tally total = new Tally();
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<Tally> pass : passes) {
            while (true) {
                try {
                    Tally tally = pass.get();
                    total.add(tally);
                    if (failure == null) {
                        failure = tally.failure;
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true); // the passes stop between tries; wait for the tries in flight
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r && failure == null) {
                        failure = r;
                    } else if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return total.report();
    }

    /**
     * Tells the workers that messages were written: each looks for due ones now instead of at its
     * next poll. Never blocks.
     */
    public void wake() {
        for (Lane lane : lanes.values()) {
            lane.wake();
        }
    }

    /**
     * Stops: no more claims; tries in flight get up to the shutdown grace to finish, and are then
     * abandoned (their threads interrupted) with their messages returned to the outbox untried,
     * as are claimed messages not yet tried. Returns within the grace and a few seconds for the
     * releases. Does not close the channels. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            for (Lane lane : lanes.values()) {
                lane.wake();
            }
            workers.shutdown();
            boolean interrupted = false;
            try {
                if (!workers.awaitTermination(settings.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)) {
                    workers.shutdownNow();
                    if (!workers.awaitTermination(RELEASE_BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                        LOG.warn("Notification workers did not stop within {} of being interrupted; their claims"
                                + " expire with their leases", RELEASE_BOUND);
                    }
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                interrupted = true;
            }
            for (Lane lane : lanes.values()) {
                lane.sender.shutdownNow(); // abandoned tries still hanging
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #close()} was called; for tests that must act while it waits. */
    boolean isClosing() {
        return closing;
    }

    /** The id its leases name. */
    String owner() {
        return owner;
    }

    // --- the channel workers -----------------------------------------------------------------------

    /** The background loop of one channel. */
    private void work(Lane lane) {
        try {
            while (!closing) {
                try {
                    if (!workOnce(lane)) {
                        lane.idle();
                    }
                } catch (RuntimeException e) {
                    // A message in hand stays claimed until its lease expires, then is tried again.
                    LOG.error("The notification worker of channel {} failed ({}); it goes on after {}", lane.id,
                            e.getClass().getSimpleName(), settings.pollInterval());
                    lane.idle();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing after the grace: the claims are released
        }
    }

    /** Claims and tries one batch; whether there was one. */
    private boolean workOnce(Lane lane) {
        if (lane.jammed()) {
            lane.reportJammed();
            return false;
        }
        Instant now = clock.instant();
        Lease lease = new Lease(owner, now, now.plus(settings.lease()));
        List<OutboxMessage> batch;
        try {
            batch = outbox.claim(lane.id, lease, settings.batchSize());
        } catch (RuntimeException e) {
            LOG.warn("Claiming the due messages of channel {} failed ({}); trying again in {}", lane.id,
                    e.getClass().getSimpleName(), settings.pollInterval());
            return false;
        }
        if (batch.isEmpty()) {
            return false;
        }
        process(lane, lease, batch, null, null, new Tally());
        return true;
    }

    /** One channel's part of {@link #runOnce()}. */
    private Tally pass(Lane lane, Instant boundary, AtomicBoolean stop) {
        Tally tally = new Tally();
        while (!closing && !stop.get() && !Thread.currentThread().isInterrupted() && !lane.jammed()) {
            Instant now = clock.instant();
            Lease lease = new Lease(owner, now, now.plus(settings.lease()));
            List<OutboxMessage> batch;
            try {
                batch = outbox.claim(lane.id, lease, settings.batchSize());
            } catch (RuntimeException e) {
                tally.failure = e;
                break;
            }
            if (batch.isEmpty() || !process(lane, lease, batch, boundary, stop, tally)) {
                break;
            }
        }
        return tally;
    }

    /**
     * Tries a claimed batch in order.
     *
     * @param boundary a pass's start: messages due later are released and end the pass; null in the background
     * @param stop a pass's stop flag, or null
     * @return whether to claim again
     */
    private boolean process(Lane lane, Lease lease, List<OutboxMessage> batch, Instant boundary, AtomicBoolean stop,
            Tally tally) {
        for (int i = 0; i < batch.size(); i++) {
            OutboxMessage message = batch.get(i);
            if (closing || (stop != null && stop.get()) || Thread.currentThread().isInterrupted()) {
                release(batch, i, tally);
                return false;
            }
            if (boundary != null && message.nextAttemptAt().isAfter(boundary)) {
                release(batch, i, tally); // claims come in order of due time: the rest is later still
                return false;
            }
            if (!lease.holdsAt(clock.instant().plus(settings.attemptTimeout()))) {
                release(batch, i, tally); // claimed again at once, under a fresh lease
                return true;
            }
            if (!lane.sends.tryAcquire()) {
                lane.reportJammed();
                release(batch, i, tally);
                return false;
            }
            try {
                attempt(lane, message, tally);
            } catch (InterruptedException e) {
                // Closing after the grace: the try is abandoned untried as far as the outbox knows.
                release(batch, i, tally);
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** One try; the caller acquired a sending permit, which this hands on or gives back. */
    private void attempt(Lane lane, OutboxMessage message, Tally tally) throws InterruptedException {
        int attempt = message.attempts() + 1;
        OutboundMessage out;
        boolean permitHandedOn = false;
        try {
            try {
                out = opener.open(message);
                if (out == null) {
                    throw new DeliveryProblem(false, "open-error");
                }
            } catch (DeliveryProblem p) {
                conclude(lane, message, attempt, p.asFailure(), tally);
                return;
            } catch (RuntimeException e) {
                LOG.warn("Opening outbox message {} for channel {} failed ({}); it is tried again", ref(message),
                        lane.id, e.getClass().getSimpleName());
                conclude(lane, message, attempt, DeliveryFailure.transientFailure("open-error"), tally);
                return;
            }
            Future<DeliveryResult> sending;
            try {
                sending = lane.sender.submit(() -> {
                    try {
                        return lane.channel.send(out);
                    } finally {
                        lane.sends.release();
                    }
                });
                permitHandedOn = true;
            } catch (RejectedExecutionException e) {
                throw new InterruptedException("closing"); // the senders stop only when closing
            }
            conclude(lane, message, attempt, await(lane, message, sending), tally);
        } finally {
            if (!permitHandedOn) {
                lane.sends.release();
            }
        }
    }

    /** Waits for a send within the attempt time-out; abandons it after. */
    private DeliveryResult await(Lane lane, OutboxMessage message, Future<DeliveryResult> sending)
            throws InterruptedException {
        try {
            DeliveryResult result = sending.get(settings.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (result == null) {
                LOG.warn("Channel {} returned no result for outbox message {}; it is tried again", lane.id,
                        ref(message));
                return DeliveryFailure.transientFailure("channel-error");
            }
            return result;
        } catch (TimeoutException e) {
            sending.cancel(true);
            LOG.warn("Channel {} did not answer within {} for outbox message {}; the try is abandoned", lane.id,
                    settings.attemptTimeout(), ref(message));
            return DeliveryFailure.transientFailure("timeout");
        } catch (ExecutionException e) {
            LOG.warn("Channel {} failed on outbox message {} ({}); it is tried again", lane.id, ref(message),
                    e.getCause().getClass().getSimpleName());
            return DeliveryFailure.transientFailure("channel-error");
        } catch (InterruptedException e) {
            sending.cancel(true);
            throw e;
        }
    }

    /** Audits a try and records its outcome. */
    private void conclude(Lane lane, OutboxMessage message, int attempt, DeliveryResult result, Tally tally) {
        Instant now = clock.instant();
        if (result instanceof DeliveryReceipt receipt) {
            if (audited(message, entry("notify.attempt", AuditOutcome.SUCCESS, message, lane, attempt))) {
                record(lane, message, attempt, () -> outbox.recordDelivered(message.id(), owner, receipt, now),
                        tally, Outcome.DELIVERED);
            } else {
                tally.unrecorded++;
            }
            return;
        }
        DeliveryFailure failure = (DeliveryFailure) result;
        boolean dead = failure.permanent() || attempt >= settings.maxAttempts();
        boolean audited = audited(message, entry("notify.attempt", AuditOutcome.FAILED, message, lane, attempt)
                .withDetail("code", failure.code()));
        if (audited && dead) {
            audited = audited(message, entry("notify.dead-letter", AuditOutcome.FAILED, message, lane, attempt)
                    .withDetail("code", failure.code()));
        }
        if (!audited) {
            tally.unrecorded++;
        } else if (dead) {
            LOG.warn("Outbox message {} is a dead letter after {} tr{} on channel {} ({})", ref(message), attempt,
                    attempt == 1 ? "y" : "ies", lane.id, failure.code());
            record(lane, message, attempt, () -> outbox.recordDead(message.id(), owner, failure.code(), now), tally,
                    Outcome.DEAD);
        } else {
            Instant retryAt = now.plus(backoff(attempt));
            record(lane, message, attempt, () -> outbox.recordRetry(message.id(), owner, failure.code(), retryAt),
                    tally, Outcome.RETRIED);
        }
    }

    private enum Outcome { DELIVERED, RETRIED, DEAD }

    /** Records an audited outcome in the outbox; a refusal or failure is audited and counted, never retried. */
    private void record(Lane lane, OutboxMessage message, int attempt, BooleanSupplier write, Tally tally,
            Outcome outcome) {
        String cause;
        try {
            if (write.getAsBoolean()) {
                switch (outcome) {
                    case DELIVERED -> tally.delivered++;
                    case RETRIED -> tally.retried++;
                    default -> tally.dead++;
                }
                return;
            }
            cause = "lease-lost";
            LOG.warn("The outcome of a try of outbox message {} on channel {} was refused: its lease was lost",
                    ref(message), lane.id);
        } catch (RuntimeException e) {
            cause = "store-error";
            LOG.error("Recording the outcome of a try of outbox message {} on channel {} failed ({}); it is tried"
                    + " again once its lease expires", ref(message), lane.id, e.getClass().getSimpleName());
        }
        tally.unrecorded++;
        audited(message, entry("notify.unrecorded", AuditOutcome.FAILED, message, lane, attempt)
                .withDetail("code", cause));
    }

    private AuditEvent entry(String action, AuditOutcome outcome, OutboxMessage message, Lane lane, int attempt) {
        return AuditEvent.of(ACTOR, action, outcome).withSubject(message.subject()).withDetail("message", ref(message))
                .withDetail("channel", lane.id).withDetail("attempt", Integer.toString(attempt));
    }

    /**
     * How logs and audit entries name a message: its id, or the id's keyed reference in the trail
     * ({@link AuditTrail#valueRef}) when the id might be personal data (a caller chose an
     * idempotency key with a phone number or an address in it).
     */
    private String ref(OutboxMessage message) {
        return mayBePersonal(message.id()) ? audit.valueRef(message.id()) : message.id();
    }

    /**
     * Whether an id might hold a phone number, an e-mail address or an IP address: an {@code @}, two
     * colons, or a run of digits and separators not glued to letters with 7 or more digits (or 3
     * dots and 4 digits). Wider than the audit trail's own check, which refuses such values.
     */
    static boolean mayBePersonal(String id) {
        if (id.indexOf('@') >= 0 || id.indexOf(':') != id.lastIndexOf(':')) {
            return true;
        }
        int i = 0;
        while (i < id.length()) {
            if (!isDigit(id.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int lastDigit = i;
            int digits = 0;
            int dots = 0;
            for (; i < id.length() && (isDigit(id.charAt(i)) || ".-/()+".indexOf(id.charAt(i)) >= 0); i++) {
                if (isDigit(id.charAt(i))) {
                    digits++;
                    lastDigit = i;
                } else if (id.charAt(i) == '.') {
                    dots++;
                }
            }
            boolean glued = start > 0 && Character.isLetter(id.charAt(start - 1))
                    || lastDigit + 1 < id.length() && Character.isLetter(id.charAt(lastDigit + 1));
            if (!glued && digits >= 7 || dots >= 3 && digits >= 4) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Writes an entry; whether the trail has it. */
    private boolean audited(OutboxMessage message, AuditEvent event) {
        try {
            audit.record(event);
            return true;
        } catch (InvalidInputException e) {
            // An idempotency key shaped like a phone number or an address: the trail refuses it, and
            // gets the key's keyed reference instead.
            try {
                audit.record(event.withDetail("message", audit.valueRef(message.id())));
                LOG.warn("The audit trail refused outbox message {}'s id as personal data; the entry names its keyed"
                        + " reference", audit.valueRef(message.id()));
                return true;
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            LOG.error("The audit trail refused the entry {} ({}); the outcome is not recorded", event.action(),
                    e.getClass().getSimpleName());
            return false;
        } catch (RuntimeException e) {
            LOG.error("The audit entry {} failed ({}); the outcome is not recorded and the message is tried again"
                    + " once its lease expires", event.action(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Returns the untried rest of a batch to the outbox. */
    private void release(List<OutboxMessage> batch, int from, Tally tally) {
        // An interrupted thread may fail a store's I/O: release with the flag clear, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            for (int i = from; i < batch.size(); i++) {
                try {
                    if (outbox.release(batch.get(i).id(), owner)) {
                        tally.released++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Releasing outbox message {} failed ({}); its lease expires instead", ref(batch.get(i)),
                            e.getClass().getSimpleName());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- back-off ------------------------------------------------------------------------------------

    /** The wait after failed try {@code attempt}: uniform in [1 ms, {@link #backoffBound}] ("full jitter"). */
    private Duration backoff(int attempt) {
        long bound = backoffBound(settings, attempt).toMillis();
        long wait;
        synchronized (jitter) {
            wait = 1 + jitter.nextLong(bound);
        }
        return Duration.ofMillis(wait);
    }

    /**
     * The largest wait after failed try {@code attempt}: {@code min(maxBackoff, initialBackoff *
     * 2^(attempt-1))}, in whole milliseconds.
     *
     * @param settings the settings
     * @param attempt the try's number, from 1
     * @return the bound, at least a millisecond
     */
    static Duration backoffBound(DispatchSettings settings, int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        int doublings = Math.max(0, attempt - 1);
        // initial << doublings stays positive while the shift keeps a leading zero.
        long bound = doublings < Long.numberOfLeadingZeros(initial) ? Math.min(max, initial << doublings) : max;
        return Duration.ofMillis(bound);
    }

    // --- per channel -----------------------------------------------------------------------------------

    /** A channel, its sending threads and its worker's wake-up signal. */
    private final class Lane {
        final String id;
        final NotificationChannel channel;
        final ExecutorService sender;
        /** Tries running on the channel, the current one and abandoned ones. */
        final Semaphore sends = new Semaphore(SENDS_PER_CHANNEL);
        /** Guarded by this lane. */
        private boolean woken;
        private volatile boolean jamReported;

        Lane(String id, NotificationChannel channel) {
            this.id = id;
            this.channel = Objects.requireNonNull(channel);
            this.sender = Executors.newCachedThreadPool(daemons("privacy-notify-" + id + "-send-"));
        }

        synchronized void wake() {
            woken = true;
            notifyAll();
        }

        /** Waits for the poll interval, a wake-up or closing. */
        synchronized void idle() throws InterruptedException {
            if (!woken && !closing) {
                TimeUnit.NANOSECONDS.timedWait(this, settings.pollInterval().toNanos());
            }
            woken = false;
        }

        boolean jammed() {
            boolean jammed = sends.availablePermits() == 0;
            if (!jammed) {
                jamReported = false;
            }
            return jammed;
        }

        void reportJammed() {
            if (!jamReported) {
                jamReported = true;
                LOG.warn("Channel {} has {} tries still running, abandoned after their time-out; it gets no more"
                        + " until one ends", id, SENDS_PER_CHANNEL);
            }
        }
    }

    /** Counts of one pass, confined to its thread. */
    private static final class Tally {
        int delivered;
        int retried;
        int dead;
        int released;
        int unrecorded;
        RuntimeException failure;

        void add(Tally other) {
            delivered += other.delivered;
            retried += other.retried;
            dead += other.dead;
            released += other.released;
            unrecorded += other.unrecorded;
        }

        DispatchReport report() {
            return new DispatchReport(delivered, retried, dead, released, unrecorded);
        }
    }

    @Override
    public String toString() {
        return "Dispatcher[owner=" + owner + ", channels=" + lanes.keySet() + "]";
    }
}
