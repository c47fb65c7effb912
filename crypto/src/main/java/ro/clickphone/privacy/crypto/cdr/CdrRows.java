package ro.clickphone.privacy.crypto.cdr;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * CDRs as rows of text cells, the one reading and writing of them that the CSV bulk mode, the
 * stream and the batch engines share, so that a row is accepted, rejected and written alike
 * wherever it is processed. The engines bring their own framing (a CSV line, a JSON object, a
 * dataset row); this class turns cells into a {@link CallDetailRecord}, a
 * {@link PseudonymizedCdr} into cells, and any exception a row raised into a
 * {@link CdrRejection} that never repeats a value.
 *
 * <p><b>Input cells</b>, in {@link #INPUT_COLUMNS} order: {@code null} or empty is an absent
 * value; {@code type} is {@code CALL}, {@code SMS} or {@code FAX} and {@code direction}
 * {@code INBOUND} or {@code OUTBOUND} (any case, surrounding blanks ignored); {@code start} an
 * ISO-8601 instant such as {@code 2026-11-29T07:23:41Z}, from {@link #DEFAULT_EARLIEST_START}
 * (inclusive) to {@link #DEFAULT_LATEST_START} (exclusive) unless a range is given;
 * {@code duration_seconds} whole seconds from 0 to {@value #MAX_DURATION_SECONDS}, absent for
 * zero. The other columns are checked by {@link CallDetailRecord} and the pseudonymizer.
 *
 * <p><b>Output cells</b>, in {@link #OUTPUT_COLUMNS} order: an empty string for every field the
 * profile drops; {@code start} as {@link Instant#toString()} writes it; {@code duration} whole
 * seconds or a bucket label.
 *
 * <p>Every {@link InvalidInputException} thrown here names the <em>column</em> at fault
 * ({@code device_ip}, {@code duration_seconds}), or {@code row}, and never the value. No regular
 * expression and no formatter runs per row. Stateless and thread-safe.
 *
 * <pre>{@code
 * String[] out = CdrRows.pseudonymize(cdrs, cells);         // throws on a bad row
 * CdrRejection why = CdrRows.rejection(exception);          // column and rule, for a report
 * }</pre>
 *
 * @since 0.1.0
 */
@Experimental("introduced with the scale-out issue; the engine modules may still reshape it")
public final class CdrRows {

    /** The input columns, in the order {@link #parse(String[])} reads cells. */
    public static final List<String> INPUT_COLUMNS = List.of("record_id", "type", "direction", "caller", "callee",
            "forwarded_to", "sms_destination", "start", "duration_seconds", "device_ip");

    /** The output columns, in the order {@link #cells(PseudonymizedCdr)} writes cells. */
    public static final List<String> OUTPUT_COLUMNS = List.of("record_id", "type", "direction", "caller", "callee",
            "forwarded_to", "sms_destination", "start", "duration", "device_ip");

    /** The default earliest {@code start} accepted (inclusive): there are no digital CDRs from before 1970. */
    public static final Instant DEFAULT_EARLIEST_START = Instant.parse("1970-01-01T00:00:00Z");

    /** The default bound every {@code start} must be before. */
    public static final Instant DEFAULT_LATEST_START = Instant.parse("2100-01-01T00:00:00Z");

    /** The longest duration accepted, in seconds (about 115 days). */
    public static final long MAX_DURATION_SECONDS = 10_000_000L;

    /** The columns a header or schema must name. */
    private static final List<String> REQUIRED = List.of("record_id", "type", "direction", "caller", "start");
    /** Names refused as SMS content: the policy never stores or processes the text of an SMS. */
    private static final Set<String> SMS_CONTENT = Set.of("sms_text", "sms_body", "sms_content", "sms_message",
            "text", "body", "content", "message", "message_text", "message_body", "msg", "msg_text");
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[a-z][a-z_]{0,31}");

    private static final int RECORD_ID = 0;
    private static final int TYPE = 1;
    private static final int DIRECTION = 2;
    private static final int CALLER = 3;
    private static final int CALLEE = 4;
    private static final int FORWARDED_TO = 5;
    private static final int SMS_DESTINATION = 6;
    private static final int START = 7;
    private static final int DURATION = 8;
    private static final int DEVICE_IP = 9;
    private static final int WIDTH = 10;

    private static final CdrType[] TYPES = CdrType.values();
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final String TYPE_RULE = "must be one of " + Arrays.toString(TYPES);
    private static final String DIRECTION_RULE = "must be one of " + Arrays.toString(DIRECTIONS);

    private CdrRows() {
    }

    /**
     * Reads a record from cells, with starts in the default range.
     *
     * @param cells the cells in {@link #INPUT_COLUMNS} order; {@code null} or empty for absent
     * @return the record (its numbers and address are checked when pseudonymized)
     * @throws InvalidInputException naming the column at fault (or {@code row} if the cells are
     *     missing or not {@value #WIDTH}), never its value
     */
    public static CallDetailRecord parse(String[] cells) {
        return parse(cells, DEFAULT_EARLIEST_START, DEFAULT_LATEST_START);
    }

    /**
     * Where each of {@link #INPUT_COLUMNS} is among the columns a file's header row or a data
     * frame's schema names (case and surrounding blanks ignored): the rules every reader of CDR
     * tables applies. A column that looks like SMS content ({@code sms_text}, {@code body},
     * {@code message} …) refuses the whole table, since the policy never stores or processes the text
     * of an SMS; so does any other unknown column, so that nothing unexpected slips through, a column
     * named twice, and a missing {@code record_id}, {@code type}, {@code direction}, {@code caller}
     * or {@code start}. Messages show a column's name only when it is a plain lower-case name, else its
     * position: a header row that is really data must not be repeated.
     *
     * @param names the column names, in the table's order
     * @param argument what the names are, for the exception (such as {@code header})
     * @return per input column, its position among {@code names}, or -1 when the table lacks it
     * @throws InvalidInputException naming {@code argument} if the columns are not acceptable
     */
    public static int[] positions(List<String> names, String argument) {
        if (names == null || names.isEmpty()) {
            throw new InvalidInputException(argument, "is missing: the first row must name the columns");
        }
        int[] positions = new int[WIDTH];
        Arrays.fill(positions, -1);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).strip().toLowerCase(Locale.ROOT);
            String shown = PRINTABLE_NAME.matcher(name).matches() ? "'" + name + "'" : "number " + (i + 1);
            if (SMS_CONTENT.contains(name)) {
                throw new InvalidInputException(argument, "has column " + shown + ", which looks like SMS content:"
                        + " the policy never stores or processes the text of SMS, only the numbers they were sent to;"
                        + " remove the column before pseudonymizing");
            }
            int known = INPUT_COLUMNS.indexOf(name);
            if (known < 0) {
                throw new InvalidInputException(argument, "has unknown column " + shown + " (is the header row"
                        + " missing?); known columns are " + INPUT_COLUMNS);
            }
            if (positions[known] >= 0) {
                throw new InvalidInputException(argument, "names column " + shown + " twice");
            }
            positions[known] = i;
        }
        for (String required : REQUIRED) {
            if (positions[INPUT_COLUMNS.indexOf(required)] < 0) {
                throw new InvalidInputException(argument, "lacks required column '" + required + "'");
            }
        }
        return positions;
    }

    /**
     * Reads a record from cells, with starts in a range of one's own.
     *
     * @param cells the cells in {@link #INPUT_COLUMNS} order; {@code null} or empty for absent
     * @param earliestStart the earliest {@code start} accepted (inclusive)
     * @param latestStart the bound every {@code start} must be before
     * @return the record (its numbers and address are checked when pseudonymized)
     * @throws InvalidInputException naming the column at fault (or {@code row} if the cells are
     *     missing or not {@value #WIDTH}), never its value; a start outside the range breaks the
     *     rule {@code must be between <earliest> and <latest>}; {@code startRange} if a bound is
     *     missing or the bounds are out of order
     */
    public static CallDetailRecord parse(String[] cells, Instant earliestStart, Instant latestStart) {
        if (earliestStart == null || latestStart == null || !earliestStart.isBefore(latestStart)) {
            throw new InvalidInputException("startRange", "must have both bounds, the earliest before the latest");
        }
        if (cells == null || cells.length != WIDTH) {
            throw new InvalidInputException("row", "must have " + WIDTH + " cells, in the order " + INPUT_COLUMNS);
        }
        // The order of the checks is the CSV bulk mode's since 0.1.0: a row that breaks several
        // rules is reported for the same one everywhere.
        String type = cell(cells, TYPE);
        if (type == null) {
            throw new InvalidInputException("type", "must be given");
        }
        String direction = cell(cells, DIRECTION);
        if (direction == null) {
            throw new InvalidInputException("direction", "must be given");
        }
        String startText = cell(cells, START);
        if (startText == null) {
            throw new InvalidInputException("start", "must be given");
        }
        Instant start;
        try {
            start = Instants.parse(startText);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("start", "must be an ISO-8601 instant such as 2026-11-29T07:00:00Z");
        }
        if (start.isBefore(earliestStart) || !start.isBefore(latestStart)) {
            throw new InvalidInputException("start", "must be between " + earliestStart + " and " + latestStart);
        }
        String seconds = cell(cells, DURATION);
        Duration duration = seconds == null ? Duration.ZERO : seconds(seconds);
        CdrType cdrType = enumValue(TYPES, "type", TYPE_RULE, type);
        Direction cdrDirection = enumValue(DIRECTIONS, "direction", DIRECTION_RULE, direction);
        try {
            return new CallDetailRecord(cell(cells, RECORD_ID), cdrType, cdrDirection, cell(cells, CALLER),
                    optional(cells, CALLEE), optional(cells, FORWARDED_TO), optional(cells, SMS_DESTINATION), start,
                    duration, optional(cells, DEVICE_IP));
        } catch (InvalidInputException e) {
            throw inColumns(e);
        }
    }

    /**
     * Writes a pseudonymized record as cells.
     *
     * @param record the pseudonymized record
     * @return a new array of cells in {@link #OUTPUT_COLUMNS} order, {@code ""} for absent fields
     * @throws InvalidInputException if the record is null
     */
    public static String[] cells(PseudonymizedCdr record) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        Optional<Instant> start = record.start();
        return new String[] {record.recordId(), record.type().name(), record.direction().name(),
            record.caller().orElse(""), record.callee().orElse(""), record.forwardedTo().orElse(""),
            record.smsDestination().orElse(""), start.isPresent() ? Instants.format(start.get()) : "",
            record.duration().orElse(""), record.deviceIp().orElse("")};
    }

    /**
     * Reads, pseudonymizes and writes one row: {@link #parse(String[])}, then
     * {@link CdrPseudonymizer#pseudonymize(CallDetailRecord)}, then {@link #cells(PseudonymizedCdr)}.
     *
     * @param pseudonymizer the pseudonymizer
     * @param inputCells the cells in {@link #INPUT_COLUMNS} order
     * @return the cells in {@link #OUTPUT_COLUMNS} order
     * @throws InvalidInputException naming the column at fault, never its value
     * @throws PrivacyException or another runtime exception as the pseudonymizer throws it;
     *     {@link #rejection(RuntimeException)} turns any of them into a report
     */
    public static String[] pseudonymize(CdrPseudonymizer pseudonymizer, String[] inputCells) {
        if (pseudonymizer == null) {
            throw new InvalidInputException("pseudonymizer", "must not be null");
        }
        return through(pseudonymizer::pseudonymize, inputCells);
    }


    /**
     * Reads, pseudonymizes and writes one row within a job (with the job's memo, if it has one):
     * {@link #parse(String[])}, then {@link CdrJob#pseudonymize(CallDetailRecord)}, then
     * {@link #cells(PseudonymizedCdr)}.
     *
     * @param job the open job
     * @param inputCells the cells in {@link #INPUT_COLUMNS} order
     * @return the cells in {@link #OUTPUT_COLUMNS} order
     * @throws InvalidInputException naming the column at fault, never its value
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the job is closed
     * @throws PrivacyException or another runtime exception as the pseudonymizer throws it
     */
    public static String[] pseudonymize(CdrJob job, String[] inputCells) {
        if (job == null) {
            throw new InvalidInputException("job", "must not be null");
        }
        return through(job::pseudonymize, inputCells);
    }

    /** Parse, pseudonymize with a record technique, write: its rejections named by column. */
    private static String[] through(Function<CallDetailRecord, PseudonymizedCdr> technique, String[] inputCells) {
        CallDetailRecord record = parse(inputCells);
        PseudonymizedCdr out;
        try {
            out = technique.apply(record);
        } catch (InvalidInputException e) {
            throw inColumns(e);
        }
        return cells(out);
    }

    /**
     * The start of output cells, read back as {@link #cells(PseudonymizedCdr)} wrote it (without a
     * formatter per value): for an engine that stamps the output record with it.
     *
     * @param outputCells cells in {@link #OUTPUT_COLUMNS} order, as {@code cells} wrote them
     * @return the start, or empty if the profile dropped it
     * @throws InvalidInputException if the cells are not {@value #WIDTH} or the start cell is not an instant
     */
    public static Optional<Instant> start(String[] outputCells) {
        if (outputCells == null || outputCells.length != WIDTH) {
            throw new InvalidInputException("row", "must have " + WIDTH + " cells, in the order " + OUTPUT_COLUMNS);
        }
        String text = outputCells[START];
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("start", "must be an ISO-8601 instant such as 2026-11-29T07:00:00Z");
        }
    }


    /**
     * What to report for a row that raised an exception, as the CSV bulk mode reports it: an
     * {@link InvalidInputException} gives its column (a record component such as
     * {@code deviceIp} named as its column, {@code device_ip}; {@code row} if it names none) and
     * its rule; another {@link PrivacyException} gives {@code row} and its type's simple name;
     * any other runtime exception {@code row} and {@code could not be processed (SimpleName)} (an
     * anonymous class is named by its nearest named superclass). Never an exception's message,
     * which may quote a value.
     *
     * @param exception what the row raised
     * @return the column and the rule
     * @throws InvalidInputException if the exception is null
     */
    public static CdrRejection rejection(RuntimeException exception) {
        if (exception instanceof InvalidInputException invalid) {
            return new CdrRejection(column(invalid.argument()), invalid.rule());
        }
        if (exception instanceof PrivacyException) {
            return new CdrRejection("row", typeName(exception));
        }
        if (exception == null) {
            throw new InvalidInputException("exception", "must not be null");
        }
        return new CdrRejection("row", "could not be processed (" + typeName(exception) + ")");
    }

    /** The exception type's simple name; an anonymous class's (which has none) is its nearest named superclass's. */
    private static String typeName(RuntimeException exception) {
        Class<?> type = exception.getClass();
        while (type.getSimpleName().isEmpty()) {
            type = type.getSuperclass();
        }
        return type.getSimpleName();
    }

    /** The exception, its argument named as a column; itself if it already names one. */
    private static InvalidInputException inColumns(InvalidInputException e) {
        String column = column(e.argument());
        return column.equals(e.argument()) ? e : new InvalidInputException(column, e.rule());
    }

    /**
     * The column a record component's name stands for ({@code deviceIp} is {@code device_ip},
     * {@code duration} is {@code duration_seconds}); a column name stands for itself; {@code row}
     * when no single column is at fault.
     */
    private static String column(String component) {
        if (component == null) {
            return "row";
        }
        if ("duration".equals(component)) {
            return "duration_seconds";
        }
        if (INPUT_COLUMNS.contains(component)) {
            return component;
        }
        StringBuilder snake = new StringBuilder(component.length() + 4);
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                snake.append('_').append((char) (c + ('a' - 'A')));
            } else {
                snake.append(c);
            }
        }
        String name = snake.toString();
        return INPUT_COLUMNS.contains(name) ? name : "row";
    }

    private static String cell(String[] cells, int column) {
        String value = cells[column];
        return value == null || value.isEmpty() ? null : value;
    }

    private static Optional<String> optional(String[] cells, int column) {
        return Optional.ofNullable(cell(cells, column));
    }

    private static Duration seconds(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("duration_seconds", "must be whole seconds");
        }
        if (seconds < 0 || seconds > MAX_DURATION_SECONDS) {
            throw new InvalidInputException("duration_seconds", "must be between 0 and " + MAX_DURATION_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The constant named by the value, ignoring case and surrounding blanks; the exact name needs no copy. */
    private static <E extends Enum<E>> E enumValue(E[] constants, String column, String rule, String value) {
        for (E constant : constants) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        for (E constant : constants) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new InvalidInputException(column, rule);
    }
}
