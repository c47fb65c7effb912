package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;

class AuditTrailTest {

    @Test
    void record_assignsGapFreeSequencesAndLinksEachEntryToThePrevious() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        AuditFixtures.append(trail, 35);
        List<AuditRecord> records = store.read(1, 100);
        assertEquals(35, records.size());
        assertEquals(AuditRecord.GENESIS_HASH, records.get(0).previousHash());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).sequence());
            if (i > 0) {
                assertEquals(records.get(i - 1).hash(), records.get(i).previousHash());
            }
        }
        assertEquals(3, store.readCheckpoints(1, 10).size());
        assertEquals(List.of(10L, 20L, 30L), store.readCheckpoints(1, 10).stream().map(c -> c.sequence()).toList());
        assertTrue(trail.verify().intact());
    }

    @Test
    void record_storesPseudonymsNeverTheSubjectId() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        SubjectId subject = SubjectId.of("+40721234567");
        AuditRecord r = trail.record(AuditEvent.of(Actor.subject(subject), "profile.read", AuditOutcome.SUCCESS)
                .withSubject(subject));
        assertEquals(trail.subjectRef(subject), r.subjectRef().orElseThrow());
        assertEquals(trail.subjectRef(subject), r.actorRef());
        assertTrue(r.subjectRef().get().matches("s-[0-9a-f]{32}"));
        assertFalse(r.subjectRef().get().contains("721234567"));
    }

    @Test
    void subjectRef_isStableForOneKeyAndDiffersAcrossKeys() {
        SubjectId subject = SubjectId.of("ion.popescu@example.ro");
        AuditTrail a = AuditFixtures.trail(new InMemoryAuditLogStore(), 10);
        AuditTrail b = AuditFixtures.trail(new InMemoryAuditLogStore(), 10);
        byte[] otherKey = new byte[32];
        AuditTrail c = AuditTrail.create(new InMemoryAuditLogStore(),
                AuditSettings.of(AuditFixtures.signer(), SecretBytes.copyOf(otherKey)), Clock.systemUTC());
        assertEquals(a.subjectRef(subject), b.subjectRef(subject));
        assertNotEquals(a.subjectRef(subject), c.subjectRef(subject));
        assertNotEquals(a.subjectRef(subject), a.subjectRef(SubjectId.of("ion.popescu@example.r0")));
    }

    @Test
    void record_authorityLegalRequestIsAudited() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        AuditRecord r = trail.record(AuditEvent.of(Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-2026-118"),
                "export.traffic", AuditOutcome.SUCCESS));
        assertEquals("req-2026-118", r.details().get("legalRequest"));
        assertEquals("IGPR", r.actorRef());
    }

    @Test
    void concurrentAppenders_keepOneGapFreeChain() throws Exception {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 100);
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * perThread;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    trail.record(AuditFixtures.event(offset + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        AuditVerification v = trail.verify();
        assertTrue(v.intact(), () -> v.firstBreak().orElseThrow().description());
        assertEquals(threads * perThread, v.entriesChecked());
        assertEquals(threads * perThread / 100, v.checkpointsChecked());
    }

    @Test
    void twoTrailsSharingOneStore_continueEachOthersChain() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail first = AuditFixtures.trail(store, 7);
        AuditTrail second = AuditFixtures.trail(store, 7);
        for (int i = 0; i < 40; i++) {
            (i % 3 == 0 ? second : first).record(AuditFixtures.event(i));
        }
        assertEquals(40, store.last().orElseThrow().sequence());
        assertTrue(first.verify().intact());
        assertTrue(second.verify().intact());
    }

    @Test
    void instancesRacingForSequencesAndCheckpoints_leaveAChainOfCheckpointsThatVerifies() throws Exception {
        // Each instance chains its checkpoints onto the latest it saw; when two sign at nearly the
        // same time, the later one may name a checkpoint one step back. That must still verify.
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        int instances = 4;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < instances; t++) {
                AuditTrail own = AuditFixtures.trail(store, 5);
                done.add(pool.submit(() -> {
                    start.await();
                    AuditFixtures.append(own, 150);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(600, store.last().orElseThrow().sequence());
        AuditVerification v = AuditFixtures.trail(store, 5).verify();
        assertTrue(v.intact(), v.toString());
        assertTrue(v.checkpointsChecked() >= 600 / 5 / 2, "checkpoints kept coming: " + v.checkpointsChecked());
    }

    @Test
    void anInstanceStarvedWhileItStarts_adoptsTheCheckpointsOthersSignedMeanwhile() {
        // The interleaving behind a rare failure of the race above under load: the late instance reads
        // the latest checkpoint (15), is descheduled while another appends 83 entries with their
        // checkpoints, walks the chain to 98, and is descheduled again while a checkpoint lands past
        // its head (100). It must adopt the newest checkpoint over the stretch it verified (95), not
        // report the stretch as uncovered.
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail busy = AuditFixtures.trail(store, 5);
        AuditFixtures.append(busy, 15);
        boolean[] stalled = new boolean[2];
        AuditLogStore starvedView = new AuditLogStore() {
            @Override
            public Optional<AuditCheckpoint> latestCheckpoint() {
                Optional<AuditCheckpoint> latest = store.latestCheckpoint();
                if (!stalled[0]) {
                    stalled[0] = true;
                    AuditFixtures.append(busy, 83);
                }
                return latest;
            }

            @Override
            public List<AuditRecord> read(long from, int max) {
                List<AuditRecord> page = store.read(from, max);
                if (stalled[0] && !stalled[1] && page.isEmpty()) {
                    stalled[1] = true;
                    AuditFixtures.append(busy, 2);
                }
                return page;
            }

            @Override
            public void append(AuditRecord record) {
                store.append(record);
            }

            @Override
            public Optional<AuditRecord> last() {
                return store.last();
            }

            @Override
            public void appendCheckpoint(AuditCheckpoint checkpoint) {
                store.appendCheckpoint(checkpoint);
            }

            @Override
            public List<AuditCheckpoint> readCheckpoints(long from, int max) {
                return store.readCheckpoints(from, max);
            }
        };
        AuditTrail late = AuditFixtures.trail(starvedView, 5);
        assertEquals(101, late.record(AuditFixtures.event(0)).sequence());
        assertTrue(stalled[1], "the late instance was descheduled at both points");
        assertTrue(AuditFixtures.trail(store, 5).verify().intact());
    }

    @Test
    void storeFailureOnAppend_surfacesAndAcknowledgesNothing() {
        InMemoryAuditLogStore store = spy(new InMemoryAuditLogStore());
        AuditTrail trail = AuditFixtures.trail(store, 10);
        AuditFixtures.append(trail, 3);
        doThrow(new StoreException("audit store: connection refused", true, null)).doCallRealMethod()
                .when(store).append(any());
        StoreException e = assertThrows(StoreException.class, () -> trail.record(AuditFixtures.event(3)));
        assertTrue(e.isRetryable());
        assertEquals(3, store.last().orElseThrow().sequence());
        AuditRecord next = trail.record(AuditFixtures.event(3));
        assertEquals(4, next.sequence());
        assertTrue(trail.verify().intact());
    }

    @Test
    void checkpointFailure_keepsTheEntryAndRetriesTheCheckpoint() {
        InMemoryAuditLogStore store = spy(new InMemoryAuditLogStore());
        AuditTrail trail = AuditFixtures.trail(store, 5);
        doThrow(new StoreException("audit store: checkpoint table locked", true, null)).doCallRealMethod()
                .when(store).appendCheckpoint(any());
        AuditFixtures.append(trail, 5);
        assertEquals(5, store.last().orElseThrow().sequence());
        assertTrue(store.latestCheckpoint().isEmpty());
        trail.record(AuditFixtures.event(5));
        assertEquals(6, store.latestCheckpoint().orElseThrow().sequence());
        assertTrue(trail.verify().intact());
        doCallRealMethod().when(store).appendCheckpoint(any());
    }

    @Test
    void checkpoint_signsTheHeadOnceAndNothingWhenEmpty() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 1000);
        assertTrue(trail.checkpoint().isEmpty());
        AuditFixtures.append(trail, 12);
        assertEquals(12, trail.checkpoint().orElseThrow().sequence());
        assertTrue(trail.checkpoint().isEmpty());
        assertEquals(1, trail.verify().checkpointsChecked());
    }

    @Test
    void auditorWithThePublicKeyOnly_canVerify() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        Ed25519Signer signer = Ed25519Signer.generate("audit-ed-2026");
        AuditTrail writer = AuditTrail.create(store, AuditSettings.of(signer,
                SecretBytes.copyOf(AuditFixtures.PSEUDONYM_KEY)).withCheckpointInterval(20), AuditFixtures.tickingClock());
        AuditFixtures.append(writer, 100);
        AuditTrail auditor = AuditTrail.create(store, AuditSettings.of(Ed25519Signer.verifier(signer.publicKey(),
                "audit-ed-2026"), SecretBytes.copyOf(AuditFixtures.PSEUDONYM_KEY)).withCheckpointInterval(20),
                Clock.systemUTC());
        AuditVerification v = auditor.verify();
        assertTrue(v.intact());
        assertEquals(5, v.checkpointsChecked());
    }

    @Test
    void emptyTrail_verifies() {
        AuditVerification v = AuditFixtures.trail(new InMemoryAuditLogStore(), 10).verify();
        assertTrue(v.intact());
        assertEquals(0, v.entriesChecked());
    }

    @Test
    void badInput_isRejected() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 10);
        assertThrows(InvalidInputException.class, () -> trail.record(null));
        assertThrows(InvalidInputException.class, () -> trail.subjectRef(null));
        Actor staff = Actor.staff(Recipient.of("EMPLOYEES"), "emp-1", Set.of());
        assertThrows(InvalidInputException.class, () -> trail.record(AuditEvent.of(staff, "Bad Action", AuditOutcome.SUCCESS)));
        assertThrows(InvalidInputException.class, () -> trail.record(
                AuditEvent.of(staff, "note.add", AuditOutcome.SUCCESS).withDetail("text", "ion@example.ro")));
        assertTrue(store.last().isEmpty(), "a rejected event is not stored");
        AuditSettings settings = AuditSettings.of(AuditFixtures.signer(), SecretBytes.copyOf(new byte[32]));
        assertThrows(InvalidInputException.class, () -> AuditTrail.create(null, settings, Clock.systemUTC()));
        assertThrows(InvalidInputException.class, () -> AuditTrail.create(store, null, Clock.systemUTC()));
        assertThrows(InvalidInputException.class, () -> AuditTrail.create(store, settings, null));
    }
    @Test
    void read_givesEntriesInOrder_andReadAbout_onlyTheSubjectsOwn() {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        AuditTrail trail = AuditFixtures.trail(store, 50);
        AuditFixtures.append(trail, 5000);
        List<AuditRecord> page = trail.read(4090, 20);
        assertEquals(20, page.size());
        assertEquals(4090, page.get(0).sequence());
        assertEquals(4109, page.get(19).sequence());
        assertEquals(List.of(), trail.read(5001, 10));
        SubjectId subject = SubjectId.of("subject-3");
        String ref = trail.subjectRef(subject);
        List<AuditRecord> about = trail.readAbout(subject, 1, 4096);
        long expected = store.read(1, 4096).stream().filter(r -> r.subjectRef().equals(Optional.of(ref))).count()
                + store.read(4097, 4096).stream().filter(r -> r.subjectRef().equals(Optional.of(ref))).count();
        assertEquals(expected, about.size());
        assertTrue(about.size() > 250, "entries beyond the first page are found: " + about.size());
        assertTrue(about.stream().allMatch(r -> r.subjectRef().equals(Optional.of(ref))));
        assertTrue(about.get(about.size() - 1).sequence() > 4096);
        List<AuditRecord> firstThree = trail.readAbout(subject, 1, 3);
        assertEquals(about.subList(0, 3), firstThree);
        assertEquals(List.of(), trail.readAbout(SubjectId.of("nobody"), 1, 10));
        assertThrows(InvalidInputException.class, () -> trail.read(0, 10));
        assertThrows(InvalidInputException.class, () -> trail.read(1, 4097));
        assertThrows(InvalidInputException.class, () -> trail.readAbout(null, 1, 10));
    }

    @Test
    void readAbout_onAStoreThatPagesShort_stillReadsToTheEnd() {
        InMemoryAuditLogStore inner = new InMemoryAuditLogStore();
        AuditLogStore shortPages = new AuditLogStore() {
            @Override
            public void append(AuditRecord record) {
                inner.append(record);
            }

            @Override
            public List<AuditRecord> read(long fromSequence, int maxCount) {
                return inner.read(fromSequence, Math.min(maxCount, 100));
            }

            @Override
            public Optional<AuditRecord> last() {
                return inner.last();
            }

            @Override
            public void appendCheckpoint(AuditCheckpoint checkpoint) {
                inner.appendCheckpoint(checkpoint);
            }

            @Override
            public List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
                return inner.readCheckpoints(fromSequence, maxCount);
            }

            @Override
            public Optional<AuditCheckpoint> latestCheckpoint() {
                return inner.latestCheckpoint();
            }
        };
        AuditTrail trail = AuditFixtures.trail(shortPages, 50);
        AuditFixtures.append(trail, 1000);
        SubjectId subject = SubjectId.of("subject-5");
        String ref = trail.subjectRef(subject);
        List<AuditRecord> about = trail.readAbout(subject, 1, 4096);
        assertEquals(inner.read(1, 4096).stream().filter(r -> r.subjectRef().equals(Optional.of(ref))).count(),
                about.size());
        assertTrue(about.get(about.size() - 1).sequence() > 900, "read past the first short page");
    }

    /** The documented bound: 32 retries with back-off after the first lost race, then the conflict surfaces. */
    @Test
    void record_losingEveryRace_retriesTheDocumentedNumberOfTimes_thenGivesUp() {
        InMemoryAuditLogStore store = spy(new InMemoryAuditLogStore());
        AuditTrail trail = AuditFixtures.trail(store, 1000);
        doThrow(new SequenceConflictException("another instance appended first")).when(store)
                .append(any(AuditRecord.class));
        assertThrows(SequenceConflictException.class, () -> trail.record(AuditFixtures.event(1)));
        verify(store, times(33)).append(any(AuditRecord.class));
    }
}
