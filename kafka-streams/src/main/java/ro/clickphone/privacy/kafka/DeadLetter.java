package ro.clickphone.privacy.kafka;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A record the pseudonymizer left out, and why: where it is on its input topic and the rule it
 * broke. It holds no value of the record and not its key, so the dead-letter topic can be kept and
 * read like an error log; the record itself stays where it was, at {@code topic}, {@code partition}
 * and {@code offset}, for as long as the input topic keeps it.
 *
 * <p>Written on the dead-letter topic as a JSON object (see {@link CdrSerdes#deadLetters()}):
 * <pre>{@code
 * {"topic":"cdrs","partition":3,"offset":1712,"column":"device_ip","rule":"is not a valid IP address"}
 * }</pre>
 * Its Kafka timestamp is the rejected record's cut to the hour (UTC), not the exact one, unless the
 * options ask for {@link OutputTimestamp#INPUT_TIMESTAMP}.
 *
 * @param topic the input topic; empty where the stream did not tell (a record made by a
 *     punctuator upstream)
 * @param partition its partition, or -1 where unknown
 * @param offset the record's offset in it, or -1 where unknown
 * @param column the column at fault as {@link ro.clickphone.privacy.crypto.cdr.CdrRows#INPUT_COLUMNS}
 *     names it (such as {@code caller} or {@code duration_seconds}), or {@code row} for a record
 *     that could not be read or that no single column explains, as {@code CdrCsv} reports a row;
 *     one rule differs: a CSV line with another number of cells than the columns breaks
 *     {@code must have 10 cells, in the order [...]} (a topic has no header to compare with),
 *     where {@code CdrCsv} says {@code has another number of cells than the header}
 * @param rule the rule it broke, such as {@code is not a valid phone number for its country}
 *
 * @since 0.1.0
 */
public record DeadLetter(String topic, int partition, long offset, String column, String rule) {

    /**
     * Validates the dead letter.
     *
     * @param topic the input topic, or empty
     * @param partition the partition, or -1
     * @param offset the offset, or -1
     * @param column the column, or {@code row}
     * @param rule the rule
     * @throws InvalidInputException if the topic is null, the partition or offset below -1, or the
     *     column or rule blank
     */
    public DeadLetter {
        if (topic == null) {
            throw new InvalidInputException("topic", "must not be null (empty where unknown)");
        }
        if (partition < -1 || offset < -1) {
            throw new InvalidInputException("position", "partition and offset must be -1 (unknown) or more");
        }
        if (column == null || column.isBlank() || rule == null || rule.isBlank()) {
            throw new InvalidInputException("rejection", "column and rule must be given");
        }
    }
}
