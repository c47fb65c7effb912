package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.testkit.ApiProbe;

/**
 * Nulls and extremes (Instant.MIN/MAX, LocalDate.MIN/MAX, Integer.MIN/MAX_VALUE) given to the
 * deadline and holiday API end in typed exceptions only, never a DateTimeException or
 * ArithmeticException — as the module-wide probe will check once core.rights is exported.
 */
class RightsDeadlinesProbeTest {

    @Test
    void everyPublicCall_withNullOrExtremeArgument_throwsOnlyTypedExceptions(@TempDir Path scratch) {
        ApiProbe.Report report = ApiProbe.create(scratch)
                .sample(PublicHolidays.class, PublicHolidays::romania)
                .sample(RightsDeadlines.class, () -> new RightsDeadlines(PublicHolidays.romania()))
                .sample(LocalDate.class, () -> LocalDate.of(2026, 2, 28))
                .run(List.of(PublicHolidays.class, RightsDeadlines.class));
        System.out.println(report.summary());
        assertTrue(report.findings().isEmpty(), String.join("\n", report.findings()));
        assertTrue(report.summary().contains(" 0 members skipped"), report.summary());
        assertTrue(report.calls() > 20, report.summary());
    }
}
