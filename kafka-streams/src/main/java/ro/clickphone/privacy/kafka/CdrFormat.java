package ro.clickphone.privacy.kafka;

/**
 * How a CDR is written in a Kafka record's value: the cells of a row, in the column order of
 * {@link ro.clickphone.privacy.crypto.cdr.CdrRows} ({@code INPUT_COLUMNS} for the records read,
 * {@code OUTPUT_COLUMNS} for the pseudonymized ones), in UTF-8.
 *
 * @since 0.1.0
 */
public enum CdrFormat {

    /**
     * One CSV line (RFC 4180, no header): every column in order, an empty cell for an absent value,
     * with or without a final line break. Written without a line break, quoted where RFC 4180 needs it,
     * exactly as {@code CdrCsv} writes a row of its output file.
     */
    CSV,

    /**
     * One JSON object whose members are named by the columns, each a string or {@code null} (absent);
     * {@code duration_seconds} may also be a whole number. A missing member is an absent value; any
     * other member refuses the record (so that, for one, the text of an SMS cannot slip through).
     * Written with every column, in order, {@code null} for an absent value.
     */
    JSON
}
