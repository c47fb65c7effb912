package ro.clickphone.privacy.jpa.internal.audit;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ro.clickphone.privacy.jpa.internal.Counters;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * The audit trail over JPA: {@code cpp_audit_record} with its categories and details, and
 * {@code cpp_audit_checkpoint}.
 *
 * <p><b>Append.</b> The append locks the {@code audit} counter row in its own transaction (or the caller's),
 * compares the record's sequence with the counter's last value plus one, and only then counts and inserts:
 * a sequence that is not the next one is a {@link SequenceConflictException} and writes nothing, not even
 * the counter (so a caller who catches it and commits leaves the counter right). The lock is held until
 * commit, so record n+1 never commits before record n. A stored tail deleted behind the store's back leaves
 * the counter ahead of the last row: appends then conflict until the trail is verified and repaired, they
 * never write over the gap.
 *
 * <p><b>Read.</b> Records are built row by row through {@link AuditRecord}'s constructor, so a row edited to
 * a value no record can have surfaces as the SPI's {@link InvalidInputException} from {@link #read} (the
 * verifier reports it as an edited entry at that sequence); enum names are parsed here for the same reason.
 * Rows are returned in ascending sequence as stored, never repaired or filtered.
 *
 * <p>Checkpoint appends are serialized by locking the {@code audit-checkpoint} counter row (never counted).
 */
public final class JpaAuditLogStore implements AuditLogStore {

    static final String COUNTER = "audit";
    static final String CHECKPOINT_LOCK = "audit-checkpoint";

    private final JpaContext jpa;

    /**
     * Creates the store.
     *
     * @param jpa the factory and the transaction rule
     */
    public JpaAuditLogStore(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public void append(AuditRecord record) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        jpa.inTransaction("append an audit record", em -> {
            long last = lockedLast(em, COUNTER);
            if (record.sequence() != last + 1) {
                throw new SequenceConflictException("JPA audit log: sequence " + record.sequence()
                        + " is not the next one (" + (last + 1) + ")");
            }
            Counters.next(em, COUNTER);
            long s = record.sequence();
            em.persist(new AuditRecordRow(s, record.timestamp(), record.actorKind().name(), record.actorRef(),
                    record.action(), record.purpose().orElse(null), record.subjectRef().orElse(null),
                    record.outcome().name(), record.previousHash(), record.hash()));
            // The parent row first: providers flush inserts in the order they were persisted.
            em.flush();
            for (String category : record.categories()) {
                em.persist(new AuditCategoryRow(s, category));
            }
            record.details().forEach((k, v) -> em.persist(new AuditDetailRow(s, k, v)));
            return null;
        });
    }

    /** Locks a counter row and returns its last value, without counting. */
    private static long lockedLast(EntityManager em, String name) {
        return Counters.lockedLast(em, name);
    }

    @Override
    public List<AuditRecord> read(long fromSequence, int maxCount) {
        checkRange(fromSequence, maxCount);
        return jpa.inTransaction("read audit records", em -> {
            List<AuditRecordRow> rows = em.createQuery(
                    "select r from AuditRecordRow r where r.sequence >= :from order by r.sequence", AuditRecordRow.class)
                    .setParameter("from", fromSequence).setMaxResults(maxCount).getResultList();
            return records(em, rows);
        });
    }

    @Override
    public Optional<AuditRecord> last() {
        return jpa.inTransaction("read the last audit record", em -> {
            List<AuditRecordRow> rows = em.createQuery(
                    "select r from AuditRecordRow r order by r.sequence desc", AuditRecordRow.class)
                    .setMaxResults(1).getResultList();
            return records(em, rows).stream().findFirst();
        });
    }

