package ro.clickphone.privacy.core.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.audit.CheckpointAnchor;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.internal.audit.TrustedAuditRecords;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * The tamper-evident audit trail ({@code kit.audit()}): append-only entries, each carrying the
 * SHA-256 of its canonical encoding, which covers the previous entry's hash; every
 * {@code checkpointInterval} entries a checkpoint over (sequence, head hash) signed by a
 * {@link Signer}; and {@link #verify()}, which walks the chain in constant memory and
 * reports the first break and its kind.
 *
 * <p>Each entry records who acted (a pseudonym for people, the reference of staff, processors,
 * authorities and jobs, with the roles of staff and jobs and an authority's legal request in the
 * details), what, for which purpose, on which categories of whose data, and how it ended.
 *
 * <p><b>Security guarantees</b> (docs/SECURITY.md gives the assumptions): an edited, removed,
 * reordered or inserted entry breaks the chain where it is; an attacker who also recomputes every
 * later hash is caught at the next signed checkpoint; entries signed by a checkpoint cannot be
 * dropped unnoticed. Checkpoints are required and chained: each signs the interval the trail
 * promised and the hash of the checkpoint before it, so deleting checkpoints is reported as
 * {@link ChainBreak.Kind#MISSING_CHECKPOINT} (a removed predecessor, or more than
 * {@value #MISSING_AFTER_INTERVALS} intervals without a checkpoint). The trail never signs a head
 * it has not verified: at start, after a lost sequence race and in {@link #checkpoint()} it checks
 * the entries from the last checkpoint it trusts (or its own head) to the store's head, and refuses
 * with {@link IntegrityException} if they were edited. Subjects (and delegates) appear only as keyed
 * pseudonyms ({@link #subjectRef(SubjectId)}): without the pseudonym key a reader of the trail
 * cannot tell whose data an entry is about, nor test a guessed phone number.
 *
 * <p><b>Warning:</b> whoever can write the store can drop its tail together with the checkpoints
 * over it, back to within {@value #MISSING_AFTER_INTERVALS} intervals of the last checkpoint it
 * keeps, and the store alone then shows nothing. This instance still notices (it remembers the head
 * it appended); anyone else needs an anchor: publish checkpoints outside the store
 * ({@link AuditSettings#withCheckpointAnchor}) and verify against the latest one
 * ({@link #verify(AuditCheckpoint)}), or against a sequence known from elsewhere
 * ({@link #verify(long)}). Call {@link #checkpoint()} at shutdown.
 *
 * <p>Thread-safe. Appends from many threads are serialized into one gap-free chain; an append
 * returns only once the store has the entry. Several instances may share one store: a lost race
 * for a sequence number is retried against the new head.
 *
 * @since 0.1.0
 */
public final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /**
     * Makes this trail's own records; handed to this class alone, never to a store or a caller. Null
     * when refused (core not visible from spi's class loader, or loaded twice): the trail then makes
     * its records with the validating public constructor, slower but the same records.
     */
    private static final TrustedAuditRecords.Maker RECORDS = trustedMaker();
    private static final int PAGE = 4096;

    private static TrustedAuditRecords.Maker trustedMaker() {
        try {
            return TrustedAuditRecords.forTrail();
        } catch (IllegalCallerException | IllegalStateException e) {
            LOG.warn("The audit trail's fast record path is off ({}); records are made and validated"
                    + " with the public AuditRecord constructor", e.getClass().getSimpleName());
            return null;
        }
    }

    /** The record through the public, validating constructor (when the trusted maker was refused). */
    private static AuditRecord validated(long sequence, Instant now, Actor actor, String actorRef, AuditEvent event,
            Optional<String> purpose, List<String> categories, Optional<String> subjectRef, String[] detailKeys,
            String[] detailValues, int detailCount, String previous, String hash) {
        TreeMap<String, String> details = new TreeMap<>();
        for (int i = 0; i < detailCount; i++) {
            details.put(detailKeys[i], detailValues[i]);
        }
        return new AuditRecord(sequence, now, actor.kind(), actorRef, event.action(), purpose, categories,
                subjectRef, event.outcome(), details, previous, hash);
    }
    /** Lost races retried before giving up; with the back-off below, about half a second in all. */
    private static final int MAX_CONFLICT_RETRIES = 32;
    private static final long FIRST_BACKOFF_NANOS = 50_000;
    private static final long MAX_BACKOFF_NANOS = 20_000_000;
    private static final int READ_PAGE = 4096;
    private static final HexFormat HEX = HexFormat.of();
    private static final int PSEUDONYM_CACHE_SIZE = 10_000;
    private static final byte[] SUBJECT_LABEL = "subject".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_LABEL = "revealed-value".getBytes(StandardCharsets.US_ASCII);
    /**
     * How many checkpoint intervals may pass without a checkpoint before verification reports one
     * missing: one interval is normal, a second allows for a checkpoint still pending.
     */
    public static final int MISSING_AFTER_INTERVALS = 2;
    /** How many recent checkpoints a later one may name as its predecessor (concurrent signers). */
    private static final int RECENT_CHECKPOINTS = 16;

    private final AuditLogStore store;
    private final Signer signer;
    private final CheckpointVerifiers verifiers;
    private final Optional<CheckpointAnchor> anchor;
    private final Clock clock;
    private final int checkpointInterval;
    private final SecretKeySpec pseudonymKey;
    private final ThreadLocal<Mac> pseudonymMac;
    /**
     * Recent pseudonyms: the same subjects are audited again and again (every check, every access),
     * and an HMAC costs more than the rest of an append. Bounded; holds subject ids in memory only.
     */
    private final Cache<SubjectId, String> pseudonyms = Caffeine.newBuilder().maximumSize(PSEUDONYM_CACHE_SIZE).build();
    /** Made once: a method reference per look-up would allocate on every append and consent load. */
    private final Function<SubjectId, String> computeRef = this::computeSubjectRef;
    /** One-entry memo in front of {@link #pseudonyms}: the last subject, by equality, and its pseudonym. */
    private volatile SubjectMemo lastSubject;
    /** One-entry memo of the last roles set (by identity) whose detail value passed the detail rules. */
    private volatile RolesMemo lastRoles;

    private final ReentrantLock lock = new ReentrantLock();
    private final AuditCodec codec = new AuditCodec();
    /** The last entry this instance appended or read as head; guarded by {@link #lock}. */
    private AuditRecord head;
    /** The hash of {@link #headDigestOf} as bytes, which the next entry's encoding covers; guarded by {@link #lock}. */
    private byte[] headDigest = new byte[32];
    /** Where the next entry's hash is computed, swapped with {@link #headDigest}; guarded by {@link #lock}. */
    private byte[] spareDigest = new byte[32];
    /** The head whose hash {@link #headDigest} holds (null: the genesis zeros); guarded by {@link #lock}. */
    private AuditRecord headDigestOf;
    private boolean headLoaded;
    private boolean checkpointPending;
    /** The hash of the latest checkpoint this instance signed or verified; guarded by {@link #lock}. */
    private String lastCheckpointHash = AuditRecord.GENESIS_HASH;
    private long lastCheckpointSequence;
    /** The interval the latest known checkpoint signed (this trail's own before any). */
    private int lastCheckpointInterval;
    /** Told of each append's latency and the entries not yet under a checkpoint; NONE unless the kit has one. */
    private final PrivacyMetrics metrics;
    /** The highest sequence this instance knows was acknowledged, to detect a truncated tail. */
    private volatile long highestAcknowledged;

    private AuditTrail(AuditLogStore store, AuditSettings settings, Clock clock, PrivacyMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.signer = settings.signer();
        this.verifiers = new CheckpointVerifiers(signer, settings.verifiers());
        this.anchor = settings.anchor();
        this.clock = clock;
        this.checkpointInterval = settings.checkpointInterval();
        this.lastCheckpointInterval = checkpointInterval;
        byte[] key = settings.subjectPseudonymKey().revealBytes();
        try {
            this.pseudonymKey = new SecretKeySpec(key, "HmacSHA256");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        this.pseudonymMac = ThreadLocal.withInitial(this::newMac);
    }

    static {
        Wiring.register(new Wiring.Audit() {
            @Override
            public AuditTrail open(AuditLogStore store, AuditSettings settings, Clock clock, PrivacyMetrics metrics) {
                return create(store, settings, clock, metrics);
            }

            @Override
            public Signer signer(AuditSettings settings) {
                return settings.signer();
            }

            @Override
            public SecretBytes pseudonymKey(AuditSettings settings) {
                return settings.subjectPseudonymKey();
            }
        });
    }

    /**
     * Creates a trail over a store. Not API: users get the trail from the kit, which opens it
     * through {@link Wiring}; core's tests call this directly.
     *
     * @param store where entries and checkpoints are kept
     * @param settings the signer, the verifiers of earlier keys, the subject-pseudonym key, the
     *     checkpoint interval and the anchor
     * @param clock the clock entries are stamped with
     * @return the trail
     * @throws InvalidInputException if an argument is null
     */
    static AuditTrail create(AuditLogStore store, AuditSettings settings, Clock clock) {
        return create(store, settings, clock, PrivacyMetrics.NONE);
    }

    /** {@link #create(AuditLogStore, AuditSettings, Clock)} telling a metrics listener. */
    static AuditTrail create(AuditLogStore store, AuditSettings settings, Clock clock, PrivacyMetrics metrics) {
        if (metrics == null) {
            throw new InvalidInputException("metrics", "must not be null");
        }
        if (store == null) {
            throw new InvalidInputException("auditLogStore", "must not be null");
        }
        if (settings == null) {
            throw new InvalidInputException("settings", "must not be null");
        }
        if (clock == null) {
            throw new InvalidInputException("clock", "must not be null");
        }
        return new AuditTrail(store, settings, clock, metrics);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pseudonymKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The keyed pseudonym under which a subject appears in the trail: HMAC-SHA256 of the subject id
     * under the pseudonym key, 128 bits, as {@code s-} and 32 hex digits. Stable for one key, so an
     * auditor who holds the key can find a subject's entries.
     *
     * @param subject the subject
     * @return the pseudonym
     * @throws InvalidInputException if {@code subject} is null
     */
    public String subjectRef(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        SubjectMemo memo = lastSubject;
        if (memo != null && memo.subject.equals(subject)) {
            return memo.ref;
        }
        String ref = pseudonyms.get(subject, computeRef);
        lastSubject = new SubjectMemo(subject, ref);
        return ref;
    }

    /**
     * The last subject this trail pseudonymized and its pseudonym under this trail's key: audits come
     * in runs about one subject, and this skips the cache look-up for them. Per trail, never static.
     */
    private static final class SubjectMemo {
        final SubjectId subject;
        final String ref;

        SubjectMemo(SubjectId subject, String ref) {
            this.subject = subject;
            this.ref = ref;
        }
    }

    /** The last actor's roles (the immutable set of a validated actor) and their checked detail value. */
    private static final class RolesMemo {
        final SortedSet<String> roles;
        final String value;

        RolesMemo(SortedSet<String> roles, String value) {
            this.roles = roles;
            this.value = value;
        }
    }

    private String computeSubjectRef(SubjectId subject) {
        return "s-" + keyedRef(SUBJECT_LABEL, subject.value());
    }

    /** HMAC-SHA256 under the pseudonym key of a domain label, a zero byte and the value; 128 bits, hex. */
    private String keyedRef(byte[] label, String value) {
        Mac mac = pseudonymMac.get();
        mac.update(label);
        mac.update((byte) 0);
        byte[] tag = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(tag, 0, 16);
    }

    /**
     * The keyed reference under which a revealed value (a re-identified number or address) appears
     * in the trail: HMAC-SHA256 of the value under the pseudonym key with its own domain label (so a
     * value reference never equals a subject reference), 128 bits, as {@code v-} and 32 hex digits.
     * The DPO answers "who looked up my number?" by computing the reference of the number, in the
     * form the reversal returned it (E.164 for phones), and searching entries for it; the trail
     * never stores the value.
     *
     * @param value the value, as revealed
     * @return the reference
     * @throws InvalidInputException if {@code value} is null
     */
    public String valueRef(String value) {
        if (value == null) {
            throw new InvalidInputException("value", "must not be null");
        }
        return "v-" + keyedRef(VALUE_LABEL, value);
    }

    private String actorRef(Actor actor) {
        return actor.identifiesAPerson() ? subjectRef(SubjectId.of(actor.id())) : actor.id();
    }

    /**
     * Appends an entry. Returns only when the store has it; if the store fails, nothing is
     * acknowledged and the exception says so.
     *
     * <p>When another instance sharing the store appended first (the store refuses the sequence), the
     * entry is chained onto the new head and tried again, up to 32 times, waiting a random time
     * between each try that starts at 50 µs and doubles up to 20 ms (at most about half a second in
     * all); only then does the race end in {@link SequenceConflictException}. Callers that decide
     * on an audit write, such as access checks, then fail closed.
     *
     * @param event what happened
     * @return the stored entry
     * @throws InvalidInputException if the event is null, or the actor's roles, joined as the
     *     {@code roles} detail, break the detail rules (longer than 256 characters, or the shape of
     *     personal data); the event's action and details were checked when it was built
     * @throws IntegrityException if the entries the trail would chain onto were edited in the store
     *     (checked when it starts and after every lost race): it never signs a head it has not verified
     * @throws SequenceConflictException if the race for the next sequence was lost 33 times in a row
     * @throws StoreException if the store failed (retryable or not, as it says)
     */
    public AuditRecord record(AuditEvent event) {
        if (metrics == PrivacyMetrics.NONE) {
            return append(event);
        }
        long began = System.nanoTime();
        boolean stored = false;
        try {
            AuditRecord record = append(event);
            stored = true;
            return record;
        } finally {
            metrics.auditAppended(System.nanoTime() - began, stored);
        }
    }

    private AuditRecord append(AuditEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        Actor actor = event.actor();
        String actorRef = actorRef(actor);
        Optional<String> subjectRef = event.subject().isPresent()
                ? Optional.of(subjectRef(event.subject().get())) : Optional.empty();
        Optional<String> purpose = event.purpose().isPresent()
                ? Optional.of(event.purpose().get().id()) : Optional.empty();
        String[] categoryIds = new String[event.categories().size()];
        int c = 0;
        for (DataCategory category : event.categories()) {
            categoryIds[c++] = category.id();
        }
        List<String> categories = List.of(categoryIds);
        // Who acted includes in which capacity: the roles of staff and jobs, an authority's request.
        Map<String, String> eventDetails = event.details();
        int room = eventDetails.size() + 2;
        String[] detailKeys = new String[room];
        String[] detailValues = new String[room];
        int details = 0;
        for (Map.Entry<String, String> e : eventDetails.entrySet()) {
            detailKeys[details] = e.getKey();
            detailValues[details++] = e.getValue();
        }
        // The legal request passed the Actor's checks (a reference of at most 64 letters, digits and
        // . _ : / -, not the shape of personal data), which imply the detail rules: not checked again.
        if (actor.legalRequest().isPresent()) {
            details = putDetail(detailKeys, detailValues, details, "legalRequest", actor.legalRequest().get());
        }
        if (!actor.roles().isEmpty()) {
            details = putDetail(detailKeys, detailValues, details, "roles", checkedRoles(actor.roles()));
        }
        int detailCount = details;
        String actorKind = actor.kind().name();
        String outcome = event.outcome().name();
        lock.lock();
        try {
            loadHead();
            for (int attempt = 0; ; attempt++) {
                long sequence = head == null ? 1 : head.sequence() + 1;
                String previous = head == null ? AuditRecord.GENESIS_HASH : head.hash();
                Instant now = clock.instant();
                byte[] previousDigest = headDigest();
                byte[] digest = codec.digestEntry(sequence, now, actorKind, actorRef, event.action(), purpose,
                        categories, subjectRef, outcome, detailKeys, detailValues, detailCount, previousDigest,
                        spareDigest);
                // The trail vouches for what it computed (pseudonyms, validated ids, the hashes) and for
                // the action and details, which the immutable AuditEvent checked when it was built (and
                // the Actor or checkedRoles for what comes from the actor). Stores never get this path.
                AuditRecord record = RECORDS != null
                        ? RECORDS.chained(sequence, now, actor.kind(), actorRef, event.action(), purpose,
                                categories, subjectRef, event.outcome(), detailKeys, detailValues, detailCount,
                                previous, codec.hexOf(digest))
                        : validated(sequence, now, actor, actorRef, event, purpose, categories, subjectRef,
                                detailKeys, detailValues, detailCount, previous, codec.hexOf(digest));
                try {
                    store.append(record);
                } catch (SequenceConflictException e) {
                    if (attempt >= MAX_CONFLICT_RETRIES) {
                        throw e;
                    }
                    backOff(attempt);
                    // Another instance appended first: continue the chain from its head, once the
                    // entries from our own head to it have been checked.
                    head = verifiedHeadFrom(head);
                    continue;
                }
                head = record;
                // The two digest buffers swap: the new head's hash, and the one the next entry overwrites.
                spareDigest = previousDigest;
                headDigest = digest;
                headDigestOf = record;
                highestAcknowledged = Math.max(highestAcknowledged, sequence);
                if (sequence - lastCheckpointSequence >= checkpointInterval || checkpointPending) {
                    tryCheckpoint();
                }
                metrics.auditCheckpointLag(sequence - lastCheckpointSequence);
                return record;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts a detail into sorted arrays of {@code count} keys and values, replacing an equal key (as
     * a sorted map's {@code put} does); returns the new count. The arrays have room for one more.
     */
    private static int putDetail(String[] keys, String[] values, int count, String key, String value) {
        int i = 0;
        while (i < count && keys[i].compareTo(key) < 0) {
            i++;
        }
        if (i < count && keys[i].equals(key)) {
            values[i] = value;
            return count;
        }
        System.arraycopy(keys, i, keys, i + 1, count - i);
        System.arraycopy(values, i, values, i + 1, count - i);
        keys[i] = key;
        values[i] = value;
        return count + 1;
    }

    /**
     * The roles, comma-separated in their sorted order (most actors have one: no joining then),
     * checked once as a detail value. Each role is an upper-case id of a validated {@code Actor}, so
     * only the length bound and the personal-data shape can fail; the check is skipped when the same
     * (immutable) roles set passed it last time.
     */
    private String checkedRoles(SortedSet<String> roles) {
        RolesMemo memo = lastRoles;
        if (memo != null && memo.roles == roles) {
            return memo.value;
        }
        String value = roles.size() == 1 ? roles.first() : String.join(",", roles);
        AuditRecord.checkDetail("roles", value);
        lastRoles = new RolesMemo(roles, value);
        return value;
    }

    /** The head's hash as bytes, parsed again only when the head came from the store. */
    private byte[] headDigest() {
        if (headDigestOf != head) {
            headDigest = head == null ? new byte[32] : AuditCodec.unhex(head.hash());
            headDigestOf = head;
        }
        return headDigest;
    }

    /**
     * Waits a random time below a bound that doubles with each lost race, so that instances that
     * collided do not collide again in lock step. The jitter needs no secrecy, only spread.
     */
    private static void backOff(int attempt) {
        long bound = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(attempt, 20));
        long spread = (System.nanoTime() ^ (Thread.currentThread().getId() * 0x9E3779B97F4A7C15L)) & Long.MAX_VALUE;
        LockSupport.parkNanos(bound / 2 + spread % (bound / 2 + 1));
    }

    /**
     * Reads entries in sequence order, as the store has them. The entries carry pseudonymous subject
     * and actor references only. Reading does not verify: call {@link #verify()} for that.
     *
     * @param fromSequence the first sequence to read, from 1
     * @param maxCount at most this many entries, 1 to 4096
     * @return the entries, fewer than {@code maxCount} at the end of the trail
     * @throws InvalidInputException if an argument is out of range
     * @throws StoreException if the store failed
     */
    public List<AuditRecord> read(long fromSequence, int maxCount) {
        checkRange(fromSequence, maxCount);
        return store.read(fromSequence, maxCount);
    }

    /**
     * Reads the entries about one subject (those whose subject reference is the subject's pseudonym
     * in this trail), in sequence order: what was done with their data, by whom and why, as a
     * data-subject access request asks. The trail computes the pseudonym; the caller never needs
     * the pseudonym key. This scans the store from {@code fromSequence}, a page at a time.
     *
     * @param subject the subject
     * @param fromSequence where to start scanning, from 1
     * @param maxCount at most this many entries, 1 to 4096
     * @return the subject's entries, fewer than {@code maxCount} when the trail ends first
     * @throws InvalidInputException if an argument is null or out of range
     * @throws StoreException if the store failed
     */
    public List<AuditRecord> readAbout(SubjectId subject, long fromSequence, int maxCount) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        checkRange(fromSequence, maxCount);
        String ref = subjectRef(subject);
        List<AuditRecord> found = new ArrayList<>();
        long next = fromSequence;
        while (found.size() < maxCount) {
            List<AuditRecord> page = store.read(next, READ_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (AuditRecord r : page) {
                if (r.subjectRef().isPresent() && r.subjectRef().get().equals(ref)) {
                    found.add(r);
                    if (found.size() == maxCount) {
                        break;
                    }
                }
            }
            // A store may return fewer than asked before the end ("up to maxCount"): only an empty
            // page ends the trail.
            next = page.get(page.size() - 1).sequence() + 1;
        }
        return found;
    }

    private static void checkRange(long fromSequence, int maxCount) {
        if (fromSequence < 1) {
            throw new InvalidInputException("fromSequence", "must be 1 or more");
        }
        if (maxCount < 1 || maxCount > READ_PAGE) {
            throw new InvalidInputException("maxCount", "must be between 1 and 4096");
        }
    }

    private void loadHead() {
        if (!headLoaded) {
            Optional<AuditCheckpoint> latest = latestCheckpoint();
            AuditRecord trusted = null;
            if (latest.isPresent()) {
                AuditCheckpoint c = latest.get();
                byte[] signed = codec.checkpointBytes(c);
                if (!verifiers.verifies(c, signed)) {
                    throw new IntegrityException("The latest audit checkpoint (sequence " + c.sequence()
                            + ") is not signed by a trusted key: the trail will not append; run verify()");
                }
                adoptCheckpoint(c, signed);
                trusted = entryAt(c.sequence(), c.headHash());
            }
            AuditRecord candidate = verifiedHeadFrom(trusted);
            if (uncovered(candidate)) {
                // Other instances may have appended and checkpointed while the entries were read; by
                // now the store's latest checkpoint may lie beyond the candidate, so look for the
                // newest one over the stretch just verified.
                adoptNewestCheckpointUpTo(candidate);
            }
            if (uncovered(candidate)) {
                long uncovered = candidate.sequence() - lastCheckpointSequence;
                throw new IntegrityException("The audit store's last " + uncovered + " entries have no checkpoint,"
                        + " though one is due every " + lastCheckpointInterval + ": checkpoints were removed, or"
                        + " signers failed. The trail will not vouch for them; run verify(), and once the gap is"
                        + " explained call resumeAfterReview(reviewer, " + candidate.sequence() + ")");
            }
            head = candidate;
            headLoaded = true;
            highestAcknowledged = Math.max(highestAcknowledged, head == null ? 0 : head.sequence());
        }
    }

    /**
     * Adopts the newest checkpoint after the adopted one and at or before {@code candidate}, a head
     * whose chain from the adopted checkpoint was verified: if it is signed by a trusted key and
     * signs the stored entry at its sequence. Nothing when there is none or it does not verify.
     */
    private void adoptNewestCheckpointUpTo(AuditRecord candidate) {
        AuditCheckpoint newest = null;
        for (long from = lastCheckpointSequence + 1; from <= candidate.sequence(); ) {
            List<AuditCheckpoint> page = readCheckpoints(from, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (AuditCheckpoint c : page) {
                if (c.sequence() > lastCheckpointSequence && c.sequence() <= candidate.sequence()
                        && (newest == null || c.sequence() > newest.sequence())) {
                    newest = c;
                }
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        if (newest != null) {
            byte[] signed = codec.checkpointBytes(newest);
            if (verifiers.verifies(newest, signed)) {
                entryAt(newest.sequence(), newest.headHash());
                adoptCheckpoint(newest, signed);
            }
        }
    }

    /**
     * The store's latest checkpoint; a checkpoint row the store cannot read back (a field edited to a
     * value no checkpoint can have) is an {@link IntegrityException}, like a forged one: the trail will
     * not sign or append over a checkpoint it cannot check.
     */
    private Optional<AuditCheckpoint> latestCheckpoint() {
        try {
            return store.latestCheckpoint();
        } catch (InvalidInputException e) {
            throw unreadableCheckpoint();
        }
    }

    private List<AuditCheckpoint> readCheckpoints(long from, int maxCount) {
        try {
            return store.readCheckpoints(from, maxCount);
        } catch (InvalidInputException e) {
            throw unreadableCheckpoint();
        }
    }

    private static IntegrityException unreadableCheckpoint() {
        return new IntegrityException("An audit checkpoint cannot be read back (a stored field holds a value no"
                + " checkpoint can have): the trail will not append; run verify()");
    }

    /** Whether more than the tolerated number of intervals separate a head from the last checkpoint. */
    private boolean uncovered(AuditRecord candidate) {
        return candidate != null
                && candidate.sequence() - lastCheckpointSequence > (long) MISSING_AFTER_INTERVALS * lastCheckpointInterval;
    }

    private void adoptCheckpoint(AuditCheckpoint c, byte[] signedBytes) {
        lastCheckpointHash = codec.checkpointHash(signedBytes);
        lastCheckpointSequence = c.sequence();
        lastCheckpointInterval = c.version() >= 2 ? c.interval() : checkpointInterval;
        if (head != null) {
            // Every checkpoint this instance signs or verifies moves the lag, not only an append's.
            metrics.auditCheckpointLag(Math.max(0, head.sequence() - lastCheckpointSequence));
        }
    }

    /**
     * The operator's way out of a refusal to start over an uncovered stretch (more than
     * {@value #MISSING_AFTER_INTERVALS} intervals after the last checkpoint, which a store writer
     * who deleted checkpoints leaves, and so does a signer outage that outlived the process): after
     * examining the stretch (against backups, an anchor, the application's own records), a named
     * reviewer accepts the store's head at exactly {@code reviewedHeadSequence}. The trail checks
     * that the entries still chain from the last valid checkpoint to that head, records an
     * {@code audit.gap.accepted} entry naming the reviewer and the stretch, and signs a checkpoint
     * over it. {@link #verify()} keeps reporting the gap until then, and afterwards shows the
     * accepting entry in the trail.
     *
     * @param reviewer who examined the stretch and answers for it
     * @param reviewedHeadSequence the head the reviewer examined; the store's head must still be it
     * @return the checkpoint signed after the accepting entry
     * @throws InvalidInputException if an argument is null or negative
     * @throws IntegrityException if the store's head is not the reviewed one, or the entries do not
     *     chain from the last valid checkpoint
     * @throws StoreException if the store failed
     */
    public AuditCheckpoint resumeAfterReview(Actor reviewer, long reviewedHeadSequence) {
        if (reviewer == null) {
            throw new InvalidInputException("reviewer", "must not be null");
        }
        if (reviewedHeadSequence < 0) {
            throw new InvalidInputException("reviewedHeadSequence", "must be 0 or more");
        }
        lock.lock();
        try {
            if (!headLoaded) {
                Optional<AuditCheckpoint> latest = latestCheckpoint();
                AuditRecord trusted = null;
                if (latest.isPresent()) {
                    byte[] signed = codec.checkpointBytes(latest.get());
                    if (!verifiers.verifies(latest.get(), signed)) {
                        throw new IntegrityException("The latest audit checkpoint (sequence " + latest.get().sequence()
                                + ") is not signed by a trusted key; run verify()");
                    }
                    adoptCheckpoint(latest.get(), signed);
                    trusted = entryAt(latest.get().sequence(), latest.get().headHash());
                }
                head = verifiedHeadFrom(trusted);
            } else {
                head = verifiedHeadFrom(head);
            }
            long actual = head == null ? 0 : head.sequence();
            if (actual != reviewedHeadSequence) {
                throw new IntegrityException("The audit store's head is " + actual + ", not the reviewed "
                        + reviewedHeadSequence + ": review again");
            }
            long from = lastCheckpointSequence + 1;
            headLoaded = true;
            LOG.warn("Audit entries {} to {} accepted without a checkpoint after review", from, actual);
            record(AuditEvent.of(reviewer, "audit.gap.accepted", AuditOutcome.SUCCESS)
                    .withDetail("fromSequence", Long.toString(from))
                    .withDetail("toSequence", Long.toString(actual)));
            // The accepting entry may already have been checkpointed on its way in.
            Optional<AuditCheckpoint> signed = lastCheckpointSequence < head.sequence() ? signHead(true)
                    : latestCheckpoint().filter(c -> c.sequence() >= head.sequence());
            checkpointPending = false;
            return signed.orElseThrow(() -> new IntegrityException(
                    "Another instance signed past the reviewed head; verify() again"));
        } finally {
            lock.unlock();
        }
    }

    /** The stored entry at a sequence, checked against the hash a checkpoint signed for it. */
    private AuditRecord entryAt(long sequence, String signedHash) {
        List<AuditRecord> page = readForAdoption(sequence, 1);
        if (page.isEmpty() || page.get(0).sequence() != sequence || !page.get(0).hash().equals(signedHash)
                || !codec.hashMatches(page.get(0))) {
            throw new IntegrityException("Audit entry " + sequence
                    + " differs from what its checkpoint signed: the trail will not append; run verify()");
        }
        return page.get(0);
    }

    /**
     * Reads from a trusted entry (null: the start of the trail) to the store's head, checking each
     * entry's hash, sequence and link, and returns the head. Whatever is stored after a trusted
     * entry must chain onto it; otherwise the store was edited behind this trail's back.
     */
    private AuditRecord verifiedHeadFrom(AuditRecord trusted) {
        AuditRecord last = trusted;
        if (trusted != null) {
            List<AuditRecord> again = readForAdoption(trusted.sequence(), 1);
            if (again.isEmpty() || !again.get(0).equals(trusted)) {
                throw new IntegrityException("Audit entry " + trusted.sequence()
                        + " changed or vanished in the store after this trail verified it; run verify()");
            }
        }
        while (true) {
            long next = last == null ? 1 : last.sequence() + 1;
            List<AuditRecord> page = readForAdoption(next, PAGE);
            if (page.isEmpty()) {
                return last;
            }
            for (AuditRecord r : page) {
                String previous = last == null ? AuditRecord.GENESIS_HASH : last.hash();
                long expected = last == null ? 1 : last.sequence() + 1;
                if (r.sequence() != expected || !r.previousHash().equals(previous) || !codec.hashMatches(r)) {
                    throw new IntegrityException("Audit entry " + expected
                            + " does not chain onto the verified trail: the trail will not sign it; run verify()");
                }
                last = r;
            }
        }
    }

    private List<AuditRecord> readForAdoption(long from, int count) {
        try {
            return store.read(from, count);
        } catch (InvalidInputException e) {
            throw new IntegrityException("An audit entry from sequence " + from
                    + " cannot be read back: a stored field holds a value no entry can have; run verify()");
        }
    }

    /**
     * Signs the head; a failure of any kind (the signer's, the store's, an edited store) leaves the
     * checkpoint pending for the next append and never fails the append whose entry is stored.
     * Until a later checkpoint covers the gap, {@link #verify()} reports it once it exceeds
     * {@value #MISSING_AFTER_INTERVALS} intervals.
     */
    private void tryCheckpoint() {
        try {
            signHead(false);
            checkpointPending = false;
        } catch (IntegrityException e) {
            checkpointPending = true;
            LOG.error("Audit checkpoint at sequence {} refused: {}", head.sequence(), e.getMessage());
        } catch (RuntimeException e) {
            checkpointPending = true;
            LOG.warn("Audit checkpoint at sequence {} failed ({}); retrying after the next entry",
                    head.sequence(), e.getClass().getSimpleName());
        }
    }

    /**
     * Signs a version 2 checkpoint over the head, chained onto the latest stored checkpoint (after
     * checking its signature, when another instance signed it). Empty when the store already holds
     * a checkpoint at or beyond the head, or, unless {@code force}, one less than an interval back.
     *
     * @throws IntegrityException if the latest stored checkpoint is forged, or older than one this
     *     trail signed or verified (checkpoints were removed)
     */
    private Optional<AuditCheckpoint> signHead(boolean force) {
        Optional<AuditCheckpoint> latest = latestCheckpoint();
        if (latest.isPresent()) {
            AuditCheckpoint c = latest.get();
            if (c.sequence() < lastCheckpointSequence) {
                throw new IntegrityException("The latest audit checkpoint (sequence " + c.sequence()
                        + ") is older than one this trail signed or verified (" + lastCheckpointSequence
                        + "): checkpoints were removed; run verify()");
            }
            if (c.sequence() != lastCheckpointSequence) {
                byte[] signed = codec.checkpointBytes(c);
                if (!verifiers.verifies(c, signed)) {
                    throw new IntegrityException("The latest audit checkpoint (sequence " + c.sequence()
                            + ") is not signed by a trusted key: the trail will not chain onto it; run verify()");
                }
                adoptCheckpoint(c, signed);
            }
            if (c.sequence() >= head.sequence()
                    || (!force && head.sequence() - c.sequence() < checkpointInterval)) {
                return Optional.empty();
            }
        }
        Instant now = clock.instant();
        byte[] message = codec.checkpointBytesV2(head.sequence(), head.hash(), now, signer.keyId(), signer.algorithm(),
                checkpointInterval, lastCheckpointHash);
        String signature = Base64.getEncoder().encodeToString(signer.sign(message));
        AuditCheckpoint checkpoint = new AuditCheckpoint(head.sequence(), head.hash(), now, signer.keyId(),
                signer.algorithm(), signature, AuditCheckpoint.CURRENT_VERSION, checkpointInterval, lastCheckpointHash);
        store.appendCheckpoint(checkpoint);
        adoptCheckpoint(checkpoint, message);
        LOG.debug("Audit checkpoint signed at sequence {}", head.sequence());
        anchor.ifPresent(a -> publish(a, checkpoint));
        return Optional.of(checkpoint);
    }

    private static void publish(CheckpointAnchor anchor, AuditCheckpoint checkpoint) {
        try {
            anchor.publish(checkpoint);
        } catch (RuntimeException e) {
            LOG.warn("Audit checkpoint at sequence {} is stored but its anchor failed ({}); the next one is"
                    + " published again", checkpoint.sequence(), e.getClass().getSimpleName());
        }
    }

    /**
     * Signs a checkpoint over the store's head now, if it has none yet, after verifying the entries
     * from the last verified point to that head. Call it at shutdown so that the tail cannot be
     * dropped unnoticed, and publish the result where the store's writer cannot reach (or configure
     * an anchor).
     *
     * @return the new checkpoint, or empty if the trail is empty or the head already has one
     * @throws IntegrityException if the entries to the head, or the latest checkpoint, were tampered
     *     with, or (in a trail that has not appended yet) more than {@value #MISSING_AFTER_INTERVALS}
     *     intervals of entries have no checkpoint: such a tail is never vouched for
     * @throws SequenceConflictException if another instance stored a checkpoint at the same time
     * @throws StoreException if the store failed
     * @throws RuntimeException whatever the signer throws, e.g. a
     *     {@link ro.clickphone.privacy.spi.KeyUnavailableException}
     */
    public Optional<AuditCheckpoint> checkpoint() {
        lock.lock();
        try {
            loadHead();
            head = verifiedHeadFrom(head);
            if (head == null) {
                return Optional.empty();
            }
            Optional<AuditCheckpoint> signed = signHead(true);
            checkpointPending = false;
            return signed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Walks the whole trail and its checkpoints, in pages, in constant memory, and reports the
     * first break: an edited entry, a removed entry, reordered entries, a broken link, a chain
     * rewritten under a signed checkpoint, a forged checkpoint, a missing checkpoint, or a
     * truncated tail (one this instance appended, or one a checkpoint signed).
     *
     * @return the result; {@link AuditVerification#intact()} when nothing is wrong
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify() {
        return verify(0, List.of());
    }

    /**
     * Verifies as {@link #verify()} does, and also reports {@link ChainBreak.Kind#TRUNCATED_TAIL}
     * when the trail ends before a sequence known from outside the store (a count kept elsewhere, a
     * sequence an auditor wrote down): the check that closes the tail-truncation limit.
     *
     * @param minimumExpectedSequence the trail must reach at least this sequence, 0 for no minimum
     * @return the result
     * @throws InvalidInputException if the minimum is negative
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify(long minimumExpectedSequence) {
        if (minimumExpectedSequence < 0) {
            throw new InvalidInputException("minimumExpectedSequence", "must be 0 or more");
        }
        return verify(minimumExpectedSequence, List.of());
    }

    /**
     * Verifies as {@link #verify()} does, against a checkpoint kept outside the store (from a
     * {@link CheckpointAnchor}); the same as {@link #verify(Collection)} with that one checkpoint.
     *
     * @param anchor a checkpoint published outside the store
     * @return the result
     * @throws InvalidInputException if {@code anchor} is null
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify(AuditCheckpoint anchor) {
        if (anchor == null) {
            throw new InvalidInputException("anchor", "must not be null");
        }
        return verify(List.of(anchor));
    }

    /**
     * Verifies as {@link #verify()} does, against checkpoints kept outside the store (everything a
     * {@link FileCheckpointAnchor} holds): each must be signed by a trusted key
     * ({@link ChainBreak.Kind#FORGED_CHECKPOINT} otherwise), the trail must reach the highest of
     * their sequences ({@link ChainBreak.Kind#TRUNCATED_TAIL}) and hold, at each one's sequence, the
     * head it signed ({@link ChainBreak.Kind#REWRITTEN_CHAIN}), even when the store's own
     * checkpoints over that stretch were deleted or replaced by ones signed later over a rewrite.
     *
     * @param anchors checkpoints published outside the store, in any order
     * @return the result
     * @throws InvalidInputException if {@code anchors} is null or holds null
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify(Collection<AuditCheckpoint> anchors) {
        if (anchors == null || anchors.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("anchors", "must not be or hold null");
        }
        AuditCodec anchorCodec = new AuditCodec();
        List<AuditCheckpoint> sorted = new ArrayList<>(anchors);
        sorted.sort(Comparator.comparingLong(AuditCheckpoint::sequence));
        for (AuditCheckpoint anchor : sorted) {
            if (!verifiers.verifies(anchor, anchorCodec.checkpointBytes(anchor))) {
                ChainBreak forged = new ChainBreak(ChainBreak.Kind.FORGED_CHECKPOINT, anchor.sequence(),
                        "the anchored checkpoint at " + anchor.sequence() + " is not signed by a trusted key");
                LOG.warn("Audit trail verification failed: {} at sequence {}", forged.kind(), forged.sequence());
                return new AuditVerification(0, 0, Optional.of(forged));
            }
        }
        long minimum = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).sequence();
        return verify(minimum, sorted);
    }

    private AuditVerification verify(long minimumExpectedSequence, List<AuditCheckpoint> anchors) {
        AuditCodec verifyCodec = new AuditCodec();
        int nextAnchor = 0;
        CheckpointCursor checkpoints = new CheckpointCursor();
        String previous = AuditRecord.GENESIS_HASH;
        long position = 0;
        while (true) {
            List<AuditRecord> page;
            try {
                page = store.read(position + 1, PAGE);
            } catch (InvalidInputException e) {
                long unreadable = firstUnreadable(position + 1);
                return broken(position, checkpoints, ChainBreak.Kind.EDITED_ENTRY, unreadable, "entry " + unreadable
                        + " cannot be read back: a stored field holds a value no entry can have");
            }
            if (page.isEmpty()) {
                break;
            }
            for (AuditRecord r : page) {
                long expected = position + 1;
                if (!verifyCodec.hashMatches(r)) {
                    return broken(position, checkpoints, ChainBreak.Kind.EDITED_ENTRY, expected,
                            "entry " + expected + " does not match its hash: a field or the hash was changed");
                }
                if (r.sequence() > expected) {
                    boolean later = appearsAfter(expected, position + 1);
                    return broken(position, checkpoints, later ? ChainBreak.Kind.REORDERED_ENTRIES
                            : ChainBreak.Kind.REMOVED_ENTRY, expected, later
                                    ? "entry " + expected + " is out of place: entry " + r.sequence() + " stands there"
                                    : "entry " + expected + " is missing");
                }
                if (r.sequence() < expected) {
                    return broken(position, checkpoints, ChainBreak.Kind.REORDERED_ENTRIES, expected,
                            "entry " + r.sequence() + " stands where entry " + expected + " belongs");
                }
                if (!r.previousHash().equals(previous)) {
                    return broken(position, checkpoints, ChainBreak.Kind.BROKEN_LINK, expected,
                            "entry " + expected + " does not link to the hash of entry " + position);
                }
                Optional<ChainBreak> checkpointBreak = checkpoints.checkAt(r, verifyCodec);
                if (checkpointBreak.isPresent()) {
                    return result(position + 1, checkpoints, checkpointBreak.get());
                }
                for (; nextAnchor < anchors.size() && anchors.get(nextAnchor).sequence() <= r.sequence(); nextAnchor++) {
                    AuditCheckpoint anchor = anchors.get(nextAnchor);
                    if (!r.hash().equals(anchor.headHash())) {
                        return broken(position, checkpoints, ChainBreak.Kind.REWRITTEN_CHAIN, anchor.sequence(),
                                "the entries up to " + anchor.sequence()
                                        + " differ from what an anchored checkpoint signed");
                    }
                }
                previous = r.hash();
                position++;
            }
        }
        Optional<ChainBreak> beyond = checkpoints.checkBeyond(position, verifyCodec);
        if (beyond.isPresent()) {
            return result(position, checkpoints, beyond.get());
        }
        if (minimumExpectedSequence > position) {
            return result(position, checkpoints, new ChainBreak(ChainBreak.Kind.TRUNCATED_TAIL, position + 1,
                    "entries " + (position + 1) + " to " + minimumExpectedSequence
                            + " are known to exist but are missing from the store"));
        }
        Optional<ChainBreak> overdue = checkpoints.checkOverdue(position);
        if (overdue.isPresent()) {
            return result(position, checkpoints, overdue.get());
        }
        if (highestAcknowledged > position) {
            return result(position, checkpoints, new ChainBreak(ChainBreak.Kind.TRUNCATED_TAIL, position + 1,
                    "entries " + (position + 1) + " to " + highestAcknowledged
                            + " were acknowledged by this trail but are missing from the store"));
        }
        return new AuditVerification(position, checkpoints.checked, Optional.empty());
    }

    /**
     * Finds the first entry from {@code position} on that the store cannot turn back into an
     * {@link AuditRecord} (a field edited to an invalid value), reading one entry at a time.
     */
    private long firstUnreadable(long position) {
        for (long p = position; ; p++) {
            try {
                if (store.read(p, 1).isEmpty()) {
                    return p;
                }
            } catch (InvalidInputException e) {
                return p;
            }
        }
    }

    /** Whether an entry with sequence {@code sequence} is stored anywhere from {@code fromPosition} on. */
    private boolean appearsAfter(long sequence, long fromPosition) {
        long position = fromPosition;
        while (true) {
            List<AuditRecord> page = store.read(position + 1, PAGE);
            if (page.isEmpty()) {
                return false;
            }
            for (AuditRecord r : page) {
                if (r.sequence() == sequence) {
                    return true;
                }
            }
            position += page.size();
        }
    }

    private AuditVerification broken(long position, CheckpointCursor checkpoints, ChainBreak.Kind kind,
            long sequence, String description) {
        return result(position, checkpoints, new ChainBreak(kind, sequence, description));
    }

    private AuditVerification result(long checked, CheckpointCursor checkpoints, ChainBreak chainBreak) {
        LOG.warn("Audit trail verification failed: {} at sequence {}", chainBreak.kind(), chainBreak.sequence());
        return new AuditVerification(checked, checkpoints.checked, Optional.of(chainBreak));
    }

    /**
     * Walks the checkpoints alongside the entries, a page at a time, checking each one's signature,
     * that it signs the entry at its sequence, and that none is missing: a version 2 checkpoint
     * must name a recent checkpoint (or none, as the first) as its predecessor; version 1
     * checkpoints, which name none, and the stretch after the last one, must not leave more than
     * {@value #MISSING_AFTER_INTERVALS} intervals uncovered.
     */
    private final class CheckpointCursor {
        private List<AuditCheckpoint> page = new ArrayList<>();
        private int index;
        private long nextFrom = 1;
        private boolean exhausted;
        long checked;
        /** The last valid checkpoint's sequence (0 before the first) and its signed interval. */
        private long lastSequence;
        private int lastInterval = checkpointInterval;
        /** Hashes of the last valid checkpoints, newest last: what a later one may name. */
        private final ArrayDeque<String> recent = new ArrayDeque<>(List.of(AuditRecord.GENESIS_HASH));

        /**
         * The next checkpoint, or null after the last.
         *
         * @throws InvalidInputException if the store cannot read a checkpoint back
         */
        private AuditCheckpoint peek() {
            if (index >= page.size() && !exhausted) {
                page = store.readCheckpoints(nextFrom, PAGE);
                index = 0;
                if (page.isEmpty()) {
                    exhausted = true;
                } else {
                    nextFrom = page.get(page.size() - 1).sequence() + 1;
                }
            }
            return index < page.size() ? page.get(index) : null;
        }

        /**
         * A checkpoint row the store cannot read back (a field edited to a value no checkpoint can
         * have) is reported like a forged checkpoint, at its sequence, found one checkpoint at a time:
         * the first unreadable one is the first at or after the first position whose single read
         * fails, and its sequence is the last position from which a single read still fails.
         */
        private ChainBreak unreadable() {
            long at = nextFrom;
            while (true) {
                try {
                    List<AuditCheckpoint> one = store.readCheckpoints(at, 1);
                    if (one.isEmpty()) {
                        break;
                    }
                    at = one.get(0).sequence() + 1;
                } catch (InvalidInputException e) {
                    while (true) {
                        try {
                            store.readCheckpoints(at + 1, 1);
                            break;
                        } catch (InvalidInputException stillUnreadable) {
                            at++;
                        }
                    }
                    break;
                }
            }
            exhausted = true;
            page = List.of();
            return new ChainBreak(ChainBreak.Kind.FORGED_CHECKPOINT, at, "the checkpoint at " + at
                    + " cannot be read back: a stored field holds a value no checkpoint can have");
        }

        /** Checks every checkpoint at or before this entry's sequence. */
        Optional<ChainBreak> checkAt(AuditRecord entry, AuditCodec verifyCodec) {
            try {
                return checkAtReadable(entry, verifyCodec);
            } catch (InvalidInputException e) {
                return Optional.of(unreadable());
            }
        }

        private Optional<ChainBreak> checkAtReadable(AuditRecord entry, AuditCodec verifyCodec) {
            for (AuditCheckpoint c = peek(); c != null && c.sequence() <= entry.sequence(); c = peek()) {
                index++;
                checked++;
                byte[] signed = verifyCodec.checkpointBytes(c);
                Optional<ChainBreak> forged = signatureBreak(c, signed);
                if (forged.isPresent()) {
                    return forged;
                }
                if (c.sequence() < entry.sequence() || !c.headHash().equals(entry.hash())) {
                    return Optional.of(new ChainBreak(ChainBreak.Kind.REWRITTEN_CHAIN, c.sequence(),
                            "the entries up to " + c.sequence() + " differ from what the checkpoint signed"));
                }
                Optional<ChainBreak> missing = missingBefore(c);
                if (missing.isPresent()) {
                    return missing;
                }
                accept(c, verifyCodec.checkpointHash(signed));
            }
            return Optional.empty();
        }

        private Optional<ChainBreak> missingBefore(AuditCheckpoint c) {
            if (c.version() >= 2) {
                // Genesis counts until 16 checkpoints pass: two instances may both sign a first one.
                boolean linked = recent.contains(c.previousCheckpointHash());
                if (!linked) {
                    long due = Math.min(lastSequence + c.interval(), c.sequence());
                    return Optional.of(new ChainBreak(ChainBreak.Kind.MISSING_CHECKPOINT, due, "the checkpoint at "
                            + c.sequence() + " names a predecessor that is not in the store: checkpoints after "
                            + lastSequence + " were removed"));
                }
                return Optional.empty();
            }
            return overdue(c.sequence(), "before the checkpoint at " + c.sequence());
        }

        private void accept(AuditCheckpoint c, String hash) {
            lastSequence = c.sequence();
            lastInterval = c.version() >= 2 ? c.interval() : checkpointInterval;
            recent.addLast(hash);
            if (recent.size() > RECENT_CHECKPOINTS) {
                recent.removeFirst();
            }
        }

        /** After the last entry: whether the head is too far past the last checkpoint. */
        Optional<ChainBreak> checkOverdue(long headSequence) {
            return overdue(headSequence, "up to the head at " + headSequence);
        }

        private Optional<ChainBreak> overdue(long upTo, String where) {
            if (upTo - lastSequence <= (long) MISSING_AFTER_INTERVALS * lastInterval) {
                return Optional.empty();
            }
            long due = lastSequence + lastInterval;
            return Optional.of(new ChainBreak(ChainBreak.Kind.MISSING_CHECKPOINT, due, "no checkpoint from "
                    + (lastSequence + 1) + " " + where + ", though one is due every " + lastInterval
                    + " entries: checkpoints were removed, or the signer is failing"));
        }

        /** After the last entry: a checkpoint beyond it means signed entries were dropped. */
        Optional<ChainBreak> checkBeyond(long lastPosition, AuditCodec verifyCodec) {
            AuditCheckpoint c;
            try {
                c = peek();
            } catch (InvalidInputException e) {
                return Optional.of(unreadable());
            }
            if (c == null) {
                return Optional.empty();
            }
            checked++;
            Optional<ChainBreak> forged = signatureBreak(c, verifyCodec.checkpointBytes(c));
            if (forged.isPresent()) {
                return forged;
            }
            return Optional.of(new ChainBreak(ChainBreak.Kind.TRUNCATED_TAIL, lastPosition + 1, "entries "
                    + (lastPosition + 1) + " to " + c.sequence() + " are signed by a checkpoint but missing"));
        }

        private Optional<ChainBreak> signatureBreak(AuditCheckpoint c, byte[] signed) {
            return verifiers.verifies(c, signed) ? Optional.empty() : Optional.of(new ChainBreak(
                    ChainBreak.Kind.FORGED_CHECKPOINT, c.sequence(), "the checkpoint at " + c.sequence()
                            + " is not signed by a trusted key valid at its time"));
        }
    }

    @Override
    public String toString() {
        return "AuditTrail[store=" + store.getClass().getSimpleName() + ", signer=" + signer.algorithm() + ":"
                + signer.keyId() + ", checkpointInterval=" + checkpointInterval + "]";
    }
}
