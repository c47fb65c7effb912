package ro.clickphone.privacy.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import ro.clickphone.privacy.kafka.CdrFormat;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A row's cells to and from a record value, in a {@link CdrFormat}. Reading refuses, with an
 * {@link InvalidInputException} whose argument is {@code row} or the column at fault and whose rule
 * never repeats the value, anything that is not exactly one row of the given columns: the parsers'
 * own messages (Jackson quotes the token it choked on) are dropped, never chained.
 */
public final class Cells {

    /** The largest value read, in bytes: a CDR is a few hundred. */
    public static final int MAX_VALUE_BYTES = 65_536;

    /** The one column a JSON row may give as a number. */
    private static final String NUMERIC_COLUMN = "duration_seconds";
    private static final JsonFactory JSON = new JsonFactory();
    private static final CSVFormat CSV = CSVFormat.RFC4180;

    private Cells() {
    }

    /**
     * Reads a row.
     *
     * @param format the format
     * @param value the record value
     * @param columns the columns, in order
     * @return the cells, in the columns' order; {@code ""} for an absent value
     * @throws InvalidInputException naming {@code row} or the column, if the value is not one row
     */
    public static String[] decode(CdrFormat format, byte[] value, List<String> columns) {
        if (value == null) {
            throw new InvalidInputException("row", "has no value (a tombstone)");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidInputException("row", "is longer than " + MAX_VALUE_BYTES + " bytes");
        }
        return format == CdrFormat.JSON ? decodeJson(value, columns) : decodeCsv(value, columns);
    }

    /**
     * Writes a row.
     *
     * @param format the format
     * @param cells the cells, in the columns' order; {@code ""} for an absent value
     * @param columns the columns, in order
     * @return the record value, in UTF-8
     */
    public static byte[] encode(CdrFormat format, String[] cells, List<String> columns) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + cells.length);
        }
        if (format == CdrFormat.CSV) {
            return CSV.format((Object[]) cells).getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < cells.length; i++) {
                if (cells[i].isEmpty()) {
                    json.writeNullField(columns.get(i));
                } else {
                    json.writeStringField(columns.get(i), cells[i]);
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static String[] decodeCsv(byte[] value, List<String> columns) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("row", "is not UTF-8");
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        String line = text.substring(0, end);
        String[] cells = plainCells(line, columns.size());
        if (cells == null) {
            cells = quotedCells(line);
        }
        if (cells.length != columns.size()) {
            // the rule CdrRows.parse gives for cells of another number
            throw new InvalidInputException("row", "must have " + columns.size() + " cells, in the order " + columns);
        }
        return cells;
    }

    /**
     * A line without quotes or line breaks is its cells between the commas, as RFC 4180 reads it;
     * {@code null} for a line the CSV parser must read.
     */
    private static String[] plainCells(String line, int expected) {
        int commas = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\r' || c == '\n') {
                return null;
            }
            if (c == ',') {
                commas++;
            }
        }
        if (commas + 1 != expected) {
            return new String[commas + 1];
        }
        String[] cells = new String[expected];
        int from = 0;
        for (int i = 0; i < expected - 1; i++) {
            int comma = line.indexOf(',', from);
            cells[i] = line.substring(from, comma);
            from = comma + 1;
        }
        cells[expected - 1] = line.substring(from);
        return cells;
    }

    private static String[] quotedCells(String line) {
        try (CSVParser parser = CSVParser.parse(line, CSV)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new InvalidInputException("row", "is not one CSV line (it holds a line break outside quotes)");
            }
            return records.get(0).values();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV's message may quote the line
            throw new InvalidInputException("row", "is not well-formed CSV (an unclosed or stray quote)");
        }
    }

    private static String[] decodeJson(byte[] value, List<String> columns) {
        String[] cells = new String[columns.size()];
        try (JsonParser json = JSON.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException("row", "is not a JSON object");
            }
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
                int column = columns.indexOf(json.currentName());
                if (column < 0) {
                    // the name is not repeated: it may be anything, a number among others
                    throw new InvalidInputException("row", "has a member that is not one of " + columns);
                }
                String name = columns.get(column);
                if (cells[column] != null) {
                    throw new InvalidInputException(name, "is given twice");
                }
                JsonToken cell = json.nextToken();
                if (cell == JsonToken.VALUE_STRING
                        || (cell == JsonToken.VALUE_NUMBER_INT && NUMERIC_COLUMN.equals(name))) {
                    cells[column] = json.getText();
                } else if (cell == JsonToken.VALUE_NULL) {
                    cells[column] = "";
                } else {
                    throw new InvalidInputException(name, NUMERIC_COLUMN.equals(name)
                            ? "must be a JSON string, a whole number or null" : "must be a JSON string or null");
                }
            }
            if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new InvalidInputException("row", "is not one JSON object");
            }
        } catch (IOException e) {
            // Jackson's message quotes the token it could not read
            throw new InvalidInputException("row", "is not well-formed JSON");
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) {
                cells[i] = "";
            }
        }
        return cells;
    }
}
