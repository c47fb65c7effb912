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
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
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
 *   <li><b>Not twice, within what the channel promises:</b> a message whose delivery is recorded
 *       is never claimed again. A channel's acceptance and the outbox's record of it are two
 *       steps, and what happens between them depends on the channel's idempotency
 *       ({@link NotificationChannel}): an outbox failure or a lost lease in this process is covered
 *       by every channel (the next try with the same key gets the first receipt); a crash or a
 *       stop of the process is covered only by a channel that is
 *       {@linkplain NotificationChannel#idempotentAcrossRestarts() idempotent across restarts}
 *       (the mailbox channel is, SMTP is not: its memory is per process). With SMTP, a crash right
 *       after the server's reply and before the record sends the message a second time from the
 *       next process.</li>
 *   <li><b>A send that may still deliver keeps its claim:</b> a try that outlasts the attempt
 *       time-out, or that is still running when the dispatcher closes, is abandoned (its thread
 *       interrupted) and audited {@code notify.abandoned}, but its message is neither released nor
 *       counted: it stays claimed, so no other dispatcher sends it while the abandoned send may
 *       still deliver. When that send ends, its own thread audits and records the real outcome.
 *       This dispatcher never starts a second send of a message whose first is still running (a
 *       claim of it carries the running send's record); another instance may take it only once
 *       the lease expired, which a channel with a {@linkplain NotificationChannel#sendTimeLimit()
 *       send time limit} no longer than the attempt time-out never lets happen while it sends.</li>
 *   <li><b>Audited before recorded:</b> each try's audit entry ({@code notify.attempt}, and
 *       {@code notify.dead-letter} for the last) is written before its outcome is recorded in the
 *       outbox; if the audit trail fails, the outcome is not recorded and the message is tried
 *       again once the lease expires, so no recorded outcome stands unaudited. An outcome the outbox
 *       refuses (the lease was lost) or fails to record is audited as {@code notify.unrecorded}.
 *       Entries carry the subject (as the trail's pseudonym), the message's reference, the
 *       channel, the try's number and the failure code; never an address or text. The reference is
 *       the id itself if the kit drew it ({@code n-} and 32 hex digits), and the id's keyed
 *       reference in the trail ({@link AuditTrail#valueRef}) if a caller chose it: a caller's key
 *       may be telling.</li>
 *   <li><b>Isolation:</b> each channel has its own worker and its own sending threads; a hung
 *       channel holds only its own worker, for one attempt time-out per try. A channel with
 *       {@value #SENDS_PER_CHANNEL} abandoned tries still running gets no more until one ends. An
 *       error anywhere (an opener's or a channel's, even an {@link Error}) is logged by its class
 *       and the worker goes on.</li>
 *   <li><b>Leases:</b> every claim has a lease of its own (owner: this dispatcher's id and the
 *       claim's number), so an outcome of an earlier claim never changes a later one. A try starts
 *       only while its claim's lease will outlast the attempt time-out, checked again after the
 *       message was opened; otherwise the rest of the batch is released and claimed again under a
 *       fresh lease.</li>
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
    /** The ids the kit draws: written as they are; any other id is written as its keyed reference. */
    private static final Pattern DRAWN_ID = Pattern.compile("n-[0-9a-f]{32}");
    /** What a failure code that might be personal data is recorded as. */
    static final String WITHHELD_CODE = "code-withheld";

    private final OutboxStore outbox;
    private final Map<String, Lane> lanes;
    private final MessageOpener opener;
    private final AuditTrail audit;
    private final Clock clock;
    private final DispatchSettings settings;
    /** Told of each try's outcome, by channel id, once it is recorded in the outbox. */
    private final PrivacyMetrics metrics;
    /** The pending messages, counted after passes, for the metrics listener's gauge. */
    private final OutboxDepth depth;
    /** Not necessarily thread-safe (a seeded generator in tests): guarded by itself. */
    private final RandomGenerator jitter;
    private final String owner;
    private final AtomicLong claims = new AtomicLong();
    private final ExecutorService workers;
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    /** Guarded by {@link #lifecycle}. */
    private boolean started;
    /** Set once, by the first {@link #close()}. */
    private final AtomicBoolean closed = new AtomicBoolean();

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
     * @throws ConfigurationException if a channel's {@linkplain NotificationChannel#sendTimeLimit()
     *     send time limit} is longer than the attempt time-out (the dispatcher would abandon healthy sends)
     */
    public Dispatcher(OutboxStore outbox, Map<String, NotificationChannel> channels, MessageOpener opener,
            AuditTrail audit, Clock clock, DispatchSettings settings, RandomGenerator jitter) {
        this(outbox, channels, opener, audit, clock, settings, jitter, PrivacyMetrics.NONE);
    }

    /**
     * A dispatcher that tells a metrics listener of each try's outcome, by channel.
     *
     * @param outbox the outbox
     * @param channels the channels, by the id outbox messages name them with ({@link OutboxMessage#channel()})
     * @param opener prepares a claimed message for its channel
     * @param audit where every try is audited
     * @param clock the time of leases and of next tries
     * @param settings tries, back-off, time-outs, lease, batch, poll interval, shutdown grace
     * @param jitter draws the random part of each back-off
     * @param metrics told of deliveries and failed tries
     * @throws InvalidInputException if an argument is null, or a channel id is not a lower-case name
     * @throws ConfigurationException if a channel's send time limit is longer than the attempt time-out
     */
    public Dispatcher(OutboxStore outbox, Map<String, NotificationChannel> channels, MessageOpener opener,
            AuditTrail audit, Clock clock, DispatchSettings settings, RandomGenerator jitter, PrivacyMetrics metrics) {
        this(outbox, channels, opener, audit, clock, settings, jitter, metrics,
                id -> Executors.newCachedThreadPool(daemons("privacy-notify-" + id + "-send-")));
    }

    /** As the public constructor, with the sending threads of each channel from {@code senders} (tests). */
    Dispatcher(OutboxStore outbox, Map<String, NotificationChannel> channels, MessageOpener opener,
            AuditTrail audit, Clock clock, DispatchSettings settings, RandomGenerator jitter,
            Function<String, ExecutorService> senders) {
        this(outbox, channels, opener, audit, clock, settings, jitter, PrivacyMetrics.NONE, senders);
    }

    /** As the public constructor with a listener, with the sending threads of each channel from {@code senders}. */
    Dispatcher(OutboxStore outbox, Map<String, NotificationChannel> channels, MessageOpener opener,
            AuditTrail audit, Clock clock, DispatchSettings settings, RandomGenerator jitter, PrivacyMetrics metrics,
            Function<String, ExecutorService> senders) {
        this.metrics = notNull(metrics, "metrics");
        this.outbox = notNull(outbox, "outbox");
        this.opener = notNull(opener, "opener");
        this.audit = notNull(audit, "audit");
        this.clock = notNull(clock, "clock");
        this.settings = notNull(settings, "settings");
        this.depth = new OutboxDepth(this.outbox, settings.pollInterval());
        this.jitter = notNull(jitter, "jitter");
        notNull(channels, "channels");
        Map<String, NotificationChannel> checked = new TreeMap<>();
        channels.forEach((id, channel) -> {
            if (!Names.isName(id)) {
                throw new InvalidInputException("channels", "channel ids must be " + Names.RULE);
            }
            checked.put(id, notNull(channel, "channels"));
            Duration limit = channel.sendTimeLimit().orElse(Duration.ZERO);
            if (limit.compareTo(settings.attemptTimeout()) > 0) {
                throw new ConfigurationException("Channel " + id + " may take up to " + limit + " to send one message,"
                        + " longer than the dispatch attemptTimeout of " + settings.attemptTimeout() + ": raise"
                        + " attemptTimeout (and lease and shutdownGrace with it) to at least " + limit
                        + ", or lower the channel's own limit");
            }
        });
        this.owner = newOwner();
        this.workers = Executors.newCachedThreadPool(daemons("privacy-notify-" + owner + "-worker-"));
        Map<String, Lane> byId = new TreeMap<>();
        checked.forEach((id, channel) -> byId.put(id, new Lane(id, channel, senders.apply(id))));
        this.lanes = Map.copyOf(byId);
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** One id per dispatcher instance; its claims' leases name it with the claim's number. */
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
            if (closing) {
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
        if (metrics != PrivacyMetrics.NONE) {
            depth.refresh();
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
     * Stops: no more claims; tries in flight get up to the shutdown grace to finish. A try still
     * sending after the grace is abandoned (its thread interrupted) but keeps its message claimed:
     * it may still deliver, and its own thread records the outcome when it ends, as long as the
     * process lives; if the process ends first, the claim expires with its lease and the message
     * is tried again. Claimed messages not yet tried are returned to the outbox. Returns within
     * the grace and a few seconds. Does not close the channels. Idempotent; a concurrent
     * {@link #start()} or {@link #runOnce()} waits for no lock held here.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lifecycle) {
            closing = true; // start() checks it under the lock: no worker starts after this
        }
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
            // Abandoned sends still running are interrupted; each records its outcome when it ends.
            lane.sender.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} was called; for tests that must act while it waits. */
    boolean isClosing() {
        return closing;
    }

    /** This dispatcher's id; its claims' lease owners are this id, a dot and the claim's number. */
    String owner() {
        return owner;
    }

    /** A lease for a new claim: owned by this claim alone. */
    Lease newLease(Instant now) {
        return new Lease(owner + "." + claims.incrementAndGet(), now, now.plus(settings.lease()));
    }

    /** Free sending permits of a channel (tests). */
    int freeSends(String channel) {
        return lanes.get(channel).sends.availablePermits();
    }

    /** Whether a send of this message is running (tests). */
    boolean sending(String channel, String messageId) {
        Lane lane = lanes.get(channel);
        synchronized (lane.running) {
            return lane.running.containsKey(messageId);
        }
    }

    // --- the channel workers -----------------------------------------------------------------------

    /** The background loop of one channel: nothing it meets ends it but closing. */
    private void work(Lane lane) {
        try {
            while (!closing) {
                try {
                    if (!workOnce(lane)) {
                        lane.idle();
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Throwable e) { // NOPMD - an Error from a plug-in must not end the channel's deliveries
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
    private boolean workOnce(Lane lane) throws InterruptedException {
        if (metrics != PrivacyMetrics.NONE) {
            depth.refreshIfDue();
        }
        if (lane.jammed()) {
            lane.reportJammed();
            return false;
        }
        Lease lease = newLease(clock.instant());
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
            Lease lease = newLease(clock.instant());
            List<OutboxMessage> batch;
            try {
                batch = outbox.claim(lane.id, lease, settings.batchSize());
            } catch (RuntimeException e) {
                tally.failure = e;
                break;
            }
            int before = tally.running;
            try {
                if (batch.isEmpty() || !process(lane, lease, batch, boundary, stop, tally)
                        || tally.running - before == batch.size()) {
                    break; // nothing left, or only messages whose sends still run: they are not due
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
     * @throws InterruptedException if the dispatcher is closing after the grace; the untried rest is released
     */
    private boolean process(Lane lane, Lease lease, List<OutboxMessage> batch, Instant boundary, AtomicBoolean stop,
            Tally tally) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            OutboxMessage message = batch.get(i);
            if (closing || (stop != null && stop.get()) || Thread.currentThread().isInterrupted()) {
                release(batch, i, tally);
                return false;
            }
            if (lane.adopt(message.id(), lease.owner())) {
                // An abandoned send of it still runs: it is not sent again; the claim now carries that send's record.
                tally.running++;
                LOG.warn("Outbox message {} is claimed again while its abandoned send on channel {} still runs; it"
                        + " stays claimed for that send", ref(message), lane.id);
                continue;
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
            boolean leaseShort;
            try {
                leaseShort = !attempt(lane, lease, message, tally);
            } catch (InterruptedException e) {
                // Closing after the grace: the try in hand was settled; the rest goes back untried.
                release(batch, i + 1, tally);
                throw e;
            }
            if (leaseShort) {
                release(batch, i, tally); // opening took the lease's margin: claimed again at once (unless closing)
                return !closing;
            }
        }
        return true;
    }

    /**
     * One try; the caller acquired a sending permit, which this hands on or gives back.
     *
     * @return {@code false} if the message was not sent after all: closing began, or it was opened
     *     too late to be sent under the lease
     * @throws InterruptedException if closing interrupted the wait; the try was settled first
     *     (concluded, abandoned with its claim kept, or, if it never started, released)
     */
    private boolean attempt(Lane lane, Lease lease, OutboxMessage message, Tally tally) throws InterruptedException {
        int attempt = message.attempts() + 1;
        Try sending;
        boolean handedOn = false;
        try {
            OutboundMessage out;
            try {
                out = opener.open(message);
                if (out == null) {
                    throw new DeliveryProblem(false, "open-error");
                }
            } catch (DeliveryProblem p) {
                conclude(lane, message, lease.owner(), attempt, p.asFailure(), tally);
                return true;
            } catch (RuntimeException | Error e) { // NOPMD - an opener's Error is its failure, not the worker's
                LOG.warn("Opening outbox message {} for channel {} failed ({}); it is tried again", ref(message),
                        lane.id, e.getClass().getSimpleName());
                conclude(lane, message, lease.owner(), attempt, DeliveryFailure.transientFailure("open-error"), tally);
                return true;
            }
            if (closing || !lease.holdsAt(clock.instant().plus(settings.attemptTimeout()))) {
                return false; // closing began, or opening was slow and sending now could outlive the claim
            }
            sending = new Try(lane, message, attempt, out, lease.owner());
            lane.register(sending);
            try {
                lane.sender.execute(sending);
            } catch (RejectedExecutionException e) {
                lane.unregister(sending);
                release(List.of(message), 0, tally);
                throw new InterruptedException("closing"); // the senders stop only when closing
            }
            handedOn = true;
        } finally {
            if (!handedOn) {
                lane.sends.release();
            }
        }
        // From here the permit belongs to the try: its thread gives it back, or the cancel below does.
        DeliveryResult result;
        try {
            result = sending.result.get(settings.attemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandonOrSettle(sending, "timeout", tally);
            return true;
        } catch (InterruptedException e) {
            boolean interrupted = Thread.interrupted(); // record with the flag clear, then restore it
            try {
                abandonOrSettle(sending, "closing", tally);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a try completes normally", e); // Try.run never fails its result
        }
        concludeTry(sending, result, tally);
        return true;
    }

    /**
     * The try outlasted its wait. If it never started, it is cancelled (nothing was sent): a
     * transient {@code timeout}, or on closing a release. If it is sending, it is abandoned with
     * its claim kept and audited; its thread records the outcome. If it just finished, its
     * outcome is recorded here.
     */
    private void abandonOrSettle(Try sending, String why, Tally tally) {
        Lane lane = sending.lane;
        if (sending.stage.compareAndSet(Stage.QUEUED, Stage.CANCELLED)) {
            lane.sends.release();
            lane.unregister(sending);
            if (why.equals("closing")) {
                release(List.of(sending.message), 0, tally);
            } else {
                LOG.warn("Channel {} got no thread within {} for outbox message {}; it is tried again", lane.id,
                        settings.attemptTimeout(), ref(sending.message));
                conclude(lane, sending.message, sending.owner(), sending.attempt,
                        DeliveryFailure.transientFailure("timeout"), tally);
            }
        } else if (sending.stage.compareAndSet(Stage.SENDING, Stage.ABANDONED)) {
            Thread runner = sending.runner;
            if (runner != null) {
                runner.interrupt();
            }
            tally.abandoned++;
            LOG.warn("Channel {} did not answer within {} for outbox message {}; the try is abandoned, its message"
                    + " stays claimed until the send ends", lane.id, why.equals("closing") ? settings.shutdownGrace()
                    : settings.attemptTimeout(), ref(sending.message));
            audited(sending.message, entry("notify.abandoned", AuditOutcome.FAILED, sending.message, lane,
                    sending.attempt).withDetail("code", why));
        } else {
            concludeTry(sending, sending.result.join(), tally); // it finished meanwhile
        }
    }

    /** Records a finished try's outcome under its (possibly adopted) claim, and forgets the try. */
    private void concludeTry(Try sending, DeliveryResult result, Tally tally) {
        try {
            conclude(sending.lane, sending.message, null, sending.attempt, result, tally, sending);
        } finally {
            sending.lane.unregister(sending);
        }
    }

    /** The end of an abandoned try, on its own thread: the outcome is audited and recorded now. */
    private void concludeAbandoned(Try sending, DeliveryResult result) {
        Tally tally = new Tally();
        try {
            concludeTry(sending, result, tally);
        } catch (Throwable e) { // NOPMD - the sending thread ends here; nothing may escape to its handler
            LOG.error("Recording the end of an abandoned try of outbox message {} on channel {} failed ({}); it"
                    + " is tried again once its lease expires", ref(sending.message), sending.lane.id,
                    e.getClass().getSimpleName());
            return;
        }
        LOG.info("The abandoned try of outbox message {} on channel {} ended: {}", ref(sending.message),
                sending.lane.id, tally.delivered > 0 ? "delivered" : tally.retried > 0 ? "to be retried"
                        : tally.dead > 0 ? "a dead letter" : "not recorded");
    }

    private void conclude(Lane lane, OutboxMessage message, String claim, int attempt, DeliveryResult result,
            Tally tally) {
        conclude(lane, message, claim, attempt, result, tally, null);
    }

    /**
     * Audits a try and records its outcome, under {@code claim}, or under the current claim of
     * {@code sending} (read when the outcome is written, so that an adopting claim counts).
     */
    private void conclude(Lane lane, OutboxMessage message, String claim, int attempt, DeliveryResult result,
            Tally tally, Try sending) {
        Instant now = clock.instant();
        if (result instanceof DeliveryReceipt receipt) {
            if (audited(message, entry("notify.attempt", AuditOutcome.SUCCESS, message, lane, attempt))) {
                record(lane, message, attempt, o -> outbox.recordDelivered(message.id(), o, receipt, now),
                        claim, sending, tally, Outcome.DELIVERED);
            } else {
                tally.unrecorded++;
            }
            return;
        }
        DeliveryFailure failure = (DeliveryFailure) result;
        String code = mayBePersonal(failure.code()) ? WITHHELD_CODE : failure.code();
        boolean dead = failure.permanent() || attempt >= settings.maxAttempts();
        boolean audited = audited(message, entry("notify.attempt", AuditOutcome.FAILED, message, lane, attempt)
                .withDetail("code", code));
        if (audited && dead) {
            audited = audited(message, entry("notify.dead-letter", AuditOutcome.FAILED, message, lane, attempt)
                    .withDetail("code", code));
        }
        if (!audited) {
            tally.unrecorded++;
        } else if (dead) {
            LOG.warn("Outbox message {} is a dead letter after {} tr{} on channel {} ({})", ref(message), attempt,
                    attempt == 1 ? "y" : "ies", lane.id, code);
            record(lane, message, attempt, o -> outbox.recordDead(message.id(), o, code, now), claim, sending, tally,
                    Outcome.DEAD);
        } else {
            Instant retryAt = now.plus(backoff(attempt));
            record(lane, message, attempt, o -> outbox.recordRetry(message.id(), o, code, retryAt), claim, sending,
                    tally, Outcome.RETRIED);
        }
    }

    private enum Outcome { DELIVERED, RETRIED, DEAD }

    /** Records an audited outcome in the outbox; a refusal or failure is audited and counted, never retried. */
    private void record(Lane lane, OutboxMessage message, int attempt, Function<String, Boolean> write, String claim,
            Try sending, Tally tally, Outcome outcome) {
        String cause;
        try {
            boolean written;
            if (sending == null) {
                written = write.apply(claim);
            } else {
                synchronized (lane.running) { // a claim adopting the try waits for its record
                    written = write.apply(sending.owner());
                }
            }
            if (written) {
                switch (outcome) {
                    case DELIVERED -> tally.delivered++;
                    case RETRIED -> tally.retried++;
                    default -> tally.dead++;
                }
                told(lane, outcome);
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

    /**
     * Tells the metrics listener of a try's outcome once it is recorded in the outbox: a try whose
     * record failed is tried again and told then, never twice. The kit's listener is guarded
     * ({@code GuardedMetrics}); what a listener throws anyway (this class used alone) is caught
     * here, after the record, so that it can neither undo it nor have it audited as unrecorded.
     */
    private void told(Lane lane, Outcome outcome) {
        try {
            switch (outcome) {
                case DELIVERED -> metrics.delivered(lane.id);
                case RETRIED -> metrics.deliveryFailed(lane.id, false);
                default -> metrics.deliveryFailed(lane.id, true);
            }
        } catch (RuntimeException e) {
            LOG.warn("The metrics listener threw {} on a delivery outcome of channel {}; delivery carries on",
                    e.getClass().getName(), lane.id);
        }
    }

    /**
     * The pending messages as last counted, for the metrics listener's gauge: memory only.
     *
     * @return the depth
     */
    public OutboxDepth depth() {
        return depth;
    }

    private AuditEvent entry(String action, AuditOutcome outcome, OutboxMessage message, Lane lane, int attempt) {
        return AuditEvent.of(ACTOR, action, outcome).withSubject(message.subject()).withDetail("message", ref(message))
                .withDetail("channel", lane.id).withDetail("attempt", Integer.toString(attempt));
    }

    /**
     * How logs and audit entries name a message: its id if the kit drew it ({@code n-} and 32 hex
     * digits), otherwise the id's keyed reference in the trail ({@link AuditTrail#valueRef}): an
     * id a caller chose may be telling ({@code welcome-ion.popescu}, {@code cnp1850101123456}).
     */
    private String ref(OutboxMessage message) {
        return reference(audit, message.id());
    }

    /**
     * How the kit names a message id in logs and audit entries (the dispatcher and the
     * notifications facade alike).
     *
     * @param trail the audit trail whose keyed references are used
     * @param id the id
     * @return the id, if the kit drew it; its keyed reference otherwise
     */
    public static String reference(AuditTrail trail, String id) {
        return DRAWN_ID.matcher(id).matches() ? id : trail.valueRef(id);
    }

    /**
     * Whether a failure code might hold a phone number, an e-mail address or an IP address: an
     * {@code @}, two colons, or a run of digits and separators not glued to letters with 7 or more
     * digits (or 3 dots and 4 digits). Such a code is recorded as {@value #WITHHELD_CODE}.
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
            // A value the trail refuses as personal data: the entry goes again without the values
            // that could be it, the failure code withheld.
            try {
                AuditEvent bare = event.withDetail("message", audit.valueRef(message.id()));
                if (event.details().containsKey("code")) {
                    bare = bare.withDetail("code", WITHHELD_CODE);
                }
                audit.record(bare);
                LOG.warn("The audit trail refused a value of the entry {} on outbox message {}; the entry was written"
                        + " without it", event.action(), audit.valueRef(message.id()));
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
                OutboxMessage message = batch.get(i);
                try {
                    if (outbox.release(message.id(), message.lease().map(Lease::owner).orElse(owner))) {
                        tally.released++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Releasing outbox message {} failed ({}); its lease expires instead", ref(message),
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

    /**
     * The wait after failed try {@code attempt}: uniform between half of {@link #backoffBound} and
     * the bound ("equal jitter": dispatchers that failed together do not come back together, and
     * no wait is shorter than half its bound, so an outage is outlasted as planned).
     */
    private Duration backoff(int attempt) {
        long bound = backoffBound(settings, attempt).toMillis();
        long half = bound / 2;
        long spread;
        synchronized (jitter) {
            spread = jitter.nextLong(half + 1);
        }
        return Duration.ofMillis(bound - half + spread);
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
        return settings.backoffBound(Math.max(1, attempt));
    }

    // --- per channel -----------------------------------------------------------------------------------

    /** Where a try stands; moved by compare-and-set between the worker and the sending thread. */
    private enum Stage {
        /** Handed to the sending threads, not started. */
        QUEUED,
        /** The channel has it. */
        SENDING,
        /** Finished; the worker records the outcome. */
        DONE,
        /** Cancelled before it started: nothing was sent. */
        CANCELLED,
        /** The worker stopped waiting while it was sending: its own thread records the outcome. */
        ABANDONED
    }

    /** One try of one message on its channel's sending threads. */
    private final class Try implements Runnable {
        final Lane lane;
        final OutboxMessage message;
        final int attempt;
        private final OutboundMessage out;
        final AtomicReference<Stage> stage = new AtomicReference<>(Stage.QUEUED);
        final CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
        volatile Thread runner;
        /** The claim the outcome is recorded under; guarded by {@code lane.running}. */
        private String claim;

        Try(Lane lane, OutboxMessage message, int attempt, OutboundMessage out, String claim) {
            this.lane = lane;
            this.message = message;
            this.attempt = attempt;
            this.out = out;
            this.claim = claim;
        }

        String owner() {
            synchronized (lane.running) {
                return claim;
            }
        }

        void adoptedBy(String newClaim) {
            claim = newClaim; // the caller holds lane.running
        }

        @Override
        public void run() {
            if (!stage.compareAndSet(Stage.QUEUED, Stage.SENDING)) {
                return; // cancelled before it started; the canceller gave the permit back
            }
            DeliveryResult answer;
            runner = Thread.currentThread();
            try {
                answer = lane.channel.send(out);
                if (answer == null) {
                    LOG.warn("Channel {} returned no result for outbox message {}; it is tried again", lane.id,
                            ref(message));
                    answer = DeliveryFailure.transientFailure("channel-error");
                }
            } catch (Throwable e) { // NOPMD - a channel's Error is its failure, not the dispatcher's
                LOG.warn("Channel {} failed on outbox message {} ({}); it is tried again", lane.id, ref(message),
                        e.getClass().getSimpleName());
                answer = DeliveryFailure.transientFailure("channel-error");
            } finally {
                runner = null;
                Thread.interrupted(); // an abandoning interrupt is not the pool's business
                lane.sends.release();
            }
            if (stage.compareAndSet(Stage.SENDING, Stage.DONE)) {
                result.complete(answer);
            } else {
                concludeAbandoned(this, answer);
            }
        }
    }

    /** A channel, its sending threads, its running tries and its worker's wake-up signal. */
    private final class Lane {
        final String id;
        final NotificationChannel channel;
        final ExecutorService sender;
        /** Tries running on the channel, the current one and abandoned ones. */
        final Semaphore sends = new Semaphore(SENDS_PER_CHANNEL);
        /** The tries handed to the channel and not yet recorded, by message id; the lock of their claims. */
        final Map<String, Try> running = new HashMap<>();
        /** Guarded by this lane. */
        private boolean woken;
        private volatile boolean jamReported;

        Lane(String id, NotificationChannel channel, ExecutorService sender) {
            this.id = id;
            this.channel = Objects.requireNonNull(channel);
            this.sender = Objects.requireNonNull(sender);
        }

        void register(Try sending) {
            synchronized (running) {
                running.put(sending.message.id(), sending);
            }
        }

        void unregister(Try sending) {
            synchronized (running) {
                running.remove(sending.message.id(), sending);
            }
        }

        /** If a try of the message still runs, the new claim takes over its record; whether one did. */
        boolean adopt(String messageId, String claim) {
            synchronized (running) {
                Try sending = running.get(messageId);
                if (sending == null) {
                    return false;
                }
                sending.adoptedBy(claim);
                return true;
            }
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
        int abandoned;
        /** Claimed messages whose abandoned sends still run: neither tried nor released. */
        int running;
        RuntimeException failure;

        int attempts() {
            return delivered + retried + dead + unrecorded + abandoned;
        }

        void add(Tally other) {
            delivered += other.delivered;
            retried += other.retried;
            dead += other.dead;
            released += other.released;
            unrecorded += other.unrecorded;
            abandoned += other.abandoned;
            running += other.running;
        }

        DispatchReport report() {
            return new DispatchReport(delivered, retried, dead, released, unrecorded, abandoned);
        }
    }

    @Override
    public String toString() {
        return "Dispatcher[owner=" + owner + ", channels=" + lanes.keySet() + "]";
    }
}
