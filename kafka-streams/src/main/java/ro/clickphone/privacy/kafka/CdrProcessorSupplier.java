package ro.clickphone.privacy.kafka;

import java.io.Serializable;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.kafka.internal.PseudonymizingProcessor;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Supplies the CDR pseudonymizing processor: a new processor for every stream task, which builds
 * its ciphers in {@code init()} through {@link CdrPseudonymizer#forSpec(PseudonymizationSpec)}
 * (the root key is unwrapped once per JVM and the pseudonymizer shared by the tasks, as it is
 * thread-safe; a memo, if the options ask for one, is the task's own). The DSL's
 * {@code mapValues} would share one mapper across stream threads; a processor per task does not.
 *
 * <p>The processor reads byte values (a CDR in {@link CdrStreamOptions#inputFormat()}; read the
 * topic with a byte-array deserializer, so that a record that does not parse becomes a dead letter
 * and does not stop the stream) and forwards:
 * <ul>
 *   <li>to the child node {@code outputNode}: the pseudonymized CDR in
 *       {@link CdrStreamOptions#outputFormat()}, keyed as {@link CdrStreamOptions#outputKey()} says
 *       (by default the record id, never the input key unless asked);</li>
 *   <li>to the child node {@code deadLetterNode}: for a record that does not parse or that a rule
 *       rejects, its {@link DeadLetter} (input topic, partition, offset, column, rule) as JSON,
 *       without a key unless the options ask for the input key; never the value.</li>
 * </ul>
 * The input headers go on only if the options say so. The input key is never read.
 *
 * <p><b>Timestamps:</b> by default ({@link OutputTimestamp#PSEUDONYMIZED_START}) a pseudonymized
 * record's Kafka timestamp is its output start, the CDR's start as the profile cut it (the input
 * timestamp cut to the hour, UTC, where the profile drops the start), and a dead letter's is the
 * input timestamp cut to the hour: the exact input timestamp, often the call's own time to the
 * millisecond, is copied only under {@link OutputTimestamp#INPUT_TIMESTAMP}. On a live stream the
 * time a record arrives on the output topic still tells roughly when the call happened.
 *
 * <p><b>Failures:</b> a record at fault (it does not parse, a rule rejects it, the pseudonymizer
 * refuses it for good with a {@link ro.clickphone.privacy.spi.PrivacyException} that is not
 * retryable) becomes a dead letter, as {@code CdrCsv} rejects a row. Any other failure (a retryable
 * one such as a key service that is down, a bug) is not the record's fault: the processor throws a
 * {@link CdrProcessingException} naming the record's topic, partition and offset and the failure's
 * type, never a value, and the task fails without committing the record's offset. Kafka Streams'
 * {@code processing.exception.handler} then decides (its default logs topic, partition and offset
 * and fails the thread); give the client {@link CdrTopology#uncaughtExceptionHandler()} so that a
 * retryable failure replaces the thread and does not shut the client down.
 *
 * <pre>{@code
 * topology.addSource("cdrs", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "cdrs")
 *         .addProcessor("pseudonymize", CdrProcessorSupplier.of(spec, options, "out", "rejected"), "cdrs")
 *         .addSink("out", "cdrs-pseudonymized", new ByteArraySerializer(), new ByteArraySerializer(), "pseudonymize")
 *         .addSink("rejected", "cdrs-rejected", new ByteArraySerializer(), new ByteArraySerializer(), "pseudonymize");
 * }</pre>
 * {@link CdrTopology#addPseudonymizer} does exactly this in one line. The processor forwards to its
 * children by name, so it belongs in a {@link org.apache.kafka.streams.Topology} built with the
 * Processor API (the DSL names the children of {@code KStream.process} itself): a DSL application
 * adds the step to the topology that {@code StreamsBuilder.build()} returns.
 *
 * <p><b>Security guarantees:</b> the supplier is {@link Serializable} and holds the spec (a
 * wrapped, sealed root key: no secret), the options and two node names; no key byte, cipher or
 * pseudonymizer is ever in it, before or after use. A spec edited after it was made (another
 * profile, context or key) is refused when a task initializes, before it reads a record: the task
 * fails with an {@link ro.clickphone.privacy.spi.IntegrityException} as the cause, or a
 * {@link ro.clickphone.privacy.spi.KeyUnavailableException} where no provider on the worker opens
 * the spec's KEK. A key service that cannot be reached when a task starts fails the task with a
 * retryable {@link ro.clickphone.privacy.spi.KeyUnavailableException} in the cause chain, and
 * nothing is forwarded: {@link CdrTopology#uncaughtExceptionHandler()} replaces the thread, whose
 * new task opens the key again (a failure is not remembered).
 *
 * <p><b>Warning:</b> Kafka Streams' own dead-letter queue ({@code errors.dead.letter.queue.topic.name})
 * copies the raw key and value of the input record whose processing or production failed. This
 * processor never throws for a bad record, so none of its rejections goes there; but where the
 * application sets that option, any processing or production failure in the sub-topology that
 * reads the raw CDRs sends the raw CDR, clear numbers and its key, to that topic: this processor's
 * own {@link CdrProcessingException}, another processor's failure, a pseudonymized record or dead
 * letter the producer cannot write (too large for the topic, a missing ACL, an unknown topic). Do
 * not set that option for such a sub-topology, or give its queue the raw topic's access rules and
 * retention.
 *
 * @since 0.1.0
 */
public final class CdrProcessorSupplier implements ProcessorSupplier<byte[], byte[], byte[], byte[]>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The spec (no secret in it). */
    private final PseudonymizationSpec spec;
    /** Formats, key, headers, memo. */
    private final CdrStreamOptions options;
    /** The child node pseudonymized records go to. */
    private final String outputNode;
    /** The child node dead letters go to. */
    private final String deadLetterNode;

    private CdrProcessorSupplier(PseudonymizationSpec spec, CdrStreamOptions options, String outputNode,
            String deadLetterNode) {
        this.spec = spec;
        this.options = options;
        this.outputNode = outputNode;
        this.deadLetterNode = deadLetterNode;
    }

    /**
     * A supplier.
     *
     * @param spec the pseudonymization spec, made by {@code kit.pseudonyms().spec(profile, context, actor)}
     * @param options formats, output key, headers, memo
     * @param outputNode the name of the child node (usually a sink) pseudonymized records go to
     * @param deadLetterNode the name of the child node dead letters go to
     * @return the supplier
     * @throws InvalidInputException if an argument is null, a node name blank, or both node names equal
     */
    public static CdrProcessorSupplier of(PseudonymizationSpec spec, CdrStreamOptions options, String outputNode,
            String deadLetterNode) {
        if (spec == null || options == null) {
            throw new InvalidInputException("supplier", "spec and options must be given");
        }
        if (outputNode == null || outputNode.isBlank() || deadLetterNode == null || deadLetterNode.isBlank()) {
            throw new InvalidInputException("node", "the output and dead-letter node names must be given");
        }
        if (outputNode.equals(deadLetterNode)) {
            throw new InvalidInputException("node", "the output and dead-letter nodes must differ");
        }
        return new CdrProcessorSupplier(spec, options, outputNode, deadLetterNode);
    }

    /**
     * A new processor, for one stream task. Its ciphers are built in its {@code init()}.
     *
     * @return a new processor, never one returned before
     */
    @Override
    public Processor<byte[], byte[], byte[], byte[]> get() {
        return new PseudonymizingProcessor(spec, options, outputNode, deadLetterNode);
    }

    /**
     * The spec.
     *
     * @return the spec
     */
    public PseudonymizationSpec spec() {
        return spec;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public CdrStreamOptions options() {
        return options;
    }

    /**
     * The child node pseudonymized records go to.
     *
     * @return the node name
     */
    public String outputNode() {
        return outputNode;
    }

    /**
     * The child node dead letters go to.
     *
     * @return the node name
     */
    public String deadLetterNode() {
        return deadLetterNode;
    }

    /**
     * A deserialized supplier passes the same checks as a new one.
     *
     * @return the checked supplier
     */
    private Object readResolve() {
        return of(spec, options, outputNode, deadLetterNode);
    }

    @Override
    public String toString() {
        return "CdrProcessorSupplier[" + spec + ", " + options + ", to " + outputNode + ", dead letters to "
                + deadLetterNode + "]";
    }
}
