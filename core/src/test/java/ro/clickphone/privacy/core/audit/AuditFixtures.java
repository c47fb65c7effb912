package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.keys.Signer;

/** Shared builders for the audit tests. */
final class AuditFixtures {

    static final byte[] PSEUDONYM_KEY = new byte[32];
    static final byte[] SIGNING_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            PSEUDONYM_KEY[i] = (byte) i;
            SIGNING_KEY[i] = (byte) (100 + i);
        }
    }

    private AuditFixtures() {
    }

    static Signer signer() {
        return HmacSha256Signer.create(SecretBytes.copyOf(SIGNING_KEY), "audit-test");
    }

    /** A clock that moves one millisecond per reading, so entries have distinct times. */
    static Clock tickingClock() {
        return new Clock() {
            private Instant now = Instant.parse("2026-03-01T10:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plus(Duration.ofMillis(1));
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    /** Asserts that verification found a break of this kind at this sequence. */
    static void assertBreak(AuditVerification v, ChainBreak.Kind kind, long sequence) {
        assertTrue(v.firstBreak().isPresent(), "tampering went unnoticed");
        assertEquals(kind, v.firstBreak().get().kind(), v.firstBreak().get().description());
        assertEquals(sequence, v.firstBreak().get().sequence(), v.firstBreak().get().description());
    }

    static AuditTrail trail(AuditLogStore store, int checkpointInterval) {
        return trail(store, settings(signer(), checkpointInterval));
    }

    static AuditSettings settings(Signer signer, int checkpointInterval) {
        return AuditSettings.of(signer, SecretBytes.copyOf(PSEUDONYM_KEY)).withCheckpointInterval(checkpointInterval);
    }

    static AuditTrail trail(AuditLogStore store, AuditSettings settings) {
        return AuditTrail.create(store, settings, tickingClock());
    }

    /**
     * What a store writer without the signing key can do: edit entry {@code position} (1-based) and
     * recompute every hash from there to the end, so that each entry is self-consistent again.
     */
    static void rewriteFrom(TamperableAuditLogStore store, int position) {
        AuditCodec codec = new AuditCodec();
        String previous = position == 1 ? AuditRecord.GENESIS_HASH : store.records.get(position - 2).hash();
        for (int i = position - 1; i < store.records.size(); i++) {
            AuditRecord r = store.records.get(i);
            AuditOutcome outcome = i == position - 1
                    ? (r.outcome() == AuditOutcome.SUCCESS ? AuditOutcome.DENIED : AuditOutcome.SUCCESS) : r.outcome();
            String hash = codec.hashEntry(r.sequence(), r.timestamp(), r.actorKind().name(), r.actorRef(), r.action(),
                    r.purpose(), r.categories(), r.subjectRef(), outcome.name(), r.details(), previous);
            store.records.set(i, new AuditRecord(r.sequence(), r.timestamp(), r.actorKind(), r.actorRef(), r.action(),
                    r.purpose(), r.categories(), r.subjectRef(), outcome, r.details(), previous, hash));
            previous = hash;
        }
    }

    static AuditEvent event(int i) {
        SubjectId subject = SubjectId.of("subject-" + (i % 17));
        Actor actor = switch (i % 4) {
            case 0 -> Actor.subject(subject);
            case 1 -> Actor.staff(Recipient.of("EMPLOYEES"), "emp-" + (i % 5), Set.of("SUPPORT"));
            case 2 -> Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-" + i);
            default -> Actor.system("retention-sweeper", Set.of("RETENTION"));
        };
        return AuditEvent.of(actor, "access.check", i % 3 == 0 ? AuditOutcome.DENIED : AuditOutcome.SUCCESS)
                .withPurpose(Purpose.of(i % 2 == 0 ? "BILLING" : "SERVICE_PROVISION"))
                .withCategories(Set.of(DataCategory.of("TRAFFIC"), DataCategory.of(i % 2 == 0 ? "FINANCIAL" : "CONTACT")))
                .withSubject(subject)
                .withDetail("reason", "CASE_" + (i % 7));
    }

    static void append(AuditTrail trail, int count) {
        for (int i = 0; i < count; i++) {
            trail.record(event(i));
        }
    }
}
