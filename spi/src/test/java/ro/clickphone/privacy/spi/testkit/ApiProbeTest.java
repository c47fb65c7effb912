package ro.clickphone.privacy.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The probe finds what it is meant to find, on fixtures that break the rule and keep it. */
class ApiProbeTest {

    /** Breaks the rule three ways. */
    public static final class Careless {

        private Careless() {
        }

        /**
         * Dereferences its argument.
         *
         * @param text anything
         * @return its length
         */
        public static int length(String text) {
            return text.length();
        }

        /**
         * Dates an instant in UTC.
         *
         * @param time anything
         * @return the year
         */
        public static int year(Instant time) {
            if (time == null) {
                throw new InvalidInputException("time", "must not be null");
            }
            return time.atZone(ZoneOffset.UTC).getYear();
        }
    }

    /** Keeps the rule. */
    public static final class Careful {

        private Careful() {
        }

        /**
         * Checks its argument.
         *
         * @param text anything
         * @return its length
         */
        public static int length(String text) {
            if (text == null || text.isEmpty()) {
                throw new InvalidInputException("text", "must be given");
            }
            return text.length();
        }
    }

    @Test
    void carelessMembers_areFound(@TempDir Path scratch) {
        ApiProbe.Report report = ApiProbe.create(scratch).run(List.of(Careless.class));
        assertEquals(3, report.findings().size(), String.join("\n", report.findings()));
        assertTrue(report.findings().get(0).contains("NullPointerException"), report.findings().get(0));
        assertTrue(report.findings().get(1).contains("DateTimeException"), report.findings().get(1));
    }

    @Test
    void carefulMembers_pass(@TempDir Path scratch) {
        ApiProbe.Report report = ApiProbe.create(scratch).run(List.of(Careful.class));
        assertEquals(List.of(), report.findings());
        assertEquals(3, report.calls());
    }

    @Test
    void probeThatCallsNothing_refusesToPass(@TempDir Path scratch) {
        assertThrows(AssertionError.class, () -> ApiProbe.create(scratch).run(List.of()));
    }
}
