package ro.clickphone.privacy.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.kafka.CdrStreamOptions;
import ro.clickphone.privacy.kafka.DeadLetter;
import ro.clickphone.privacy.kafka.OutputKey;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * The processor of one stream task: reads a CDR, pseudonymizes it by the spec's profile and
 * forwards it to the output node, or forwards a {@link DeadLetter} to the dead-letter node. Its
 * pseudonymizer comes from {@link CdrPseudonymizer#forSpec(PseudonymizationSpec)} in
 * {@link #init(ProcessorContext)} (unwrapped once per JVM and shared, thread-safe); its memo, if
 * the options ask for one, is its own and is emptied in {@link #close()}. Not thread-safe, as
 * Kafka Streams drives a processor from one thread.
 */
public final class PseudonymizingProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final PseudonymizationSpec spec;
    private final CdrStreamOptions options;
    private final String outputNode;
    private final String deadLetterNode;
    private ProcessorContext<byte[], byte[]> context;
    private CdrPseudonymizer pseudonymizer;
    private CdrJob job;
    private String task = "not initialized";

    /**
     * Creates a processor; nothing is unwrapped before {@link #init(ProcessorContext)}.
     *
     * @param spec the pseudonymization spec
     * @param options the formats, key, headers and memo
     * @param outputNode the child node pseudonymized records go to
     * @param deadLetterNode the child node dead letters go to
     */
    public PseudonymizingProcessor(PseudonymizationSpec spec, CdrStreamOptions options, String outputNode,
            String deadLetterNode) {
        this.spec = spec;
        this.options = options;
        this.outputNode = outputNode;
        this.deadLetterNode = deadLetterNode;
    }

    /**
     * Builds the ciphers: finds the spec's key-encryption key, unwraps the root key (once per JVM),
     * checks the spec's seal.
     *
     * @param context the task's context
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if no provider has the spec's KEK
     * @throws ro.clickphone.privacy.spi.IntegrityException if the spec was edited after it was made
     */
    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.task = String.valueOf(context.taskId());
        this.pseudonymizer = CdrPseudonymizer.forSpec(spec);
        this.job = options.pseudonymMemo() > 0 ? pseudonymizer.job(options.pseudonymMemo()) : null;
    }

    /**
     * Pseudonymizes one record, or sends its dead letter.
     *
     * @param record the record: its value a CDR in the input format; its key is not read
     * @throws ConfigurationException if the processor was not initialized or is closed
     */
    @Override
    public void process(Record<byte[], byte[]> record) {
        if (pseudonymizer == null) {
            throw new ConfigurationException("The CDR pseudonymizing processor of task " + task
                    + " is not initialized, or closed");
        }
        String[] out;
        CdrRejection rejection;
        try {
            String[] in = Cells.decode(options.inputFormat(), record.value(), CdrRows.INPUT_COLUMNS);
            out = job != null ? CdrRows.pseudonymize(job, in) : CdrRows.pseudonymize(pseudonymizer, in);
            rejection = null;
        } catch (RuntimeException e) {
            // as CdrCsv: one record does not stop the stream, and the rejection never holds a value (the
            // column a value that is not one row names, or row, passes through CdrRows.rejection unchanged)
            out = null;
            rejection = CdrRows.rejection(e);
        }
        if (out != null) {
            byte[] value = Cells.encode(options.outputFormat(), out, CdrRows.OUTPUT_COLUMNS);
            context.forward(next(record, outputKey(record, out), value), outputNode);
        } else {
            Optional<RecordMetadata> at = context.recordMetadata();
            DeadLetter letter = new DeadLetter(at.map(RecordMetadata::topic).orElse(""),
                    at.map(RecordMetadata::partition).orElse(-1), at.map(RecordMetadata::offset).orElse(-1L),
                    rejection.column(), rejection.rule());
            byte[] key = options.outputKey() == OutputKey.INPUT_KEY ? record.key() : null;
            context.forward(next(record, key, DeadLetters.encode(letter)), deadLetterNode);
        }
    }

    private Record<byte[], byte[]> next(Record<byte[], byte[]> record, byte[] key, byte[] value) {
        return options.copyHeaders() ? new Record<>(key, value, record.timestamp(), record.headers())
                : new Record<>(key, value, record.timestamp());
    }

    private byte[] outputKey(Record<byte[], byte[]> record, String[] out) {
        return switch (options.outputKey()) {
            case RECORD_ID -> out[0].getBytes(StandardCharsets.UTF_8);
            case CALLER_PSEUDONYM -> out[3].isEmpty() ? null : out[3].getBytes(StandardCharsets.UTF_8);
            case INPUT_KEY -> record.key();
            case NONE -> null;
        };
    }

    /** Ends the task's run: empties and closes its memo. Idempotent. */
    @Override
    public void close() {
        if (job != null) {
            job.close();
        }
        pseudonymizer = null;
    }

    /**
     * The task's memo, for tests.
     *
     * @return the job holding the memo, or {@code null} without one
     */
    CdrJob job() {
        return job;
    }

    @Override
    public String toString() {
        return "PseudonymizingProcessor[task " + task + (job != null ? ", " + job : "") + "]";
    }
}
