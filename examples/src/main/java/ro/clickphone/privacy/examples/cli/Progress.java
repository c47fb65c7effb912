package ro.clickphone.privacy.examples.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The progress of a long run on standard error: a bar with rows/s and ETA on a terminal, plain lines
 * ({@code progress: 120000 rows, 40000 rows/s, 35%, ETA 00:00:12}) at most once per interval otherwise,
 * or nothing. The work is measured by its counters, sampled on a daemon thread: rows done and bytes of
 * the input read out of its size. The rows per second are this run's; the percentage and the ETA come
 * from the bytes read, which streaming allows without counting the rows first. Lines and bar show
 * counts only, never a value of the data. The row counts are estimates, NOT resume points: rows are
 * counted as they are handed to the output's buffer, not as they reach the disk ({@code --resume} finds
 * the point from the files).
 */
final class Progress implements AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** A bar on a terminal, lines otherwise. */
        auto,
        /** A bar, even when standard error is not a terminal. */
        bar,
        /** Plain lines. */
        lines,
        /** Nothing. */
        none
    }

    /** Where snapshots go. */
    interface Display {

        /**
         * Shows a snapshot.
         *
         * @param snapshot the counters now
         * @param last whether it is the final one
         */
        void show(Snapshot snapshot, boolean last);

        /**
         * Ends the display of a run that stopped before its end: no 100 %, the rows done.
         *
         * @param snapshot the counters when it stopped
         */
        void stopped(Snapshot snapshot);
    }

    /**
     * The counters at one moment.
     *
     * @param rows rows done in this run
     * @param skipped rows skipped before this run's first
     * @param bytes bytes of the input read, skipped rows included
     * @param totalBytes the input's size, or 0 when unknown
     * @param elapsed time since the run started
     */
    record Snapshot(long rows, long skipped, long bytes, long totalBytes, Duration elapsed) {

        /** Rows per second in this run. */
        long rowsPerSecond() {
            long millis = Math.max(1, elapsed.toMillis());
            return rows * 1000 / millis;
        }

        /** The share of the input read, 0 to 100, or -1 when the size is unknown. */
        int percent() {
            return totalBytes <= 0 ? -1 : (int) Math.min(100, bytes * 100 / totalBytes);
        }

        /** Time left at the pace so far, when it can be told. */
        Duration eta() {
            if (totalBytes <= 0 || bytes <= 0) {
                return null;
            }
            double left = (double) Math.max(0, totalBytes - bytes) / bytes;
            return Duration.ofMillis((long) (elapsed.toMillis() * left));
        }

        /** The rows the whole input holds, estimated from the bytes read. */
        long estimatedTotalRows() {
            long done = skipped + rows;
            if (totalBytes <= 0 || bytes <= 0 || done == 0) {
                return -1;
            }
            return Math.max(done, (long) ((double) done * totalBytes / bytes));
        }
    }

    private final Display display;
    private final LongSupplier rows;
    private final LongSupplier bytes;
    private final long skipped;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService ticker;

    private Progress(Display display, Duration interval, LongSupplier rows, LongSupplier bytes, long skipped,
            long totalBytes) {
        this.display = display;
        this.rows = rows;
        this.bytes = bytes;
        this.skipped = skipped;
        this.totalBytes = totalBytes;
        if (display == null) {
            this.ticker = null;
        } else {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "clickphone-privacy-progress");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, interval.toMillis());
            ticker.scheduleAtFixedRate(() -> display.show(snapshot(), false), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts showing progress.
     *
     * @param mode the mode asked for
     * @param terminal whether the tool runs on a terminal
     * @param err standard error
     * @param interval the least time between two lines (a bar redraws more often)
     * @param rows rows done in this run
     * @param bytes bytes of the input read
     * @param skipped rows skipped before this run's first
     * @param totalBytes the input's size
     * @return the progress, to {@linkplain #finish() finish} when the run went to its end and to close
     */
    static Progress start(Mode mode, boolean terminal, PrintWriter err, Duration interval, LongSupplier rows,
            LongSupplier bytes, long skipped, long totalBytes) {
        Mode shown = mode == Mode.auto ? (terminal ? Mode.bar : Mode.lines) : mode;
        return switch (shown) {
            case bar -> new Progress(new ProgressBarDisplay(err, skipped), Duration.ofMillis(250), rows, bytes, skipped,
                    totalBytes);
            case lines -> new Progress(new LineDisplay(err), interval, rows, bytes, skipped, totalBytes);
            default -> new Progress(null, interval, rows, bytes, skipped, totalBytes);
        };
    }

    private Snapshot snapshot() {
        return new Snapshot(rows.getAsLong(), skipped, bytes.getAsLong(), totalBytes,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Stops the sampling and shows the final counts: the run went to its end. */
    void finish() {
        if (stop()) {
            display.show(snapshot(), true);
        }
    }

    /**
     * Stops the sampling; if the run did not {@linkplain #finish() finish}, ends the display with the
     * rows done ({@code progress: stopped at N rows}), never 100 %.
     */
    @Override
    public void close() {
        if (stop()) {
            display.stopped(snapshot());
        }
    }

    /**
     * Whether the progress is drawn as a bar.
     *
     * @return whether the display is a bar
     */
    boolean isBar() {
        return display instanceof ProgressBarDisplay;
    }

    /**
     * Whether the tool runs on a terminal a bar can be drawn on: a console (on JDK 22 and later, one that
     * {@code isTerminal()}, asked by reflection: there {@code System.console()} is no longer null when
     * redirected) and a {@code TERM} that is not {@code dumb}.
     *
     * @param console {@code System.console()}
     * @param environment the environment variables
     * @return whether to draw a bar in {@code auto} mode
     */
    static boolean terminal(Console console, Function<String, String> environment) {
        if (console == null || "dumb".equals(environment.apply("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private boolean stop() {
        if (ticker == null || ticker.isShutdown()) {
            return false;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** {@code hh:mm:ss}. */
    static String clock(Duration duration) {
        long seconds = duration.getSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** Plain lines, for logs and pipes. */
    static final class LineDisplay implements Display {

        private final PrintWriter err;

        LineDisplay(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void show(Snapshot s, boolean last) {
            StringBuilder line = new StringBuilder("progress: ").append(s.rows()).append(" rows, ")
                    .append(s.rowsPerSecond()).append(" rows/s");
            if (s.percent() >= 0) {
                line.append(", ").append(last ? 100 : s.percent()).append('%');
            }
            if (last) {
                line.append(", done in ").append(clock(s.elapsed()));
            } else if (s.eta() != null) {
                line.append(", ETA ").append(clock(s.eta()));
            }
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }

        @Override
        public void stopped(Snapshot s) {
            if (s.rows() == 0) {
                return;
            }
            synchronized (err) {
                err.println("progress: stopped at " + s.rows() + " rows");
                err.flush();
            }
        }
    }
}
