package ro.clickphone.privacy.examples.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The day's values name rows and options, never the customer's data or a password; its clock only moves
 * forward; its options refuse what they do not know without quoting it.
 */
class DayValuesTest {

    @Test
    void entitiesAndCustomers_printIdsOnly() {
        Day.Customer ana = Day.ANA;
        List<Object> values = List.of(
                new Account(ana.accountId(), ana.subject().value(), ana.email(), ana.phone(), ana.address()),
                new Device(1, ana.subject().value(), "Yealink T46U", "Yealink firmware 108"),
                new CallRecord(2, ana.subject().value(), CallRecord.Direction.INBOUND, ana.clickPhoneNumber(),
                        "+40 744 555 666", Instant.EPOCH, 0,
                        "192.0.2.17", 0),
                new Invoice(3, ana.subject().value(), "Abonament", 4_900, LocalDate.of(2026, 3, 16)));
        for (Object value : values) {
            String text = value.toString();
            for (String personal : List.of(ana.email(), ana.phone(), ana.address(), ana.clickPhoneNumber(),
                    "+40 744 555 666", "192.0.2.17", "Yealink", "Abonament")) {
                assertFalse(text.contains(personal), text);
            }
        }
        assertEquals("Customer[acct-1042]", ana.toString());
    }

    @Test
    void options_neverPrintThePasswordOrTheUrlsParameters() {
        DayOptions options = DayOptions.parse(new String[] {"--jdbc-url",
                "jdbc:postgresql://db.example:5432/app?user=day&ssl=true", "--keep"},
                Map.of(DayOptions.PASSWORD_VARIABLE, "hunter2"));
        assertEquals(Optional.of("hunter2"), options.password());
        assertTrue(options.keep());
        assertFalse(options.toString().contains("hunter2"), options.toString());
        assertFalse(options.toString().contains("user=day"), options.toString());
        assertEquals(DayOptions.DEFAULT_OUT, options.out());
    }

    @Test
    void options_refuseUnknownArgumentsAndMissingValues_withoutQuotingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DayOptions.parse(new String[] {"ana.popescu@example.ro"}, Map.of()));
        assertFalse(unknown.getMessage().contains("popescu"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DayOptions.parse(new String[] {"--out"}, Map.of()));
        assertEquals("--out needs a value", missing.getMessage());
        assertEquals(Optional.empty(), DayOptions.parse(new String[0], Map.of(DayOptions.PASSWORD_VARIABLE, ""))
                .password());
        assertEquals(Path.of("x"), DayOptions.parse(new String[] {"--out", "x"}, Map.of()).out());
        assertTrue(DayOptions.parse(new String[] {"--verbose"}, Map.of()).verbose());
        assertFalse(DayOptions.parse(new String[0], Map.of()).verbose());
    }

    @Test
    void theDaysClock_movesForwardOnly_inBucharest() {
        DayClock clock = DayClock.at(Day.DATE, LocalTime.of(8, 0));
        assertEquals(Instant.parse("2026-03-16T06:00:00Z"), clock.instant());
        assertEquals(Instant.parse("2026-03-16T18:00:00Z"), clock.moveTo(LocalTime.of(20, 0)));
        assertThrows(IllegalStateException.class, () -> clock.moveTo(LocalTime.of(9, 0)));
        assertEquals(Instant.parse("2026-03-16T18:00:00Z"), clock.instant());
    }

    @Test
    void aUrlCarryingAPassword_isRefused_withoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DayDatabases.of(
                "jdbc:mariadb://127.0.0.1/test?user=root&password=hunter2", Path.of("db"), null, false));
        assertFalse(e.getMessage().contains("hunter2"));
        assertTrue(e.getMessage().contains(DayOptions.PASSWORD_VARIABLE));
    }
}
