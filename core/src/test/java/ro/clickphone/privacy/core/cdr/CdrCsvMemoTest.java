package ro.clickphone.privacy.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;

/** The CSV bulk mode with a pseudonym memo: the same bytes as without, per run, never shared. */
class CdrCsvMemoTest {

    private static final String HEADER = "record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,"
            + "duration_seconds,device_ip";

    /** Numbers from a small pool, so they repeat; some invalid, some national, some SMS rows. */
    private static String file(long seed, int rows) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 1; i <= rows; i++) {
            String caller = number(random);
            if (random.nextInt(5) == 0) {
                csv.append("s-").append(i).append(",SMS,OUTBOUND,").append(caller).append(",,,").append(number(random))
                        .append(",2026-11-29T07:12:0").append(i % 10).append(".25Z,,\r\n");
            } else {
                csv.append("c-").append(i).append(",CALL,INBOUND,").append(caller).append(',').append(number(random))
                        .append(',').append(random.nextBoolean() ? number(random) : "").append(",,2026-11-29T")
                        .append(String.format("%02d:%02d:17Z", i % 24, i % 60)).append(',').append(i % 700)
                        .append(",192.0.2.").append(i % 256).append("\r\n");
            }
        }
        return csv.toString();
    }

    private static String number(SplittableRandom random) {
        int which = random.nextInt(60);
        if (which == 0) {
            return "+40 731 12";
        }
        String digits = String.format("%06d", which * 7919 % 1_000_000);
        return random.nextBoolean() ? "+40721" + digits : "0731 " + digits.substring(0, 3) + " " + digits.substring(3);
    }

    private static String run(String input, CdrPseudonymizer cdrs, BulkOptions options, List<Rejection> rejections)
            throws Exception {
        StringWriter out = new StringWriter();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), out, cdrs, options, rejections::add);
        return out + "\n" + report.rowsRead() + " " + report.rowsWritten() + " " + report.rowsRejected();
    }

    private static CdrPseudonymizer cdrs(int keyByte, String context) {
        byte[] root = new byte[32];
        java.util.Arrays.fill(root, (byte) keyByte);
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(root)),
                PseudonymAuthorizer.unrestricted(e -> { }));
        return CdrPseudonymizer.create(pseudonyms, CdrProfile.builder(context).numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).exactStartTime().exactDurations().build());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void memo_writesByteIdenticalOutput_andTheSameRejections(int threads) throws Exception {
        String input = file(threads, 3000);
        BulkOptions plain = new BulkOptions(threads, 37, false, 1000, 0);
        for (CdrPseudonymizer cdrs : List.of(CdrFixtures.CDRS, cdrs(0, "analytics"))) {
            List<Rejection> without = new ArrayList<>();
            String expected = run(input, cdrs, plain, without);
            for (int entries : new int[] {2, 16, 4096}) {
                List<Rejection> with = new ArrayList<>();
                assertEquals(expected, run(input, cdrs, plain.withPseudonymMemo(entries), with), "memo " + entries);
                assertEquals(without, with);
            }
            assertNotEquals(0, without.size());
        }
    }

    @Test
    void concurrentRuns_withOtherKeysOrContexts_shareNoMemo() throws Exception {
        String input = file(99, 2000);
        List<CdrPseudonymizer> all = List.of(cdrs(0, "analytics"), cdrs(1, "analytics"), cdrs(0, "billing"),
                cdrs(0, "analytics"));
        List<String> expected = new ArrayList<>();
        for (CdrPseudonymizer cdrs : all) {
            expected.add(run(input, cdrs, new BulkOptions(1, 64, false, 10, 0), new ArrayList<>()));
        }
        assertNotEquals(expected.get(0), expected.get(1));
        assertNotEquals(expected.get(0), expected.get(2));
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (CdrPseudonymizer cdrs : all) {
                Callable<String> job = () -> run(input, cdrs, new BulkOptions(2, 16, false, 10, 0)
                        .withPseudonymMemo(1024), new ArrayList<>());
                runs.add(pool.submit(job));
            }
            List<String> actual = new ArrayList<>();
            for (Future<String> run : runs) {
                actual.add(run.get());
            }
            assertEquals(expected, actual);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void memoOption_isOffByDefault_andChecked() {
        assertEquals(0, BulkOptions.defaults().pseudonymMemo());
        assertEquals(0, new BulkOptions(2, 10, false, 0, 0).pseudonymMemo());
        BulkOptions memo = BulkOptions.defaults().withPseudonymMemo(65_536);
        assertEquals(65_536, memo.pseudonymMemo());
        assertEquals(65_536, memo.withThreads(3).withBatchSize(9).withSkipRows(2).withMaxRecordChars(20_000)
                .withRejectionsKept(3).withStopAtFirstRejection(true).pseudonymMemo());
        assertThrows(InvalidInputException.class, () -> BulkOptions.defaults().withPseudonymMemo(-1));
        assertThrows(InvalidInputException.class, () -> BulkOptions.defaults().withPseudonymMemo(1));
        assertThrows(InvalidInputException.class,
                () -> BulkOptions.defaults().withPseudonymMemo(CdrJob.MAX_MEMO_ENTRIES + 1));
    }

    /** The run's job is closed: empty, and it refuses records. */
    private static void assertClosed(CdrJob job) {
        assertEquals(0, job.memoSize(), "the run must empty its memo when it ends");
        assertThrows(ConfigurationException.class, () -> job.pseudonymize(CallDetailRecord.call("c-1",
                Direction.OUTBOUND, "+40721234567", "+40731234567", java.time.Instant.EPOCH, java.time.Duration.ZERO)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void run_closesItsMemoJob_whenItReturns(int threads) throws Exception {
        AtomicReference<CdrJob> opened = new AtomicReference<>();
        AtomicInteger heldAtARejection = new AtomicInteger();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(file(5, 600)), new StringWriter(), CdrFixtures.CDRS,
                new BulkOptions(threads, 16, false, 10, 0).withPseudonymMemo(4096),
                rejection -> heldAtARejection.accumulateAndGet(opened.get().memoSize(), Math::max), opened::set);
        assertEquals(600, report.rowsRead());
        assertTrue(heldAtARejection.get() > 0, "the memo held numbers while the run went on");
        assertClosed(opened.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void run_closesItsMemoJob_whenTheSinkThrows(int threads) throws Exception {
        AtomicReference<CdrJob> opened = new AtomicReference<>();
        AtomicInteger heldWhenThrown = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> CdrCsv.pseudonymize(new StringReader(file(6, 600)), new StringWriter(), CdrFixtures.CDRS,
                        new BulkOptions(threads, 16, false, 10, 0).withPseudonymMemo(4096), rejection -> {
                            if (seen.incrementAndGet() == 3) {
                                heldWhenThrown.set(opened.get().memoSize());
                                throw new IllegalStateException("rejection file full");
                            }
                        }, opened::set));
        assertEquals("rejection file full", thrown.getMessage());
        assertTrue(heldWhenThrown.get() > 0, "the memo held numbers when the sink threw");
        assertClosed(opened.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64})
    void run_closesItsMemoJob_whenItStopsAtTheFirstRejection_onTwoThreads(int batch) throws Exception {
        AtomicReference<CdrJob> opened = new AtomicReference<>();
        AtomicInteger heldAtTheStop = new AtomicInteger();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(file(8, 3000)), new StringWriter(), CdrFixtures.CDRS,
                new BulkOptions(2, batch, true, 10, 0).withPseudonymMemo(4096),
                rejection -> heldAtTheStop.set(opened.get().memoSize()), opened::set);
        assertTrue(report.stopped().isPresent());
        assertTrue(report.rowsRead() < 3000);
        assertTrue(heldAtTheStop.get() > 0, "the memo held numbers at the stop");
        assertClosed(opened.get());
        Thread.sleep(50); // workers the stop cancelled may still be running their batch: they must not refill it
        assertEquals(0, opened.get().memoSize());
    }
}
