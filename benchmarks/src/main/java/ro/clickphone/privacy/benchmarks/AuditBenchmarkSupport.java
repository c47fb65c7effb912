package ro.clickphone.privacy.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** What the audit benchmarks share: a typical event, a trail, and the entry's canonical bytes. */
final class AuditBenchmarkSupport {

    private AuditBenchmarkSupport() {
    }

    /** A typical access-check entry: staff actor, purpose, one category, a subject, a reason. */
    static AuditEvent typicalEvent() {
        return AuditEvent.of(Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT")), "access.check",
                        AuditOutcome.SUCCESS)
                .withPurpose(Purpose.of("SERVICE_PROVISION"))
                .withCategories(Set.of(DataCategory.of("TRAFFIC")))
                .withSubject(SubjectId.of("acct-1042"))
                .withDetail("reason", "ROLE_GRANTED")
                .withDetail("recipient", "EMPLOYEES");
    }

    static AuditTrail trail(AuditLogStore store, int checkpointInterval) {
        byte[] key = new byte[32];
        return PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC())
                .stores(InMemoryStores.create())
                .auditLogStore(store)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(key), "bench"),
                        SecretBytes.copyOf(key))
                        .withCheckpointInterval(checkpointInterval))
                .build()
                .audit();
    }

    /**
     * The canonical encoding of a stored entry, written here from docs/FORMAT.md (the benchmarks use
     * the public API only), so that the raw baseline hashes exactly the bytes an append hashes.
     */
    static byte[] canonicalBytes(AuditRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        try {
            data.writeByte(1);
            data.writeLong(r.sequence());
            Instant t = r.timestamp();
            data.writeLong(t.getEpochSecond());
            data.writeInt(t.getNano());
            string(data, r.actorKind().name());
            string(data, r.actorRef());
            string(data, r.action());
            optional(data, r.purpose());
            data.writeInt(r.categories().size());
            for (String c : r.categories()) {
                string(data, c);
            }
            optional(data, r.subjectRef());
            string(data, r.outcome().name());
            data.writeInt(r.details().size());
            for (Map.Entry<String, String> e : r.details().entrySet()) {
                string(data, e.getKey());
                string(data, e.getValue());
            }
            data.write(HexFormat.of().parseHex(r.previousHash()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void string(DataOutputStream data, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static void optional(DataOutputStream data, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            data.writeByte(1);
            string(data, value.get());
        } else {
            data.writeByte(0);
        }
    }

    /** A store that keeps only the head, so that a long benchmark does not fill the heap. */
    static final class HeadOnlyStore implements AuditLogStore {
        private AuditRecord last;

        @Override
        public synchronized void append(AuditRecord record) {
            long expected = last == null ? 1 : last.sequence() + 1;
            if (record.sequence() != expected) {
                throw new SequenceConflictException("sequence " + record.sequence());
            }
            last = record;
        }

        @Override
        public List<AuditRecord> read(long fromSequence, int maxCount) {
            return List.of();
        }

        @Override
        public synchronized Optional<AuditRecord> last() {
            return Optional.ofNullable(last);
        }

        @Override
        public void appendCheckpoint(AuditCheckpoint checkpoint) {
        }

        @Override
        public List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
            return List.of();
        }

        @Override
        public Optional<AuditCheckpoint> latestCheckpoint() {
            return Optional.empty();
        }
    }
}
