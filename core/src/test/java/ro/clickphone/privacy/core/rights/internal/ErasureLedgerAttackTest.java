package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.ANA;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.BOB;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.CONTACT;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.FINANCIAL;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.VOICEMAIL;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * The erasure ledger attacked (a writer of its store alters, swaps entries) and failing (short pages,
 * an append or a key destruction that fails, a restore in between); reapply against a store that
 * changed since the erasure (the subject came back).
 */
class ErasureLedgerAttackTest {

    @TempDir
    Path dir;

    /** A ledger over the in-memory one: alters what it gives, caps its pages, fails appends. */
    static final class WrappedLedger implements ErasureLedger {
        final InMemoryErasureLedger inner;
        volatile UnaryOperator<ErasureEntry> alter = UnaryOperator.identity();
        volatile int pageCap = Integer.MAX_VALUE;
        final AtomicInteger failNextAppends = new AtomicInteger();

        WrappedLedger(InMemoryErasureLedger inner) {
            this.inner = inner;
        }

        @Override
        public boolean append(ErasureEntry entry) {
            if (failNextAppends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException("ledger store is down", true, null);
            }
            return inner.append(entry);
        }

        @Override
        public List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit) {
            List<ErasureEntry> page = inner.since(since, after, Math.min(limit, pageCap));
            return page.stream().map(alter).toList();
        }
    }

    private static ErasureParts withLedger(ErasureParts p, ErasureLedger ledger) {
        return new ErasureParts(p.policy(), p.clock(), p.audit(), p.retention(), p.keys(), p.vault(), p.contacts(),
                ledger, p.sealer(), p.consentEvidenceCategory());
    }

    private ErasureFixture fixture(WrappedLedger ledger, UnaryOperator<ErasureParts> more) {
        return new ErasureFixture(Instant.parse("2026-03-05T10:00:00Z"), new ErasureFixture(dir).keys, ledger.inner,
                SecretBytes.random(32, new SecureRandom()), p -> more.apply(withLedger(p, ledger)));
    }

    @Test
    void anEntryChangedInTheLedgerStore_isRefusedWhole_andTheInvoiceAndItsKeySurvive() {
        WrappedLedger ledger = new WrappedLedger(new InMemoryErasureLedger());
        ErasureFixture f = fixture(ledger, UnaryOperator.identity());
        f.profile.add(ANA, "P-1", CONTACT);
        f.contractEndedLongAgo(ANA);
        RequestRecord request = f.request(ANA, CONTACT, DataCategory.of("SERVICE_ADDRESS"));
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.applyAll(request, plan);
        f.eraser.finish(request, plan);
        // Later: an invoice, kept ten years, under the fiscal key; and the profile record back from a restore.
        f.kit.retention().tag(ANA, f.billing.add(ANA, "F-1", FINANCIAL), FINANCIAL, f.clock.instant());
        String invoice = f.kit.fields().encrypt(ANA, f.context("fiscal"), "invoice");
        f.profile.add(ANA, "P-1", CONTACT);
        // A writer of the ledger store keeps the id and the seal, and adds the invoice and its key scope.
        ledger.alter = e -> new ErasureEntry(e.requestId(), e.erasedAt(), e.sealedSubject(),
                Map.of("billing", Set.of(FINANCIAL), "profile", Set.of(CONTACT)),
                Set.of(KeyScope.of("fiscal"), KeyScope.of("profile")), e.vaultErased());

        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());

        assertEquals(List.of(new ReapplyReport.Failure(request.id(), Optional.empty(), "ENTRY_TAMPERED")),
                report.failures());
        assertTrue(f.billing.get("F-1").isPresent());
        assertEquals(Optional.empty(), f.billing.get("F-1").orElseThrow().ground(), "nothing was done for the entry");
        assertFalse(f.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("fiscal")));
        assertEquals("invoice", f.kit.fields().decrypt(ANA, f.context("fiscal"), invoice));
        assertTrue(f.profile.get("P-1").isPresent(), "not even the part that was true");
        List<AuditRecord> audited = f.audited("rights.erasure.reapply");
        assertEquals(1, audited.size());
        assertEquals(AuditOutcome.FAILED, audited.get(0).outcome());
        assertEquals(Optional.empty(), audited.get(0).subjectRef(), "no subject: the entry is not trusted");
        assertEquals("ENTRY_TAMPERED", audited.get(0).details().get("problem"));
    }

    @Test
    void twoEntriesWithTheirContentsSwapped_areBothRefused() {
        WrappedLedger ledger = new WrappedLedger(new InMemoryErasureLedger());
        ErasureFixture f = fixture(ledger, UnaryOperator.identity());
        f.stores.contacts().put(BOB, new SubjectContacts(Map.of(Medium.EMAIL, "bob@example.ro"), "ro"));
        RequestRecord ana = f.request(ANA, VOICEMAIL);
        RequestRecord bob = f.request(BOB);
        for (RequestRecord r : List.of(ana, bob)) {
            ErasurePlan plan = f.eraser.plan(r, f.sources());
            f.applyAll(r, plan);
            f.eraser.finish(r, plan);
            f.clock.advance(Duration.ofMinutes(1));
        }
        List<ErasureEntry> real = ledger.inner.since(Instant.EPOCH, Optional.empty(), 10);
        ErasureEntry a = real.get(0);
        ErasureEntry b = real.get(1);
        ledger.alter = e -> {
            ErasureEntry other = e.requestId().equals(a.requestId()) ? b : a;
            return new ErasureEntry(e.requestId(), e.erasedAt(), e.sealedSubject(), other.erased(), other.shredded(),
                    other.vaultErased());
        };
        f.stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, ANA.value()), "ro"));

        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());

        assertEquals(2, report.failures().size());
        assertTrue(report.failures().stream().allMatch(x -> x.problem().equals("ENTRY_TAMPERED")));
        assertTrue(f.stores.contacts().find(ANA).isPresent(), "a limited erasure's subject did not get a full one");
    }

    @Test
    void reapply_decidesAgain_aReturnedSubjectsNewInvoiceAndItsKeyAreKept() {
        ErasureFixture before = new ErasureFixture(dir);
        before.profile.add(ANA, "P-1", CONTACT);
        before.contractEndedLongAgo(ANA);
        RequestRecord request = before.request(ANA);
        ErasurePlan plan = before.eraser.plan(request, before.sources());
        before.applyAll(request, plan);
        assertTrue(before.eraser.finish(request, plan).shredded().contains(KeyScope.of("fiscal")),
                "she had no invoice then");

        // She comes back and is invoiced; then the main stores are restored from a backup taken after that.
        before.clock.advance(Duration.ofDays(60));
        ErasureFixture restored = new ErasureFixture(before.clock.instant(), before.keys, before.ledger,
                before.ledgerSecret, p -> p);
        restored.kit.retention().tag(ANA, restored.billing.add(ANA, "F-9", FINANCIAL), FINANCIAL,
                restored.clock.instant());
        String invoice = restored.kit.fields().encrypt(ANA, restored.context("fiscal"), "invoice-9");

        ReapplyReport report = restored.eraser.reapply(Instant.EPOCH, restored.sources());

        assertTrue(report.complete(), report.failures().toString());
        assertTrue(restored.billing.get("F-9").isPresent(), "a record kept now is not erased");
        assertEquals(Optional.of("FINANCIAL_RECORDS"), restored.billing.get("F-9").orElseThrow().ground());
        assertFalse(restored.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("fiscal")));
        assertEquals("invoice-9", restored.kit.fields().decrypt(ANA, restored.context("fiscal"), invoice));
    }

    @Test
    void reapply_readsEveryPage_whenTheLedgerGivesShortPages() {
        WrappedLedger ledger = new WrappedLedger(new InMemoryErasureLedger());
        ledger.pageCap = 7;
        ErasureFixture f = fixture(ledger, UnaryOperator.identity());
        ErasureParts.LedgerSealer sealer = f.parts(ledger).sealer();
        int n = 260;
        for (int i = 0; i < n; i++) {
            SubjectId subject = SubjectId.of("acct-" + i);
            f.stores.contacts().put(subject, new SubjectContacts(Map.of(Medium.EMAIL, "x" + i + "@example.ro"), "ro"));
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
            Map<String, Set<DataCategory>> erased = Map.of(Eraser.CONTACTS_PART, Set.of(CONTACT));
            ledger.inner.append(new ErasureEntry("rr-" + i, at, sealer.seal(subject, "rr-" + i, at, erased, Set.of(),
                    false), erased, Set.of(), false));
        }

        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());

        assertEquals(n, report.entries());
        assertEquals(n, report.contactsRemoved());
        assertTrue(report.complete(), report.failures().toString());
    }

    @Test
    void reapply_listsAtMostMaxFailures_andCountsTheRest() {
        InMemoryErasureLedger ledger = new InMemoryErasureLedger();
        ErasureParts.LedgerSealer stranger = ErasureParts.LedgerSealer.derivedFrom(SecretBytes.random(32,
                new SecureRandom()));
        int n = Eraser.MAX_FAILURES + 5;
        for (int i = 0; i < n; i++) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
            ledger.append(new ErasureEntry("rr-" + i, at, stranger.seal(ANA, "rr-" + i, at, Map.of(), Set.of(), false),
                    Map.of(), Set.of(), false));
        }
        ErasureFixture f = new ErasureFixture(Instant.parse("2026-03-05T10:00:00Z"), new ErasureFixture(dir).keys,
                ledger, SecretBytes.random(32, new SecureRandom()), p -> p);

        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());

        assertEquals(n, report.entries());
        assertEquals(Eraser.MAX_FAILURES, report.failures().size());
        assertEquals(5, report.failuresLeftOut());
        assertFalse(report.complete());
    }

    @Test
    void theLedgerEntryIsWrittenBeforeAnythingIsDestroyed_aFailedAppendErasesNothing_andARestoreIsCaughtLater() {
        WrappedLedger ledger = new WrappedLedger(new InMemoryErasureLedger());
        ErasureFixture f = fixture(ledger, UnaryOperator.identity());
        f.profile.add(ANA, "P-1", CONTACT);
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.contractEndedLongAgo(ANA);
        Map<String, SubjectSource.Rec> profileBackup = f.profile.snapshot();
        Map<String, SubjectSource.Rec> mediaBackup = f.media.snapshot();
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        ledger.failNextAppends.set(1);

        assertThrows(StoreException.class, () -> f.eraser.applyAt(f.media, request, plan));
        assertTrue(f.media.get("V-1").isPresent(), "no entry, no erasure");
        assertTrue(ledger.inner.since(Instant.EPOCH, Optional.empty(), 10).isEmpty());

        // The retry writes the entry first: it is there before the first record goes.
        f.eraser.applyAt(f.media, request, plan);
        assertEquals(1, ledger.inner.since(Instant.EPOCH, Optional.empty(), 10).size(), "before finish");
        ErasureEntry entry = ledger.inner.since(Instant.EPOCH, Optional.empty(), 10).get(0);
        assertTrue(entry.erased().get("profile").contains(CONTACT), "from the plan, before profile is done");
        f.applyAll(request, plan);
        f.eraser.finish(request, plan);
        assertFalse(f.profile.get("P-1").isPresent());

        // A restore brings the records back: the entry, written ahead, erases them again.
        f.profile.restore(profileBackup);
        f.media.restore(mediaBackup);
        ReapplyReport report = f.eraser.reapply(Instant.EPOCH, f.sources());
        assertTrue(report.complete(), report.failures().toString());
        assertFalse(f.profile.get("P-1").isPresent());
        assertFalse(f.media.get("V-1").isPresent());
    }

    @Test
    void aKeyStoreFailingOnTheSecondScope_thenAHold_theRetryReportsTheFirstScopeDestroyed_andEveryShredIsAudited() {
        AtomicInteger calls = new AtomicInteger();
        List<String> destroyedScopes = new ArrayList<>();
        WrappedLedger ledger = new WrappedLedger(new InMemoryErasureLedger());
        ErasureFixture f = fixture(ledger, p -> new ErasureParts(p.policy(), p.clock(), p.audit(), p.retention(),
                new ErasureParts.KeyShredder() {
                    @Override
                    public int destroy(SubjectId subject, KeyScope scope) {
                        if (calls.incrementAndGet() == 2) {
                            throw new StoreException("key store is down", true, null);
                        }
                        destroyedScopes.add(scope.name());
                        return p.keys().destroy(subject, scope);
                    }

                    @Override
                    public boolean isDestroyed(SubjectId subject, KeyScope scope) {
                        return p.keys().isDestroyed(subject, scope);
                    }
                }, p.vault(), p.contacts(), p.ledger(), p.sealer(), p.consentEvidenceCategory()));
        f.contractEndedLongAgo(ANA);
        f.encryptEverywhere(ANA);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.applyAll(request, plan);
        assertThrows(StoreException.class, () -> f.eraser.finish(request, plan));
        String first = destroyedScopes.get(0);
        // A hold now covers the categories of the scope destroyed already.
        for (DataCategory c : f.kit.policy().categoriesIn(KeyScope.of(first))) {
            f.kit.retention().hold(HoldScope.category(c), "Investigation", "Dosar 7/2026");
        }

        ErasureFinish finish = f.eraser.finish(request, plan);

        assertTrue(finish.shredded().contains(KeyScope.of(first)), "destroyed before: reported destroyed");
        assertFalse(finish.keptScopes().containsKey(KeyScope.of(first)));
        for (KeyScope scope : finish.shredded()) {
            assertTrue(f.audited("rights.erasure.shred").stream().anyMatch(r -> r.outcome() == AuditOutcome.SUCCESS
                    && scope.name().equals(r.details().get("keyScope"))), scope.name() + " audited");
        }
        assertEquals(1, f.audited("rights.erasure.shred").stream().filter(r -> r.outcome() == AuditOutcome.FAILED)
                .count(), "the failed destruction is on record too");
        assertTrue(finish.shredded().size() >= 2);
    }

    @Test
    void entriesSealedBefore_bindTheirErasedAtToTheMillisecond() {
        ErasureFixture f = new ErasureFixture(dir);
        f.clock.set(Instant.parse("2026-03-05T10:00:00.123456789Z"));
        RequestRecord request = f.request(ANA, VOICEMAIL);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.eraser.applyAt(f.media, request, plan);
        ErasureEntry entry = f.ledger.since(Instant.EPOCH, Optional.empty(), 1).get(0);
        assertEquals(Instant.parse("2026-03-05T10:00:00.123Z"), entry.erasedAt(), "stores keep milliseconds");
        assertEquals(ANA, ErasureParts.LedgerSealer.derivedFrom(f.ledgerSecret).open(entry));
        ErasureEntry later = new ErasureEntry(entry.requestId(), entry.erasedAt().plusMillis(1), entry.sealedSubject(),
                entry.erased(), entry.shredded(), entry.vaultErased());
        assertThrows(ro.clickphone.privacy.spi.IntegrityException.class,
                () -> ErasureParts.LedgerSealer.derivedFrom(f.ledgerSecret).open(later), "erasedAt is bound");
    }
}
