package ro.clickphone.privacy.examples.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import ro.clickphone.privacy.core.cdr.Rejection;

/**
 * The rejection report of a {@code pseudonymize} run: a CSV file {@code row,column,reason}, one line per
 * rejected row, with the row's number, the column at fault and the rule it broke, never a value of the
 * row. A resumed run appends to the report of the run it continues. Each line is flushed as it is
 * written, so that an interrupted run leaves a complete report of the rows it handled.
 */
final class RejectionReport implements Consumer<Rejection>, Closeable {

    private final CSVPrinter printer;

    private RejectionReport(CSVPrinter printer) {
        this.printer = printer;
    }

    /**
     * Opens the report.
     *
     * @param file the report file
     * @param append whether to append to an existing report (its header is kept, not repeated)
     * @return the report
     * @throws IOException if the file cannot be opened
     */
    static RejectionReport open(Path file, boolean append) throws IOException {
        boolean header = !append || !Files.exists(file) || Files.size(file) == 0;
        OpenOption[] options = append
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE};
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, options);
        CSVFormat.Builder format = CSVFormat.RFC4180.builder();
        if (header) {
            format.setHeader("row", "column", "reason");
        }
        return new RejectionReport(format.get().print(writer));
    }

    @Override
    public void accept(Rejection rejection) {
        try {
            printer.printRecord(rejection.row(), rejection.column(), rejection.reason());
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
