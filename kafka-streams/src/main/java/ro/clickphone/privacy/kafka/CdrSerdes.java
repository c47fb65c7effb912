package ro.clickphone.privacy.kafka;

import org.apache.kafka.common.serialization.Serde;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.kafka.internal.CodecSerde;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Serdes for the producers and consumers around the pseudonymizer: CDRs for the input topic,
 * pseudonymized CDRs for the output topic, dead letters for the dead-letter topic. The processor
 * itself reads and writes bytes (see {@link CdrProcessorSupplier}), so that a record that does not
 * parse becomes a dead letter rather than a deserialization failure of the stream.
 *
 * <pre>{@code
 * try (KafkaConsumer<String, PseudonymizedCdr> consumer = new KafkaConsumer<>(config,
 *         new StringDeserializer(), CdrSerdes.pseudonymized(CdrFormat.CSV).deserializer())) { ... }
 * }</pre>
 *
 * <p>Every Serde is thread-safe, {@link java.io.Serializable} (it holds its format and nothing
 * else), writes {@code null} as {@code null} and reads {@code null} as {@code null}. Reading a value
 * that is not one well-formed row throws {@link InvalidInputException} naming the column at fault,
 * or {@code row}, and never repeating the value.
 *
 * @since 0.1.0
 */
public final class CdrSerdes {

    private CdrSerdes() {
    }

    /**
     * CDRs as the pseudonymizer reads them: the columns of
     * {@link ro.clickphone.privacy.crypto.cdr.CdrRows#INPUT_COLUMNS}, checked as
     * {@link ro.clickphone.privacy.crypto.cdr.CdrRows#parse(String[])} checks them when read.
     *
     * @param format the format
     * @return the Serde; its serializer refuses a record whose duration has a fraction of a second
     *     ({@link InvalidInputException} on {@code duration})
     * @throws InvalidInputException if the format is null
     */
    public static Serde<CallDetailRecord> records(CdrFormat format) {
        return CodecSerde.records(checked(format));
    }

    /**
     * Pseudonymized CDRs as the pseudonymizer writes them: the columns of
     * {@link ro.clickphone.privacy.crypto.cdr.CdrRows#OUTPUT_COLUMNS}.
     *
     * @param format the format
     * @return the Serde
     * @throws InvalidInputException if the format is null
     */
    public static Serde<PseudonymizedCdr> pseudonymized(CdrFormat format) {
        return CodecSerde.pseudonymized(checked(format));
    }

    /**
     * Dead letters, as JSON objects.
     *
     * @return the Serde
     */
    public static Serde<DeadLetter> deadLetters() {
        return CodecSerde.deadLetters();
    }

    private static CdrFormat checked(CdrFormat format) {
        if (format == null) {
            throw new InvalidInputException("format", "must be given");
        }
        return format;
    }
}
