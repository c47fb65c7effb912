package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.ANA;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.BOB;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.TRAFFIC;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.CONTACT;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.DEVICE;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.FINANCIAL;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.VOICEMAIL;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.bucharest;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.vault.VaultEntry;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * The erasure ledger after a backup restore: the restored stores bring the subject's records and keys
 * back, reapply erases them again; the ledger (kept apart) is not rolled back. And the ledger's
 * sealed subject, attacked; and no personal data in logs, audit details, messages or toString.
 */
class ErasureReapplyTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void afterARestore_reapplyErasesTheRecordsAndDestroysTheKeysAgain_andTheLedgerStays() {
        ErasureFixture before = new ErasureFixture(dir);
        before.kit.retention().tag(ANA, before.billing.add(ANA, "F-1", FINANCIAL), FINANCIAL,
                bucharest("2024-03-15T12:00"));
        before.profile.add(ANA, "P-1", CONTACT);
        before.profile.add(ANA, "D-1", DEVICE);
        before.media.add(ANA, "V-1", VOICEMAIL);
        before.contractEndedLongAgo(ANA);
        String contact = before.kit.fields().encrypt(ANA, before.context("profile"), "ana@example.ro");
        // The backup, taken before the erasure: the sources' records and the key store's rows.
        Map<String, SubjectSource.Rec> billingBackup = before.billing.snapshot();
        Map<String, SubjectSource.Rec> profileBackup = before.profile.snapshot();
        Map<String, SubjectSource.Rec> mediaBackup = before.media.snapshot();
        StoredKey profileKey = before.stores.subjectKeys().latest(ANA, KeyScope.of("profile")).orElseThrow();

        RequestRecord request = before.request(ANA);
        ErasurePlan plan = before.eraser.plan(request, before.sources());
        before.applyAll(request, plan);
        ErasureFinish finish = before.eraser.finish(request, plan);
        assertTrue(finish.shredded().contains(KeyScope.of("profile")));
        assertFalse(before.profile.get("P-1").isPresent());

        // The restore: fresh main stores with the backup's data, the same KEK, the same ledger (kept apart).
        before.clock.advance(java.time.Duration.ofDays(2));
        ErasureFixture restored = new ErasureFixture(before.clock.instant(), before.keys, before.ledger,
                before.ledgerSecret, p -> p);
        restored.billing.restore(billingBackup);
        restored.profile.restore(profileBackup);
        restored.media.restore(mediaBackup);
        restored.stores.subjectKeys().putIfAbsent(profileKey);
        restored.kit.retention().tag(ANA, ro.clickphone.privacy.spi.RecordRef.of("billing", "F-1"), FINANCIAL,
                bucharest("2024-03-15T12:00"));
        restored.contractEndedLongAgo(ANA);
        assertEquals("ana@example.ro", restored.kit.fields().decrypt(ANA, restored.context("profile"), contact),
                "the restore brought the key back");

        ReapplyReport report = restored.eraser.reapply(Instant.EPOCH, restored.sources());

        assertTrue(report.complete(), report.failures().toString());
        assertEquals(1, report.entries());
        assertEquals(3, report.recordsErased(), "CONTACT, DEVICE and VOICEMAIL again");
        assertFalse(restored.profile.get("P-1").isPresent());
        assertFalse(restored.media.get("V-1").isPresent());
        assertEquals(Optional.of("FINANCIAL_RECORDS"), restored.billing.get("F-1").orElseThrow().ground(),
                "the kept invoice is restricted again (the backup had it unrestricted)");
        assertEquals(1, report.recordsRestricted());
        assertTrue(report.keyVersionsDestroyed() >= 1);
        assertThrows(KeyDestroyedException.class,
                () -> restored.kit.fields().decrypt(ANA, restored.context("profile"), contact));
        assertEquals(1, report.contactsRemoved());
        assertTrue(restored.stores.contacts().find(ANA).isEmpty());
        assertEquals(1, before.ledger.since(Instant.EPOCH, Optional.empty(), 10).size(), "the ledger is not rolled back");
        assertEquals(1, restored.audited("rights.erasure.reapply").size());

