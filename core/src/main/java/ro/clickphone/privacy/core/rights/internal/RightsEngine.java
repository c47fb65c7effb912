package ro.clickphone.privacy.core.rights.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.access.AccessDecision;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.notify.NotificationStatus;
import ro.clickphone.privacy.core.notify.Notifications;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.RecipientKind;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.core.rights.RequestOutcome;
import ro.clickphone.privacy.core.rights.ReviewDetails;
import ro.clickphone.privacy.core.rights.Rights;
import ro.clickphone.privacy.core.rights.RightsDeadlines;
import ro.clickphone.privacy.core.rights.RightsException;
import ro.clickphone.privacy.core.rights.RightsException.Rule;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RecipientNotice;
import ro.clickphone.privacy.spi.rights.RecipientNotifier;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.ReviewDecision;
import ro.clickphone.privacy.spi.rights.ReviewState;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.SourceProgress;
import ro.clickphone.privacy.spi.rights.SourceStatus;
import ro.clickphone.privacy.spi.rights.Verification;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Rectified;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/**
 * {@code kit.rights()}: carries rights requests through their lifecycle, fans them out to the
 * sources with each source's progress persisted, and answers them. See {@link Rights} for the
 * contract. Not API: the kit builds it.
 *
 * <p>Every write goes through the store's versions: a lifecycle change re-reads and retries when
 * another writer got there first; a worker's write also checks that the worker still holds its lease,
 * and stops with {@link Rule#LEASE_LOST} when another worker took the request over.
 *
 * <p>Thread-safe.
 */
public final class RightsEngine implements Rights {

    private static final Logger LOG = LoggerFactory.getLogger(RightsEngine.class);

    /** The audit action of each step; the details name the request, never the subject. */
    static final String SUBMIT = "rights.submit";
    /** Recorded before a request is stored; {@link #SUBMIT} follows with what happened. */
    static final String SUBMIT_INTENT = "rights.submit.intent";
    static final String VERIFY = "rights.verify";
    static final String START = "rights.start";
    static final String SOURCE = "rights.source";
    static final String COMPLETE = "rights.complete";
    static final String REJECT = "rights.reject";
    static final String EXTEND = "rights.extend";
    static final String PAUSE = "rights.pause";
    static final String RESUME = "rights.resume";
    static final String RECTIFY = "rights.rectify";
    static final String RECIPIENT = "rights.recipient.notice";
    static final String NOTICE = "rights.subject.notice";
    static final String REVIEW_OPEN = "rights.review.open";
    static final String REVIEW_ASSIGN = "rights.review.assign";
    static final String REVIEW_DECIDE = "rights.review.decide";
    static final String REVIEW_READ = "rights.review.read";

    /** The policy purpose whose grant lets staff handle requests. */
    static final Purpose RIGHTS_PURPOSE = Purpose.of("RIGHTS_REQUESTS");
    /** The notification types of an extension and of an answer (GDPR art. 12(3), 12(4)). */
    static final NotificationType EXTENDED = NotificationType.of("RIGHTS_REQUEST_EXTENDED");
    static final NotificationType ANSWERED = NotificationType.of("RIGHTS_REQUEST_ANSWERED");

    /** The progress entries of steps that are not a source's. */
    static final String CONSENT_STEP = "consent:";
    static final String RESTRICT_ALL_STEP = "consent:RESTRICT_ALL";
    static final String REVIEW_STEP = "review-task";

    /** The ground a restriction at the subject's request is recorded under. */
    static final String CONTESTED = "ACCURACY_CONTESTED";

    /** The engine's own progress steps. */
    static final String EXPORT_STEP = "step:export-document";
    static final String RECIPIENTS_STEP = "step:recipients";
    static final String ANSWER_STEP = "step:answer";
    static final String FINISH_STEP = "step:erasure-finish";

    /**
     * The note of a restriction by record at a source that cannot say the records' categories (no
     * FIND, several categories): done, its count audited, no category invented.
     */
    static final String CATEGORY_UNKNOWN = "RECORDS_CATEGORY_UNKNOWN";

    /** The failure recorded for a source in a request's progress that the kit no longer has. */
    static final String NOT_REGISTERED = "SOURCE_NOT_REGISTERED";

    /** The closing steps, reached once every source is done, in this order. */
    static final Set<String> CLOSING = Set.of(RECIPIENTS_STEP, ANSWER_STEP, FINISH_STEP);
    /** The audit action of the erasure's completion. */
    static final String FINISHED = "rights.finish";

    /** How often a failing step is tried, across runs, before it is given up as not supported. */
    static final int MAX_ATTEMPTS = 8;

    private static final int MAX_TRIES = 16;
    private static final int PAGE = 256;
    private static final Actor ENGINE = Actor.system("rights-engine", Set.of());

    private final RightsParts parts;
    private final RightsRequestStore store;
    private final AuditTrail audit;
    private final RightsDeadlines deadlines;
    private final SecureRandom random = new SecureRandom();
    /** The requests a run of this engine carries out now: a second run in this process leaves them alone. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * Creates the engine over the kit's parts.
     *
     * @param parts the parts
     * @throws InvalidInputException if {@code parts} is null
     */
    public RightsEngine(RightsParts parts) {
        if (parts == null) {
            throw new InvalidInputException("parts", "must not be null");
        }
        this.parts = parts;
        this.store = parts.store();
        this.audit = parts.audit();
        this.deadlines = new RightsDeadlines(parts.settings().holidays());
    }

    // --- submission and verification ----------------------------------------------------------------

    @Override
    public RequestRecord submit(RightsRequest request) {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        Instant now = parts.clock().instant();
        if (request.receivedAt().isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new InvalidInputException("request.receivedAt", "lies in the future; submit a request once received");
        }
        Actor requester = request.requester().orElseGet(() -> Actor.subject(request.subject()));
        // Asked here, not taken from the caller: a caller-supplied decision could be forged.
        parts.access().checkRightsRequest(requester, request.subject(), request.type());
        refuseUndeclared(request);
        if (request.type() == RightType.ERASURE && parts.settings().erasureLedger().isEmpty()) {
            throw new ConfigurationException("This kit has no erasure ledger (RightsSettings.withErasureLedger):"
                    + " an erasure it could not re-apply after a restore is not accepted");
        }
        String id = "rr-" + HexFormat.of().formatHex(randomBytes());
        Optional<String> sealed = switch (request.type()) {
            case RECTIFICATION -> Optional.of(parts.sealer().sealCorrections(request.subject(), id,
                    request.rectifications()));
            case HUMAN_REVIEW -> Optional.of(parts.sealer().sealReview(request.subject(), id,
                    request.decisionRef().orElseThrow(), request.viewpoint().orElseThrow()));
            default -> Optional.empty();
        };
        LocalDate base = deadlines.baseDue(request.receivedAt());
        RequestRecord record = new RequestRecord(id, request.type(), request.subject(), request.channel(),
                request.receivedAt(), request.requester(), request.categories(), request.records(),
                request.purposes(), sealed, RequestState.RECEIVED, Optional.empty(), base, deadlines.due(base, 0),
                false, Optional.empty(), Optional.empty(), 0, List.of(), Set.of(), Optional.empty(), 1, now);
        AuditEvent submitted = event(requester, SUBMIT, AuditOutcome.SUCCESS, record).withDetail("channel",
                request.channel().name()).withDetail("due", record.due().toString());
        // The intent is on record before the request is stored: an audit trail that fails then stores
        // nothing, and one that fails after the insert still shows the request was being received.
        audit.record(event(requester, SUBMIT_INTENT, AuditOutcome.SUCCESS, record).withDetail("channel",
                request.channel().name()));
        boolean inserted;
        try {
            inserted = store.insert(record);
        } catch (RuntimeException e) {
            // Audited as it happened: a request that was not stored is not on record as received. The
            // store's failure is what the caller sees, an audit failure on top of it kept as suppressed.
            try {
                audit.record(event(requester, SUBMIT, AuditOutcome.FAILED, record).withDetail("channel",
                        request.channel().name()).withDetail("failure", e.getClass().getSimpleName()));
            } catch (RuntimeException auditFailure) {
                e.addSuppressed(auditFailure);
            }
            throw e;
        }
        if (!inserted) {
            audit.record(event(requester, SUBMIT, AuditOutcome.FAILED, record).withDetail("channel",
                    request.channel().name()).withDetail("failure", "DUPLICATE_ID"));
            throw new StoreException("A rights request id was drawn twice; submit again", true, null);
        }
        audit.record(submitted);
        LOG.info("Rights request {} ({}) received, due {}", id, record.type(), record.due());
        return record;
    }

