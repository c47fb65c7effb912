package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

class SweepTest {

    /** A source that counts every dispose per record, and can be told to fail. */
    static class CountingSource implements PersonalDataSource {
        final String name;
        final Set<DataCategory> categories;
        final Map<RecordRef, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Set<RecordRef> gone = ConcurrentHashMap.newKeySet();
        volatile boolean failing;
        volatile CrashOnce hook;

        CountingSource(String name, DataCategory... categories) {
            this.name = name;
            this.categories = Set.of(categories);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<DataCategory> categories() {
            return categories;
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            calls.computeIfAbsent(record, r -> new AtomicInteger()).incrementAndGet();
            CrashOnce h = hook;
            if (h != null) {
                h.before(record);
            }
            if (failing) {
                throw new StoreException("source down", true, null);
            }
            gone.add(record);
            if (h != null) {
                h.after(record);
            }
        }

        int calls(RecordRef record) {
            AtomicInteger n = calls.get(record);
            return n == null ? 0 : n.get();
        }
    }

    private final RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"));

    private RecordRef invoice(SubjectId subject, String id, String issued) {
        RecordRef ref = f.billing.add(id);
        f.retention().tag(subject, ref, FINANCIAL, bucharest(issued));
        return ref;
    }

    @Test
    void sweep_disposesDueRecordsThroughTheirSources_andReportsAndAuditsCountsPerCategoryAndAction() {
        RecordRef old = invoice(ANA, "F-2014", "2014-03-15T12:00");
        RecordRef recent = invoice(ANA, "F-2024", "2024-03-15T12:00");
        RecordRef call = f.cdr.add("c-1");
        f.retention().tag(BOB, call, TRAFFIC, bucharest("2020-01-01T10:00"));
        f.retention().recordEvent(BOB, "contract-end", LocalDate.of(2021, 6, 30));
        f.keyFor(ANA, "fiscal");
        f.keyFor(BOB, "traffic");

        f.clock.set(bucharest("2026-03-02T02:00"));
        SweepReport report = f.retention().sweep(SweepOptions.defaults().withAction(TRAFFIC, DisposalAction.ANONYMIZE));

        assertEquals(LocalDate.of(2026, 3, 2), report.day());
        assertEquals(1, report.count(FINANCIAL, DisposalAction.DELETE), "the 2024 invoice still needs the fiscal key");
        assertEquals(1, report.count(TRAFFIC, DisposalAction.ANONYMIZE));
        assertEquals(0, report.failed());
        assertFalse(f.billing.holds(old));
        assertTrue(f.billing.holds(recent));
        assertTrue(f.cdr.isAnonymized(call));
        assertFalse(f.keyDestroyed(ANA, "fiscal"));
        List<AuditRecord> sweeps = f.audited("retention.sweep");
        assertEquals(1, sweeps.size());
        assertEquals("1", sweeps.get(0).details().get("disposed.FINANCIAL.DELETE"));
        assertEquals("1", sweeps.get(0).details().get("disposed.TRAFFIC.ANONYMIZE"));
        assertEquals("false", sweeps.get(0).details().get("dryRun"));
    }

