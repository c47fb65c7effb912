package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** The per-job pseudonym memo: same output as none, bounded, emptied at the end, never shared. */
class CdrJobTest {

    private static final Instant START = Instant.parse("2026-11-29T07:23:41Z");

    private static Pseudonyms pseudonyms(int keyByte) {
        byte[] root = new byte[32];
        java.util.Arrays.fill(root, (byte) keyByte);
        return Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(root)), PseudonymAuthorizer.unrestricted(e -> { }));
    }

    private static CdrProfile profile(String context) {
        return CdrProfile.builder(context).caller(NumberTechnique.ff1(3)).callee(NumberTechnique.ff1(3))
                .forwardedTo(NumberTechnique.token()).smsDestination(NumberTechnique.mask())
                .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR)
                .durations(DurationBuckets.callDurations()).build();
    }

    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(pseudonyms(0), profile("analytics"));

    /** A number from a small pool (so that it repeats), sometimes invalid, in several written forms. */
    private static String number(SplittableRandom random) {
        int which = random.nextInt(40);
        if (which == 0) {
            return "+40 731 12";
        }
        String digits = String.format("%06d", which * 7919 % 1_000_000);
        return switch (random.nextInt(3)) {
            case 0 -> "+40721" + digits;
            case 1 -> "0721 " + digits.substring(0, 3) + " " + digits.substring(3);
            default -> "+40 721 " + digits;
        };
    }

    private static CallDetailRecord record(SplittableRandom random, int i) {
        if (random.nextInt(4) == 0) {
            return CallDetailRecord.sms("s-" + i, Direction.OUTBOUND, number(random), number(random), START);
        }
        CallDetailRecord call = CallDetailRecord.call("c-" + i, Direction.INBOUND, number(random), number(random),
                START, Duration.ofSeconds(random.nextInt(4000)));
        return random.nextBoolean() ? call.withForwardedTo(number(random)).withDeviceIp("192.0.2." + random.nextInt(256))
                : call;
    }

    /** The outcome as text: the record, or the field and rule of its rejection. */
    private static String outcome(java.util.function.Function<CallDetailRecord, PseudonymizedCdr> technique,
            CallDetailRecord record) {
        try {
            PseudonymizedCdr out = technique.apply(record);
            return List.of(out.recordId(), out.caller(), out.callee(), out.forwardedTo(), out.smsDestination(),
                    out.start(), out.duration(), out.deviceIp()).toString();
        } catch (InvalidInputException e) {
            return "rejected " + e.argument() + ": " + e.rule();
        }
    }

    @Test
    void memo_givesTheSameOutcomes_asNoMemo_includingRejections() {
        RandomCases.run(20, random -> {
            int bound = 2 << random.nextInt(0, 8);
            try (CdrJob job = CDRS.job(bound)) {
                for (int i = 0; i < 300; i++) {
                    CallDetailRecord record = record(random, i);
                    assertEquals(outcome(CDRS::pseudonymize, record), outcome(job::pseudonymize, record));
                }
                assertTrue(job.memoSize() > 0);
            }
        });
    }

    @Test
    void memo_isBounded_perNumberTechnique() {
        // three distinct number techniques: FF1 (caller and callee share it), token, mask
        try (CdrJob job = CDRS.job(20)) {
            assertEquals(3 * 16, job.memoCapacity(), "rounded down to a power of two");
            for (int i = 0; i < 2000; i++) {
                job.pseudonymize(CallDetailRecord.call("c-" + i, Direction.OUTBOUND, String.format("+40721%06d", i),
                        String.format("+40731%06d", i), START, Duration.ZERO).withForwardedTo(
                                String.format("+40741%06d", i)));
                assertTrue(job.memoSize() <= 32, "two techniques in use, 16 each: " + job.memoSize());
            }
        }
        assertThrows(InvalidInputException.class, () -> CDRS.job(-1));
        assertThrows(InvalidInputException.class, () -> CDRS.job(1));
        assertThrows(InvalidInputException.class, () -> CDRS.job(CdrJob.MAX_MEMO_ENTRIES + 1));
        try (CdrJob none = CDRS.job(0)) {
            none.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731234567", START,
                    Duration.ZERO));
            assertEquals(0, none.memoCapacity());
            assertEquals(0, none.memoSize());
        }
    }

    @Test
    void close_emptiesTheMemo_andRefusesMoreRecords() {
        CdrJob job = CDRS.job(1024);
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731234567", START,
                Duration.ZERO);
        job.pseudonymize(call);
        assertEquals(2, job.memoSize());
        job.close();
        assertEquals(0, job.memoSize());
        assertThrows(ConfigurationException.class, () -> job.pseudonymize(call));
        job.close();
        assertFalse(job.toString().contains("+40"), job.toString());
    }

    @Test
    void close_leavesNoClearNumberReachable_fromTheJob() throws Exception {
        CdrJob job = CDRS.job(1024);
        String number = new String("+40721234567".toCharArray());
        WeakReference<String> clear = new WeakReference<>(number);
        job.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, number, "+40731234567", START,
                Duration.ZERO));
        number = null;
        System.gc();
        assertTrue(clear.get() != null, "the memo holds the number while the job runs");
        job.close();
        for (int i = 0; i < 50 && clear.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(clear.get(), "the job (still referenced) must not reach the clear number after close");
        assertEquals(0, job.memoSize());
    }

    @Test
    void close_whileWorkersStore_leavesTheMemoEmpty() throws Exception {
        for (int round = 0; round < 20; round++) {
            CdrJob job = CDRS.job(4096);
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> workers = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < 2; t++) {
                int base = t * 100_000;
                Thread worker = new Thread(() -> {
                    started.countDown();
                    try {
                        for (int i = 0; ; i++) {
                            job.pseudonymize(CallDetailRecord.call("c-" + i, Direction.OUTBOUND,
                                    String.format("+40721%06d", base + i % 90_000), "+40731234567", START, Duration.ZERO));
                        }
                    } catch (ConfigurationException closed) {
                        // the job closed under us: expected
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            started.await();
            Thread.sleep(5);
            job.close();
            for (Thread worker : workers) {
                worker.join(10_000);
            }
            assertNull(failure.get());
            assertEquals(0, job.memoSize(), "a store racing the close must not survive it");
        }
    }

    @Test
    void jobs_shareNothing_acrossJobs_keys_orContexts_evenConcurrently() throws Exception {
        CdrPseudonymizer otherKey = CdrPseudonymizer.create(pseudonyms(1), profile("analytics"));
        CdrPseudonymizer otherContext = CdrPseudonymizer.create(pseudonyms(0), profile("billing"));
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731234567", START,
                Duration.ZERO);
        try (CdrJob first = CDRS.job(64); CdrJob second = CDRS.job(64)) {
            first.pseudonymize(call);
            assertEquals(0, second.memoSize(), "a new job starts empty: memos are per job, never static");
        }
        List<CdrPseudonymizer> all = List.of(CDRS, otherKey, otherContext);
        List<CdrJob> jobs = List.of(CDRS.job(64), otherKey.job(64), otherContext.job(64));
        List<List<String>> expected = new ArrayList<>();
        List<CallDetailRecord> records = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 400; i++) {
            records.add(record(random, i));
        }
        for (CdrPseudonymizer cdrs : all) {
            List<String> outcomes = new ArrayList<>();
            for (CallDetailRecord record : records) {
                outcomes.add(outcome(cdrs::pseudonymize, record));
            }
            expected.add(outcomes);
        }
        assertNotEquals(expected.get(0), expected.get(1));
        assertNotEquals(expected.get(0), expected.get(2));
        List<Thread> threads = new ArrayList<>();
        List<List<String>> actual = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        for (int j = 0; j < jobs.size(); j++) {
            CdrJob job = jobs.get(j);
            List<String> into = actual.get(j);
            Thread thread = new Thread(() -> {
                for (CallDetailRecord record : records) {
                    into.add(outcome(job::pseudonymize, record));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(expected, actual);
        jobs.forEach(CdrJob::close);
    }

    @Test
    void memoEntry_toString_showsNoNumberNorPseudonym() {
        String number = "+40721234567";
        String pseudonym = CDRS.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, number, "+40731234567",
                START, Duration.ZERO)).caller().orElseThrow();
        String shown = new PseudonymMemo.Entry(number, pseudonym).toString();
        assertEquals("Entry[redacted]", shown);
        assertFalse(shown.contains("721") || shown.contains(pseudonym), shown);
        PseudonymMemo memo = new PseudonymMemo(16);
        memo.put(number, pseudonym);
        assertFalse(memo.toString().contains("721") || memo.toString().contains(pseudonym), memo.toString());
    }

    /**
     * Many threads on one job whose memo is tiny (one or eight pairs of slots per technique), over a
     * handful of numbers, so that entries are swapped within their pair and replaced all the time:
     * every outcome must be the one without a memo. A memo that stored a value and its pseudonym in
     * two writes (two parallel arrays, say) hands out another number's pseudonym here.
     */
    @Test
    void oneJob_manyThreads_tinyMemo_neverServesAnotherNumbersPseudonym() throws Exception {
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(pseudonyms(0), CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3)).exactStartTime().exactDurations().build());
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pool.add(String.format("+40721%06d", 104_729 * (i + 1)));
        }
        List<CallDetailRecord> records = new ArrayList<>();
        List<PseudonymizedCdr> expected = new ArrayList<>();
        for (String caller : pool) {
            for (String callee : pool) {
                CallDetailRecord record = CallDetailRecord.call("c-" + records.size(), Direction.OUTBOUND, caller,
                        callee, START, Duration.ZERO).withForwardedTo(pool.get(records.size() % pool.size()));
                records.add(record);
                expected.add(cdrs.pseudonymize(record));
            }
        }
        int threads = 4;
        for (int entries : new int[] {2, 16}) {
            long until = System.nanoTime() + 800_000_000L; // 0.8 s each: the test stays well under 5 s
            AtomicLong wrong = new AtomicLong();
            AtomicLong done = new AtomicLong();
            AtomicReference<String> firstWrong = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (CdrJob job = cdrs.job(entries)) {
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    SplittableRandom random = new SplittableRandom(31 * entries + t);
                    Thread worker = new Thread(() -> {
                        try {
                            long count = 0;
                            while ((count & 255) != 0 || System.nanoTime() < until) {
                                int i = random.nextInt(records.size());
                                PseudonymizedCdr got = job.pseudonymize(records.get(i));
                                PseudonymizedCdr want = expected.get(i);
                                if (!got.caller().equals(want.caller()) || !got.callee().equals(want.callee())
                                        || !got.forwardedTo().equals(want.forwardedTo())) {
                                    wrong.incrementAndGet();
                                    firstWrong.compareAndSet(null, "record " + i);
                                }
                                count++;
                            }
                            done.addAndGet(count);
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    });
                    workers.add(worker);
                    worker.start();
                }
                for (Thread worker : workers) {
                    worker.join(10_000);
                }
                assertTrue(job.memoSize() > 0);
            }
            assertNull(failure.get());
            assertEquals(0, wrong.get(), entries + " entries: " + wrong.get() + " wrong of " + done.get()
                    + ", first " + firstWrong.get());
            assertTrue(done.get() > 1000, "the threads ran: " + done.get());
        }
    }
}
