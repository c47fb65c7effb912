package ro.clickphone.privacy.kafka;

import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * Adds the CDR pseudonymizer to a topology in one line: a source on the input topic, the
 * processor of {@link CdrProcessorSupplier}, a sink to the output topic and a sink to the
 * dead-letter topic.
 *
 * <pre>{@code
 * PseudonymizationSpec spec = kit.pseudonyms().spec(profile, "analytics", actor); // checks and audits the grant once
 * Topology topology = CdrTopology.addPseudonymizer(new Topology(), spec, "cdrs", "cdrs-pseudonymized", "cdrs-rejected");
 * KafkaStreams streams = new KafkaStreams(topology, config);
 * streams.setUncaughtExceptionHandler(CdrTopology.uncaughtExceptionHandler()); // a KMS blip replaces a thread
 * streams.start();
 * }</pre>
 *
 * <p>Set {@link #uncaughtExceptionHandler()}: a stream task opens the spec's key-encryption key
 * when it starts, and fails if the key service is down at that moment (or, later, if a record
 * meets a retryable failure); without a handler Kafka Streams' default shuts the whole client
 * down, so a key service that is unreachable for two seconds during a rebalance would stop every
 * instance given a task.
 *
 * <p>The nodes are named after the input topic ({@code cdr-pseudonymizer-cdrs-source},
 * {@code -processor}, {@code -sink}, {@code -dead-letter-sink}; see {@link #nodeName(String, String)}),
 * so that one topology may pseudonymize several input topics.
 *
 * @since 0.1.0
 */
public final class CdrTopology {

    /** A legal Kafka topic name. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private CdrTopology() {
    }

    /**
     * Adds the pseudonymizer with the default options (CSV in and out, keyed by record id).
     *
     * @param topology the topology to add to
     * @param spec the pseudonymization spec
     * @param inputTopic the topic of the raw CDRs
     * @param outputTopic the topic of the pseudonymized CDRs
     * @param deadLetterTopic the topic of the dead letters
     * @return the topology, for chaining
     * @throws InvalidInputException if an argument is null, a topic name is not a legal one, or two
     *     topics are the same
     * @throws org.apache.kafka.streams.errors.TopologyException if the topology already has these nodes
     */
    public static Topology addPseudonymizer(Topology topology, PseudonymizationSpec spec, String inputTopic,
            String outputTopic, String deadLetterTopic) {
        return addPseudonymizer(topology, spec, inputTopic, outputTopic, deadLetterTopic, CdrStreamOptions.defaults());
    }

    /**
     * Adds the pseudonymizer.
     *
     * @param topology the topology to add to
     * @param spec the pseudonymization spec
     * @param inputTopic the topic of the raw CDRs
     * @param outputTopic the topic of the pseudonymized CDRs
     * @param deadLetterTopic the topic of the dead letters
     * @param options formats, output key, headers, memo
     * @return the topology, for chaining
     * @throws InvalidInputException if an argument is null, a topic name is not a legal one, or two
     *     topics are the same
     * @throws org.apache.kafka.streams.errors.TopologyException if the topology already has these nodes
     */
    public static Topology addPseudonymizer(Topology topology, PseudonymizationSpec spec, String inputTopic,
            String outputTopic, String deadLetterTopic, CdrStreamOptions options) {
        if (topology == null || spec == null || options == null) {
            throw new InvalidInputException("addPseudonymizer", "topology, spec and options must be given");
        }
        topic("inputTopic", inputTopic);
        topic("outputTopic", outputTopic);
        topic("deadLetterTopic", deadLetterTopic);
        if (inputTopic.equals(outputTopic) || inputTopic.equals(deadLetterTopic) || outputTopic.equals(deadLetterTopic)) {
            throw new InvalidInputException("topics", "the input, output and dead-letter topics must differ");
        }
        String source = nodeName(inputTopic, "source");
        String processor = nodeName(inputTopic, "processor");
        String sink = nodeName(inputTopic, "sink");
        String deadLetters = nodeName(inputTopic, "dead-letter-sink");
        return topology
                .addSource(source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic)
                .addProcessor(processor, CdrProcessorSupplier.of(spec, options, sink, deadLetters), source)
                .addSink(sink, outputTopic, new ByteArraySerializer(), new ByteArraySerializer(), processor)
                .addSink(deadLetters, deadLetterTopic, new ByteArraySerializer(), new ByteArraySerializer(), processor);
    }

    /**
     * The handler to give {@code KafkaStreams.setUncaughtExceptionHandler}: replaces the failed
     * stream thread ({@code REPLACE_THREAD}) when the failure's cause chain holds a retryable
     * {@link PrivacyException} (the key service unreachable while a task opened the spec's key, a
     * retryable failure on a record: {@link CdrProcessingException}), so that the thread's tasks
     * start again and read their records again from the last committed offset; shuts the client
     * down ({@code SHUTDOWN_CLIENT}, Kafka's default) for anything else, such as a spec whose seal
     * does not match or a KEK no provider knows. It logs nothing and keeps no reference to the
     * failure. A key service that stays down makes the replaced threads fail again, as fast as
     * they start: pair it with the service's own retries and your monitoring of thread replacements.
     *
     * @return the handler; stateless, thread-safe
     */
    public static StreamsUncaughtExceptionHandler uncaughtExceptionHandler() {
        return CdrTopology::handle;
    }

    private static StreamThreadExceptionResponse handle(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 64; t = t.getCause(), depth++) {
            if (t instanceof PrivacyException privacy && privacy.isRetryable()) {
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The name of one of the nodes {@link #addPseudonymizer} adds.
     *
     * @param inputTopic the input topic
     * @param role {@code source}, {@code processor}, {@code sink} or {@code dead-letter-sink}
     * @return {@code cdr-pseudonymizer-<inputTopic>-<role>}
     */
    public static String nodeName(String inputTopic, String role) {
        return "cdr-pseudonymizer-" + inputTopic + "-" + role;
    }

    private static void topic(String argument, String name) {
        if (name == null || !TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidInputException(argument, "must be a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -");
        }
    }
}