    /** Builds records from rows (ascending or a single one), reading their categories and details. */
    private static List<AuditRecord> records(EntityManager em, List<AuditRecordRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        long low = Math.min(rows.get(0).sequence(), rows.get(rows.size() - 1).sequence());
        long high = Math.max(rows.get(0).sequence(), rows.get(rows.size() - 1).sequence());
        Map<Long, List<String>> categories = new HashMap<>();
        for (AuditCategoryRow c : em.createQuery("select c from AuditCategoryRow c where c.sequence between :low"
                + " and :high order by c.sequence, c.category", AuditCategoryRow.class)
                .setParameter("low", low).setParameter("high", high).getResultList()) {
            categories.computeIfAbsent(c.sequence(), k -> new ArrayList<>()).add(c.category());
        }
        Map<Long, TreeMap<String, String>> details = new HashMap<>();
        for (AuditDetailRow d : em.createQuery("select d from AuditDetailRow d where d.sequence between :low"
                + " and :high", AuditDetailRow.class)
                .setParameter("low", low).setParameter("high", high).getResultList()) {
            details.computeIfAbsent(d.sequence(), k -> new TreeMap<>()).put(d.key(), d.value());
        }
        List<AuditRecord> out = new ArrayList<>(rows.size());
        for (AuditRecordRow r : rows) {
            out.add(new AuditRecord(r.sequence(), r.timestamp(), actorKind(r.actorKind()), r.actorRef(), r.action(),
                    Optional.ofNullable(r.purpose()), categories.getOrDefault(r.sequence(), List.of()),
                    Optional.ofNullable(r.subjectRef()), outcome(r.outcome()),
                    details.getOrDefault(r.sequence(), new TreeMap<>()), r.previousHash(), r.hash()));
        }
        return List.copyOf(out);
    }

    private static ActorKind actorKind(String name) {
        try {
            return ActorKind.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("audit.actorKind", "is not an actor kind");
        }
    }

    private static AuditOutcome outcome(String name) {
        try {
            return AuditOutcome.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("audit.outcome", "is not an audit outcome");
        }
    }

    @Override
    public void appendCheckpoint(AuditCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        jpa.inTransaction("append an audit checkpoint", em -> {
            lockedLast(em, CHECKPOINT_LOCK);
            Long latest = em.createQuery("select max(c.sequence) from AuditCheckpointRow c", Long.class)
                    .getSingleResult();
            if (latest != null && latest >= checkpoint.sequence()) {
                throw new SequenceConflictException("JPA audit log: a checkpoint at or after sequence "
                        + checkpoint.sequence() + " exists");
            }
            em.persist(new AuditCheckpointRow(checkpoint.sequence(), checkpoint.headHash(), checkpoint.createdAt(),
                    checkpoint.keyId(), checkpoint.algorithm(), checkpoint.signature(), checkpoint.version(),
                    checkpoint.interval(), checkpoint.previousCheckpointHash()));
            return null;
        });
    }

    @Override
    public List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
        checkRange(fromSequence, maxCount);
        return jpa.inTransaction("read audit checkpoints", em -> checkpoints(em.createQuery(
                "select c from AuditCheckpointRow c where c.sequence >= :from order by c.sequence",
                AuditCheckpointRow.class).setParameter("from", fromSequence).setMaxResults(maxCount).getResultList()));
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return jpa.inTransaction("read the latest audit checkpoint", em -> checkpoints(em.createQuery(
                "select c from AuditCheckpointRow c order by c.sequence desc", AuditCheckpointRow.class)
                .setMaxResults(1).getResultList()).stream().findFirst());
    }

    private static List<AuditCheckpoint> checkpoints(List<AuditCheckpointRow> rows) {
        List<AuditCheckpoint> out = new ArrayList<>(rows.size());
        for (AuditCheckpointRow c : rows) {
            out.add(new AuditCheckpoint(c.sequence(), c.headHash(), c.createdAt(), c.keyId(), c.algorithm(),
                    c.signature(), c.version(), c.interval(), c.previousCheckpointHash()));
        }
        return List.copyOf(out);
    }

    private static void checkRange(long fromSequence, int maxCount) {
        if (fromSequence < 1) {
            throw new InvalidInputException("fromSequence", "must be at least 1");
        }
        if (maxCount < 1) {
            throw new InvalidInputException("maxCount", "must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "JpaAuditLogStore[" + jpa + "]";
    }
}
