package ro.clickphone.privacy.benchmarks.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.kafka.CdrFormat;
import ro.clickphone.privacy.kafka.CdrSerdes;
import ro.clickphone.privacy.kafka.CdrStreamOptions;
import ro.clickphone.privacy.kafka.CdrTopology;

/**
 * Records per second through the Kafka Streams CDR pseudonymizer (the processor of
 * {@code CdrTopology.addPseudonymizer}, from the shared fixture's spec) beside a pass-through
 * processor that forwards each record's value unchanged, in the same topology shape (byte-array
 * source, one processor, byte-array sink), in a {@link TopologyTestDriver}: one stream task on the
 * benchmark thread, no broker, so the score is the engine's and the processor's CPU cost per record,
 * not a cluster's throughput. The records are the fixture's good rows (every one the processor
 * writes out; the bad ones would go to the dead-letter topic), in the chosen format, cycled to
 * batches of {@value #BATCH}; every batch's output is read back (the driver buffers it) in both
 * cases.
 *
 * <p>{@code impl=pass-through}: the baseline; {@code pseudonymize}: the pseudonymizer without a
 * memo; {@code memo}: with a per-task memo of {@value #MEMO} entries, in its best case (the batches
 * cycle the fixture, so after the first every number is met again).
 *
 * <pre>
 * ./mvnw -o -B verify -DskipTests -pl benchmarks-engines -am
 * java -cp benchmarks-engines/target/classes:$(cat benchmarks-engines/target/classpath.txt) \
 *     org.openjdk.jmh.Main KafkaStreamsBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
public class KafkaStreamsBenchmark {

    /** Records piped per benchmark invocation. */
    static final int BATCH = 1_000;
    /** The memo bound of {@code impl=memo}. */
    static final int MEMO = 65_536;
    private static final String INPUT = "cdrs";
    private static final String OUTPUT = "cdrs-out";
    private static final String DEAD_LETTERS = "cdrs-dead";

    /** {@code pass-through}, {@code pseudonymize} or {@code memo}. */
    @Param({"pass-through", "pseudonymize", "memo"})
    public String impl;

    /** The records' format, in and out. */
    @Param({"CSV", "JSON"})
    public String format;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private List<KeyValue<byte[], byte[]>> batch;

    /** Builds the topology, its driver and the batch of records. */
    @Setup(Level.Trial)
    public void setUp() {
        CdrFormat cdrFormat = CdrFormat.valueOf(format);
        Topology topology = new Topology();
        if ("pass-through".equals(impl)) {
            topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), INPUT)
                    .addProcessor("pass-through", PassThrough::new, "source")
                    .addSink("sink", OUTPUT, new ByteArraySerializer(), new ByteArraySerializer(), "pass-through");
        } else {
            CdrStreamOptions options = CdrStreamOptions.defaults().withFormats(cdrFormat, cdrFormat);
            CdrTopology.addPseudonymizer(topology, FixtureKeys.spec(), INPUT, OUTPUT, DEAD_LETTERS,
                    "memo".equals(impl) ? options.withPseudonymMemo(MEMO) : options);
        }
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "cdr-benchmark");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        driver = new TopologyTestDriver(topology, config);
        input = driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(OUTPUT, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        List<byte[]> values = goodRows(cdrFormat);
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(KeyValue.pair(null, values.get(i % values.size())));
        }
    }

    /** The fixture's rows that the single-JVM pseudonymizer accepts, as record values. */
    private static List<byte[]> goodRows(CdrFormat format) {
        CdrPseudonymizer check = FixtureKeys.singleJvm();
        List<byte[]> values = new ArrayList<>();
        for (String[] cells : CdrFixture.rows()) {
            try {
                CdrRows.pseudonymize(check, cells);
            } catch (RuntimeException rejected) {
                continue;
            }
            values.add(CdrSerdes.records(format).serializer().serialize(INPUT, CdrRows.parse(cells)));
        }
        if (values.size() < 900) {
            throw new IllegalStateException("the fixture has " + values.size() + " good rows");
        }
        return values;
    }

    /** Closes the driver. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /**
     * One batch through the topology, its output read back.
     *
     * @return the records written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        input.pipeKeyValueList(batch);
        List<byte[]> written = output.readValuesToList();
        if (written.size() != BATCH) {
            throw new IllegalStateException(written.size() + " of " + BATCH + " records written");
        }
        return written.size();
    }

    /** The baseline: forwards every record unchanged. */
    static final class PassThrough implements Processor<byte[], byte[], byte[], byte[]> {

        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            context.forward(record);
        }
    }
}
