package ro.clickphone.privacy.kafka.internal;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.CdrType;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.kafka.CdrFormat;
import ro.clickphone.privacy.kafka.DeadLetter;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A Serde that is its own serializer and deserializer, holds nothing but its format (it is
 * {@link Serializable} for engines that ship Serdes to workers, and there is nothing secret in it)
 * and is thread-safe. {@code null} is written as {@code null} (a tombstone) and read back as
 * {@code null}.
 *
 * @param <T> the type written and read
 */
public abstract class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    private CodecSerde(String name) {
        this.name = name;
    }

    /**
     * The Serde of {@link CallDetailRecord}s, in the columns of {@link CdrRows#INPUT_COLUMNS}.
     *
     * @param format the format
     * @return the Serde
     */
    public static CodecSerde<CallDetailRecord> records(CdrFormat format) {
        return new Records(format);
    }

    /**
     * The Serde of {@link PseudonymizedCdr}s, in the columns of {@link CdrRows#OUTPUT_COLUMNS}.
     *
     * @param format the format
     * @return the Serde
     */
    public static CodecSerde<PseudonymizedCdr> pseudonymized(CdrFormat format) {
        return new Pseudonymized(format);
    }

    /**
     * The Serde of {@link DeadLetter}s, in JSON.
     *
     * @return the Serde
     */
    public static CodecSerde<DeadLetter> deadLetters() {
        return new DeadLetterSerde();
    }

    /**
     * Writes a non-null value.
     *
     * @param value the value
     * @return its bytes
     */
    abstract byte[] encode(T value);

    /**
     * Reads a non-null value.
     *
     * @param bytes the bytes
     * @return the value
     */
    abstract T decode(byte[] bytes);

    @Override
    public final byte[] serialize(String topic, T data) {
        return data == null ? null : encode(data);
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(data);
    }

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public final void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the format is fixed when the Serde is made
    }

    @Override
    public final void close() {
        // nothing to release
    }

    @Override
    public final String toString() {
        return "CdrSerdes." + name;
    }

    /** {@link CallDetailRecord}s. */
    private static final class Records extends CodecSerde<CallDetailRecord> {

        private static final long serialVersionUID = 1L;
        private final CdrFormat format;

        Records(CdrFormat format) {
            super("records(" + format + ")");
            this.format = format;
        }

        @Override
        byte[] encode(CallDetailRecord record) {
            Duration duration = record.duration();
            if (duration.getNano() != 0) {
                throw new InvalidInputException("duration", "must be whole seconds to be written");
            }
            String[] cells = {record.recordId(), record.type().name(), record.direction().name(), record.caller(),
                record.callee().orElse(""), record.forwardedTo().orElse(""), record.smsDestination().orElse(""),
                record.start().toString(), Long.toString(duration.getSeconds()), record.deviceIp().orElse("")};
            return Cells.encode(format, cells, CdrRows.INPUT_COLUMNS);
        }

        @Override
        CallDetailRecord decode(byte[] bytes) {
            return CdrRows.parse(Cells.decode(format, bytes, CdrRows.INPUT_COLUMNS));
        }
    }

    /** {@link PseudonymizedCdr}s. */
    private static final class Pseudonymized extends CodecSerde<PseudonymizedCdr> {

        private static final long serialVersionUID = 1L;
        private final CdrFormat format;

        Pseudonymized(CdrFormat format) {
            super("pseudonymized(" + format + ")");
            this.format = format;
        }

        @Override
        byte[] encode(PseudonymizedCdr cdr) {
            return Cells.encode(format, CdrRows.cells(cdr), CdrRows.OUTPUT_COLUMNS);
        }

        @Override
        PseudonymizedCdr decode(byte[] bytes) {
            String[] cells = Cells.decode(format, bytes, CdrRows.OUTPUT_COLUMNS);
            if (cells[0].isEmpty()) {
                throw new InvalidInputException("record_id", "must be given");
            }
            Optional<Instant> start;
            try {
                start = cell(cells[7]).map(Instant::parse);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("start", "must be an ISO-8601 instant such as 2026-11-29T07:00:00Z");
            }
            return new PseudonymizedCdr(cells[0], constant(CdrType.class, "type", cells[1]),
                    constant(Direction.class, "direction", cells[2]), cell(cells[3]), cell(cells[4]), cell(cells[5]),
                    cell(cells[6]), start, cell(cells[8]), cell(cells[9]));
        }

        private static Optional<String> cell(String value) {
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        private static <E extends Enum<E>> E constant(Class<E> type, String column, String value) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return constant;
                }
            }
            throw new InvalidInputException(column, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** {@link DeadLetter}s. */
    private static final class DeadLetterSerde extends CodecSerde<DeadLetter> {

        private static final long serialVersionUID = 1L;

        DeadLetterSerde() {
            super("deadLetters()");
        }

        @Override
        byte[] encode(DeadLetter letter) {
            return DeadLetters.encode(letter);
        }

        @Override
        DeadLetter decode(byte[] bytes) {
            return DeadLetters.decode(bytes);
        }
    }
}
