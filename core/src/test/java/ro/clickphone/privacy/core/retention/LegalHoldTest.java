package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;

// "Dacă intervin eventuale investigații, aceste termene se prelungesc și fișierele se vor păstra atât timp
// cât se va considera necesar."
class LegalHoldTest {

    private final RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"));

    /** A CDR of a contract that ended on 30 June 2025 (due 1 July 2028), and an invoice of 2014 (due 2025). */
    private RecordRef[] overdue(SubjectId subject, String id) {
        RecordRef cdr = f.cdr.add("c-" + id);
        RecordRef invoice = f.billing.add("f-" + id);
        f.retention().tag(subject, cdr, TRAFFIC, bucharest("2025-03-01T08:00"));
        f.retention().recordEvent(subject, "contract-end", LocalDate.of(2025, 6, 30));
        f.retention().tag(subject, invoice, FINANCIAL, bucharest("2014-05-01T08:00"));
        return new RecordRef[] {cdr, invoice};
    }

    @Test
    void heldRecords_areNeverDisposed_howeverOverdue_andAreDueAgainAtOnceOnRelease() {
        RecordRef[] ana = overdue(ANA, "ana");
        RecordRef[] bob = overdue(BOB, "bob");
        LegalHold bySubject = f.retention().hold(HoldScope.subject(ANA), "fraud investigation", "DIICOT-2026-17");
        LegalHold byRecord = f.retention().hold(HoldScope.record(bob[1]), "tax audit", "ANAF-2026-3");
        LegalHold byCategory = f.retention().hold(HoldScope.category(TRAFFIC), "ANCOM request", "ANCOM-2026-9");
        assertEquals(List.of(bySubject, byRecord, byCategory), f.retention().activeHolds());

        f.clock.set(bucharest("2035-01-01T09:00"));
        SweepReport held = f.retention().sweep(SweepOptions.defaults());
        assertEquals(0, held.total(), "years overdue, and all held");
        assertTrue(f.cdr.holds(ana[0]) && f.billing.holds(ana[1]) && f.cdr.holds(bob[0]) && f.billing.holds(bob[1]));

        f.retention().release(byCategory.id());
        SweepReport afterCategory = f.retention().sweep(SweepOptions.defaults());
        assertEquals(1, afterCategory.total(), "Bob's CDR, due since 2028, goes at once");
        assertFalse(f.cdr.holds(bob[0]));
        assertTrue(f.cdr.holds(ana[0]), "Ana's records are held as hers");

        f.retention().release(bySubject.id());
        f.retention().release(byRecord.id());
        assertTrue(f.retention().activeHolds().isEmpty());
        assertEquals(3, f.retention().sweep(SweepOptions.defaults()).total());
    }

    @Test
    void holdsAndReleases_areAudited_withoutTheCaseReference() {
        overdue(ANA, "ana");
        LegalHold hold = f.retention().hold(HoldScope.subject(ANA), "fraud investigation", "DIICOT-2026-17");
        f.retention().release(hold.id());
        List<AuditRecord> holds = f.audited("retention.hold");
        List<AuditRecord> releases = f.audited("retention.release");
        assertEquals(1, holds.size());
        assertEquals(1, releases.size());
        assertEquals(hold.id(), holds.get(0).details().get("hold"));
        assertEquals("SUBJECT", holds.get(0).details().get("scope"));
        assertEquals(f.kit.audit().subjectRef(ANA), holds.get(0).subjectRef().orElseThrow());
        assertEquals(f.kit.audit().valueRef("DIICOT-2026-17"), holds.get(0).details().get("case"));
        assertTrue(holds.get(0).details().values().stream().noneMatch(v -> v.contains("DIICOT")),
                "the case reference only as a keyed reference");
    }

    @Test
    void releaseTwice_isRefused_andAnUnknownHoldToo() {
        overdue(ANA, "ana");
        LegalHold hold = f.retention().hold(HoldScope.subject(ANA), "investigation", "case-1");
        LegalHold released = f.retention().release(hold.id());
        assertFalse(released.isActive());
        RetentionException twice = assertThrows(RetentionException.class, () -> f.retention().release(hold.id()));
        assertEquals(RetentionException.Rule.HOLD_RELEASED_ALREADY, twice.brokenRule());
        assertEquals(1, f.audited("retention.release").size(), "the refused release is not a second release");
        RetentionException unknown = assertThrows(RetentionException.class, () -> f.retention().release("h-unknown"));
        assertEquals(RetentionException.Rule.UNKNOWN_HOLD, unknown.brokenRule());
    }

    @Test
    void holdOnAnUnknownScope_isRefused() {
        overdue(ANA, "ana");
        for (HoldScope scope : List.of(HoldScope.subject(BOB), HoldScope.record(RecordRef.of("cdr", "never-tagged")),
                HoldScope.category(DataCategory.of("BIOMETRICS")))) {
            RetentionException e = assertThrows(RetentionException.class,
                    () -> f.retention().hold(scope, "investigation", "case-1"));
            assertEquals(RetentionException.Rule.UNKNOWN_HOLD_SCOPE, e.brokenRule());
            assertFalse(e.getMessage().contains(BOB.value()));
        }
        assertTrue(f.retention().activeHolds().isEmpty());
        assertTrue(f.audited("retention.hold").isEmpty());
    }

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc" — a record disposed of between
    // the hold's two looks at it gives no untyped error
    @Test
    void aRecordHold_whileTheRecordIsDisposedOfElsewhere_looksTheRecordUpOnce() {
        ro.clickphone.privacy.spi.retention.RetentionStore store = org.mockito.Mockito.spy(
                new ro.clickphone.privacy.spi.memory.InMemoryRetentionStore());
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withRetention(store),
                List.of());
        RecordRef invoice = g.billing.add("f-1");
        g.retention().tag(ANA, invoice, FINANCIAL, bucharest("2025-05-01T08:00"));
        var tag = store.find(invoice);
        // The first look sees the tag, a second one would find it gone (another sweeper disposed of it).
        org.mockito.Mockito.doReturn(tag).doReturn(java.util.Optional.empty()).when(store).find(invoice);
        org.mockito.Mockito.clearInvocations(store);

        LegalHold hold = g.retention().hold(HoldScope.record(invoice), "tax audit", "ANAF-2026-4");

        assertEquals(List.of(hold), g.retention().activeHolds());
        org.mockito.Mockito.verify(store, org.mockito.Mockito.times(1)).find(invoice);
    }

    // "Dacă intervin eventuale investigații, aceste termene se prelungesc" — a hold the audit trail cannot
    // record does not stand: it is undone, and the caller sees the audit's failure
    @Test
    void aHoldWhoseAuditEntryFails_isUndone_andNoneStandsUnaudited() {
        ro.clickphone.privacy.spi.audit.AuditLogStore auditLog = org.mockito.Mockito.spy(
                new ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore());
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withAuditLog(auditLog),
                List.of());
        RecordRef invoice = g.billing.add("f-1");
        g.retention().tag(ANA, invoice, FINANCIAL, bucharest("2025-05-01T08:00"));
        org.mockito.Mockito.doThrow(new ro.clickphone.privacy.spi.StoreException("audit down", true, null))
                .when(auditLog).append(org.mockito.ArgumentMatchers.argThat(a -> a != null
                        && a.action().equals("retention.hold")));

        assertThrows(ro.clickphone.privacy.spi.StoreException.class,
                () -> g.retention().hold(HoldScope.record(invoice), "tax audit", "ANAF-2026-4"));

        assertTrue(g.retention().activeHolds().isEmpty(), "an unaudited hold must not stand");
    }
}
