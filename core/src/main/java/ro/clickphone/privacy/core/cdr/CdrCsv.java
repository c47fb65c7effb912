package ro.clickphone.privacy.core.cdr;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Bulk pseudonymization of CDR files in CSV (RFC 4180, read and written with Apache Commons CSV):
 * streaming, memory bounded by a few batches whatever the file's size, rows in their input order,
 * on several threads. A bad row is reported (its number and the rule it broke, never its values)
 * and skipped, unless the options say to stop. A row whose processing fails in a way no rule
 * foresaw is rejected the same way, with the exception's type only. A record longer than
 * {@link BulkOptions#maxRecordChars()} (one stray quote turns the rest of the file into one cell)
 * stops the run with that reason after reading about that many characters; a {@code start} outside
 * {@link BulkOptions#withStartRange(Instant, Instant) the start range} rejects its row.
 *
 * <p><b>Input:</b> a header row naming columns from {@code record_id, type, direction, caller,
 * callee, forwarded_to, sms_destination, start, duration_seconds, device_ip}, in any order; the
 * header must name {@code record_id, type, direction, caller} and {@code start} (a call or fax row
 * also needs a {@code callee}, an SMS row an {@code sms_destination}; docs/PSEUDONYMIZATION.md has
 * the table). An empty cell is an absent value. {@code type} is {@code CALL},
 * {@code SMS} or {@code FAX}; {@code start} an ISO-8601 instant; {@code duration_seconds} whole
 * seconds. A column that looks like SMS content ({@code sms_text}, {@code body}, {@code message}
 * …) refuses the whole file: the policy never stores or processes SMS text. So does any other
 * unknown column, so that nothing unexpected slips through.
 *
 * <p>Each row is read, pseudonymized and written by {@link CdrRows}, as the Kafka Streams and
 * Spark modules do, so that a row is accepted or rejected (with the same column and rule) alike
 * wherever it is processed.
 *
 * <p><b>Output:</b> the header {@code record_id, type, direction, caller, callee, forwarded_to,
 * sms_destination, start, duration, device_ip}; fields the profile drops are empty; {@code duration}
 * holds seconds or a bucket label.
 *
 * <p><b>Repeated numbers:</b> {@link BulkOptions#withPseudonymMemo(int)} lets a run remember the
 * pseudonyms of the numbers it met, up to a bound, so that a number on many rows is validated and
 * encrypted once; the output is byte for byte the same. The memo is the run's own
 * ({@link ro.clickphone.privacy.crypto.cdr.CdrJob}), holds clear numbers in the heap while the run
 * lasts, and is emptied when it returns or throws. Off by default.
 *
 * <pre>{@code
 * BulkReport report = CdrCsv.pseudonymize(reader, writer, cdrs, BulkOptions.defaults());
 * }</pre>
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue may reshape the bulk mode around a shared pseudonymization spec")
public final class CdrCsv {

    /** The output columns, in order. */
    public static final List<String> OUTPUT_HEADER = CdrRows.OUTPUT_COLUMNS;

    private static final List<String> INPUT_COLUMNS = CdrRows.INPUT_COLUMNS;

    private CdrCsv() {
    }

    /**
     * Pseudonymizes a CSV file of CDRs into another.
     *
     * @param input the CSV input, header first; read to its end (or to where the run stops), not closed
     * @param output where the pseudonymized CSV goes; flushed, not closed
     * @param pseudonymizer the record pseudonymizer
     * @param options threads, batches, stop rule, resumption
     * @return what was read, written and rejected
     * @throws InvalidInputException if the header is missing a required column, has an unknown
     *     column, or a column that looks like SMS content
     * @throws IOException if reading or writing fails; rows written before stay written, and
     *     {@link BulkOptions#withSkipRows(long)} resumes
     */
    public static BulkReport pseudonymize(Reader input, Writer output, CdrPseudonymizer pseudonymizer,
            BulkOptions options) throws IOException {
        return pseudonymize(input, output, pseudonymizer, options, rejection -> { });
    }

    /**
     * Pseudonymizes a CSV file of CDRs into another, handing every rejection to a sink as it
     * happens (for a rejection file), beyond those the report keeps.
     *
     * @param input the CSV input
     * @param output where the pseudonymized CSV goes
     * @param pseudonymizer the record pseudonymizer
     * @param options threads, batches, stop rule, resumption
     * @param rejections receives every rejection, in row order, on the calling thread
     * @return what was read, written and rejected
     * @throws InvalidInputException if the header is not acceptable (see the class description)
     * @throws IOException if reading or writing fails
     */
    public static BulkReport pseudonymize(Reader input, Writer output, CdrPseudonymizer pseudonymizer,
            BulkOptions options, Consumer<Rejection> rejections) throws IOException {
        return pseudonymize(input, output, pseudonymizer, options, rejections, job -> { });
    }

    /**
     * As {@link #pseudonymize(Reader, Writer, CdrPseudonymizer, BulkOptions, Consumer)}, handing the
     * run's memo job, if the options ask for one, to an observer as soon as it is opened (tests
     * check that the run empties and closes it however it ends).
     */
    static BulkReport pseudonymize(Reader input, Writer output, CdrPseudonymizer pseudonymizer,
            BulkOptions options, Consumer<Rejection> rejections, Consumer<CdrJob> jobOpened) throws IOException {
        if (input == null || output == null || pseudonymizer == null || options == null || rejections == null) {
            throw new InvalidInputException("pseudonymize", "input, output, pseudonymizer, options and sink must be given");
        }
        CSVFormat inFormat = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true).get();
        CSVFormat outFormat = CSVFormat.RFC4180.builder().setHeader(OUTPUT_HEADER.toArray(new String[0])).get();
        BoundedReader bounded = new BoundedReader(input, options.maxRecordChars());
        CSVParser opened;
        try {
            opened = inFormat.parse(bounded);
        } catch (RecordTooLongException e) {
            throw new InvalidInputException("header", "is longer than " + options.maxRecordChars()
                    + " characters (an unclosed quote, or not a CSV file)");
        } catch (IllegalArgumentException e) {
            // Commons CSV's message would quote the header, which may be a row of data
            throw new InvalidInputException("header", "is malformed (a column named twice, or not a header row)");
        } catch (CSVException e) {
            throw new InvalidInputException("header", "is not well-formed CSV (an unclosed or stray quote)");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof RecordTooLongException) {
                throw new InvalidInputException("header", "is longer than " + options.maxRecordChars()
                        + " characters (an unclosed quote, or not a CSV file)");
            }
            throw e.getCause();
        }
        bounded.recordEnded();
        try (CSVParser parser = opened) {
            int[] columns = columns(parser.getHeaderNames());
            CSVPrinter printer = outFormat.print(output);
            // A memo, if the options ask for one, is this run's alone and is emptied when the run ends.
            CdrJob job = options.pseudonymMemo() > 0 ? pseudonymizer.job(options.pseudonymMemo()) : null;
            try {
                if (job != null) {
                    jobOpened.accept(job);
                }
                Run run = new Run(job != null ? job::pseudonymize : pseudonymizer::pseudonymize, columns,
                        parser.getHeaderNames().size(), options, output, rejections, bounded);
                run.go(parser.iterator());
                printer.flush();
                return run.report();
            } finally {
                if (job != null) {
                    job.close();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The input position of each of {@link #INPUT_COLUMNS}, or -1. */
    private static int[] columns(List<String> header) {
        return CdrRows.positions(header, "header");
    }

    /**
     * The input as the CSV parser sees it: it counts the characters handed over since the last
     * record ended and refuses to hand over more than the limit, so that an unclosed quote costs at
     * most the limit (plus the parser's read-ahead buffer) in memory, not the rest of the file.
     */
    private static final class BoundedReader extends Reader {

        private final Reader in;
        private final long limit;
        private long delivered;
        private long recordStart;

        BoundedReader(Reader in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (delivered - recordStart > limit) {
                throw new RecordTooLongException();
            }
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                delivered += n;
            }
            return n;
        }

        /** The parser has handed out a record: the next one starts here. */
        void recordEnded() {
            recordStart = delivered;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A record grew past {@link BulkOptions#maxRecordChars()}. */
    private static final class RecordTooLongException extends IOException {

        private static final long serialVersionUID = 1L;

        RecordTooLongException() {
            super("a CSV record is longer than the limit");
        }
    }

    private static boolean tooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLongException) {
                return true;
            }
        }
        return false;
    }

    /** One row's outcome: where its output line is in its batch's text, or a rejection. */
    private record Outcome(long row, int start, int end, Rejection rejection) {
    }

    /**
     * A processed batch: the output lines of its good rows, already in CSV (formatted by the thread
     * that pseudonymized them, so the one thread that reads and writes the file only copies text),
     * and every row's outcome in order.
     */
    private record Done(String text, List<Outcome> outcomes) {
    }

    /** The data rows' format: the output's without the header, which is written once, first. */
    private static final CSVFormat ROWS = CSVFormat.RFC4180;

    /** One run over a file. */
    private static final class Run {

        private final Function<CallDetailRecord, PseudonymizedCdr> pseudonymizer;
        private final int[] columns;
        private final int width;
        /** Whether the header is {@link CdrRows#INPUT_COLUMNS} exactly, so that a record's cells need no reordering. */
        private final boolean inInputOrder;
        /** The rule {@link CdrRows} gives a start outside the options' range, which the report completes. */
        private final String rangeRule;
        private final BulkOptions options;
        private final Writer output;
        private final Consumer<Rejection> sink;
        private final BoundedReader input;
        private final List<Rejection> kept = new ArrayList<>();
        private long read;
        private long written;
        private long rejected;
        private String stopped;

        Run(Function<CallDetailRecord, PseudonymizedCdr> pseudonymizer, int[] columns, int width, BulkOptions options,
                Writer output, Consumer<Rejection> sink, BoundedReader input) {
            this.input = input;
            this.pseudonymizer = pseudonymizer;
            this.columns = columns;
            this.width = width;
            boolean identity = width == columns.length;
            for (int i = 0; i < columns.length && identity; i++) {
                identity = columns[i] == i;
            }
            this.inInputOrder = identity;
            this.rangeRule = "must be between " + options.earliestStart() + " and " + options.latestStart();
            this.options = options;
            this.output = output;
            this.sink = sink;
        }

        void go(Iterator<CSVRecord> records) throws IOException {
            ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
                Thread t = new Thread(r, "cdr-pseudonymizer");
                t.setDaemon(true);
                return t;
            }) : null;
            Deque<Future<Done>> inFlight = new ArrayDeque<>();
            try {
                while (stopped == null) {
                    List<String[]> batch = new ArrayList<>(options.batchSize());
                    long first = read + 1;
                    String malformed = null;
                    try {
                        while (batch.size() < options.batchSize() && records.hasNext()) {
                            CSVRecord record = records.next();
                            input.recordEnded();
                            read++;
                            if (read <= options.skipRows()) {
                                first = read + 1;
                                continue;
                            }
                            batch.add(record.size() == width ? cells(record) : null);
                        }
                    } catch (UncheckedIOException e) {
                        if (tooLong(e)) {
                            malformed = "data row " + (read + 1) + " is longer than " + options.maxRecordChars()
                                    + " characters (an unclosed or stray quote makes the rest of the file one"
                                    + " cell); nothing after it was read";
                        } else if (e.getCause() instanceof CSVException) {
                            malformed = "the input is not well-formed CSV after data row " + read
                                    + " (an unclosed quote or a stray quote in a cell); nothing after it was read";
                        } else {
                            throw e;
                        }
                    }
                    if (!batch.isEmpty()) {
                        long start = first;
                        if (pool == null) {
                            write(process(batch, start));
                        } else {
                            inFlight.add(pool.submit(() -> process(batch, start)));
                            while (inFlight.size() > 2 * options.threads() && stopped == null) {
                                write(await(inFlight.poll()));
                            }
                        }
                    }
                    if (malformed != null) {
                        drain(inFlight);
                        if (stopped == null) {
                            stopped = malformed;
                        }
                        break;
                    }
                    if (batch.isEmpty() && !records.hasNext()) {
                        break;
                    }
                }
                drain(inFlight);
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }

        private void drain(Deque<Future<Done>> inFlight) throws IOException {
            while (!inFlight.isEmpty()) {
                Future<Done> next = inFlight.poll();
                if (stopped != null) {
                    next.cancel(true);
                } else {
                    write(await(next));
                }
            }
        }

        private static Done await(Future<Done> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while pseudonymizing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("A pseudonymizing thread failed", e.getCause());
            }
        }

        private Done process(List<String[]> batch, long firstRow) {
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            StringBuilder text = new StringBuilder(batch.size() * 128);
            try {
                CSVPrinter lines = ROWS.print(text);
                long row = firstRow;
                for (String[] values : batch) {
                    outcomes.add(processRow(row++, values, lines, text));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringBuilder does not fail
            }
            return new Done(text.toString(), outcomes);
        }

        private Outcome processRow(long row, String[] cells, CSVPrinter lines, StringBuilder text)
                throws IOException {
            if (cells == null) {
                return new Outcome(row, 0, 0, new Rejection(row, "row", "has another number of cells than the header"));
            }
            String[] line;
            try {
                line = CdrRows.cells(pseudonymizer.apply(CdrRows.parse(cells, options.earliestStart(),
                        options.latestStart())));
            } catch (RuntimeException e) {
                // One row must not end the run; only the column and the rule are kept, never a value.
                CdrRejection why = CdrRows.rejection(e);
                String reason = "start".equals(why.column()) && why.rule().equals(rangeRule)
                        ? why.rule() + " (BulkOptions.withStartRange)" : why.rule();
                return new Outcome(row, 0, 0, new Rejection(row, why.column(), reason));
            }
            int start = text.length();
            lines.printRecord((Object[]) line);
            return new Outcome(row, start, text.length(), null);
        }

        /**
         * A record's cells in {@link CdrRows#INPUT_COLUMNS} order: the parser's own array when the
         * header has them all in that order, else a new one with {@code null} for a column the
         * header lacks.
         */
        private String[] cells(CSVRecord record) {
            if (inInputOrder) {
                return record.values();
            }
            String[] cells = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                cells[i] = columns[i] < 0 ? null : record.get(columns[i]);
            }
            return cells;
        }

        private void write(Done done) throws IOException {
            // good rows are copied in runs: up to the next rejection, or the batch's end
            int from = -1;
            int to = -1;
            for (Outcome outcome : done.outcomes()) {
                if (stopped != null) {
                    break;
                }
                if (outcome.rejection() == null) {
                    from = from < 0 ? outcome.start() : from;
                    to = outcome.end();
                    written++;
                } else {
                    if (from >= 0) {
                        output.write(done.text(), from, to - from);
                        from = -1;
                    }
                    rejected++;
                    if (kept.size() < options.rejectionsKept()) {
                        kept.add(outcome.rejection());
                    }
                    sink.accept(outcome.rejection());
                    if (options.stopAtFirstRejection()) {
                        stopped = "row " + outcome.row() + " was rejected and the options say to stop at the first"
                                + " rejection";
                        read = outcome.row();
                    }
                }
            }
            if (from >= 0) {
                output.write(done.text(), from, to - from);
            }
        }

        BulkReport report() {
            return new BulkReport(read, written, rejected, kept, Optional.ofNullable(stopped));
        }
    }
}
