package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * What the single-JVM bulk CSV path makes of the shared fixture (core's {@code CdrCsv} with
 * {@code FixtureKeys.singleJvm()}, no spec): the reference every engine must reproduce.
 */
final class SingleJvm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SingleJvm fixture;

    /** The fixture's rows, in INPUT_COLUMNS order. */
    final List<String[]> input;
    /** The output's data lines, header excluded, without line breaks. */
    final List<String> lines;
    /** The rejections, in row order (rows from 1). */
    final List<Rejection> rejections;

    private SingleJvm(List<String[]> input, List<String> lines, List<Rejection> rejections) {
        this.input = input;
        this.lines = lines;
        this.rejections = rejections;
    }

    /** The fixture through CdrCsv, once per test JVM. */
    static synchronized SingleJvm fixture() {
        if (fixture == null) {
            List<Rejection> rejections = new ArrayList<>();
            StringWriter out = new StringWriter();
            try (InputStream csv = CdrFixture.csv();
                    Reader in = new InputStreamReader(csv, StandardCharsets.UTF_8)) {
                BulkReport report = CdrCsv.pseudonymize(in, out, FixtureKeys.singleJvm(), BulkOptions.defaults(),
                        rejections::add);
                assertEquals(0, report.rowsRead() - report.rowsWritten() - report.rowsRejected());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> lines = new ArrayList<>(Arrays.asList(out.toString().split("\r\n")));
            assertEquals(String.join(",", CdrRows.OUTPUT_COLUMNS), lines.remove(0), "the output header");
            List<String[]> input = CdrFixture.rows();
            assertEquals(input.size(), lines.size() + rejections.size(), "every row written or rejected");
            for (String[] row : input) {
                for (String cell : row) {
                    assertTrue(cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0
                            && cell.indexOf('\r') < 0, "the fixture's cells need no quoting");
                }
            }
            fixture = new SingleJvm(List.copyOf(input), List.copyOf(lines), List.copyOf(rejections));
        }
        return fixture;
    }

    /** The input rows CdrCsv wrote, in order. */
    List<String[]> goodRows() {
        Set<Long> rejected = new HashSet<>();
        rejections.forEach(r -> rejected.add(r.row()));
        List<String[]> good = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (!rejected.contains(i + 1L)) {
                good.add(input.get(i));
            }
        }
        return good;
    }

    /** The line's cells: the fixture needs no quoting, nor does its output. */
    static String[] cells(String line) {
        return line.split(",", -1);
    }

    /** A row as a record value in a format; in JSON, absent cells are null on even rows and left out on odd ones. */
    static String value(CdrFormat format, String[] cells, int row) {
        if (format == CdrFormat.CSV) {
            return String.join(",", cells);
        }
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < cells.length; i++) {
            String column = CdrRows.INPUT_COLUMNS.get(i);
            if (!cells[i].isEmpty()) {
                object.put(column, cells[i]);
            } else if (row % 2 == 0) {
                object.putNull(column);
            }
        }
        return object.toString();
    }

    /** The output cells of a record value in a format (JSON read with a tree model: null is ""). */
    static String[] outputCells(CdrFormat format, String value) {
        if (format == CdrFormat.CSV) {
            return cells(value);
        }
        try {
            ObjectNode object = (ObjectNode) JSON.readTree(value);
            assertEquals(CdrRows.OUTPUT_COLUMNS, iterable(object), "every output column, in order");
            String[] cells = new String[CdrRows.OUTPUT_COLUMNS.size()];
            for (int i = 0; i < cells.length; i++) {
                var node = object.get(CdrRows.OUTPUT_COLUMNS.get(i));
                cells[i] = node.isNull() ? "" : node.textValue();
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
