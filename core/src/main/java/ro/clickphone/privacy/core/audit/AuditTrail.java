package ro.clickphone.privacy.core.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
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
 * <p><b>Security guarantees:</b> an edited, removed, reordered or inserted entry breaks the chain
 * where it is; an attacker who also recomputes every later hash is caught at the next signed
 * checkpoint; entries signed by a checkpoint cannot be dropped unnoticed. Subjects (and delegates)
 * appear only as keyed pseudonyms ({@link #subjectRef(SubjectId)}): without the pseudonym key a
 * reader of the trail cannot tell whose data an entry is about, nor test a guessed phone number.
 *
 * <p><b>Warning:</b> entries appended after the last checkpoint can be dropped from the store
 * without a trace that the store alone shows. This instance still notices (it remembers the head it
 * appended), but another instance or a later process does not. Keep the checkpoint interval small
 * enough for that exposure, and call {@link #checkpoint()} at shutdown.
 *
 * <p>Thread-safe. Appends from many threads are serialized into one gap-free chain; an append
 * returns only once the store has the entry. Several instances may share one store: a lost race
 * for a sequence number is retried against the new head.
 *
 * @since 0.1.0
 */
public final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int PAGE = 4096;
    /** Lost races retried before giving up; with the back-off below, about half a second in all. */
    private static final int MAX_CONFLICT_RETRIES = 32;
    private static final long FIRST_BACKOFF_NANOS = 50_000;
    private static final long MAX_BACKOFF_NANOS = 20_000_000;
    private static final int READ_PAGE = 4096;
    private static final HexFormat HEX = HexFormat.of();
    private static final int PSEUDONYM_CACHE_SIZE = 10_000;

    private final AuditLogStore store;
    private final Signer signer;
    private final Clock clock;
    private final int checkpointInterval;
    private final SecretKeySpec pseudonymKey;
    private final ThreadLocal<Mac> pseudonymMac;
    /**
     * Recent pseudonyms: the same subjects are audited again and again (every check, every access),
     * and an HMAC costs more than the rest of an append. Bounded; holds subject ids in memory only.
     */
    private final Cache<SubjectId, String> pseudonyms = Caffeine.newBuilder().maximumSize(PSEUDONYM_CACHE_SIZE).build();

    private final ReentrantLock lock = new ReentrantLock();
    private final AuditCodec codec = new AuditCodec();
    /** The last entry this instance appended or read as head; guarded by {@link #lock}. */
    private AuditRecord head;
    private boolean headLoaded;
    private boolean checkpointPending;
    /** The highest sequence this instance knows was acknowledged, to detect a truncated tail. */
    private volatile long highestAcknowledged;

    private AuditTrail(AuditLogStore store, Signer signer, SecretBytes pseudonymKey, Clock clock,
            int checkpointInterval) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.checkpointInterval = checkpointInterval;
        byte[] key = pseudonymKey.revealBytes();
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
            public AuditTrail open(AuditLogStore store, AuditSettings settings, Clock clock) {
                return create(store, settings.signer(), settings.subjectPseudonymKey(), clock,
                        settings.checkpointInterval());
            }

            @Override
            public Signer signer(AuditSettings settings) {
                return settings.signer();
            }
        });
    }

    /**
     * Creates a trail over a store. Not API: users get the trail from the kit, which opens it
     * through {@link Wiring}; core's tests call this directly.
     *
     * @param store where entries and checkpoints are kept
     * @param signer signs checkpoints
     * @param pseudonymKey at least 32 bytes, used only to pseudonymize subjects in entries; keep it
     *     for as long as the trail, or its pseudonyms can no longer be matched to subjects
     * @param clock the clock entries are stamped with
     * @param checkpointInterval a checkpoint every this many entries, 1 to 1 000 000
     * @return the trail
     * @throws InvalidInputException if an argument is null or out of range
     */
    static AuditTrail create(AuditLogStore store, Signer signer, SecretBytes pseudonymKey,
            Clock clock, int checkpointInterval) {
        if (store == null) {
            throw new InvalidInputException("auditLogStore", "must not be null");
        }
        if (signer == null) {
            throw new InvalidInputException("signer", "must not be null");
        }
        if (pseudonymKey == null || pseudonymKey.length() < 32) {
            throw new InvalidInputException("pseudonymKey", "must be at least 32 bytes");
        }
        if (clock == null) {
            throw new InvalidInputException("clock", "must not be null");
        }
        if (checkpointInterval < 1 || checkpointInterval > 1_000_000) {
            throw new InvalidInputException("checkpointInterval", "must be between 1 and 1000000");
        }
        return new AuditTrail(store, signer, pseudonymKey, clock, checkpointInterval);
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
        return pseudonyms.get(subject, this::computeSubjectRef);
    }

    private String computeSubjectRef(SubjectId subject) {
        Mac mac = pseudonymMac.get();
        mac.update("subject".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        byte[] tag = mac.doFinal(subject.value().getBytes(StandardCharsets.UTF_8));
        return "s-" + HEX.formatHex(tag, 0, 16);
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
        Mac mac = pseudonymMac.get();
        mac.update("revealed-value".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        byte[] tag = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "v-" + HEX.formatHex(tag, 0, 16);
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
     * @throws InvalidInputException if the event is null or a detail has the shape of personal data
     * @throws SequenceConflictException if the race for the next sequence was lost 33 times in a row
     * @throws StoreException if the store failed (retryable or not, as it says)
     */
    public AuditRecord record(AuditEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        String actorRef = actorRef(event.actor());
        Optional<String> subjectRef = event.subject().map(this::subjectRef);
        Optional<String> purpose = event.purpose().map(p -> p.id());
        String[] categoryIds = new String[event.categories().size()];
        int c = 0;
        for (DataCategory category : event.categories()) {
            categoryIds[c++] = category.id();
        }
        List<String> categories = List.of(categoryIds);
        Map<String, String> details = event.details();
        Actor actor = event.actor();
        if (actor.legalRequest().isPresent() || !actor.roles().isEmpty()) {
            // Who acted includes in which capacity: the roles of staff and jobs, an authority's request.
            TreeMap<String, String> withActor = new TreeMap<>(details);
            actor.legalRequest().ifPresent(ref -> withActor.put("legalRequest", ref));
            if (!actor.roles().isEmpty()) {
                withActor.put("roles", String.join(",", actor.roles()));
            }
            details = withActor;
        }
        SortedMap<String, String> sortedDetails = details instanceof SortedMap
                ? (SortedMap<String, String>) details : new TreeMap<>(details);
        lock.lock();
        try {
            loadHead();
            for (int attempt = 0; ; attempt++) {
                long sequence = head == null ? 1 : head.sequence() + 1;
                String previous = head == null ? AuditRecord.GENESIS_HASH : head.hash();
                Instant now = clock.instant();
                String hash = codec.hashEntry(sequence, now, event.actor().kind().name(), actorRef, event.action(),
                        purpose, categories, subjectRef, event.outcome().name(), sortedDetails, previous);
                AuditRecord record = new AuditRecord(sequence, now, event.actor().kind(), actorRef, event.action(),
                        purpose, categories, subjectRef, event.outcome(), sortedDetails, previous, hash);
                try {
                    store.append(record);
                } catch (SequenceConflictException e) {
                    if (attempt >= MAX_CONFLICT_RETRIES) {
                        throw e;
                    }
                    backOff(attempt);
                    // Another instance appended first: continue the chain from its head.
                    head = store.last().orElse(null);
                    continue;
                }
                head = record;
                highestAcknowledged = Math.max(highestAcknowledged, sequence);
                if (sequence % checkpointInterval == 0 || checkpointPending) {
                    tryCheckpoint();
                }
                return record;
            }
        } finally {
            lock.unlock();
        }
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
            head = store.last().orElse(null);
            headLoaded = true;
            highestAcknowledged = Math.max(highestAcknowledged, head == null ? 0 : head.sequence());
        }
    }

    /** Signs the head; a failure leaves the checkpoint pending for the next append, never loses the entry. */
    private void tryCheckpoint() {
        try {
            signHead();
            checkpointPending = false;
        } catch (PrivacyException e) {
            checkpointPending = true;
            LOG.warn("Audit checkpoint at sequence {} failed ({}); retrying after the next entry",
                    head.sequence(), e.getClass().getSimpleName());
        }
    }

    private AuditCheckpoint signHead() {
        Instant now = clock.instant();
        byte[] message = codec.checkpointBytes(head.sequence(), head.hash(), now, signer.keyId(), signer.algorithm());
        String signature = Base64.getEncoder().encodeToString(signer.sign(message));
        AuditCheckpoint checkpoint = new AuditCheckpoint(head.sequence(), head.hash(), now, signer.keyId(),
                signer.algorithm(), signature);
        store.appendCheckpoint(checkpoint);
        LOG.debug("Audit checkpoint signed at sequence {}", head.sequence());
        return checkpoint;
    }

    /**
     * Signs a checkpoint over the current head now, if it has none yet. Call it at shutdown so that
     * the tail cannot be dropped unnoticed.
     *
     * @return the new checkpoint, or empty if the trail is empty or the head already has one
     * @throws StoreException if the store failed
     */
    public Optional<AuditCheckpoint> checkpoint() {
        lock.lock();
        try {
            head = store.last().orElse(null);
            headLoaded = true;
            if (head == null) {
                return Optional.empty();
            }
            Optional<AuditCheckpoint> latest = store.latestCheckpoint();
            if (latest.isPresent() && latest.get().sequence() >= head.sequence()) {
                return Optional.empty();
            }
            AuditCheckpoint checkpoint = signHead();
            checkpointPending = false;
            return Optional.of(checkpoint);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Walks the whole trail and its checkpoints, in pages, in constant memory, and reports the
     * first break: an edited entry, a removed entry, reordered entries, a broken link, a chain
     * rewritten under a signed checkpoint, a forged checkpoint, or a truncated tail.
     *
     * @return the result; {@link AuditVerification#intact()} when nothing is wrong
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify() {
        AuditCodec verifyCodec = new AuditCodec();
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
                previous = r.hash();
                position++;
            }
        }
        Optional<ChainBreak> beyond = checkpoints.checkBeyond(position, verifyCodec);
        if (beyond.isPresent()) {
            return result(position, checkpoints, beyond.get());
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

    /** Walks the checkpoints alongside the entries, a page at a time. */
    private final class CheckpointCursor {
        private List<AuditCheckpoint> page = new ArrayList<>();
        private int index;
        private long nextFrom = 1;
        private boolean exhausted;
        long checked;

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

        /** Checks every checkpoint at or before this entry's sequence. */
        Optional<ChainBreak> checkAt(AuditRecord entry, AuditCodec verifyCodec) {
            for (AuditCheckpoint c = peek(); c != null && c.sequence() <= entry.sequence(); c = peek()) {
                index++;
                checked++;
                Optional<ChainBreak> forged = signatureBreak(c, verifyCodec);
                if (forged.isPresent()) {
                    return forged;
                }
                if (c.sequence() < entry.sequence() || !c.headHash().equals(entry.hash())) {
                    return Optional.of(new ChainBreak(ChainBreak.Kind.REWRITTEN_CHAIN, c.sequence(),
                            "the entries up to " + c.sequence() + " differ from what the checkpoint signed"));
                }
            }
            return Optional.empty();
        }

        /** After the last entry: a checkpoint beyond it means signed entries were dropped. */
        Optional<ChainBreak> checkBeyond(long lastPosition, AuditCodec verifyCodec) {
            AuditCheckpoint c = peek();
            if (c == null) {
                return Optional.empty();
            }
            checked++;
            Optional<ChainBreak> forged = signatureBreak(c, verifyCodec);
            if (forged.isPresent()) {
                return forged;
            }
            return Optional.of(new ChainBreak(ChainBreak.Kind.TRUNCATED_TAIL, lastPosition + 1, "entries "
                    + (lastPosition + 1) + " to " + c.sequence() + " are signed by a checkpoint but missing"));
        }

        private Optional<ChainBreak> signatureBreak(AuditCheckpoint c, AuditCodec verifyCodec) {
            boolean valid;
            try {
                valid = c.keyId().equals(signer.keyId()) && c.algorithm().equals(signer.algorithm())
                        && signer.verify(verifyCodec.checkpointBytes(c), Base64.getDecoder().decode(c.signature()));
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            return valid ? Optional.empty() : Optional.of(new ChainBreak(ChainBreak.Kind.FORGED_CHECKPOINT,
                    c.sequence(), "the checkpoint at " + c.sequence() + " is not signed by key " + signer.keyId()));
        }
    }

    @Override
    public String toString() {
        return "AuditTrail[store=" + store.getClass().getSimpleName() + ", signer=" + signer.algorithm() + ":"
                + signer.keyId() + ", checkpointInterval=" + checkpointInterval + "]";
    }
}
