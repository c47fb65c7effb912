package ro.clickphone.privacy.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.kafka.CdrProcessingException;
import ro.clickphone.privacy.kafka.CdrStreamOptions;
import ro.clickphone.privacy.kafka.DeadLetter;
import ro.clickphone.privacy.kafka.OutputKey;
import ro.clickphone.privacy.kafka.OutputTimestamp;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The processor of one stream task: reads a CDR, pseudonymizes it by the spec's profile and
 * forwards it to the output node, or forwards a {@link DeadLetter} to the dead-letter node. Its
 * pseudonymizer comes from {@link CdrPseudonymizer#forSpec(PseudonymizationSpec)} in
 * {@link #init(ProcessorContext)} (unwrapped once per JVM and shared, thread-safe); its memo, if
 * the options ask for one, is its own and is emptied in {@link #close()}. Not thread-safe, as
 * Kafka Streams drives a processor from one thread.
 */
public final class PseudonymizingProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** An hour in milliseconds: timestamps are cut to it. */
    private static final long HOUR_MILLIS = 3_600_000L;

    private final PseudonymizationSpec spec;
    private final CdrStreamOptions options;
    private final String outputNode;
    private final String deadLetterNode;
    private ProcessorContext<byte[], byte[]> context;
    private CdrPseudonymizer pseudonymizer;
    private CdrJob job;
    /** Input cells to output cells: the job's or the pseudonymizer's; a test may put a failing one. */
    private UnaryOperator<String[]> rows;
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
        CdrJob memo = job;
        CdrPseudonymizer shared = pseudonymizer;
        this.rows = memo != null ? in -> CdrRows.pseudonymize(memo, in) : in -> CdrRows.pseudonymize(shared, in);
    }

    /**
     * For tests: pseudonymizes rows with this function from now on, so that a test can make a
     * record meet a failure the real pseudonymizer only meets when a service is down.
     *
     * @param replacement input cells to output cells
     */
    void pseudonymizeRowsWith(UnaryOperator<String[]> replacement) {
        this.rows = replacement;
    }

    /**
     * Pseudonymizes one record, or sends its dead letter if the record is at fault: it does not
     * parse, a rule rejects it ({@link InvalidInputException}), or the pseudonymizer refuses it for
     * good (a {@link PrivacyException} that is not retryable), as {@code CdrCsv} rejects a row.
     *
     * @param record the record: its value a CDR in the input format; its key is not read
     * @throws ConfigurationException if the processor was not initialized or is closed
     * @throws CdrProcessingException for any other failure (a retryable {@link PrivacyException},
     *     another runtime exception): the record is neither written nor dead-lettered, the task fails
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
            out = rows.apply(in);
            rejection = null;
        } catch (InvalidInputException e) {
            // as CdrCsv: a bad record does not stop the stream, and the rejection never holds a value (the
            // column a value that is not one row names, or row, passes through CdrRows.rejection unchanged)
            out = null;
            rejection = CdrRows.rejection(e);
        } catch (PrivacyException e) {
            if (e.isRetryable()) {
                throw failed(e, true);
            }
            out = null;
            rejection = CdrRows.rejection(e);
        } catch (RuntimeException e) {
            // not the record's fault: dead-lettering it would commit its offset and lose it for good
            throw failed(e, false);
        }
        if (out != null) {
            byte[] value = Cells.encode(options.outputFormat(), out, CdrRows.OUTPUT_COLUMNS);
            context.forward(next(record, outputKey(record, out), value, outputTimestamp(record, out)), outputNode);
        } else {
            Optional<RecordMetadata> at = context.recordMetadata();
            long timestamp = options.outputTimestamp() == OutputTimestamp.INPUT_TIMESTAMP ? record.timestamp()
                    : toHour(record.timestamp());
            DeadLetter letter = new DeadLetter(at.map(RecordMetadata::topic).orElse(""),
                    at.map(RecordMetadata::partition).orElse(-1), at.map(RecordMetadata::offset).orElse(-1L),
                    rejection.column(), rejection.rule());
            byte[] key = options.outputKey() == OutputKey.INPUT_KEY ? record.key() : null;
            context.forward(next(record, key, DeadLetters.encode(letter), timestamp), deadLetterNode);
        }
    }

    /** The task's failure for a record: where it is and the type of what failed, no value, no cause. */
    private CdrProcessingException failed(RuntimeException e, boolean retryable) {
        Optional<RecordMetadata> at = context.recordMetadata();
        String where = at.map(m -> m.topic() + "-" + m.partition() + " at offset " + m.offset())
                .orElse("an unknown position");
        // the rejection's rule names the exception's type (its nearest named class), never its message
        return new CdrProcessingException("The CDR pseudonymizer of task " + task + " could not process the record"
                + " of " + where + ": " + CdrRows.rejection(e).rule() + (retryable ? " (retryable)" : "")
                + "; the record is neither written nor dead-lettered, and the task fails", retryable);
    }

    private Record<byte[], byte[]> next(Record<byte[], byte[]> record, byte[] key, byte[] value, long timestamp) {
        return options.copyHeaders() ? new Record<>(key, value, timestamp, record.headers())
                : new Record<>(key, value, timestamp);
    }

    /** The pseudonymized record's timestamp, as {@link OutputTimestamp} says. */
    private long outputTimestamp(Record<byte[], byte[]> record, String[] out) {
        if (options.outputTimestamp() == OutputTimestamp.INPUT_TIMESTAMP) {
            return record.timestamp();
        }
        // the start as the profile cut it; a start before 1970 (cut in a zone east of UTC) is 0, as
        // Kafka refuses negative timestamps
        Optional<Instant> start = CdrRows.start(out);
        return start.isEmpty() ? toHour(record.timestamp()) : Math.max(0L, start.get().toEpochMilli());
    }

    /** A timestamp cut to its hour, in UTC. */
    private static long toHour(long timestamp) {
        return Math.floorDiv(timestamp, HOUR_MILLIS) * HOUR_MILLIS;
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
