package ro.clickphone.privacy.jpa.internal.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.incident.IncidentChanges;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * The JPA register under the kit: an incident reported, updated, notified to the authority and logged
 * through {@code kit.incidents()} is there, whole, for a kit on a new factory (the restarted application),
 * with its deadlines computed from what was stored.
 */
abstract class JpaIncidentKitTest {

    private static final Instant DISCOVERED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Clock NOW = Clock.fixed(DISCOVERED.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
    private static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SECURITY"));

    private static PrivacyKit kit(EntityManagerFactory emf) {
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(NOW).stores(InMemoryStores.create())
                .incidentStore(new JpaIncidentStore(JpaContext.of(emf, () -> null)))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .build();
    }

    @Test
    void anIncident_throughTheKit_isWholeAfterARestart(TestDatabase db) {
        EntityManagerFactory first = db.newEmf(Map.of());
        String id;
        IncidentVersion contained;
        try (PrivacyKit kit = kit(first)) {
            id = kit.incidents().report(IncidentReport.of("Phishing: three support mailboxes were read by an intruder",
                    DISCOVERED.minus(Duration.ofHours(6)), DISCOVERED, AffectedCount.estimate(1200), Set.of("CUSTOMER"),
                    Set.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC")),
                    "Phishing of the customers whose addresses were read",
                    "Passwords reset, mailboxes closed, customers warned"), STAFF);
            contained = kit.incidents().update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), STAFF);
            kit.incidents().recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, DISCOVERED.plus(Duration.ofMinutes(20)),
                    "ANSPDCP-2026-118", STAFF);
            kit.incidents().logCooperation(id, CooperationKind.REQUEST, DISCOVERED.plus(Duration.ofMinutes(25)),
                    "the authority asked for the access logs", STAFF);
            assertTrue(kit.incidents().verifyHistory(id, STAFF).intact(), "every version audited, none altered");
        }
        first.close();

        try (PrivacyKit restarted = kit(db.newEmf(Map.of()))) {
            assertEquals(contained, restarted.incidents().current(id).orElseThrow());
            List<IncidentVersion> history = restarted.incidents().history(id);
            assertEquals(List.of(1, 2), history.stream().map(IncidentVersion::version).toList());
            assertEquals(IncidentStatus.OPEN, history.get(0).status(), "version 1 as it was first recorded");
            assertEquals("ANSPDCP-2026-118", restarted.incidents().authorityNotices(id).get(0).reference());
            assertEquals(1, restarted.incidents().cooperationLog(id).size());
            assertFalse(restarted.incidents().deadlines(id).isEmpty(), "deadlines computed from the stored incident");
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaIncidentKitTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaIncidentKitTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaIncidentKitTest {
    }
}
