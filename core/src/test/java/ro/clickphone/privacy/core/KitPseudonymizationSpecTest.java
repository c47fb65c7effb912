package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKek;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * {@code kit.pseudonyms().spec(profile, context, actor)}: the forward grant of a scale-out job is
 * checked and audited once, when the job starts; the workers then pseudonymize as the kit would,
 * without asking again and without a kit.
 */
class KitPseudonymizationSpecTest {

    private static final Actor LAKE_JOB = Actor.system("cdr-lake", Set.of("ANALYTICS_JOB"));
    private static final Actor STRANGER = Actor.system("batch", Set.of("NOTHING"));
    private static final AccessPolicy GRANTS = AccessPolicy.builder()
            .grant("ANALYTICS_JOB", Purpose.of("SERVICE_PROVISION"))
            .grantPseudonymization("ANALYTICS_JOB", "analytics")
            .build();
    private static final CallDetailRecord CALL = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567",
            "+40731111222", Instant.parse("2026-03-16T08:12:00Z"), Duration.ofSeconds(75)).withDeviceIp("192.0.2.17");

    private static PrivacyKit kit(Path dir, InMemoryAuditLogStore audit, PseudonymKeys keys) {
        return PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .pseudonymization(keys).accessPolicy(GRANTS).auditLogStore(audit)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .build();
    }

    private static PseudonymKeys wrappedKeys() {
        FixtureKek kek = new FixtureKek();
        return PseudonymKeys.ofWrapped(1, kek, PseudonymKeys.newWrappedRootKey(kek));
    }

    private static List<AuditRecord> grants(InMemoryAuditLogStore store) {
        return store.read(1, 1000).stream().filter(r -> r.action().equals("pseudonym.pseudonymize"))
                .collect(Collectors.toList());
    }

    @Test
    void aJobsSpec_isGrantedAndAuditedOnce_andItsWorkersPseudonymizeAsTheKit(@TempDir Path dir) throws Exception {
        InMemoryAuditLogStore audit = new InMemoryAuditLogStore();
        PrivacyKit kit = kit(dir, audit, wrappedKeys());
        PseudonymizationSpec spec = kit.pseudonyms().spec(CdrFixture.profile(), "analytics", LAKE_JOB);
        List<AuditRecord> granted = grants(audit);
        assertEquals(1, granted.size());
        assertEquals(AuditOutcome.SUCCESS, granted.get(0).outcome());
        assertEquals("analytics", granted.get(0).details().get("context"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        CdrPseudonymizer worker = CdrPseudonymizer.forSpec(spec);
        CdrPseudonymizer inKit = CdrPseudonymizer.create(kit.pseudonyms().as(LAKE_JOB), CdrFixture.profile());
        for (int i = 0; i < 10; i++) {
            assertEquals(inKit.pseudonymize(CALL), worker.pseudonymize(CALL));
        }
        assertEquals(2, grants(audit).size(), "the workers asked nothing; the in-kit comparison bound once more");
        assertTrue(kit.audit().verify().intact());
    }

    @Test
    void anUngrantedActor_getsNoSpec_andTheRefusalIsAudited(@TempDir Path dir) {
        InMemoryAuditLogStore audit = new InMemoryAuditLogStore();
        PrivacyKit kit = kit(dir, audit, wrappedKeys());
        PolicyViolationException refused = assertThrows(PolicyViolationException.class,
                () -> kit.pseudonyms().spec(CdrFixture.profile(), "analytics", STRANGER));
        assertFalse(refused.getMessage().contains("+40"));
        assertThrows(PolicyViolationException.class,
                () -> kit.pseudonyms().spec(CdrFixture.profile(), "fraud", LAKE_JOB));
        List<AuditRecord> denied = grants(audit);
        assertEquals(2, denied.size());
        assertTrue(denied.stream().allMatch(r -> r.outcome() == AuditOutcome.DENIED), denied.toString());
    }

    @Test
    void aKitWhoseRootKeyIsInClear_cannotShipItToWorkers(@TempDir Path dir) {
        InMemoryAuditLogStore audit = new InMemoryAuditLogStore();
        PrivacyKit kit = kit(dir, audit, PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])));
        assertThrows(ConfigurationException.class,
                () -> kit.pseudonyms().spec(CdrFixture.profile(), "analytics", LAKE_JOB));
        assertEquals(0, grants(audit).size(), "nothing granted for a spec that cannot be made");
    }
}
