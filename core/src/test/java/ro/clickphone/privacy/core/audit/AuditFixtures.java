package ro.clickphone.privacy.core.audit;

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

    static AuditTrail trail(AuditLogStore store, int checkpointInterval) {
        return AuditTrail.create(store, signer(), SecretBytes.copyOf(PSEUDONYM_KEY), tickingClock(), checkpointInterval);
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
