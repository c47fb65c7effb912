package ro.clickphone.privacy.examples.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * The pseudonymized CSV as it goes to its file: it drops the header line when a resumed run appends
 * to the output of an earlier one (so that the file has one header), and counts the lines written after
 * the header, for the progress report (a value with a line break inside quotes would count twice; the
 * count is an estimate, the summary's numbers are {@code BulkReport}'s). Written by one thread, its count
 * sampled by another.
 */
final class CsvOutput extends FilterWriter {

    private final boolean dropHeader;
    private boolean pastHeader;
    private volatile long lines;

    CsvOutput(Writer out, boolean dropHeader) {
        super(out);
        this.dropHeader = dropHeader;
    }

    @Override
    public void write(int c) throws IOException {
        if (pastHeader) {
            if (c == '\n') {
                lines++;
            }
            out.write(c);
            return;
        }
        if (!dropHeader) {
            out.write(c);
        }
        if (c == '\n') {
            pastHeader = true;
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        if (!pastHeader) {
            for (int i = 0; i < length; i++) {
                write(buffer[offset + i]);
            }
            return;
        }
        int count = 0;
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == '\n') {
                count++;
            }
        }
        out.write(buffer, offset, length);
        lines += count;
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        if (!pastHeader) {
            for (int i = 0; i < length; i++) {
                write(text.charAt(offset + i));
            }
            return;
        }
        int count = 0;
        for (int i = offset; i < offset + length; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        out.write(text, offset, length);
        lines += count;
    }

    /**
     * The lines written after the header.
     *
     * @return the count
     */
    long lines() {
        return lines;
    }
}
