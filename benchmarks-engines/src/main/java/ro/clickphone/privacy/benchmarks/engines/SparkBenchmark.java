package ro.clickphone.privacy.benchmarks.engines;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spark.SparkPseudonymizer;

/**
 * {@code rows} CDRs from one generated CSV file to a pseudonymized CSV output, by Spark in
 * {@code local[2]} (the Dataset API of {@link SparkPseudonymizer}, from the shared fixture's spec)
 * beside the single-JVM bulk CSV path ({@link CdrCsv#pseudonymize} on 2 threads, with
 * {@link FixtureKeys#singleJvm()}, the same profile and root key) and beside a Spark pass-through
 * (the same read and write around a {@code mapPartitions} that copies each row), in the same run.
 * One shot per iteration: the score is seconds per file; rows/s is {@code rows} over it.
 *
 * <p>The file is the uniform one of {@code CdrBulkBenchmark} (every number drawn from 27 million,
 * so nearly every number is distinct; a device IPv4 per row; about 100 bytes a row), written once per
 * fork. Both sides read it as CSV and write CSV files of the accepted rows (all of them) to a
 * temporary directory; neither keeps a pseudonym memo. The profile is the fixture's: FF1 keeping 3
 * digits for the numbers, Crypto-PAn for the IP, starts cut to the hour, call-duration buckets.
 *
 * <p>{@code impl=spark}: read with Spark's CSV reader (every column a string), pseudonymize,
 * keep the accepted rows, write with Spark's CSV writer; {@code spark-pass-through}: the same with
 * a {@code mapPartitions} that copies the cells instead; {@code single-jvm}: {@code CdrCsv} from a
 * reader to a writer.
 *
 * <pre>
 * ./mvnw -o -B verify -DskipTests -pl benchmarks-engines -am
 * java -cp benchmarks-engines/target/classes:$(cat benchmarks-engines/target/classpath.txt) \
 *     org.openjdk.jmh.Main SparkBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions",
    "--add-modules=jdk.incubator.vector",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.allocator.type=pooled",
    "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
    "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED",
    "-Xmx2g", "-Xms2g"})
public class SparkBenchmark {

    /** {@code spark}, {@code spark-pass-through} or {@code single-jvm}. */
    @Param({"spark", "spark-pass-through", "single-jvm"})
    public String impl;

    /** Rows in the generated file. */
    @Param({"10000000"})
    public int rows;

    private Path dir;
    private Path input;
    private Path output;
    private SparkSession spark;

    /**
     * Writes the input file and, for the Spark cases, starts the session.
     *
     * @throws IOException if the file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bench-spark-cdr");
        input = dir.resolve("cdrs.csv");
        output = dir.resolve("out");
        write(input, rows);
        if (!"single-jvm".equals(impl)) {
            spark = SparkSession.builder()
                    .appName("SparkBenchmark")
                    .master("local[2]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
    }

    /** The uniform file of {@code CdrBulkBenchmark}, with every column of {@link CdrRows#INPUT_COLUMNS}. */
    private static void write(Path file, int rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", CdrRows.INPUT_COLUMNS) + "\r\n");
            StringBuilder line = new StringBuilder(128);
            long seed = 88172645463325252L;
            for (int i = 0; i < rows; i++) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                long r = seed & Long.MAX_VALUE;
                line.setLength(0);
                line.append("r-").append(i).append(",CALL,OUTBOUND,+4072").append(1000000 + r % 9000000)
                        .append(",+4073").append(1000000 + (r >>> 20) % 9000000)
                        .append(",+4021").append(1000000 + (r >>> 40) % 9000000)
                        .append(",,2026-11-29T").append(two(i % 24)).append(':').append(two(i % 60)).append(":17Z,")
                        .append(r % 3600).append(",10.").append((r >>> 8) & 255).append('.').append((r >>> 16) & 255)
                        .append('.').append((r >>> 24) & 255).append("\r\n");
                w.append(line);
            }
        }
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /**
     * Stops the session and deletes the files.
     *
     * @throws IOException if they cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (spark != null) {
            // the score only counts if every row was written: read the last pass's output back
            long written = spark.read().option("header", "true").csv(output.toString()).count();
            spark.stop();
            if (written != rows) {
                throw new IllegalStateException(impl + " wrote " + written + " rows of " + rows);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * One pass over the file.
     *
     * @return rows written
     * @throws IOException if reading or writing fails
     */
    @Benchmark
    public long pass() throws IOException {
        if ("single-jvm".equals(impl)) {
            Path out = dir.resolve("out.csv");
            try (Reader in = new BufferedReader(Files.newBufferedReader(input, StandardCharsets.UTF_8), 1 << 16);
                    Writer writer = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
                BulkReport report = CdrCsv.pseudonymize(in, writer, FixtureKeys.singleJvm(),
                        BulkOptions.defaults().withThreads(2));
                if (report.rowsWritten() != rows) {
                    throw new IllegalStateException("rows rejected: " + report.rejections());
                }
                return report.rowsWritten();
            }
        }
        Dataset<Row> cdrs = spark.read().schema(inputSchema()).option("header", "true").csv(input.toString());
        Dataset<Row> out;
        if ("spark".equals(impl)) {
            out = SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(cdrs)
                    .where("rejected_rule IS NULL").drop(SparkPseudonymizer.REJECTED_COLUMN, SparkPseudonymizer.REJECTED_RULE);
        } else {
            out = cdrs.mapPartitions(new Copy(), Encoders.row(SparkPseudonymizer.outputSchema()))
                    .where("rejected_rule IS NULL").drop(SparkPseudonymizer.REJECTED_COLUMN, SparkPseudonymizer.REJECTED_RULE);
        }
        out.write().mode(SaveMode.Overwrite).option("header", "true").csv(output.toString());
        return rows;
    }

    private static StructType inputSchema() {
        StructType schema = new StructType();
        for (String column : CdrRows.INPUT_COLUMNS) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema;
    }

    /** The pass-through: each row's cells copied into a row of the pseudonymizer's output shape. */
    static final class Copy implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            int width = SparkPseudonymizer.outputColumns().size();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row in = rows.next();
                    Object[] cells = new Object[width];
                    for (int i = 0; i < in.length(); i++) {
                        cells[i] = in.isNullAt(i) ? null : in.getString(i);
                    }
                    return RowFactory.create(cells);
                }
            };
        }
    }
}