        ReapplyReport again = restored.eraser.reapply(Instant.EPOCH, restored.sources());
        assertEquals(0, again.recordsErased(), "idempotent");
        assertEquals(0, again.keyVersionsDestroyed());
    }

    /** A restored platform: fresh main stores sharing the KEK, the ledger and its secret, later by two days. */
    private static ErasureFixture restoredFrom(ErasureFixture before) {
        before.clock.advance(Duration.ofDays(2));
        return new ErasureFixture(before.clock.instant(), before.keys, before.ledger, before.ledgerSecret, p -> p);
    }

    // reapplyErasures(since): an entry's erasedAt is when its erasure BEGAN. A backup taken while an erasure
    // ran (after its first source, before its second) holds data it erased later: since = the backup's time
    // misses that entry; since = the backup's time minus the longest an erasure may run (documented) does not.
    @Test
    void aBackupTakenMidErasure_isCoveredBySinceMinusTheLongestErasure_notBySinceTheBackup() {
        ErasureFixture before = new ErasureFixture(dir);
        before.profile.add(ANA, "P-1", CONTACT);
        before.media.add(ANA, "V-1", VOICEMAIL);
        before.contractEndedLongAgo(ANA);
        String fax = before.kit.fields().encrypt(ANA, before.context("media"), "fax of 2 March");
        StoredKey mediaKey = before.stores.subjectKeys().latest(ANA, KeyScope.of("media")).orElseThrow();
        RequestRecord request = before.request(ANA);
        ErasurePlan plan = before.eraser.plan(request, before.sources());
        before.eraser.applyAt(before.profile, request, plan); // the erasure begins: the entry is written ahead
        before.clock.advance(Duration.ofHours(1));

        // The backup, now: profile already erased there, media not yet, the media key still alive.
        Instant backupAt = before.clock.instant();
        Map<String, SubjectSource.Rec> profileBackup = before.profile.snapshot();
        Map<String, SubjectSource.Rec> mediaBackup = before.media.snapshot();
        assertTrue(mediaBackup.containsKey("V-1"));

        before.clock.advance(Duration.ofHours(5)); // the media source was down for a while
        for (SubjectSource s : List.of(before.billing, before.cdr, before.media, before.web)) {
            before.eraser.applyAt(s, request, plan);
        }
        before.eraser.finish(request, plan, before.sources());
        assertTrue(before.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("media")));

        ErasureFixture restored = restoredFrom(before);
        restored.profile.restore(profileBackup);
        restored.media.restore(mediaBackup);
        restored.stores.subjectKeys().putIfAbsent(mediaKey);
        restored.contractEndedLongAgo(ANA);

        ReapplyReport naive = restored.eraser.reapply(backupAt, restored.sources());
        assertEquals(0, naive.entries(), "the erasure began before the backup: since = backup time misses it");
        assertTrue(restored.media.get("V-1").isPresent(), "and the voicemail came back");

        ReapplyReport report = restored.eraser.reapply(backupAt.minus(Duration.ofDays(100)), restored.sources());
        assertEquals(1, report.entries());
        assertTrue(report.complete(), report.failures().toString());
        assertFalse(restored.media.get("V-1").isPresent(), "erased again: the restore brings nothing back");
        assertThrows(KeyDestroyedException.class,
                () -> restored.kit.fields().decrypt(ANA, restored.context("media"), fax));
        assertTrue(restored.stores.contacts().find(ANA).isEmpty());
    }

    @Test
    void aFullErasureWithTheObligationsOver_erasesTheVault_andReapplyDeletesTheRestoredVaultAgain() {
        ErasureFixture before = new ErasureFixture(dir);
        before.kit.retention().tag(ANA, before.cdr.add(ANA, "C-1", TRAFFIC), TRAFFIC, before.clock.instant());
        before.kit.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 5));
        before.clock.set(bucharest("2029-07-02T10:00")); // three years after the contract: ANCOM's term is over
        VaultEntry entry = new VaultEntry("partner_export", "tok-00000001", "a".repeat(32), ANA, new byte[] {1, 2, 3});
        before.stores.tokenVault().putIfAbsent(entry);
        before.stores.tokenVault().putIfAbsent(new VaultEntry("partner_export", "tok-00000002", "b".repeat(32), BOB,
                new byte[] {4}));
        RequestRecord request = before.request(ANA);

        ErasurePlan plan = before.eraser.plan(request, before.sources());
        assertEquals(Optional.empty(), plan.vaultKept(), "nothing keeps TRAFFIC, NETWORK or DEVICE");
        before.applyAll(request, plan);
        ErasureFinish finish = before.eraser.finish(request, plan, before.sources());

        assertTrue(finish.vaultErased());
        assertEquals(1, finish.vaultEntriesDeleted());
        assertEquals(Optional.empty(), before.stores.tokenVault().findByToken("partner_export", "tok-00000001"));
        assertTrue(before.stores.tokenVault().findByToken("partner_export", "tok-00000002").isPresent(),
                "another subject's mapping stays");
        assertTrue(finish.statements().contains(ErasureFinish.vaultStatement(Optional.empty())));
        assertTrue(before.ledger.since(Instant.EPOCH, Optional.empty(), 1).get(0).vaultErased());

        ErasureFixture restored = restoredFrom(before);
        restored.stores.tokenVault().putIfAbsent(entry); // the vault store's backup brings the mapping back
        restored.kit.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 5));
        assertTrue(restored.stores.tokenVault().findByToken("partner_export", "tok-00000001").isPresent());

        ReapplyReport report = restored.eraser.reapply(Instant.EPOCH, restored.sources());

        assertTrue(report.complete(), report.failures().toString());
        assertEquals(1, report.vaultEntriesDeleted());
        assertEquals(Optional.empty(), restored.stores.tokenVault().findByToken("partner_export", "tok-00000001"));
    }

    @Test
    void aHoldPlacedOnTheRestoredStores_keepsWhatItHoldsRestricted_andItsKeyScope_andTheReportSaysSo() {
        ErasureFixture before = new ErasureFixture(dir);
        before.profile.add(ANA, "P-1", CONTACT);
        before.media.add(ANA, "V-1", VOICEMAIL);
        before.contractEndedLongAgo(ANA);
        String fax = before.kit.fields().encrypt(ANA, before.context("media"), "fax of 2 March");
        StoredKey mediaKey = before.stores.subjectKeys().latest(ANA, KeyScope.of("media")).orElseThrow();
        Map<String, SubjectSource.Rec> profileBackup = before.profile.snapshot();
        Map<String, SubjectSource.Rec> mediaBackup = before.media.snapshot();
        RequestRecord request = before.request(ANA);
        ErasurePlan plan = before.eraser.plan(request, before.sources());
        before.applyAll(request, plan);
        assertTrue(before.eraser.finish(request, plan, before.sources()).shredded().contains(KeyScope.of("media")));

        ErasureFixture restored = restoredFrom(before);
        restored.profile.restore(profileBackup);
        restored.media.restore(mediaBackup);
        restored.stores.subjectKeys().putIfAbsent(mediaKey);
        restored.contractEndedLongAgo(ANA);
        // Since the restore, the authorities asked to keep the subject's voicemails.
        restored.kit.retention().hold(HoldScope.category(VOICEMAIL), "Investigation", "Dosar 77/2029");

        ReapplyReport report = restored.eraser.reapply(Instant.EPOCH, restored.sources());

        assertTrue(report.complete(), report.failures().toString());
        assertEquals(Optional.of(Eraser.LEGAL_HOLD), restored.media.get("V-1").orElseThrow().ground(),
                "held: restricted, not erased");
        assertFalse(restored.profile.get("P-1").isPresent(), "what no hold keeps is erased again");
        assertEquals(1, report.recordsErased());
        assertEquals(1, report.recordsRestricted(), "the report says one record was kept restricted");
        assertEquals(1, report.keyScopesKept(), "and one recorded key scope kept");
        assertFalse(restored.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("media")));
        assertEquals("fax of 2 March", restored.kit.fields().decrypt(ANA, restored.context("media"), fax),
                "the held data stays readable for the investigation");
        assertTrue(restored.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("profile")));
        assertEquals("1", restored.audited("rights.erasure.reapply").get(0).details().get("keptScopes"));
    }

    @Test
    void reapply_reportsAMissingOrFailingSource_andGoesOn() {
        ErasureFixture f = new ErasureFixture(dir);
        f.profile.add(ANA, "P-1", CONTACT);
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.contractEndedLongAgo(ANA);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.applyAll(request, plan);
        f.eraser.finish(request, plan);
        f.profile.add(ANA, "P-1", CONTACT);
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.media.failNextErases = 1;

        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, List.of(f.profile, f.media, f.billing, f.web));

        assertFalse(report.complete());
        assertTrue(report.failures().contains(new ReapplyReport.Failure(request.id(), Optional.of("media"),
                "StoreException")), report.failures().toString());
        assertTrue(report.failures().contains(new ReapplyReport.Failure(request.id(), Optional.of("cdr"),
                "SOURCE_NOT_REGISTERED")), report.failures().toString());
        assertFalse(f.profile.get("P-1").isPresent(), "the other sources went on");
        assertTrue(f.eraser.reapply(Instant.EPOCH, f.sources()).complete(), "re-applying again finishes it");
        assertFalse(f.media.get("V-1").isPresent());
    }

    @Test
    void theLedgerHoldsTheSubjectSealed_andASealMovedToAnotherEntryOrUnderAnotherKeyDoesNotOpen() {
        ErasureFixture f = new ErasureFixture(dir);
        f.profile.add(ANA, "P-1", CONTACT);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.applyAll(request, plan);
        f.eraser.finish(request, plan);
        ErasureEntry entry = f.ledger.since(Instant.EPOCH, Optional.empty(), 1).get(0);
        assertFalse(entry.sealedSubject().contains(ANA.value()));
        assertFalse(entry.sealedSubject().contains("ana.ionescu"));

        ErasureParts.LedgerSealer sealer = ErasureParts.LedgerSealer.derivedFrom(f.ledgerSecret);
        assertEquals(ANA, sealer.open(entry));
        // An attacker who writes the ledger moves the seal into another request's entry: it does not open.
        ErasureEntry moved = new ErasureEntry(f.request(ANA).id(), entry.erasedAt(), entry.sealedSubject(),
                entry.erased(), entry.shredded(), entry.vaultErased());
        IntegrityException refused = assertThrows(IntegrityException.class, () -> sealer.open(moved));
        assertFalse(refused.getMessage().contains(ANA.value()));
        // Another kit's key (or a guessed one) does not open it, and says so apart from tampering.
        ErasureParts.LedgerSealer other = ErasureParts.LedgerSealer.derivedFrom(SecretBytes.random(32,
                new SecureRandom()));
        assertThrows(ErasureParts.SealedUnderAnotherKeyException.class, () -> other.open(entry));
        // A flipped byte is refused.
        String sealed = entry.sealedSubject();
        char c = sealed.charAt(sealed.length() - 3);
        String tampered = sealed.substring(0, sealed.length() - 3) + (c == 'A' ? 'B' : 'A') + sealed.substring(
                sealed.length() - 2);
        assertThrows(IntegrityException.class, () -> sealer.open(new ErasureEntry(entry.requestId(), entry.erasedAt(),
                tampered, entry.erased(), entry.shredded(), entry.vaultErased())));
        // Two seals of one subject differ (random nonce): the ledger does not link two erasures of one person.
        assertFalse(sealer.seal(ANA, request.id(), entry.erasedAt(), entry.erased(), entry.shredded(), true)
                .equals(sealer.seal(ANA, request.id(), entry.erasedAt(), entry.erased(), entry.shredded(), true)));
        // A seal under another key is reported, never thrown, and audited without a subject.
        ErasureFixture stranger = new ErasureFixture(f.clock.instant(), f.keys, f.ledger,
                SecretBytes.random(32, new SecureRandom()), p -> p);
        ReapplyReport report = stranger.eraser.reapply(Instant.EPOCH, stranger.sources());
        assertEquals(List.of(new ReapplyReport.Failure(request.id(), Optional.empty(), "SEALED_UNDER_ANOTHER_KEY")),
                report.failures());
        List<AuditRecord> audited = stranger.audited("rights.erasure.reapply");
        assertEquals(1, audited.size());
        assertEquals(ro.clickphone.privacy.spi.audit.AuditOutcome.FAILED, audited.get(0).outcome());
        assertEquals("SEALED_UNDER_ANOTHER_KEY", audited.get(0).details().get("problem"));
    }

    @Test
    void noPersonalDataInLogsAuditDetailsMessagesOrToString() {
        ErasureFixture f = new ErasureFixture(dir);
        f.kit.retention().tag(ANA, f.billing.add(ANA, "F-1", FINANCIAL), FINANCIAL, bucharest("2024-03-15T12:00"));
        f.profile.add(ANA, "P-1", CONTACT);
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.kit.fields().encrypt(ANA, f.context("profile"), "x");
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.media.failNextErases = 1;
        RuntimeException failed = assertThrows(RuntimeException.class, () -> f.eraser.applyAt(f.media, request, plan));
        f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.media.failNextErases = 1;
        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());

        String secret = ANA.value();
        for (ILoggingEvent event : logs.list) {
            assertFalse(event.getFormattedMessage().contains(secret), event.getFormattedMessage());
        }
        for (Object shown : List.of(plan, finish, report, f.eraser, failed.getMessage())) {
            assertFalse(String.valueOf(shown).contains(secret), String.valueOf(shown));
            assertFalse(String.valueOf(shown).contains("ana.ionescu"), String.valueOf(shown));
        }
        List<AuditRecord> all = f.kit.audit().read(1, 4096);
        assertFalse(all.isEmpty());
        for (AuditRecord r : all) {
            assertFalse(r.toString().contains(secret));
            r.details().values().forEach(v -> assertFalse(v.contains(secret), r.action() + " " + v));
        }
        assertFalse(logs.list.isEmpty(), "the eraser logs its summary lines");
    }
}
