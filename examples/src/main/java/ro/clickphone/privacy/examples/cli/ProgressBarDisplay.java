package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The progress as a bar (me.tongfei:progressbar) with rows, rows/s and ETA, redrawn in place with a
 * carriage return on standard error. The bar's maximum is the row count the bytes read so far let one
 * estimate; it settles as the run goes.
 */
final class ProgressBarDisplay implements Progress.Display {

    private final ProgressBar bar;

    ProgressBarDisplay(PrintWriter err, long skipped) {
        this.bar = new ProgressBarBuilder().setTaskName("pseudonymize").setUnit(" rows", 1).showSpeed()
                .setInitialMax(-1).startsFrom(skipped, Duration.ZERO).setUpdateIntervalMillis(250)
                .setConsumer(new Consumer(err)).build();
    }

    @Override
    public void show(Progress.Snapshot snapshot, boolean last) {
        long total = snapshot.estimatedTotalRows();
        long done = snapshot.skipped() + snapshot.rows();
        if (last) {
            bar.maxHint(done);
        } else if (total > 0) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
        if (last) {
            bar.close();
        }
    }

    @Override
    public void stopped(Progress.Snapshot snapshot) {
        // The bar's own thread redraws it until it is closed; closed at the rows done, not at 100 %.
        bar.stepTo(snapshot.skipped() + snapshot.rows());
        bar.close();
    }

    /**
     * Draws the bar on a writer, in place. Once closed it draws nothing more: the library's render thread
     * may still be inside a redraw when {@code ProgressBar.close()} ends the line, and that late redraw
     * would leave the line unended.
     */
    static final class Consumer implements ProgressBarConsumer {

        private final PrintWriter err;
        private boolean closed;

        Consumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            synchronized (err) {
                if (closed) {
                    return;
                }
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override
        public void close() {
            synchronized (err) {
                if (closed) {
                    return;
                }
                closed = true;
                err.println();
                err.flush();
            }
        }
    }
}
