package ro.clickphone.privacy.examples.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import ro.clickphone.privacy.core.cdr.CdrCsv;

/**
 * Where an interrupted {@code pseudonymize} run continues, found from what it left on disk, and the
 * files cut back to it.
 *
 * <p>The output is written in input order and reaches the disk in buffered pieces, so a killed run may
 * leave it ending inside a record; the rejection report is flushed per rejection, so it is level with the
 * output or ahead of it. The output is scanned once, streaming, tracking the CSV quote state (a
 * {@code "} toggles it; CRLF outside quotes ends a record; safe on UTF-8, whose multi-byte sequences
 * hold no ASCII byte), checked to start with {@link CdrCsv#OUTPUT_HEADER}, and cut after its last
 * complete record: W data records. Then P = W and, for each rejected row r of the report in ascending
 * order, while r &le; P + 1, P grows by one: the first P input rows are exactly the W written and the
 * rejections among them. Report lines of rows after P (ahead of the output) and a last partial line are
 * cut. The run then skips P rows and appends.
 *
 * @param rows P, the input rows handled: the rows to skip
 * @param written W, the data records kept in the output
 * @param outputBytesDropped bytes cut from the output's end (a partial record)
 * @param rejectionsKept report lines kept
 * @param reportBytesDropped bytes cut from the report's end (lines ahead of the output, a partial line)
 */
record ResumePoint(long rows, long written, long outputBytesDropped, long rejectionsKept, long reportBytesDropped) {

    private static final byte[] HEADER = (String.join(",", CdrCsv.OUTPUT_HEADER)).getBytes(StandardCharsets.US_ASCII);

    /**
     * Finds the resume point of an output and its report, and cuts both back to it.
     *
     * @param output the output of the interrupted run
     * @param report its rejection report (may not exist)
     * @return the point
     * @throws IOException if a file cannot be read or cut
     * @throws BadInputException if the output does not start with the header {@code pseudonymize} writes
     */
    static ResumePoint cut(Path output, Path report) throws IOException {
        long[] scan = scanOutput(output);
        long records = scan[0];
        long end = scan[1];
        long size = Files.size(output);
        truncate(output, end);
        long written = Math.max(0, records - 1);
        long[] kept = report != null && Files.exists(report) ? cutReport(report, written) : new long[] {written, 0, 0};
        return new ResumePoint(kept[0], written, size - end, kept[1], kept[2]);
    }

    /**
     * Whether a file ends in CRLF (or is empty): an output that a run left whole.
     *
     * @param file the file
     * @return whether its last bytes are CR LF
     * @throws IOException if it cannot be read
     */
    static boolean endsInRecord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            if (size < 2) {
                return false;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(2);
            channel.read(last, size - 2);
            return last.get(0) == '\r' && last.get(1) == '\n';
        }
    }

    /** {records, end of the last complete record}. */
    private static long[] scanOutput(Path output) throws IOException {
        long records = 0;
        long end = 0;
        long position = 0;
        boolean quoted = false;
        boolean cr = false;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(output), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    position++;
                    if (records == 0 && first.size() <= HEADER.length + 1) {
                        first.write(b);
                    }
                    if (b == '"') {
                        quoted = !quoted;
                        cr = false;
                    } else if (quoted) {
                        cr = false;
                    } else if (b == '\r') {
                        cr = true;
                    } else {
                        if (b == '\n' && cr) {
                            if (records == 0) {
                                checkHeader(first.toByteArray(), output);
                            }
                            records++;
                            end = position;
                        }
                        cr = false;
                    }
                }
            }
        }
        return new long[] {records, end};
    }

    private static void checkHeader(byte[] record, Path output) {
        byte[] expected = Arrays.copyOf(HEADER, HEADER.length + 2);
        expected[HEADER.length] = '\r';
        expected[HEADER.length + 1] = '\n';
        if (!Arrays.equals(record, expected)) {
            throw new BadInputException("--resume: " + output + " does not start with the header pseudonymize writes;"
                    + " it is not the output of a run");
        }
    }

    /** {P, lines kept, bytes dropped}. */
    private static long[] cutReport(Path report, long written) throws IOException {
        long rows = written;
        long kept = 0;
        long keepEnd = 0;
        long position = 0;
        long line = 0;
        boolean stopped = false;
        long row = 0;
        boolean inNumber = true;
        boolean number = false;
        long size = Files.size(report);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(report), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0 && !stopped; n = in.read(buffer)) {
                for (int i = 0; i < n && !stopped; i++) {
                    byte b = buffer[i];
                    position++;
                    if (inNumber && b >= '0' && b <= '9') {
                        row = row * 10 + (b - '0');
                        number = true;
                    } else {
                        inNumber = false;
                    }
                    if (b != '\n') {
                        continue;
                    }
                    if (line == 0) {
                        keepEnd = position;
                    } else if (number && row <= rows + 1) {
                        rows++;
                        kept++;
                        keepEnd = position;
                    } else {
                        stopped = true;
                    }
                    line++;
                    row = 0;
                    inNumber = true;
                    number = false;
                }
            }
        }
        truncate(report, keepEnd);
        return new long[] {rows, kept, size - keepEnd};
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    /**
     * What was cut, for the run's first line.
     *
     * @return e.g. {@code kept 1200 rows of the output (dropped 37 bytes of a partial row) and 3 rejections}
     */
    String describe() {
        return "kept " + written + (written == 1 ? " row" : " rows") + " of the output"
                + (outputBytesDropped > 0 ? " (dropped " + outputBytesDropped + " bytes of a partial row)" : "")
                + " and " + rejectionsKept + (rejectionsKept == 1 ? " rejection" : " rejections") + " of the report"
                + (reportBytesDropped > 0 ? " (dropped " + reportBytesDropped + " bytes ahead of the output)" : "")
                + "; continuing after input row " + rows;
    }
}
