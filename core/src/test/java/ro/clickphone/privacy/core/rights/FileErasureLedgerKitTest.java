package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;

/**
 * The file ledger in the kit: an erasure is recorded in the file; after the main stores and the
 * systems of record are restored from a backup taken before it, a new kit on those stores and the
 * same file erases again.
 */
class FileErasureLedgerKitTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final String ANA_EMAIL = "ana.ionescu@example.ro";
    private static final DataCategory DEVICE = DataCategory.of("DEVICE");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final Instant RECEIVED = Instant.parse("2026-01-31T10:00:00Z");

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    /** A source pair as a backup taken before the erasure holds them. */
    private static final class Sources {
        final InMemoryPersonalDataSource devices = new InMemoryPersonalDataSource("devices", Set.of(DEVICE));
        final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(FINANCIAL));

        Sources() {
            devices.add("dev-1", ANA, DEVICE, Map.of("hardware_model", "Yealink T46U", "owner_email", ANA_EMAIL));
            billing.add("inv-1", ANA, FINANCIAL, Map.of("invoice", "F-2026-0131"));
        }
    }

    /** A kit on fresh in-memory stores (as restored from a backup), the platform's keys, and the ledger file. */
    private PrivacyKit kit(Sources sources, Path ledger) {
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("kek.p12"), "pw".toCharArray(), "kek")))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .source(sources.devices).source(sources.billing)
                .rights(RightsSettings.defaults().withErasureLedger(FileErasureLedger.open(ledger)))
                .build();
        // what the restored stores hold: the invoice's fiscal date
        kit.retention().tag(ANA, RecordRef.of("billing", "inv-1"), FINANCIAL, RECEIVED);
        return kit;
    }

    @Test
    void anErasureInTheFile_isReappliedByANewKitOnRestoredStores() throws Exception {
        Path ledger = dir.resolve("ledger-volume").resolve("erasures.jsonl");
        Files.createDirectories(ledger.getParent());
        FileErasureLedger.create(ledger);   // once, when the ledger is set up; every kit then opens it
        Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");

        Sources before = new Sources();
        try (PrivacyKit kit = kit(before, ledger)) {
            RequestRecord erasure = kit.rights().submit(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT, RECEIVED));
            kit.rights().verify(erasure.id());
            RequestRecord done = kit.rights().process(erasure.id());
            assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
            assertTrue(before.devices.recordsOf(ANA).isEmpty());
            assertTrue(before.billing.isRestricted(RecordRef.of("billing", "inv-1")));
        }
        List<String> lines = Files.readAllLines(ledger);
        assertEquals(1, lines.size(), "one line per completed erasure");
        assertFalse(lines.get(0).contains(ANA.value()) || lines.get(0).contains(ANA_EMAIL),
                "the file holds the subject sealed only");

        // The database is restored from last night's backup: fresh stores, the sources as they were.
        Sources restored = new Sources();
        try (PrivacyKit afterRestore = kit(restored, ledger)) {
            assertFalse(restored.devices.recordsOf(ANA).isEmpty(), "the restore brought the device back");
            ReapplyReport report = afterRestore.rights().reapplyErasures(Instant.EPOCH);
            assertTrue(report.complete(), report.toString());
            assertEquals(1, report.entries());
            assertTrue(restored.devices.recordsOf(ANA).isEmpty(), "erased again");
            assertTrue(restored.billing.isRestricted(RecordRef.of("billing", "inv-1")), "kept, restricted again");
        }
        assertEquals(lines, Files.readAllLines(ledger), "re-applying only reads the ledger");
        logs.list.forEach(e -> assertFalse(e.getFormattedMessage().contains(ANA.value())
                || e.getFormattedMessage().contains(ANA_EMAIL), e.getFormattedMessage()));
    }
}
