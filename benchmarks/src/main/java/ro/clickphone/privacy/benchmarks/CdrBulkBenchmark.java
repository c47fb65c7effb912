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

    /** {@code copy}: parse and write with Commons CSV only; {@code pseudonymize}: the bulk pseudonymizer. */
    @Param({"copy", "pseudonymize"})
    public String impl;

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
            for (int i = 0; i < rows; i++) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                long r = seed & Long.MAX_VALUE;
                w.write("r-" + i + ",CALL,OUTBOUND,+4072" + (1000000 + r % 9000000) + ",+4073" + (1000000 + (r >>> 20) % 9000000)
                        + ",+4021" + (1000000 + (r >>> 40) % 9000000) + ",2026-11-29T" + String.format("%02d", i % 24)
                        + ":" + String.format("%02d", i % 60) + ":17Z," + (r % 3600) + ",10." + ((r >>> 8) & 255) + "."
                        + ((r >>> 16) & 255) + "." + ((r >>> 24) & 255) + "\r\n");
            }
        }
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])), PseudonymAuthorizer.unrestricted(e -> { }));
        cdrs = CdrPseudonymizer.create(pseudonyms, CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR).exactDurations().build());
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
            BulkReport report = CdrCsv.pseudonymize(in, out, cdrs, BulkOptions.defaults().withThreads(2));
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