    /** Purposes and categories the policy in force does not declare are refused at submission. */
    private void refuseUndeclared(RightsRequest request) {
        Policy policy = parts.policy().get();
        for (Purpose p : request.purposes()) {
            if (!policy.declares(p)) {
                throw new InvalidInputException("request.purposes", "name a purpose the policy does not declare: "
                        + p.id());
            }
        }
        for (DataCategory c : request.categories()) {
            if (!policy.declares(c)) {
                throw new InvalidInputException("request.categories", "name a category the policy does not declare: "
                        + c.id());
            }
        }
        for (Rectification r : request.rectifications()) {
            if (!policy.declares(r.category())) {
                throw new InvalidInputException("request.rectifications", "name a category the policy does not"
                        + " declare: " + r.category().id());
            }
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public RequestRecord verify(String id) {
        RequestRecord current = load(id);
        if (current.state() != RequestState.RECEIVED) {
            throw new RightsException("id", Rule.WRONG_STATE, "only a received request is verified; this one is "
                    + current.state());
        }
        Verification given = parts.settings().verifier().verify(current);
        if (given == null) {
            throw new InvalidInputException("verifier", "returned no answer");
        }
        // A method shaped like data (a document or personal number) never reaches the request or the
        // audit trail: the verifier's answer is not trusted, and the identity counts as not verified.
        Verification answer = methodIsCode(given.method()) ? given : Verification.notVerified(INVALID_METHOD);
        if (answer != given) {
            LOG.warn("Rights request {}: the identity verifier answered a method that is not a code of letters and"
                    + " _; the identity is not verified", current.id());
        }
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            if (r.state() != RequestState.RECEIVED) {
                throw new RightsException("id", Rule.WRONG_STATE, "the request left RECEIVED while it was verified");
            }
            switch (answer.outcome()) {
                case VERIFIED: {
                    Closed closed = closePause(r, now);
                    return r.next(RequestState.VERIFIED, r.refusal(), r.baseDue(), closed.due(), r.extended(),
                            r.extensionReason(), Optional.empty(), closed.days(), r.progress(), r.recipientsTold(),
                            r.lease(), now);
                }
                case NOT_VERIFIED:
                    return r.next(RequestState.REJECTED, Optional.of(RefusalReason.IDENTITY_NOT_VERIFIED), r.baseDue(),
                            r.due(), r.extended(), r.extensionReason(), r.pausedSince(), r.pausedDays(), r.progress(),
                            r.recipientsTold(), Optional.empty(), now);
                default:
                    // More is asked of the requester: the deadline pauses from the first time it is asked.
                    return r.pausedSince().isPresent() ? r : r.next(r.state(), r.refusal(), r.baseDue(), r.due(),
                            r.extended(), r.extensionReason(), Optional.of(now), r.pausedDays(), r.progress(),
                            r.recipientsTold(), r.lease(), now);
            }
        });
        AuditOutcome outcome = answer.outcome() == Verification.Outcome.VERIFIED ? AuditOutcome.SUCCESS
                : answer.outcome() == Verification.Outcome.NOT_VERIFIED ? AuditOutcome.DENIED : AuditOutcome.SUCCESS;
        audit.record(event(ENGINE, VERIFY, outcome, next).withDetail("verification", answer.outcome().name())
                .withDetail("method", answer.method()));
        if (next.state() == RequestState.REJECTED) {
            answer(next);
        }
        return next;
    }

