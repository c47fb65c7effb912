package ro.clickphone.privacy.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * The bulk CSV pseudonymizer over a generated file of {@code rows} CDRs (caller, callee and
 * forwarding number, a device IP, a start time per row; numbers by FF1 keeping 3 digits, IP by
 * Crypto-PAn, start cut to the hour), on 2 threads, in a JVM limited to a 256 MB heap; beside a
 * plain Commons CSV parse-and-write copy of the same file, in the same run. One shot per
 * iteration: the score is seconds per file.
 *
 * <p>{@code numbers=uniform}: every number drawn uniformly from 27 million (nearly every number
 * distinct, the worst case for a memo). {@code numbers=zipf}: every number drawn from 50 000
 * numbers with a Zipf distribution (s = 1), as real CDR files repeat numbers (a customer's own
 * number is on every row of their calls). The device IP is uniform in both.
 * {@code impl=memo} is {@code pseudonymize} with {@link BulkOptions#withPseudonymMemo(int)} of
 * {@value #MEMO} entries.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CdrBulkBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class CdrBulkBenchmark {

    /** The memo bound of {@code impl=memo}. */
    static final int MEMO = 65_536;
    /** How many distinct numbers {@code numbers=zipf} draws from. */
    static final int ZIPF_NUMBERS = 50_000;

    /**
     * {@code copy}: parse and write with Commons CSV only; {@code pseudonymize}: the bulk
     * pseudonymizer; {@code memo}: the same with a pseudonym memo.
     */
    @Param({"copy", "pseudonymize", "memo"})
    public String impl;

    /** {@code uniform} or {@code zipf} (s = 1 over {@value #ZIPF_NUMBERS} numbers). */
    @Param({"uniform", "zipf"})
    public String numbers;

    /** Rows in the generated file. */
    @Param({"1000000"})
    public int rows;

    private Path input;
    private Path output;
    private CdrPseudonymizer cdrs;

    /**
     * Writes the input file and prepares the pseudonymizer.
     *
     * @throws IOException if the file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("bench-cdr");
        input = dir.resolve("cdr.csv");
        output = dir.resolve("out.csv");
        try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            w.write("record_id,type,direction,caller,callee,forwarded_to,start,duration_seconds,device_ip\r\n");
            long seed = 88172645463325252L;
            double[] zipf = "zipf".equals(numbers) ? zipfCumulative(ZIPF_NUMBERS) : null;
            for (int i = 0; i < rows; i++) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                long r = seed & Long.MAX_VALUE;
                String caller;
                String callee;
                String forwarded;
                if (zipf == null) {
                    caller = "+4072" + (1000000 + r % 9000000);
                    callee = "+4073" + (1000000 + (r >>> 20) % 9000000);
                    forwarded = "+4021" + (1000000 + (r >>> 40) % 9000000);
                } else {
                    // every column from all 64 bits: a draw below 2^63 would only reach the ranks under 0.5
                    caller = zipfNumber(zipf, seed);
                    callee = zipfNumber(zipf, Long.rotateLeft(r, 21) * 0x9E3779B97F4A7C15L);
                    forwarded = zipfNumber(zipf, Long.rotateLeft(r, 42) * 0xC2B2AE3D27D4EB4FL);
                }
                w.write("r-" + i + ",CALL,OUTBOUND," + caller + "," + callee
                        + "," + forwarded + ",2026-11-29T" + String.format("%02d", i % 24)
                        + ":" + String.format("%02d", i % 60) + ":17Z," + (r % 3600) + ",10." + ((r >>> 8) & 255) + "."
                        + ((r >>> 16) & 255) + "." + ((r >>> 24) & 255) + "\r\n");
            }
        }
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])), PseudonymAuthorizer.unrestricted(e -> { }));
        cdrs = CdrPseudonymizer.create(pseudonyms, CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR).exactDurations().build());
    }

    /** P(rank <= k) for Zipf with s = 1 over {@code n} ranks. */
    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / k;
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    /** The number of the rank a random value falls on: distinct valid Romanian numbers, mobile and fixed. */
    private static String zipfNumber(double[] cumulative, long random) {
        double u = (random >>> 11) * 0x1.0p-53;
        int rank = java.util.Arrays.binarySearch(cumulative, u);
        rank = rank >= 0 ? rank : Math.min(cumulative.length - 1, -rank - 1);
        String prefix = rank % 3 == 0 ? "+4072" : rank % 3 == 1 ? "+4073" : "+4021";
        return prefix + (1000000 + (rank * 7919L + 12345) % 9000000);
    }

    /**
     * Deletes the files.
     *
     * @throws IOException if they cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(input);
        Files.deleteIfExists(output);
        Files.deleteIfExists(input.getParent());
    }

    /**
     * One pass over the file.
     *
     * @return rows written
     * @throws IOException if reading or writing fails
     */
    @Benchmark
    public long pass() throws IOException {
        try (Reader in = new BufferedReader(Files.newBufferedReader(input, StandardCharsets.UTF_8), 1 << 16);
                Writer out = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8), 1 << 16)) {
            if ("copy".equals(impl)) {
                return copy(in, out);
            }
            BulkOptions options = BulkOptions.defaults().withThreads(2);
            BulkReport report = CdrCsv.pseudonymize(in, out, cdrs,
                    "memo".equals(impl) ? options.withPseudonymMemo(MEMO) : options);
            if (report.rowsWritten() != rows) {
                throw new IllegalStateException("rows rejected: " + report.rejections());
            }
            return report.rowsWritten();
        }
    }

    private static long copy(Reader in, Writer out) throws IOException {
        long written = 0;
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = format.parse(in)) {
            CSVPrinter printer = CSVFormat.RFC4180.builder()
                    .setHeader(parser.getHeaderNames().toArray(new String[0])).get().print(out);
            for (CSVRecord record : parser) {
                printer.printRecord((Object[]) record.values());
                written++;
            }
            printer.flush();
        }
        return written;
    }
}
