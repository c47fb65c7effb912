package ro.clickphone.privacy.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;

/** The pseudonymizer in a {@link TopologyTestDriver}: no broker, one task, the real processor. */
final class Harness implements AutoCloseable {

    static final String INPUT = "cdrs";
    static final String OUTPUT = "cdrs-pseudonymized";
    static final String DEAD_LETTERS = "cdrs-rejected";

    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<byte[], byte[]> output;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    Harness(PseudonymizationSpec spec, CdrStreamOptions options) {
        this(CdrTopology.addPseudonymizer(new Topology(), spec, INPUT, OUTPUT, DEAD_LETTERS, options));
    }

    Harness(Topology topology) {
        this.driver = driver(topology);
        this.input = driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
        this.output = driver.createOutputTopic(OUTPUT, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(DEAD_LETTERS, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The supplier wired by hand, as its Javadoc shows: source, processor, two sinks. */
    static Topology wiredByHand(CdrProcessorSupplier supplier) {
        return new Topology()
                .addSource("cdrs", new ByteArrayDeserializer(), new ByteArrayDeserializer(), INPUT)
                .addProcessor("pseudonymize", supplier, "cdrs")
                .addSink(supplier.outputNode(), OUTPUT, new ByteArraySerializer(), new ByteArraySerializer(),
                        "pseudonymize")
                .addSink(supplier.deadLetterNode(), DEAD_LETTERS, new ByteArraySerializer(), new ByteArraySerializer(),
                        "pseudonymize");
    }

    static TopologyTestDriver driver(Topology topology) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "cdr-pseudonymizer-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        return new TopologyTestDriver(topology, config);
    }

    void pipe(String key, String value, long timestamp) {
        input.pipeInput(bytes(key), bytes(value), timestamp);
    }

    List<TestRecord<byte[], byte[]>> outputs() {
        return output.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static DeadLetter letter(TestRecord<byte[], byte[]> record) {
        return CdrSerdes.deadLetters().deserializer().deserialize(DEAD_LETTERS, record.value());
    }

    @Override
    public void close() {
        driver.close();
    }
}