    @Override
    public RequestRecord verifyManually(String id, String method, Actor staff) {
        // Checked before anything is written: a code of letters and _ only (a digit could be a document
        // or personal number, which the audit trail refuses after the request would be VERIFIED).
        if (!methodIsCode(method)) {
            throw new InvalidInputException("method", "must be an upper-case code of letters and _ (no digits), at"
                    + " most " + MAX_METHOD + " characters");
        }
        Verification answer = Verification.verified(method);
        RequestRecord before = load(id);
        requireStaffMember(staff, before.subject());
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            refuseEnded(r);
            if (r.state() != RequestState.RECEIVED) {
                throw new RightsException("id", Rule.WRONG_STATE, "only a received request is verified; this one is "
                        + r.state());
            }
            Closed closed = closePause(r, now);
            return r.next(RequestState.VERIFIED, r.refusal(), r.baseDue(), closed.due(), r.extended(),
                    r.extensionReason(), Optional.empty(), closed.days(), r.progress(), r.recipientsTold(), r.lease(),
                    now);
        });
        audit.record(event(staff, VERIFY, AuditOutcome.SUCCESS, next).withDetail("verification",
                answer.outcome().name()).withDetail("method", answer.method()).withDetail("manual", "true")
                .withDetail("pausedDays", Integer.toString(next.pausedDays())).withDetail("due", next.due().toString()));
        return next;
    }

    /** The due date and paused days once an open pause closes at {@code now}. */
    private record Closed(LocalDate due, int days) {
    }

    private Closed closePause(RequestRecord r, Instant now) {
        if (r.pausedSince().isEmpty()) {
            return new Closed(r.due(), r.pausedDays());
        }
        int days = r.pausedDays() + deadlines.wholeDaysPaused(r.pausedSince().get(), now);
        return new Closed(deadlines.due(r.baseDue(), days), days);
    }

    // --- staff actions -----------------------------------------------------------------------------

    @Override
    public RequestRecord extend(String id, String reason, Actor staff) {
        if (reason == null || reason.isBlank() || reason.length() > RequestRecord.MAX_REASON) {
            throw new InvalidInputException("reason", "must not be blank and hold at most " + RequestRecord.MAX_REASON
                    + " characters");
        }
        RequestRecord before = load(id);
        requireStaff(staff, before);
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            refuseEnded(r);
            if (r.extended()) {
                throw new RightsException("id", Rule.EXTENDED_ALREADY, "GDPR art. 12(3) allows one extension");
            }
            if (deadlines.receivedDate(now).isAfter(dueAt(r, now))) {
                throw new RightsException("id", Rule.EXTENSION_TOO_LATE, "the request is past its due date; GDPR"
                        + " art. 12(3) has an extension told within the first month");
            }
            LocalDate base = deadlines.extendedBase(r.baseDue());
            return r.next(r.state(), r.refusal(), base, deadlines.due(base, r.pausedDays()), true, Optional.of(reason),
                    r.pausedSince(), r.pausedDays(), r.progress(), r.recipientsTold(), r.lease(), now);
        });
        audit.record(event(staff, EXTEND, AuditOutcome.SUCCESS, next).withDetail("previousDue", before.due().toString())
                .withDetail("due", next.due().toString()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("requestType", next.type().name());
        payload.put("receivedAt", deadlines.receivedDate(next.receivedAt()));
        payload.put("previousDueDate", before.due());
        payload.put("dueDate", next.due());
        payload.put("reason", reason);
        tellSubject(next, EXTENDED, payload, next.id() + ":extended");
        return next;
    }

    @Override
    public RequestRecord pause(String id, Actor staff) {
        requireStaff(staff, load(id));
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            refuseEnded(r);
            if (r.pausedSince().isPresent()) {
                throw new RightsException("id", Rule.PAUSED_ALREADY, "the deadline is paused already");
            }
            return r.next(r.state(), r.refusal(), r.baseDue(), r.due(), r.extended(), r.extensionReason(),
                    Optional.of(now), r.pausedDays(), r.progress(), r.recipientsTold(), r.lease(), now);
        });
        audit.record(event(staff, PAUSE, AuditOutcome.SUCCESS, next));
        return next;
    }

    @Override
    public RequestRecord resume(String id, Actor staff) {
        requireStaff(staff, load(id));
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            refuseEnded(r);
            if (r.pausedSince().isEmpty()) {
                throw new RightsException("id", Rule.NOT_PAUSED, "the deadline is not paused");
            }
            Closed closed = closePause(r, now);
            return r.next(r.state(), r.refusal(), r.baseDue(), closed.due(), r.extended(), r.extensionReason(),
                    Optional.empty(), closed.days(), r.progress(), r.recipientsTold(), r.lease(), now);
        });
        audit.record(event(staff, RESUME, AuditOutcome.SUCCESS, next).withDetail("pausedDays",
                Integer.toString(next.pausedDays())).withDetail("due", next.due().toString()));
        return next;
    }

    @Override
    public RequestRecord reject(String id, RefusalReason reason, Actor staff) {
        if (reason == null) {
            throw new InvalidInputException("reason", "must not be null");
        }
        requireStaff(staff, load(id));
        Instant now = parts.clock().instant();
        RequestRecord next = change(id, r -> {
            refuseEnded(r);
            if (r.type() == RightType.ERASURE && r.progress().stream().anyMatch(p -> !isStep(p.source())
                    && p.status() == SourceStatus.DONE)) {
                // Data is erased at a source already: a refusal now would leave it erased with no ledger
                // entry and no completion. The erasure is carried to its end instead.
                throw new RightsException("id", Rule.WRONG_STATE, "the erasure has begun at a source; it is"
                        + " carried out to its end, not rejected");
            }
            return r.next(RequestState.REJECTED, Optional.of(reason), r.baseDue(), r.due(), r.extended(),
                    r.extensionReason(), r.pausedSince(), r.pausedDays(), r.progress(), r.recipientsTold(),
                    Optional.empty(), now);
        });
        audit.record(event(staff, REJECT, AuditOutcome.SUCCESS, next).withDetail("reason", reason.name()));
        answer(next);
        return next;
    }

    private static void refuseEnded(RequestRecord r) {
        if (r.state().ended()) {
            throw new RightsException("id", Rule.WRONG_STATE, "the request has ended (" + r.state() + ")");
        }
    }

    /**
     * Staff (or a job) handling requests needs a role granted {@code RIGHTS_REQUESTS}: asked of access
     * control for the first category that purpose processes, audited there.
     */
    private void requireStaff(Actor staff, RequestRecord about) {
        requireStaff(staff, about.subject());
    }

    /** What {@link #verify} records when the verifier answered a method that is not a code. */
    static final String INVALID_METHOD = "INVALID_METHOD";
    private static final int MAX_METHOD = 64;

    /** Whether a verification method is a code: upper-case letters and {@code _}, no digits, a letter first. */
    static boolean methodIsCode(String method) {
        if (method == null || method.isEmpty() || method.length() > MAX_METHOD || method.charAt(0) == '_') {
            return false;
        }
        return method.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || c == '_');
    }

    /** As {@link #requireStaff(Actor, SubjectId)}, for a person's act (a job is refused). */
    private void requireStaffMember(Actor staff, SubjectId subject) {
        if (staff != null && staff.kind() != ActorKind.STAFF) {
            throw new PolicyViolationException("This is done by a staff member, not by a " + staff.kind());
        }
        requireStaff(staff, subject);
    }

    private void requireStaff(Actor staff, SubjectId subject) {
        if (staff == null) {
            throw new InvalidInputException("staff", "must not be null");
        }
        Policy policy = parts.policy().get();
        if (!policy.declares(RIGHTS_PURPOSE) || policy.purpose(RIGHTS_PURPOSE).categories().isEmpty()) {
            throw new PolicyViolationException("The policy in force declares no purpose " + RIGHTS_PURPOSE.id()
                    + " with a category: no one is entitled to handle rights requests");
        }
        if (staff.kind() != ActorKind.STAFF && staff.kind() != ActorKind.SYSTEM) {
            throw new PolicyViolationException("Rights requests are handled by staff or jobs, not by a "
                    + staff.kind());
        }
        DataCategory category = policy.purpose(RIGHTS_PURPOSE).categories().iterator().next();
        AccessDecision decision = parts.access().check(staff, subject, category, RIGHTS_PURPOSE);
        if (!decision.permitted()) {
            throw new PolicyViolationException("Rights requests are handled by staff with a role granted the purpose "
                    + RIGHTS_PURPOSE.id() + " (" + decision.reason() + ")");
        }
    }

    // --- processing --------------------------------------------------------------------------------

    @Override
    public RequestRecord process(String id) {
        RequestRecord current = load(id);
        if (exports(current.type())) {
            throw new RightsException("delivery", Rule.DELIVERY_MISMATCH, "an access or portability request is"
                    + " processed with a delivery: process(id, delivery)");
        }
        return run(current, null);
    }

    @Override
    public RequestRecord process(String id, ExportDelivery delivery) {
        if (delivery == null) {
            throw new InvalidInputException("delivery", "must not be null");
        }
        RequestRecord current = load(id);
        if (!exports(current.type())) {
            throw new RightsException("delivery", Rule.DELIVERY_MISMATCH, "only an access or portability request"
                    + " takes a delivery: process(id)");
        }
        return run(current, delivery);
    }

    private static boolean exports(RightType type) {
        return type == RightType.ACCESS || type == RightType.PORTABILITY;
    }

    private RequestRecord run(RequestRecord current, ExportDelivery delivery) {
        if (current.state() != RequestState.VERIFIED && current.state() != RequestState.IN_PROGRESS) {
            throw new RightsException("id", Rule.WRONG_STATE, "only a verified request is carried out; this one is "
                    + current.state());
        }
        if (current.pausedSince().isPresent()) {
            throw new RightsException("id", Rule.WRONG_STATE, "the request is paused; resume it first");
        }
        if (!running.add(current.id())) {
            LOG.debug("Rights request {} is being carried out by another run of this worker", current.id());
            return load(current.id());
        }
        try {
            return claimAndRun(current, delivery);
        } finally {
            running.remove(current.id());
        }
    }

    /**
     * The owner of one run's lease: the worker id and a random part, so that two runs of one worker
     * (two threads, or a run after a restart within the lease) never take each other's lease for their own.
     */
    private String runOwner() {
        String worker = parts.settings().workerId();
        String prefix = worker.length() > 47 ? worker.substring(0, 47) : worker;
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return prefix + ":" + HexFormat.of().formatHex(bytes);
    }

    private RequestRecord claimAndRun(RequestRecord current, ExportDelivery delivery) {
        Instant now = parts.clock().instant();
        Lease lease = new Lease(runOwner(), now, now.plus(parts.settings().lease()));
        Optional<RequestRecord> claimed = store.claim(current.id(), lease, now);
        if (claimed.isEmpty()) {
            LOG.debug("Rights request {} is held by another worker", current.id());
            return load(current.id());
        }
        Worker worker = new Worker(claimed.get(), lease);
        RequestRecord held = claimed.get();
        if (held.pausedSince().isPresent()
                || (held.state() != RequestState.VERIFIED && held.state() != RequestState.IN_PROGRESS)) {
            // Paused (or moved on) between the first read and the claim: nothing is carried out.
            worker.release();
            throw new RightsException("id", Rule.WRONG_STATE, "the request is paused or no longer verified;"
                    + " resume it first");
        }
        try {
            worker.start();
            switch (worker.record.type()) {
                case ACCESS, PORTABILITY -> worker.export(delivery);
                case RECTIFICATION -> worker.rectify();
                case ERASURE -> worker.erase();
                case RESTRICTION -> worker.restrict();
                case OBJECTION, WITHDRAW_CONSENT -> worker.consent();
                case HUMAN_REVIEW -> worker.review();
                default -> throw new IllegalStateException("A right this engine does not know: " + worker.record.type());
            }
            worker.finish();
        } finally {
            worker.release();
        }
        return worker.record;
    }

    /** One worker's run over a claimed request: its writes keep to its lease. */
    private final class Worker {

        private RequestRecord record;
        private Lease lease;
        /** A step the request waits on (an unregistered erasure source): the request stays in progress. */
        private boolean blocked;
        /** The erasure's plan, made by {@link #erase()} in this run. */
        private ErasurePlan erasurePlan;
        /** A note a step done leaves in its progress (in place of a failure), by step. */
        private final Map<String, String> notes = new java.util.HashMap<>();

        Worker(RequestRecord claimed, Lease lease) {
            this.record = claimed;
            this.lease = lease;
        }

        /**
         * Writes a change while the lease is still ours, and renews the lease with it (unless the change
         * releases it). The store's versions make the check and the write one step: a claim by another
         * worker in between changes the version, and this write reads again and finds the lease lost.
         */
        private RequestRecord write(UnaryOperator<RequestRecord> change) {
            Instant now = parts.clock().instant();
            Lease renewed = new Lease(lease.owner(), lease.from().isBefore(now) ? lease.from() : now,
                    now.plus(parts.settings().lease()));
            record = change(record.id(), r -> {
                if (r.lease().isEmpty() || !r.lease().get().equals(lease)) {
                    throw new RightsException("id", Rule.LEASE_LOST, "another worker took the request over after this"
                            + " worker's lease expired");
                }
                RequestRecord next = change.apply(r);
                if (next == r) {
                    return r.withLease(Optional.of(renewed), now);
                }
                return next.lease().isEmpty() ? next : relet(next, renewed);
            });
            if (record.lease().isPresent()) {
                lease = renewed;
            }
            return record;
        }

        /**
         * Before a call to a source: the lease must hold for a while yet, or be renewed now (which
         * fails with {@link Rule#LEASE_LOST} when another worker holds the request).
         */
        private void guard() {
            Instant now = parts.clock().instant();
            if (!lease.holdsAt(now.plus(parts.settings().lease().dividedBy(4)))) {
                write(UnaryOperator.identity());
            }
        }

        void start() {
            Instant now = parts.clock().instant();
            boolean starting = record.state() == RequestState.VERIFIED;
            List<SourceProgress> planned = plan();
            write(r -> {
                List<SourceProgress> progress = new ArrayList<>(r.progress());
                for (SourceProgress p : planned) {
                    if (r.progressOf(p.source()).isEmpty()) {
                        progress.add(p);
                    }
                }
                return r.next(RequestState.IN_PROGRESS, r.refusal(), r.baseDue(), r.due(), r.extended(),
                        r.extensionReason(), r.pausedSince(), r.pausedDays(), progress, r.recipientsTold(), r.lease(),
                        now);
            });
            if (starting) {
                audit.record(event(ENGINE, START, AuditOutcome.SUCCESS, record).withDetail("sources",
                        Integer.toString(record.progress().size())));
            }
            unregistered();
        }

        /**
         * A pending source no longer registered with the kit: recorded (never skipped silently) and
         * audited. An erasure stays blocked on it, visibly, until the source is registered again (its
         * data must be erased before the keys are shredded and the request answered); any other right
         * ends the source as not supported.
         */
        private void unregistered() {
            List<String> missing = record.progress().stream()
                    .filter(p -> p.status() == SourceStatus.PENDING && !isStep(p.source())
                            && !parts.sources().containsKey(p.source()))
                    .map(SourceProgress::source).toList();
            if (missing.isEmpty()) {
                return;
            }
            boolean erasure = record.type() == RightType.ERASURE;
            Instant now = parts.clock().instant();
            write(r -> {
                List<SourceProgress> updates = new ArrayList<>();
                for (String name : missing) {
                    SourceProgress p = r.progressOf(name).orElseThrow();
                    updates.add(erasure ? p.failed(NOT_REGISTERED) : new SourceProgress(name,
                            SourceStatus.NOT_SUPPORTED, p.attempts() + 1, Optional.of(NOT_REGISTERED),
                            Optional.empty(), List.of()));
                }
                return withAll(r, updates, now);
            });
            for (String name : missing) {
                LOG.warn("Rights request {}: source {} is not registered with this kit; {}", record.id(), name,
                        erasure ? "the erasure waits for it" : "it is answered as not supported");
                audit.record(event(ENGINE, SOURCE, erasure ? AuditOutcome.FAILED : AuditOutcome.DENIED, record)
                        .withDetail("source", name).withDetail("failure", NOT_REGISTERED));
            }
            if (erasure) {
                blocked = true;
            }
        }

        /** The progress entries this request needs: its sources, PENDING or NOT_SUPPORTED, and its steps. */
        private List<SourceProgress> plan() {
            List<SourceProgress> out = new ArrayList<>();
            switch (record.type()) {
                case ACCESS, PORTABILITY -> {
                    sourcesFor(SourceCapability.EXPORT, null, out);
                    out.add(SourceProgress.pending(EXPORT_STEP));
                }
                case ERASURE -> {
                    // The plan says which sources have anything to erase or keep. Every such source is
                    // visited, also one that must erase and cannot: the eraser restricts its kept
                    // categories there first, then refuses the erase part, and the source ends not
                    // supported (only the key shreds reach the data it could not erase).
                    ErasurePlan plan = parts.eraser().plan(record, sortedSources());
                    for (PersonalDataSource s : sortedSources()) {
                        ErasurePlan.SourcePlan part = plan.sources().get(s.name());
                        if (part != null && !part.isEmpty()) {
                            out.add(SourceProgress.pending(s.name()));
                        }
                    }
                }
                case RECTIFICATION -> {
                    Set<DataCategory> categories = new TreeSet<>(Comparator.comparing(DataCategory::id));
                    corrections().forEach(c -> categories.add(c.category()));
                    sourcesFor(SourceCapability.RECTIFY, categories, out);
                }
                case RESTRICTION -> {
                    if (record.categories().isEmpty() && record.records().isEmpty()) {
                        out.add(SourceProgress.pending(RESTRICT_ALL_STEP));
                    } else {
                        for (PersonalDataSource s : sortedSources()) {
                            boolean holds = s.categories().stream().anyMatch(record.categories()::contains)
                                    || record.records().stream().anyMatch(ref -> ref.source().equals(s.name()));
                            if (holds) {
                                out.add(s.capabilities().contains(SourceCapability.RESTRICT)
                                        ? SourceProgress.pending(s.name()) : unsupported(s.name()));
                            }
                        }
                    }
                }
                case OBJECTION, WITHDRAW_CONSENT -> record.purposes().forEach(p ->
                        out.add(SourceProgress.pending(CONSENT_STEP + p.id())));
                case HUMAN_REVIEW -> out.add(SourceProgress.pending(REVIEW_STEP));
                default -> throw new IllegalStateException("A right this engine does not know: " + record.type());
            }
            return out;
        }

        /** Every source holding one of the categories (all, when null or empty). */
        private void sourcesFor(SourceCapability capability, Set<DataCategory> scope, List<SourceProgress> out) {
            for (PersonalDataSource s : sortedSources()) {
                boolean holds = scope == null || scope.isEmpty() || s.categories().stream().anyMatch(scope::contains);
                if (holds) {
                    out.add(s.capabilities().contains(capability) ? SourceProgress.pending(s.name())
                            : unsupported(s.name()));
                }
            }
        }

        private List<PersonalDataSource> pendingSources() {
            List<PersonalDataSource> out = new ArrayList<>();
            for (SourceProgress p : record.progress()) {
                PersonalDataSource s = parts.sources().get(p.source());
                if (p.status() == SourceStatus.PENDING && s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        /** Runs one step, and records it done or failed; a failure leaves it pending for the next run. */
        private void step(String name, StepBody body) {
            SourceProgress progress = record.progressOf(name).orElseThrow();
            if (progress.status() != SourceStatus.PENDING) {
                return;
            }
            guard();
            List<CategoryOutcome> outcomes;
            try {
                outcomes = body.run();
            } catch (NotSupportedHere e) {
                Instant now = parts.clock().instant();
                write(r -> {
                    SourceProgress p = r.progressOf(name).orElseThrow();
                    return r.withProgress(new SourceProgress(name, SourceStatus.NOT_SUPPORTED, p.attempts() + 1,
                            Optional.of(e.failure), Optional.empty(), e.outcomes), now);
                });
                LOG.info("Rights request {}: source {} cannot carry the right out; answered as not supported",
                        record.id(), name);
                audit.record(event(ENGINE, SOURCE, AuditOutcome.DENIED, record).withDetail("source", name)
                        .withDetail("status", SourceStatus.NOT_SUPPORTED.name())
                        .withDetail("failure", "NOT_SUPPORTED"));
                return;
            } catch (RuntimeException e) {
                if (e instanceof RightsException re && re.brokenRule() == Rule.LEASE_LOST) {
                    throw e;
                }
                // Only a failure that may pass (a retryable store failure) is tried again, and not forever:
                // one that cannot succeed (an invalid correction, a refusal by the consent ledger for a
                // purpose under a legal obligation, a plan that changed) ends the step as not supported.
                failed(name, e);
                return;
            }
            done(name, outcomes);
        }

        private void done(String name, List<CategoryOutcome> outcomes) {
            Instant now = parts.clock().instant();
            String note = notes.remove(name);
            write(r -> {
                SourceProgress p = r.progressOf(name).orElseThrow().done(now, outcomes);
                return r.withProgress(note == null ? p : new SourceProgress(p.source(), p.status(), p.attempts(),
                        Optional.of(note), p.doneAt(), p.outcomes()), now);
            });
            SourceProgress p = record.progressOf(name).orElseThrow();
            audit.record(event(ENGINE, SOURCE, AuditOutcome.SUCCESS, record).withDetail("source", name)
                    .withDetail("status", p.status().name()).withDetail("attempts", Integer.toString(p.attempts())));
        }

        private void failed(String name, Exception e) {
            Instant now = parts.clock().instant();
            String failure = e.getClass().getName();
            boolean retry = retryable(e);
            write(r -> r.withProgress(afterFailure(r.progressOf(name).orElseThrow(), e, retry), now));
            SourceProgress p = record.progressOf(name).orElseThrow();
            boolean again = p.status() == SourceStatus.PENDING;
            LOG.warn("Rights request {}: step {} failed ({}), attempt {}; {}", record.id(), name, failure, p.attempts(),
                    again ? "it runs again with the request" : "it cannot succeed and is given up");
            audit.record(event(ENGINE, SOURCE, again ? AuditOutcome.FAILED : AuditOutcome.DENIED, record)
                    .withDetail("source", name).withDetail("failure", e.getClass().getSimpleName())
                    .withDetail("status", p.status().name()).withDetail("attempts", Integer.toString(p.attempts())));
        }

        // --- each right ----------------------------------------------------------------------------

        /**
         * Writes the one document, always (art. 15 information even when no source can export), from
         * every exporting source: while the document step is pending every exporting source is exported
         * again, so a resumed run never publishes a document missing a source done before; the sources
         * and the document are recorded done together in one write.
         */
        void export(ExportDelivery delivery) {
            SourceProgress document = record.progressOf(EXPORT_STEP).orElseThrow();
            if (document.status() != SourceStatus.PENDING) {
                return;
            }
            List<PersonalDataSource> exporting = new ArrayList<>();
            for (SourceProgress p : record.progress()) {
                PersonalDataSource s = parts.sources().get(p.source());
                if (s != null && !isStep(p.source()) && p.status() != SourceStatus.NOT_SUPPORTED) {
                    exporting.add(s);
                }
            }
            List<String> unsupported = record.progress().stream().filter(p -> !isStep(p.source()))
                    .filter(p -> p.status() == SourceStatus.NOT_SUPPORTED).map(SourceProgress::source).toList();
            guard();
            ExportResult result;
            try (OutputStream out = delivery.open(record)) {
                result = parts.exporter().write(record, exporting, unsupported, out);
                if (out instanceof ExportDelivery.Completion whole) {
                    whole.complete();
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof RightsException re && re.brokenRule() == Rule.LEASE_LOST) {
                    throw re;
                }
                // The document is done whole or retried whole: every exporting source stays pending.
                List<String> names = new ArrayList<>();
                exporting.forEach(s -> names.add(s.name()));
                names.add(EXPORT_STEP);
                failedAll(names, e);
                return;
            }
            Instant now = parts.clock().instant();
            write(r -> {
                List<SourceProgress> updates = new ArrayList<>();
                for (PersonalDataSource s : exporting) {
                    SourceProgress p = r.progressOf(s.name()).orElseThrow();
                    updates.add(new SourceProgress(s.name(), SourceStatus.DONE, p.attempts() + 1, Optional.empty(),
                            Optional.of(now), result.bySource().getOrDefault(s.name(), List.of())));
                }
                updates.add(r.progressOf(EXPORT_STEP).orElseThrow().done(now, List.of()));
                return withAll(r, updates, now);
            });
            audit.record(event(ENGINE, SOURCE, AuditOutcome.SUCCESS, record).withDetail("source", EXPORT_STEP)
                    .withDetail("sources", Integer.toString(exporting.size()))
                    .withDetail("records", Long.toString(result.records())));
        }

        /** Every named step failed at once: pending again, or given up when it cannot succeed or tried too often. */
        private void failedAll(List<String> names, Exception e) {
            Instant now = parts.clock().instant();
            boolean retry = retryable(e);
            write(r -> {
                List<SourceProgress> updates = new ArrayList<>();
                for (String name : names) {
                    updates.add(afterFailure(r.progressOf(name).orElseThrow(), e, retry));
                }
                return withAll(r, updates, now);
            });
            SourceProgress p = record.progressOf(names.get(names.size() - 1)).orElseThrow();
            LOG.warn("Rights request {}: the export failed ({}), attempt {}; {}", record.id(), e.getClass().getName(),
                    p.attempts(), p.status() == SourceStatus.PENDING ? "it runs again with the request" : "given up");
            audit.record(event(ENGINE, SOURCE, AuditOutcome.FAILED, record).withDetail("source", EXPORT_STEP)
                    .withDetail("failure", e.getClass().getSimpleName()).withDetail("status", p.status().name())
                    .withDetail("attempts", Integer.toString(p.attempts())));
        }

        void rectify() {
            List<Rectification> corrections = corrections();
            for (PersonalDataSource s : pendingSources()) {
                step(s.name(), () -> {
                    Map<DataCategory, Integer> counts = new TreeMap<>(Comparator.comparing(DataCategory::id));
                    for (Rectification c : corrections) {
                        boolean here = s.categories().contains(c.category())
                                && c.record().map(ref -> ref.source().equals(s.name())).orElse(true);
                        if (!here) {
                            continue;
                        }
                        List<Rectified> changed;
                        try {
                            changed = s.rectify(record.subject(), c);
                        } catch (RightsException e) {
                            throw e;
                        } catch (InvalidInputException e) {
                            // The source holds the category but not this field (or the record is not the
                            // subject's): no retry changes that; the correction is answered as not applied.
                            LOG.info("Rights request {}: source {} cannot apply a correction ({})", record.id(),
                                    s.name(), e.getClass().getName());
                            changed = List.of();
                        }
                        String after = audit.valueRef(c.value());
                        for (Rectified one : changed) {
                            audit.record(event(ENGINE, RECTIFY, AuditOutcome.SUCCESS, record)
                                    .withCategories(Set.of(c.category())).withDetail("source", s.name())
                                    .withDetail("field", c.field())
                                    .withDetail("before", one.previous().map(audit::valueRef).orElse("none"))
                                    .withDetail("after", after));
                        }
                        counts.merge(c.category(), changed.size(), Integer::sum);
                    }
                    List<CategoryOutcome> outcomes = new ArrayList<>();
                    counts.forEach((c, n) -> outcomes.add(CategoryOutcome.of(c, n == 0 ? OutcomeKind.NONE
                            : OutcomeKind.RECTIFIED, n)));
                    return outcomes;
                });
            }
        }

        void erase() {
            List<PersonalDataSource> all = sortedSources();
            ErasurePlan plan = parts.eraser().plan(record, all);
            erasurePlan = plan;
            for (PersonalDataSource s : pendingSources()) {
                ErasurePlan.SourcePlan part = plan.sources().get(s.name());
                if (part != null && !part.erase().isEmpty() && !part.canErase()) {
                    step(s.name(), () -> restrictOnly(s, plan, part));
                } else {
                    step(s.name(), () -> parts.eraser().applyAt(s, record, plan));
                }
            }
            // The completion (shreds, contacts, ledger) runs in finish(), after the recipients were told
            // and the subject's answer delivered: it destroys what the answer is sealed and addressed with.
        }

        /**
         * A source that holds categories to erase but does not declare ERASE: the eraser restricts its
         * kept categories, then refuses (InvalidInputException); the step ends not supported with the
         * kept categories as its outcomes. A hold placed since the plan that keeps every category
         * there lets the call succeed: then its outcomes are the step's, done.
         */
        private List<CategoryOutcome> restrictOnly(PersonalDataSource s, ErasurePlan plan, ErasurePlan.SourcePlan part) {
            try {
                return parts.eraser().applyAt(s, record, plan);
            } catch (RightsException e) {
                throw e;
            } catch (InvalidInputException e) {
                // A stable code, not the class's name (which a refactoring would change under stored records).
                throw new NotSupportedHere(e instanceof Eraser.EraseNotSupportedException
                        ? ErasureStatements.ERASE_NOT_SUPPORTED : e.getClass().getName(), keptAt(s, part));
            }
        }

        /** The planned kept categories of a source, as outcomes: counted with FIND when it has it. */
        private List<CategoryOutcome> keptAt(PersonalDataSource s, ErasurePlan.SourcePlan part) {
            Map<DataCategory, Integer> found = new TreeMap<>(Comparator.comparing(DataCategory::id));
            boolean canFind = s.capabilities().contains(SourceCapability.FIND);
            if (canFind) {
                s.find(record.subject(), (SubjectRecord r) -> found.merge(r.category(), 1, Integer::sum));
            }
            List<CategoryOutcome> out = new ArrayList<>();
            for (ErasurePlan.Keep k : part.keep()) {
                int records = canFind ? found.getOrDefault(k.category(), 0) : k.taggedRecords();
                if (canFind && records == 0) {
                    out.add(CategoryOutcome.of(k.category(), OutcomeKind.NONE, 0));
                    continue;
                }
                String ground = part.canRestrict() ? k.legalGround()
                        : k.legalGround() + "; the source cannot restrict processing (no RESTRICT)";
                out.add(new CategoryOutcome(k.category(), OutcomeKind.KEPT_RESTRICTED, records,
                        Optional.of(ground.length() > 512 ? ground.substring(0, 512) : ground), k.until()));
            }
            return out;
        }

        void restrict() {
            if (record.progressOf(RESTRICT_ALL_STEP).isPresent()) {
                step(RESTRICT_ALL_STEP, () -> {
                    parts.consent().restrict(record.subject(), proof());
                    return List.of();
                });
                return;
            }
            for (PersonalDataSource s : pendingSources()) {
                step(s.name(), () -> {
                    List<CategoryOutcome> outcomes = new ArrayList<>();
                    for (DataCategory c : record.categories()) {
                        if (s.categories().contains(c)) {
                            int n = s.restrict(record.subject(), Restriction.of(Set.of(c), CONTESTED,
                                    Optional.empty()));
                            outcomes.add(CategoryOutcome.of(c, OutcomeKind.RESTRICTED, n));
                        }
                    }
                    Set<RecordRef> mine = new LinkedHashSet<>();
                    record.records().stream().filter(ref -> ref.source().equals(s.name())).forEach(mine::add);
                    if (!mine.isEmpty()) {
                        int n = s.restrict(record.subject(), Restriction.ofRecords(mine, CONTESTED));
                        outcomes.addAll(byCategory(s, mine, n));
                    }
                    return outcomes;
                });
            }
        }

        /**
         * The categories of restricted records, from the source's find() when it has one. Without FIND
         * no category is invented: the count goes to the source's category when it holds only one;
         * otherwise (the request's categories say nothing of the records') the step is done with the
         * note {@value #CATEGORY_UNKNOWN} and the count audited.
         */
        private List<CategoryOutcome> byCategory(PersonalDataSource s, Set<RecordRef> records, int changed) {
            if (!s.capabilities().contains(SourceCapability.FIND)) {
                if (s.categories().size() == 1) {
                    return List.of(CategoryOutcome.of(s.categories().iterator().next(), OutcomeKind.RESTRICTED,
                            changed));
                }
                notes.put(s.name(), CATEGORY_UNKNOWN);
                audit.record(event(ENGINE, SOURCE, AuditOutcome.SUCCESS, record).withDetail("source", s.name())
                        .withDetail("note", CATEGORY_UNKNOWN).withDetail("records", Integer.toString(changed)));
                return List.of();
            }
            Map<DataCategory, Integer> counts = new TreeMap<>(Comparator.comparing(DataCategory::id));
            s.find(record.subject(), (SubjectRecord found) -> {
                if (records.contains(found.record())) {
                    counts.merge(found.category(), 1, Integer::sum);
                }
            });
            List<CategoryOutcome> out = new ArrayList<>();
            counts.forEach((c, n) -> out.add(CategoryOutcome.of(c, OutcomeKind.RESTRICTED, n)));
            return out;
        }

        void consent() {
            for (Purpose p : record.purposes()) {
                step(CONSENT_STEP + p.id(), () -> {
                    if (record.type() == RightType.OBJECTION) {
                        parts.consent().object(record.subject(), p, proof());
                    } else {
                        parts.consent().withdraw(record.subject(), p, proof());
                    }
                    return List.of();
                });
            }
        }

        void review() {
            step(REVIEW_STEP, () -> {
                String taskId = "rv-" + record.id().substring(3);
                if (store.findTask(taskId).isEmpty()) {
                    List<String> review = parts.sealer().openReview(record.subject(), record.id(),
                            record.sealed().orElseThrow());
                    String decisionRef = review.get(0);
                    String viewpoint = review.get(1);
                    ReviewTask task = new ReviewTask(taskId, record.id(), record.subject(), decisionRef,
                            parts.sealer().sealText(record.subject(), taskId, viewpoint), ReviewState.OPEN,
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1);
                    if (store.insertTask(task)) {
                        audit.record(event(ENGINE, REVIEW_OPEN, AuditOutcome.SUCCESS, record)
                                .withDetail("task", taskId));
                    }
                }
                return List.of();
            });
        }

        private ConsentProof proof() {
            Actor actor = record.requester().orElseGet(() -> Actor.subject(record.subject()));
            return ConsentProof.of(actor, consentChannel(record.channel()));
        }

        private List<Rectification> corrections() {
            return parts.sealer().openCorrections(record.subject(), record.id(), record.sealed().orElseThrow());
        }

        /** Whether every source and step before the answer is done (the closing steps are not counted). */
        private boolean allDone() {
            return record.progress().stream().filter(p -> !CLOSING.contains(p.source()))
                    .noneMatch(p -> p.status() == SourceStatus.PENDING);
        }

        /** A closing step's progress, added pending the first time it is reached. */
        private SourceProgress closing(String name) {
            Optional<SourceProgress> p = record.progressOf(name);
            if (p.isPresent()) {
                return p.get();
            }
            Instant now = parts.clock().instant();
            write(r -> r.progressOf(name).isPresent() ? r : r.withProgress(SourceProgress.pending(name), now));
            return record.progressOf(name).orElseThrow();
        }

        /**
         * When every source is done: the recipients told (art. 19), then the subject's answer sent (and,
         * for an erasure, delivered or dead-lettered) with the outcome the progress records, then the
         * erasure's completion, then the request ended. Each closing step is persisted, so a later run
         * resumes at the first not done, and the answer is never sent twice.
         */
        void finish() {
            if (blocked || !allDone() || record.type() == RightType.HUMAN_REVIEW) {
                return;
            }
            if (record.type().changesData() && !recipientsTold()) {
                return;
            }
            // The answer goes out before an erasure's completion (which destroys the key it is sealed
            // under): it is made from the progress before that step.
            Optional<RefusalReason> answeredReason = reasonOf(false);
            RequestState answeredState = stateOf(answeredReason);
            if (!answered(answeredState, answeredReason)) {
                return;
            }
            if (record.type() == RightType.ERASURE && !erasureFinished()) {
                return;
            }
            // The end state counts the completion too: a completion given up (shreds, vault, contacts
            // or ledger failing for good) leaves the erasure done only in part.
            Optional<RefusalReason> reason = reasonOf(true);
            RequestState state = stateOf(reason);
            boolean told = record.progressOf(ANSWER_STEP).filter(p -> p.status() == SourceStatus.DONE).isPresent();
            if (state != answeredState && told) {
                // The subject was told "carried out in full" before the completion failed: the answer is
                // corrected (it may not go out when the failed completion destroyed its key: audited then).
                // Sent before the end state is written, so a crash in between never leaves the first answer
                // standing: a later run sends it again under the same key, which the outbox sends once.
                guard();
                tellSubject(record, answerType(state), answerPayload(record, state, reason),
                        record.id() + ":corrected");
            }
            Instant now = parts.clock().instant();
            write(r -> r.next(state, reason, r.baseDue(), r.due(), r.extended(), r.extensionReason(), r.pausedSince(),
                    r.pausedDays(), r.progress(), r.recipientsTold(), Optional.empty(), now));
            AuditEvent done = event(ENGINE, COMPLETE, AuditOutcome.SUCCESS, record).withDetail("state", state.name());
            audit.record(reason.map(x -> done.withDetail("reason", x.name())).orElse(done));
        }

        /**
         * The typed reason of an answer in part, from the progress: a kept category (legal retention),
         * a step not supported (the erasure's completion counted only when {@code withFinish}), or a
         * rectification applied nowhere.
         */
        private Optional<RefusalReason> reasonOf(boolean withFinish) {
            List<CategoryOutcome> outcomes = record.progress().stream().flatMap(p -> p.outcomes().stream()).toList();
            boolean unsupported = record.progress().stream().filter(p -> !p.source().equals(ANSWER_STEP)
                    && (withFinish || !p.source().equals(FINISH_STEP)))
                    .anyMatch(p -> p.status() == SourceStatus.NOT_SUPPORTED);
            boolean kept = outcomes.stream().anyMatch(o -> o.kind() == OutcomeKind.KEPT_RESTRICTED);
            // A rectification no source could apply is not completed: the answer says it was not done.
            boolean notApplied = record.type() == RightType.RECTIFICATION
                    && outcomes.stream().noneMatch(o -> o.kind() == OutcomeKind.RECTIFIED && o.records() > 0);
            return kept ? Optional.of(RefusalReason.LEGAL_RETENTION)
                    : unsupported || notApplied ? Optional.of(RefusalReason.SOURCE_CANNOT_COMPLY) : Optional.empty();
        }

        private RequestState stateOf(Optional<RefusalReason> reason) {
            return reason.isPresent() ? RequestState.PARTIALLY_COMPLETED : RequestState.COMPLETED;
        }

        /**
         * The answer step: sent once (idempotency key {@code <id>:answered}), its delivery awaited for an
         * erasure, whose completion destroys the key it is sealed under and the address it goes to. A
         * dead letter, a kit without notifications, or a send that cannot succeed is audited FAILED (the
         * platform answers on the request's channel) and ends the step as not supported.
         *
         * @return whether the step is over, so the request may go on
         */
        private boolean answered(RequestState state, Optional<RefusalReason> reason) {
            SourceProgress step = closing(ANSWER_STEP);
            NotificationType type = answerType(state);
            if (step.status() != SourceStatus.PENDING) {
                return true;
            }
            Notifications notifications = parts.notifications().get();
            if (notifications == null) {
                audit.record(event(ENGINE, NOTICE, AuditOutcome.FAILED, record).withDetail("notification", type.id())
                        .withDetail("reason", "NO_NOTIFICATION_CHANNEL"));
                giveUp(ANSWER_STEP, "NO_NOTIFICATION_CHANNEL");
                return true;
            }
            String key = record.id() + ":answered";
            guard();
            Optional<NotificationStatus> status;
            try {
                status = notifications.status(key);
                if (status.isEmpty()) {
                    notifications.send(type, record.subject(), answerPayload(record, state, reason), key);
                    audit.record(event(ENGINE, NOTICE, AuditOutcome.SUCCESS, record)
                            .withDetail("notification", type.id()).withDetail("message", key));
                    status = notifications.status(key);
                }
                if (record.type() == RightType.ERASURE && pending(status)) {
                    notifications.dispatchPending();
                    status = notifications.status(key);
                }
            } catch (RuntimeException e) {
                if (e instanceof RightsException re && re.brokenRule() == Rule.LEASE_LOST) {
                    throw re;
                }
                audit.record(event(ENGINE, NOTICE, AuditOutcome.FAILED, record).withDetail("notification", type.id())
                        .withDetail("reason", e.getClass().getSimpleName()));
                failed(ANSWER_STEP, e);
                return record.progressOf(ANSWER_STEP).orElseThrow().status() != SourceStatus.PENDING;
            }
            if (record.type() == RightType.ERASURE && pending(status)) {
                LOG.info("Rights request {}: the answer awaits delivery before the erasure completes", record.id());
                return false;
            }
            if (status.isPresent() && status.get().state() == OutboxState.DEAD) {
                audit.record(event(ENGINE, NOTICE, AuditOutcome.FAILED, record).withDetail("notification", type.id())
                        .withDetail("message", key).withDetail("reason", "DEAD_LETTER"));
                giveUp(ANSWER_STEP, "DEAD_LETTER");
                return true;
            }
            done(ANSWER_STEP, List.of());
            return true;
        }

        private boolean pending(Optional<NotificationStatus> status) {
            return status.isPresent() && status.get().state() == OutboxState.PENDING;
        }

        /** Ends a closing step as not supported with a code (no exception behind it). */
        private void giveUp(String name, String code) {
            Instant now = parts.clock().instant();
            write(r -> {
                SourceProgress p = r.progressOf(name).orElseThrow();
                return r.withProgress(new SourceProgress(name, SourceStatus.NOT_SUPPORTED, p.attempts() + 1,
                        Optional.of(code), Optional.empty(), List.of()), now);
            });
        }

        /**
         * The erasure's completion (shreds, vault, contacts, ledger entry), once: recorded as a step with
         * what it did audited (scope names, never data), so a later run does not run it again.
         */
        private boolean erasureFinished() {
            SourceProgress step = closing(FINISH_STEP);
            if (step.status() != SourceStatus.PENDING) {
                return true;
            }
            guard();
            ErasureFinish finished;
            try {
                // The sources are looked at again before a scope is destroyed: a record an obligation
                // keeps, added since the plan, keeps its scope.
                finished = parts.eraser().finish(record, erasurePlan, sortedSources());
            } catch (RuntimeException e) {
                if (e instanceof RightsException re && re.brokenRule() == Rule.LEASE_LOST) {
                    throw re;
                }
                failed(FINISH_STEP, e);
                SourceProgress after = record.progressOf(FINISH_STEP).orElseThrow();
                if (after.status() == SourceStatus.PENDING) {
                    return false;
                }
                // Given up: not retried forever (a completion that cannot succeed would hold the request
                // open past its deadline). The request ends answered in part; the DPO completes by hand.
                LOG.error("ALERT rights request {}: the erasure's completion failed for good ({}, attempt {}); the"
                        + " request ends PARTIALLY_COMPLETED and the key destruction must be completed by hand",
                        record.id(), e.getClass().getName(), after.attempts());
                audit.record(event(ENGINE, FINISHED, AuditOutcome.FAILED, record)
                        .withDetail("failure", e.getClass().getSimpleName())
                        .withDetail("attempts", Integer.toString(after.attempts())));
                return true;
            }
            // The facts the statements are made from go in the same write as the step done (never read
            // back from the audit trail, where anyone holding kit.audit() can record an entry).
            done(FINISH_STEP, ErasureStatements.encode(finished, parts.policy().get()));
            audit.record(event(ENGINE, FINISHED, AuditOutcome.SUCCESS, record)
                    .withDetail("shredded", String.join(",", finished.shredded().stream().map(KeyScope::name).toList()))
                    .withDetail("keptScopes", String.join(",", finished.keptScopes().keySet().stream()
                            .map(KeyScope::name).toList()))
                    .withDetail("contacts", finished.contactsKept().isEmpty() ? "REMOVED" : "KEPT")
                    .withDetail("ledgerAppended", Boolean.toString(finished.ledgerAppended()))
                    .withDetail("pseudonymsStatement", Boolean.toString(finished.statements()
                            .contains(ErasureFinish.PSEUDONYMS_STATEMENT))));
            return true;
        }

        /**
         * The recipients step (GDPR art. 19): done once every recipient was told; tried again while a
         * notice fails with a failure that may pass, up to {@value #MAX_ATTEMPTS} runs; without a
         * notifier, recipients to tell leave the step not supported (the request is answered in part).
         */
        private boolean recipientsTold() {
            SourceProgress step = closing(RECIPIENTS_STEP);
            if (step.status() != SourceStatus.PENDING) {
                return true;
            }
            Told told = tellRecipients();
            if (told.failure() != null) {
                failed(RECIPIENTS_STEP, told.failure());
                return record.progressOf(RECIPIENTS_STEP).orElseThrow().status() != SourceStatus.PENDING;
            }
            if (told.untold() > 0) {
                giveUp(RECIPIENTS_STEP, "NO_RECIPIENT_NOTIFIER");
                return true;
            }
            done(RECIPIENTS_STEP, List.of());
            return true;
        }

        /**
         * Tells each recipient the subject's data went to (GDPR art. 19), once per recipient: those the
         * audit trail shows were permitted the subject's data, and those the subject designated.
         *
         * @return the last failure of a notice, and how many recipients had no notifier to tell them
         */
        private Told tellRecipients() {
            Set<DataCategory> categories = new TreeSet<>(Comparator.comparing(DataCategory::id));
            record.progress().forEach(p -> p.outcomes().stream()
                    .filter(o -> o.kind() != OutcomeKind.NONE && o.records() > 0)
                    .forEach(o -> categories.add(o.category())));
            categories.addAll(record.categories());
            if (record.type() == RightType.RESTRICTION && record.progressOf(RESTRICT_ALL_STEP).isPresent()) {
                parts.sources().values().forEach(s -> categories.addAll(s.categories()));
            }
            Optional<RecipientNotifier> notifier = parts.settings().recipientNotifier();
            RuntimeException failure = null;
            int untold = 0;
            boolean everything = record.type() == RightType.ERASURE && record.categories().isEmpty();
            for (Recipient recipient : recipientsOf(record.subject(), categories, everything)) {
                if (record.recipientsTold().contains(recipient.id())) {
                    continue;
                }
                if (notifier.isEmpty()) {
                    untold++;
                    audit.record(event(ENGINE, RECIPIENT, AuditOutcome.FAILED, record)
                            .withDetail("recipient", recipient.id()).withDetail("reason", "NO_RECIPIENT_NOTIFIER"));
                    continue;
                }
                guard();
                try {
                    notifier.get().notify(new RecipientNotice(record.id(), recipient, record.type(), record.subject(),
                            categories));
                } catch (RuntimeException e) {
                    failure = e;
                    LOG.warn("Rights request {}: recipient {} could not be told ({}); tried again with the request",
                            record.id(), recipient.id(), e.getClass().getName());
                    audit.record(event(ENGINE, RECIPIENT, AuditOutcome.FAILED, record)
                            .withDetail("recipient", recipient.id())
                            .withDetail("failure", e.getClass().getSimpleName()));
                    continue;
                }
                Instant now = parts.clock().instant();
                write(r -> {
                    Set<String> told = new TreeSet<>(r.recipientsTold());
                    told.add(recipient.id());
                    return r.next(r.state(), r.refusal(), r.baseDue(), r.due(), r.extended(), r.extensionReason(),
                            r.pausedSince(), r.pausedDays(), r.progress(), told, r.lease(), now);
                });
                audit.record(event(ENGINE, RECIPIENT, AuditOutcome.SUCCESS, record)
                        .withDetail("recipient", recipient.id()).withCategories(categories));
            }
            return new Told(failure, untold);
        }

        void release() {
            try {
                Instant now = parts.clock().instant();
                RequestRecord latest = load(record.id());
                if (latest.lease().isPresent() && latest.lease().get().equals(lease)) {
                    record = change(record.id(), r -> r.lease().isPresent() && r.lease().get().equals(lease)
                            ? r.withLease(Optional.empty(), now) : r);
                }
            } catch (RuntimeException e) {
                // The lease expires by itself; a failed release only delays the next worker.
                LOG.warn("Rights request {}: the lease could not be released ({})", record.id(),
                        e.getClass().getName());
            }
        }
    }

    /**
     * A step a source cannot carry out (a capability it lacks), with what it did do: thrown by a step's
     * body, the step ends not supported with these outcomes. Never leaves the engine.
     */
    private static final class NotSupportedHere extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String failure;
        private final transient List<CategoryOutcome> outcomes;

        NotSupportedHere(String failure, List<CategoryOutcome> outcomes) {
            super("not supported", null, false, false);
            this.failure = failure;
            this.outcomes = List.copyOf(outcomes);
        }
    }

    /** What telling the recipients came to: the last notice's failure (or null), the recipients with no notifier. */
    private record Told(RuntimeException failure, int untold) {
    }

    /** One step's body: what it did, per category. */
    @FunctionalInterface
    private interface StepBody {
        List<CategoryOutcome> run();
    }

    /** Whether a failure may pass when tried again: a retryable store failure, or an I/O failure of a delivery. */
    static boolean retryable(Exception e) {
        return e instanceof StoreException se ? se.isRetryable() : e instanceof IOException;
    }

    /**
     * A step's progress after a failure: pending with one more attempt when it may pass and has not
     * been tried {@value #MAX_ATTEMPTS} times; otherwise not supported, its failure's class recorded.
     */
    static SourceProgress afterFailure(SourceProgress p, Exception e, boolean retry) {
        String failure = e.getClass().getName();
        if (retry && p.attempts() + 1 < MAX_ATTEMPTS) {
            return p.failed(failure);
        }
        return new SourceProgress(p.source(), SourceStatus.NOT_SUPPORTED, p.attempts() + 1, Optional.of(failure),
                Optional.empty(), List.of());
    }

    /** The next version with several progress entries replaced (or added) in one write. */
    static RequestRecord withAll(RequestRecord r, List<SourceProgress> updates, Instant at) {
        Map<String, SourceProgress> by = new LinkedHashMap<>();
        updates.forEach(u -> by.put(u.source(), u));
        List<SourceProgress> list = new ArrayList<>();
        for (SourceProgress p : r.progress()) {
            list.add(by.containsKey(p.source()) ? by.remove(p.source()) : p);
        }
        list.addAll(by.values());
        return r.next(r.state(), r.refusal(), r.baseDue(), r.due(), r.extended(), r.extensionReason(),
                r.pausedSince(), r.pausedDays(), list, r.recipientsTold(), r.lease(), at);
    }

    /** Whether a progress entry is one of the engine's own steps rather than a source's. */
    static boolean isStep(String name) {
        return name.contains(":") || name.equals(REVIEW_STEP);
    }

    /** The same version with another lease: the lease is renewed within the write that carries a change. */
    private static RequestRecord relet(RequestRecord r, Lease lease) {
        return new RequestRecord(r.id(), r.type(), r.subject(), r.channel(), r.receivedAt(), r.requester(),
                r.categories(), r.records(), r.purposes(), r.sealed(), r.state(), r.refusal(), r.baseDue(), r.due(),
                r.extended(), r.extensionReason(), r.pausedSince(), r.pausedDays(), r.progress(), r.recipientsTold(),
                Optional.of(lease), r.version(), r.updatedAt());
    }

    private static SourceProgress unsupported(String source) {
        return new SourceProgress(source, SourceStatus.NOT_SUPPORTED, 0, Optional.empty(), Optional.empty(),
                List.of());
    }

    private List<PersonalDataSource> sortedSources() {
        return parts.sources().values().stream().sorted(Comparator.comparing(PersonalDataSource::name)).toList();
    }

    private static ConsentChannel consentChannel(RequestChannel channel) {
        return switch (channel) {
            case CUSTOMER_ACCOUNT -> ConsentChannel.WEB_ACCOUNT;
            case DPO_EMAIL -> ConsentChannel.EMAIL_TO_DPO;
            case POST -> ConsentChannel.PAPER;
            case OTHER -> ConsentChannel.PHONE;
        };
    }

    /**
     * The recipients the subject's data went to, as the audit trail shows: access decisions that
     * permitted a recipient the subject's data, and the subject's designations. The controller's own
     * staff ({@code INTERNAL} recipients) are not recipients to tell.
     */
    private Set<Recipient> recipientsOf(SubjectId subject, Set<DataCategory> changed, boolean everything) {
        Policy policy = parts.policy().get();
        Set<String> ids = new TreeSet<>();
        Set<String> changedIds = new TreeSet<>();
        changed.forEach(c -> changedIds.add(c.id()));
        long from = 1;
        while (true) {
            List<AuditRecord> page = audit.readAbout(subject, from, PAGE);
            for (AuditRecord r : page) {
                // An access decision counts when it gave the recipient a category the request changed
                // (art. 19: the recipients "to whom the personal data have been disclosed"); a designation
                // by the subject always counts.
                boolean received = everything || r.categories().isEmpty()
                        || r.categories().stream().anyMatch(changedIds::contains);
                boolean permitted = r.outcome() == AuditOutcome.SUCCESS && ((AccessControl.ACTION.equals(r.action())
                        && received) || AccessControl.DESIGNATE.equals(r.action()));
                String id = r.details().get("recipient");
                if (permitted && id != null) {
                    ids.add(id);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        Set<Recipient> out = new LinkedHashSet<>();
        for (String id : ids) {
            Recipient recipient = Recipient.of(id);
            if (!policy.declares(recipient) || policy.recipient(recipient).kind() != RecipientKind.INTERNAL) {
                out.add(recipient);
            }
        }
        return out;
    }

    // --- notices to the subject ---------------------------------------------------------------------

    /** The notice of a refusal or a partial answer, which the policy makes carry its reason. */
    static final NotificationType REFUSED = NotificationType.of("RIGHTS_REQUEST_REFUSED");

    /**
     * Tells the subject the answer: {@code RIGHTS_REQUEST_ANSWERED} when completed,
     * {@code RIGHTS_REQUEST_REFUSED} (GDPR art. 12(4)) when refused or answered in part. The renderer
     * adds the supervisory authority from the policy and shows the codes in words. The refused notice
     * requires its reason: a record without one is refused by the notifications and audited as not
     * sent, so a refusal never goes out without its reason.
     */
    private void answer(RequestRecord r) {
        tellSubject(r, answerType(r.state()), answerPayload(r, r.state(), r.refusal()), r.id() + ":answered");
    }

    /** {@code RIGHTS_REQUEST_ANSWERED} for a request carried out in full, {@code RIGHTS_REQUEST_REFUSED} otherwise. */
    static NotificationType answerType(RequestState state) {
        return state == RequestState.COMPLETED ? ANSWERED : REFUSED;
    }

    /**
     * The answer's payload: the request and, for a refusal or a partial answer, whether it was partial
     * and its reason (required: the refused notice never goes out without it). The renderer adds the
     * supervisory authority from the policy and shows the codes in words.
     */
    private Map<String, Object> answerPayload(RequestRecord r, RequestState state, Optional<RefusalReason> refusal) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("requestType", r.type().name());
        payload.put("receivedAt", deadlines.receivedDate(r.receivedAt()));
        if (state != RequestState.COMPLETED) {
            payload.put("partial", state == RequestState.PARTIALLY_COMPLETED);
            refusal.ifPresent(reason -> payload.put("refusalReason", reason.name()));
            List<DataCategory> kept = keptCategories(r);
            if (!kept.isEmpty()) {
                payload.put("keptCategories", kept);
            }
        }
        // An erasure carried out (in full or in part) states what it cannot reach: pseudonyms handed out before.
        if (r.type() == RightType.ERASURE && state != RequestState.REJECTED) {
            payload.put("erasure", true);
            // Art. 19: the answer says recipients were told only when every recipient to tell was (the
            // step done) and there were some; when some could not be told the request is answered in part.
            if (allRecipientsTold(r) && !r.recipientsTold().isEmpty()) {
                payload.put("recipientsTold", true);
            }
        }
        return payload;
    }

    /** Whether the recipients step is done: every recipient to tell was told (none may have been to tell). */
    static boolean allRecipientsTold(RequestRecord r) {
        return r.progressOf(RECIPIENTS_STEP).filter(p -> p.status() == SourceStatus.DONE).isPresent();
    }

    /** The categories an erasure kept restricted at some source (a legal obligation or hold keeps them), by id. */
    static List<DataCategory> keptCategories(RequestRecord r) {
        Set<DataCategory> kept = new TreeSet<>(Comparator.comparing(DataCategory::id));
        r.progress().forEach(p -> p.outcomes().stream().filter(o -> o.kind() == OutcomeKind.KEPT_RESTRICTED)
                .forEach(o -> kept.add(o.category())));
        return List.copyOf(kept);
    }

    /** Sends through the kit's notifications when it has them; otherwise audits that none went out. */
    private void tellSubject(RequestRecord r, NotificationType type, Map<String, Object> payload, String key) {
        Notifications notifications = parts.notifications().get();
        if (notifications == null) {
            audit.record(event(ENGINE, NOTICE, AuditOutcome.FAILED, r).withDetail("notification", type.id())
                    .withDetail("reason", "NO_NOTIFICATION_CHANNEL"));
            return;
        }
        try {
            String message = notifications.send(type, r.subject(), payload, key).id();
            audit.record(event(ENGINE, NOTICE, AuditOutcome.SUCCESS, r).withDetail("notification", type.id())
                    .withDetail("message", message));
        } catch (RuntimeException e) {
            // The request's own change stands (any failure of the notice, typed or not, must not hide
            // that it was stored); the notice that could not go out is on record.
            LOG.warn("Rights request {}: notice {} not sent ({})", r.id(), type.id(), e.getClass().getName());
            audit.record(event(ENGINE, NOTICE, AuditOutcome.FAILED, r).withDetail("notification", type.id())
                    .withDetail("reason", e.getClass().getSimpleName()));
        }
    }

    // --- reviews -----------------------------------------------------------------------------------

    @Override
    public ReviewTask assignReview(String taskId, Actor reviewer) {
        ReviewTask task = loadTask(taskId);
        requireStaff(reviewer, task.subject());
        ReviewTask next = changeTask(taskId, t -> {
            if (t.state() == ReviewState.DECIDED) {
                throw new RightsException("taskId", Rule.REVIEW_CLOSED, "the review is decided");
            }
            if (t.assignee().isPresent() && !t.assignee().get().equals(reviewer.id())) {
                throw new RightsException("reviewer", Rule.REVIEW_CLOSED, "the review is assigned to another reviewer");
            }
            return new ReviewTask(t.id(), t.requestId(), t.subject(), t.decisionRef(), t.sealedViewpoint(),
                    ReviewState.ASSIGNED, Optional.of(reviewer.id()), Optional.empty(), Optional.empty(),
                    Optional.empty(), t.version() + 1);
        });
        audit.record(AuditEvent.of(reviewer, REVIEW_ASSIGN, AuditOutcome.SUCCESS).withSubject(next.subject())
                .withDetail("request", next.requestId()).withDetail("task", next.id()));
        return next;
    }

    @Override
    public ReviewTask decideReview(String taskId, ReviewDecision decision, String rationale, Actor reviewer) {
        if (decision == null) {
            throw new InvalidInputException("decision", "must not be null");
        }
        if (rationale == null || rationale.isBlank() || rationale.length() > RightsRequest.MAX_VIEWPOINT) {
            throw new InvalidInputException("rationale", "must not be blank and hold at most "
                    + RightsRequest.MAX_VIEWPOINT + " characters");
        }
        ReviewTask task = loadTask(taskId);
        requireStaff(reviewer, task.subject());
        String sealed = parts.sealer().sealText(task.subject(), task.id() + ":rationale", rationale);
        Instant now = parts.clock().instant();
        ReviewTask next = changeTask(taskId, t -> {
            if (t.state() == ReviewState.DECIDED) {
                throw new RightsException("taskId", Rule.REVIEW_CLOSED, "the review is decided");
            }
            if (t.assignee().isPresent() && !t.assignee().get().equals(reviewer.id())) {
                throw new RightsException("reviewer", Rule.REVIEW_CLOSED, "the review is assigned to another reviewer");
            }
            return new ReviewTask(t.id(), t.requestId(), t.subject(), t.decisionRef(), t.sealedViewpoint(),
                    ReviewState.DECIDED, Optional.of(reviewer.id()), Optional.of(decision), Optional.of(sealed),
                    Optional.of(now), t.version() + 1);
        });
        audit.record(AuditEvent.of(reviewer, REVIEW_DECIDE, AuditOutcome.SUCCESS).withSubject(next.subject())
                .withDetail("request", next.requestId()).withDetail("task", next.id())
                .withDetail("decision", decision.name()));
        java.util.concurrent.atomic.AtomicBoolean completedHere = new java.util.concurrent.atomic.AtomicBoolean();
        RequestRecord done = change(next.requestId(), r -> {
            if (r.state().ended()) {
                completedHere.set(false);
                return r;
            }
            completedHere.set(true);
            return r.next(RequestState.COMPLETED, Optional.empty(), r.baseDue(), r.due(), r.extended(),
                    r.extensionReason(), r.pausedSince(), r.pausedDays(), r.progress(), r.recipientsTold(),
                    Optional.empty(), now);
        });
        if (completedHere.get()) {
            audit.record(event(reviewer, COMPLETE, AuditOutcome.SUCCESS, done).withDetail("state", done.state().name()));
            answer(done);
        }
        return next;
    }

    @Override
    public ReviewDetails reviewDetails(String taskId, Actor reviewer) {
        ReviewTask task = loadTask(taskId);
        requireStaffMember(reviewer, task.subject());
        AuditEvent read = AuditEvent.of(reviewer, REVIEW_READ, AuditOutcome.SUCCESS).withSubject(task.subject())
                .withDetail("request", task.requestId()).withDetail("task", task.id());
        if (task.assignee().isPresent() && !task.assignee().get().equals(reviewer.id())) {
            audit.record(AuditEvent.of(reviewer, REVIEW_READ, AuditOutcome.DENIED).withSubject(task.subject())
                    .withDetail("request", task.requestId()).withDetail("task", task.id())
                    .withDetail("reason", "ASSIGNED_TO_ANOTHER_REVIEWER"));
            throw new RightsException("reviewer", Rule.REVIEW_CLOSED, "the review is assigned to another reviewer");
        }
        String viewpoint;
        Optional<String> rationale;
        try {
            viewpoint = parts.sealer().openText(task.subject(), task.id(), task.sealedViewpoint());
            rationale = task.sealedRationale().map(sealed -> parts.sealer().openText(task.subject(),
                    task.id() + ":rationale", sealed));
        } catch (RuntimeException e) {
            audit.record(AuditEvent.of(reviewer, REVIEW_READ, AuditOutcome.FAILED).withSubject(task.subject())
                    .withDetail("request", task.requestId()).withDetail("task", task.id())
                    .withDetail("failure", e.getClass().getSimpleName()));
            throw e;
        }
        audit.record(read);
        return new ReviewDetails(task.id(), task.requestId(), task.state(), task.decisionRef(), viewpoint,
                task.decision(), rationale);
    }

    @Override
    public List<ReviewTask> openReviews(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        return store.undecidedTasks(limit);
    }

    private ReviewTask loadTask(String taskId) {
        if (taskId == null) {
            throw new InvalidInputException("taskId", "must not be null");
        }
        return store.findTask(taskId).orElseThrow(() -> new RightsException("taskId", Rule.UNKNOWN_REQUEST,
                "no review task has that id"));
    }

    private ReviewTask changeTask(String taskId, UnaryOperator<ReviewTask> change) {
        for (int i = 0; i < MAX_TRIES; i++) {
            ReviewTask next = change.apply(loadTask(taskId));
            if (store.replaceTask(next)) {
                return next;
            }
        }
        throw new StoreException("The review task kept changing under this write; try again", true, null);
    }

    // --- queries and re-application -------------------------------------------------------------------

    @Override
    public Optional<RequestRecord> find(String id) {
        if (id == null) {
            throw new InvalidInputException("id", "must not be null");
        }
        return store.find(id);
    }

    @Override
    public RequestOutcome outcome(String id) {
        RequestRecord r = load(id);
        Map<String, RequestOutcome.SourceOutcome> sources = new LinkedHashMap<>();
        for (SourceProgress p : r.progress()) {
            if (!p.source().startsWith("step:")) {
                sources.put(p.source(), new RequestOutcome.SourceOutcome(p.source(), p.status(), p.lastFailure(),
                        p.outcomes()));
            }
        }
        boolean finished = r.type() == RightType.ERASURE && r.progressOf(FINISH_STEP)
                .filter(p -> p.status() == SourceStatus.DONE).isPresent();
        List<String> statements = finished ? parts.statements().of(r, RightsEngine::isStep, recordedFinish(r))
                : List.of();
        return new RequestOutcome(r.id(), r.type(), r.state(), r.refusal(), sources, statements, r.recipientsTold());
    }

    /**
     * What the erasure's completion recorded in its step when it ran: the statements say what it did,
     * not what the stores show after a restore. Empty for a step stored before these facts were.
     */
    private static Optional<ErasureStatements.Recorded> recordedFinish(RequestRecord r) {
        return r.progressOf(FINISH_STEP).flatMap(ErasureStatements::decode);
    }

    @Override
    public List<RequestRecord> overdue(Instant now) {
        if (now == null) {
            throw new InvalidInputException("now", "must not be null");
        }
        return open(deadlines.receivedDate(now).minusDays(1), LocalDate.MIN, now);
    }

    @Override
    public List<RequestRecord> dueSoon(Instant now, Duration window) {
        if (now == null || window == null || window.isNegative()) {
            throw new InvalidInputException("dueSoon", "now and a window not negative are required");
        }
        LocalDate today = deadlines.receivedDate(now);
        return open(deadlines.receivedDate(now.plus(window)), today, now);
    }

    /**
     * The due date as it stands at {@code now}: while a pause is open, the days paused so far move it
     * too (the stored due date counts closed pauses only).
     */
    private LocalDate dueAt(RequestRecord r, Instant now) {
        if (r.pausedSince().isEmpty()) {
            return r.due();
        }
        return deadlines.due(r.baseDue(), r.pausedDays() + deadlines.wholeDaysPaused(r.pausedSince().get(), now));
    }

    /** Open requests due, as they stand at {@code now}, from {@code from} through {@code through}. */
    private List<RequestRecord> open(LocalDate through, LocalDate from, Instant now) {
        List<RequestRecord> out = new ArrayList<>();
        Optional<RequestRecord> after = Optional.empty();
        while (true) {
            List<RequestRecord> page = store.open(through, after, PAGE);
            page.stream().filter(r -> {
                LocalDate due = dueAt(r, now);
                return !due.isBefore(from) && !due.isAfter(through);
            }).forEach(out::add);
            if (page.size() < PAGE) {
                return out;
            }
            after = Optional.of(page.get(page.size() - 1));
        }
    }

    @Override
    public ReapplyReport reapplyErasures(Instant since) {
        if (since == null) {
            throw new InvalidInputException("since", "must not be null");
        }
        return parts.eraser().reapply(since, sortedSources());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private RequestRecord load(String id) {
        if (id == null) {
            throw new InvalidInputException("id", "must not be null");
        }
        return store.find(id).orElseThrow(() -> new RightsException("id", Rule.UNKNOWN_REQUEST,
                "no rights request has that id"));
    }

    /** Re-reads and writes a change over the version read, until no other writer got there first. */
    private RequestRecord change(String id, UnaryOperator<RequestRecord> change) {
        for (int i = 0; i < MAX_TRIES; i++) {
            RequestRecord current = load(id);
            RequestRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next.state() != current.state() && !current.state().canMoveTo(next.state())) {
                throw new RightsException("id", Rule.WRONG_STATE, "a request does not move from " + current.state()
                        + " to " + next.state());
            }
            if (store.replace(next)) {
                return next;
            }
        }
        throw new StoreException("The rights request kept changing under this write; try again", true, null);
    }

    /** An audit entry about a request: its id, type and state, never its subject's data in details. */
    private static AuditEvent event(Actor actor, String action, AuditOutcome outcome, RequestRecord r) {
        return AuditEvent.of(actor, action, outcome).withSubject(r.subject()).withDetail("request", r.id())
                .withDetail("type", r.type().name()).withDetail("state", r.state().name());
    }

    @Override
    public String toString() {
        return "RightsEngine[" + parts.settings() + "]";
    }
}