    // "Toate documentele care conțin date cu caracter personal se înregistrează și urmează regulile de păstrare,
    // procesare, multiplicare, transport, transmitere, distrugere și arhivare" — a key is destroyed only when
    // nothing still kept needs it
    @Test
    void cryptoShred_destroysTheKeyOnlyWhenNoRecordThatMustBeKeptUsesIt_andIsAudited() {
        invoice(ANA, "F-ana-2014", "2014-03-15T12:00");
        invoice(ANA, "F-ana-2024", "2024-03-15T12:00");
        RecordRef bobs = invoice(BOB, "F-bob-2014", "2014-03-15T12:00");
        SubjectId carol = SubjectId.of("acct-3001");
        invoice(carol, "F-carol-1", "2014-03-15T12:00");
        RecordRef carolsHeld = invoice(carol, "F-carol-2", "2014-04-15T12:00");
        f.retention().hold(HoldScope.record(carolsHeld), "tax audit", "ANAF-2026-1");
        for (SubjectId s : List.of(ANA, BOB, carol)) {
            f.keyFor(s, "fiscal");
        }

        f.clock.set(bucharest("2026-03-02T02:00"));
        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(1, report.count(FINANCIAL, DisposalAction.CRYPTO_SHRED), "Bob's only fiscal record");
        assertEquals(2, report.count(FINANCIAL, DisposalAction.DELETE), "Ana's (a later one) and Carol's (a held one)");
        assertEquals(1, report.keysShredded());
        assertTrue(f.keyDestroyed(BOB, "fiscal"));
        assertFalse(f.keyDestroyed(ANA, "fiscal"));
        assertFalse(f.keyDestroyed(carol, "fiscal"));
        List<AuditRecord> shreds = f.audited("retention.shred");
        assertEquals(1, shreds.size());
        assertEquals(f.kit.audit().subjectRef(BOB), shreds.get(0).subjectRef().orElseThrow());
        assertEquals("fiscal", shreds.get(0).details().get("keyScope"));
        assertEquals(DisposalAction.CRYPTO_SHRED, f.retention().tagOf(bobs).orElseThrow().disposal().orElseThrow());
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — all of a subject's CDRs
    // fall due together; their one key is shredded (its versions so far retired), and audited, once
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 500})
    void aSubjectsRecordsSharingAKey_destroyTheKeyOnce_auditItOnce_andCountOneKey(int batchSize) {
        for (int i = 0; i < 5; i++) {
            f.retention().tag(BOB, f.cdr.add("c-" + i), TRAFFIC, bucharest("2020-01-01T10:00"));
        }
        f.retention().tag(ANA, f.cdr.add("c-ana"), TRAFFIC, bucharest("2020-01-01T10:00"));
        f.retention().recordEvent(BOB, "contract-end", LocalDate.of(2021, 6, 30));
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2021, 6, 30));
        f.keyFor(BOB, "traffic");
        f.keyFor(ANA, "traffic");
        f.clock.set(bucharest("2026-03-02T02:00"));

        SweepReport dry = f.retention().sweep(SweepOptions.defaults().withBatchSize(batchSize).withDryRun(true));
        assertEquals(2, dry.keysShredded(), "two keys would be destroyed, not one per record");
        SweepReport report = f.retention().sweep(SweepOptions.defaults().withBatchSize(batchSize));

        assertEquals(6, report.count(TRAFFIC, DisposalAction.CRYPTO_SHRED));
        assertEquals(2, report.keysShredded(), "two keys destroyed, not one per record");
        assertTrue(f.keyDestroyed(BOB, "traffic"));
        assertTrue(f.keyDestroyed(ANA, "traffic"));
        List<AuditRecord> shreds = f.audited("retention.shred");
        assertEquals(2, shreds.size(), "one shred audited per key");
        assertEquals(Set.of(f.kit.audit().subjectRef(BOB), f.kit.audit().subjectRef(ANA)),
                Set.of(shreds.get(0).subjectRef().orElseThrow(), shreds.get(1).subjectRef().orElseThrow()));
        for (AuditRecord shred : shreds) {
            assertEquals("RETIRE_VERSIONS", shred.details().get("mode"));
            assertEquals("1", shred.details().get("versions"), "the one version, retired by the first record");
        }
        assertEquals("2", f.audited("retention.sweep").get(1).details().get("keysShredded"));
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — a key version made
    // after the sweep retired the subject's key may protect data written since: the subject's other
    // records are then planned afresh (deleted, the new version kept), not taken as shredded already
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 500})
    void aKeyVersionMadeAfterTheSweepRetiredTheKey_isKept_andTheSubjectsOtherRecordsAreDeleted(int batchSize) {
        RetentionFixture[] g = new RetentionFixture[1];
        CountingSource writing = new CountingSource("switch", TRAFFIC) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                if (calls.size() == 2) {
                    // The subject writes while the sweep runs, after the first record retired version 1
                    // and the second was planned as shredded by it: the slot gets version 2.
                    g[0].stores.subjectKeys().putIfAbsent(new StoredKey(BOB, KeyScope.of("traffic"), 2,
                            new WrappedKey("kek", 1, "AAAA"), g[0].clock.instant()));
                }
            }
        };
        g[0] = new RetentionFixture(bucharest("2026-03-01T12:00"), java.util.function.UnaryOperator.identity(),
                List.of(writing));
        RetentionFixture f = g[0];
        for (int i = 0; i < 5; i++) {
            f.retention().tag(BOB, RecordRef.of("switch", "c-" + i), TRAFFIC, bucharest("2020-01-01T10:00"));
        }
        f.retention().recordEvent(BOB, "contract-end", LocalDate.of(2021, 6, 30));
        f.keyFor(BOB, "traffic");
        f.clock.set(bucharest("2026-03-02T02:00"));

        SweepReport report = f.retention().sweep(SweepOptions.defaults().withBatchSize(batchSize));

        assertEquals(2, report.count(TRAFFIC, DisposalAction.CRYPTO_SHRED), "the first two, by the retired version 1");
        assertEquals(3, report.count(TRAFFIC, DisposalAction.DELETE), "the others may be under version 2");
        assertEquals(1, report.keysShredded());
        assertEquals(1, f.audited("retention.shred").size());
        assertEquals(2, f.stores.subjectKeys().latest(BOB, KeyScope.of("traffic")).orElseThrow().version(),
                "the version made after the retirement is not retired with it");
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — a subject's due CDRs are
    // deleted while an IP record of the same key is still kept; the subject's tags are read once a sweep
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aKeyStillNeeded_isDecidedOncePerSweep_notOncePerBatch(boolean dryRun) {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withRetention(store), List.of());
        for (int i = 0; i < 10; i++) {
            f.retention().tag(BOB, f.cdr.add("c-" + i), TRAFFIC, bucharest("2020-01-01T10:00"));
        }
        f.retention().recordEvent(BOB, "contract-end", LocalDate.of(2021, 6, 30));
        f.retention().tag(BOB, f.cdr.add("ip-kept"), RetentionFixture.NETWORK, bucharest("2026-02-01T10:00"));
        f.keyFor(BOB, "traffic");
        f.clock.set(bucharest("2026-03-02T02:00"));
        Mockito.clearInvocations(store);

        SweepReport report = f.retention().sweep(SweepOptions.defaults().withBatchSize(1).withDryRun(dryRun));

        assertEquals(10, report.count(TRAFFIC, DisposalAction.DELETE), "the key is still needed: deleted");
        assertEquals(0, report.keysShredded());
        Mockito.verify(store, Mockito.times(1)).findBySubject(BOB);
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — with no hold placed or
    // released meanwhile, "key not needed" is decided once before the source, not again before the retirement
    @Test
    void withoutAHoldChange_theKeyIsDecidedOnce_notAgainBeforeTheRetirement() {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        RetentionFixture f = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withRetention(store), List.of());
        for (int i = 0; i < 5; i++) {
            f.retention().tag(BOB, f.cdr.add("c-" + i), TRAFFIC, bucharest("2020-01-01T10:00"));
        }
        f.retention().recordEvent(BOB, "contract-end", LocalDate.of(2021, 6, 30));
        f.keyFor(BOB, "traffic");
        f.clock.set(bucharest("2026-03-02T02:00"));
        Mockito.clearInvocations(store);

        SweepReport report = f.retention().sweep(SweepOptions.defaults());

        assertEquals(5, report.count(TRAFFIC, DisposalAction.CRYPTO_SHRED));
        assertEquals(1, report.keysShredded());
        Mockito.verify(store, Mockito.times(1)).findBySubject(BOB);
    }

    @Test
    void dryRun_reportsWhatWouldBeDisposed_andChangesNothing() {
        RecordRef old = invoice(BOB, "F-2014", "2014-03-15T12:00");
        f.keyFor(BOB, "fiscal");
        f.clock.set(bucharest("2026-03-02T02:00"));
        SweepReport dry = f.retention().sweep(SweepOptions.defaults().withDryRun(true));
        assertTrue(dry.dryRun());
        assertEquals(1, dry.count(FINANCIAL, DisposalAction.CRYPTO_SHRED));
        assertEquals(1, dry.keysShredded());
        assertTrue(f.billing.holds(old));
        assertFalse(f.keyDestroyed(BOB, "fiscal"));
        assertFalse(f.retention().tagOf(old).orElseThrow().isDisposed());
        assertEquals("true", f.audited("retention.sweep").get(0).details().get("dryRun"));
        assertTrue(f.audited("retention.shred").isEmpty());
        assertEquals(1, f.retention().sweep(SweepOptions.defaults()).total(), "and a real sweep then does it");
    }

    @Test
    void aFailingSource_doesNotStopTheOthers_itsRecordsStayDue_andAreListedByReference() {
        CountingSource failing = new CountingSource("fax", DataCategory.of("FAX"));
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s, List.of(failing));
        RecordRef fax = RecordRef.of("fax", "fax-1");
        g.retention().tag(ANA, fax, DataCategory.of("FAX"), bucharest("2025-01-01T10:00"));
        g.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 12, 31));
        RecordRef invoice = g.billing.add("F-1");
        g.retention().tag(BOB, invoice, FINANCIAL, bucharest("2014-03-15T12:00"));
        failing.failing = true;

        SweepReport report = g.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.total());
        assertFalse(g.billing.holds(invoice));
        assertEquals(1, report.failed());
        assertEquals(fax, report.failures().get(0).record());
        assertEquals("StoreException", report.failures().get(0).reason());
        assertEquals("FAILED", g.audited("retention.sweep").get(0).outcome().name());
        assertFalse(g.retention().tagOf(fax).orElseThrow().isDisposed());

        failing.failing = false;
        assertEquals(0, g.retention().sweep(SweepOptions.defaults()).total(), "its lease still holds");
        g.clock.set(g.clock.instant().plus(Duration.ofMinutes(6)));
        assertEquals(1, g.retention().sweep(SweepOptions.defaults()).total(), "taken up again after the lease");
        assertTrue(g.retention().tagOf(fax).orElseThrow().isDisposed());
    }

    @Test
    void twoSweepersOnOneStore_neverDisposeOfTheSameRecordTwice() throws Exception {
        // Both sweepers meet inside a dispose of their first batch, so both are mid-batch at once.
        java.util.concurrent.CyclicBarrier bothMidBatch = new java.util.concurrent.CyclicBarrier(2);
        Set<Thread> met = ConcurrentHashMap.newKeySet();
        CountingSource slow = new CountingSource("voicemail", DataCategory.of("VOICEMAIL")) {
            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                super.dispose(record, action);
                if (met.add(Thread.currentThread())) {
                    try {
                        bothMidBatch.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the other sweeper never came mid-batch", e);
                    }
                }
            }
        };
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s, List.of(slow));
        List<RecordRef> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            SubjectId subject = SubjectId.of("acct-" + (i % 40));
            RecordRef r = RecordRef.of("voicemail", "vm-" + i);
            g.retention().tag(subject, r, DataCategory.of("VOICEMAIL"), bucharest("2025-01-01T10:00"));
            records.add(r);
        }
        for (int i = 0; i < 40; i++) {
            g.retention().recordEvent(SubjectId.of("acct-" + i), "contract-end", LocalDate.of(2025, 12, 31));
        }
        List<Thread> sweepers = new ArrayList<>();
        List<SweepReport> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> reports.add(g.retention().sweep(SweepOptions.defaults().withBatchSize(7))));
            sweepers.add(th);
            th.start();
        }
        for (Thread th : sweepers) {
            th.join();
        }
        for (RecordRef r : records) {
            assertEquals(1, slow.calls(r), "each record disposed of once");
        }
        assertEquals(2, met.size(), "both sweepers were mid-batch together");
        assertEquals(300, reports.stream().mapToInt(SweepReport::total).sum());
        assertTrue(reports.stream().allMatch(r -> r.total() > 0), "each sweeper disposed of some");
    }

    // --- resumable and idempotent: fail after each step ---------------------------------------------

    /**
     * Where the injected failure happens, on the third record of the batch (vm-3: due dates run vm-5
     * first): in the source before or after it disposes, at the key's retirement, at the audit entry
     * of that retirement, at the store's mark.
     */
    enum Step { SOURCE_BEFORE_DISPOSING, SOURCE_AFTER_DISPOSING, KEY_SHRED, SHRED_AUDIT, MARK }

    /** What fails: the process (an Error, so the sweep stops there as a dying process would), or a store. */
    enum Failure {
        ERROR, STORE_EXCEPTION;

        void raise() {
            if (this == ERROR) {
                throw new Crash();
            }
            throw new StoreException("injected failure", true, null);
        }
    }

    /** A crash: not a RuntimeException. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> failurePoints() {
        return java.util.Arrays.stream(Failure.values()).flatMap(failure -> java.util.Arrays.stream(Step.values())
                .map(step -> org.junit.jupiter.params.provider.Arguments.of(failure, step)));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} at {1}")
    @org.junit.jupiter.params.provider.MethodSource("failurePoints")
    void aFailureAfterAnyStep_leavesEveryRecordDisposedAndMarkedOrDue_andTheNextSweepFinishesWithoutRepeats(
            Failure failure, Step step) {
        CountingSource source = new CountingSource("archive", DataCategory.of("VOICEMAIL"));
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        ro.clickphone.privacy.spi.keys.SubjectKeyStore keys = Mockito.spy(
                new ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore());
        ro.clickphone.privacy.spi.audit.AuditLogStore auditLog = Mockito.spy(
                new ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore());
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"),
                s -> s.withRetention(store).withSubjectKeys(keys).withAuditLog(auditLog), List.of(source));
        List<RecordRef> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SubjectId subject = SubjectId.of("acct-" + i);
            RecordRef r = RecordRef.of("archive", "vm-" + i);
            g.retention().tag(subject, r, DataCategory.of("VOICEMAIL"), bucharest("2025-01-01T10:00"));
            g.retention().recordEvent(subject, "contract-end", LocalDate.of(2025, 12, 31).minusDays(i));
            g.keyFor(subject, "media");
            records.add(r);
        }
        RecordRef third = records.get(3);
        SubjectId thirdSubject = SubjectId.of("acct-3");
        String thirdRef = g.kit.audit().subjectRef(thirdSubject);
        AtomicInteger failures = new AtomicInteger();
        org.mockito.stubbing.Answer<Object> failOnce = inv -> {
            if (failures.getAndIncrement() == 0) {
                failure.raise();
            }
            return inv.callRealMethod();
        };
        switch (step) {
            case KEY_SHRED -> Mockito.doAnswer(failOnce).when(keys).retire(Mockito.eq(thirdSubject), Mockito.any(),
                    Mockito.anyInt());
            case SHRED_AUDIT -> Mockito.doAnswer(failOnce).when(auditLog).append(Mockito.argThat(a -> a != null
                    && a.action().equals("retention.shred") && a.subjectRef().filter(thirdRef::equals).isPresent()));
            case MARK -> Mockito.doAnswer(failOnce).when(store).markDisposed(
                    Mockito.argThat(t -> t != null && t.record().equals(third)), Mockito.any(), Mockito.any());
            default -> source.hook = new CrashOnce(step, failure, third, failures);
        }

        if (failure == Failure.ERROR) {
            assertThrows(Crash.class, () -> g.retention().sweep(SweepOptions.defaults()));
        } else {
            SweepReport first = g.retention().sweep(SweepOptions.defaults());
            assertEquals(5, first.total(), "a store failure fails one record; the others go on");
            assertEquals(List.of(new SweepFailure(third, DataCategory.of("VOICEMAIL"), "StoreException")),
                    first.failures());
        }
        assertEquals(1, failures.get(), "the failure was injected, once");
        for (RecordRef r : records) {
            boolean marked = g.retention().tagOf(r).orElseThrow().isDisposed();
            if (marked) {
                assertTrue(source.gone.contains(r), "marked means disposed of at the source");
            } else {
                assertTrue(g.retention().tagOf(r).orElseThrow().isDueOn(LocalDate.of(2026, 3, 1)), "or still due");
            }
        }
        long markedFirst = records.stream().filter(r -> g.retention().tagOf(r).orElseThrow().isDisposed()).count();
        assertEquals(failure == Failure.ERROR ? 2 : 5, markedFirst,
                failure == Failure.ERROR ? "the two before the crash, in due-date order (vm-5, vm-4)" : "all but vm-3");
        assertFalse(g.retention().tagOf(third).orElseThrow().isDisposed(), "the failed record is not marked");

        Mockito.reset(store, keys, auditLog);
        source.hook = null;
        assertEquals(0, g.retention().sweep(SweepOptions.defaults()).total(), "the failed record's lease still holds");
        g.clock.set(g.clock.instant().plus(Duration.ofMinutes(6)));
        SweepReport second = g.retention().sweep(SweepOptions.defaults());
        assertEquals(6 - markedFirst, second.total());
        assertEquals(0, second.failed());
        for (RecordRef r : records) {
            assertTrue(g.retention().tagOf(r).orElseThrow().isDisposed());
            // The failed record is asked again (idempotent by contract); a marked one never is.
            int expected = r.equals(third) ? 2 : 1;
            assertEquals(expected, source.calls(r), "no second attempt for a record whose disposal was recorded");
        }
        Set<String> shredAudited = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertTrue(g.keyDestroyed(SubjectId.of("acct-" + i), "media"));
            shredAudited.add(g.kit.audit().subjectRef(SubjectId.of("acct-" + i)));
        }
        Set<String> audited = new java.util.HashSet<>();
        g.audited("retention.shred").forEach(a -> audited.add(a.subjectRef().orElseThrow()));
        assertEquals(shredAudited, audited, "every subject's shred audited (a repeated one again)");
    }

    /** Fails once, before or after the source disposes of one record. */
    record CrashOnce(Step step, Failure failure, RecordRef record, AtomicInteger crashes) {
        void before(RecordRef r) {
            if (step == Step.SOURCE_BEFORE_DISPOSING && r.equals(record) && crashes.getAndIncrement() == 0) {
                failure.raise();
            }
        }

        void after(RecordRef r) {
            if (step == Step.SOURCE_AFTER_DISPOSING && r.equals(record) && crashes.getAndIncrement() == 0) {
                failure.raise();
            }
        }
    }

    // --- a failing retention store does not lose a withdrawal --------------------------------------

    @Test
    void failingRetentionStoreAtWithdrawal_theWithdrawalStands_isAudited_andTheNextSweepResolvesAndDisposes() {
        RetentionStore store = Mockito.spy(new InMemoryRetentionStore());
        RetentionFixture g = new RetentionFixture(bucharest("2026-03-01T12:00"), s -> s.withRetention(store), List.of());
        RecordRef cookie = g.web.add("ga-1");
        g.retention().tag(ANA, cookie, ANALYTICS_COOKIES, g.clock.instant());
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
        g.kit.consent().grant(ANA, Purpose.of("ANALYTICS"), proof);
        Mockito.doThrow(new StoreException("retention store down", true, null)).when(store).findBySubject(ANA);

        g.kit.consent().withdraw(ANA, Purpose.of("ANALYTICS"), proof);

        assertFalse(g.kit.consent().check(ANA, Purpose.of("ANALYTICS")).permitted(), "the withdrawal took effect");
        assertTrue(g.retention().tagOf(cookie).orElseThrow().isPending());
        List<AuditRecord> failed = g.audited("retention.withdrawal");
        assertEquals(1, failed.size());
        assertEquals("FAILED", failed.get(0).outcome().name());

        Mockito.reset(store);
        SweepReport report = g.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.count(ANALYTICS_COOKIES, DisposalAction.DELETE));
        assertFalse(g.web.holds(cookie));
    }
}
