package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final StringWriter err = new StringWriter();

    private Progress start(Progress.Mode mode, boolean terminal) {
        return Progress.start(mode, terminal, new PrintWriter(err), Duration.ofHours(1), () -> 1234, () -> 500, 0, 1000);
    }

    @Test
    void auto_isABarOnATerminal_andLinesOtherwise() {
        try (Progress bar = start(Progress.Mode.auto, true)) {
            assertTrue(bar.isBar());
        }
        try (Progress lines = start(Progress.Mode.auto, false)) {
            assertFalse(lines.isBar());
        }
    }

    @Test
    void noConsole_orADumbTerminal_orAConsoleThatIsNoTerminal_isNotATerminal() {
        assertFalse(Progress.terminal(null, Map.of("TERM", "xterm")::get));
        // Under the test runner standard output is a pipe: no console before JDK 22, one that is no terminal after.
        assertFalse(Progress.terminal(System.console(), Map.of("TERM", "xterm")::get));
        assertFalse(Progress.terminal(System.console(), Map.of("TERM", "dumb")::get));
    }

    @Test
    void aStoppedRun_showsWhereItStopped_not100Percent() {
        Progress lines = start(Progress.Mode.lines, false);
        lines.close();
        assertEquals("progress: stopped at 1234 rows", err.toString().strip());
    }

    @Test
    void aFinishedRun_shows100Percent_once() {
        Progress lines = start(Progress.Mode.lines, false);
        lines.finish();
        lines.close();
        assertTrue(err.toString().strip().matches("progress: 1234 rows, \\d+ rows/s, 100%, done in 00:00:00"), err.toString());
    }

    @Test
    void aStoppedBar_endsAtTheRowsDone() {
        Progress bar = start(Progress.Mode.bar, false);
        bar.close();
        String shown = err.toString();
        assertTrue(shown.endsWith(System.lineSeparator()), "the bar's line is ended: " + shown);
        assertFalse(shown.contains("100%"), shown);
    }

    @Test
    void aRedrawThatComesAfterTheBarClosed_drawsNothing() {
        // The library's render thread can be mid-redraw when close() ends the line; what it draws late is dropped.
        ProgressBarDisplay.Consumer consumer = new ProgressBarDisplay.Consumer(new PrintWriter(err));
        consumer.accept("pseudonymize 1/? rows");
        consumer.close();
        consumer.accept("pseudonymize 2/? rows");
        consumer.close();
        assertEquals("\rpseudonymize 1/? rows" + System.lineSeparator(), err.toString());
    }
}
