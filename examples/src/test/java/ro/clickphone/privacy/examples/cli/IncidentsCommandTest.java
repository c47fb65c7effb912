package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.incident.AffectedCount;

/** {@code incidents due} on a real H2 breach register. */
class IncidentsCommandTest {

    private static final String NATURE = "Phishing: the mailbox of ana.popescu@example.ro was read";

    @TempDir
    Path dir;

    private StoreFixture store;
    private Instant discovered;
    private String incident;

    @BeforeEach
    void aBreachDiscoveredAnHourAgo() {
        store = new StoreFixture(dir);
        discovered = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        incident = store.kit().incidents().report(IncidentReport.of(NATURE, discovered.minus(Duration.ofHours(2)),
                discovered, AffectedCount.estimate(12), Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")),
                "Phishing of the customers", "Passwords reset"),
                Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SECURITY")));
        store.closeKit();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoreFixture.Run due(String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "incidents";
        args[1] = "due";
        args[2] = "--jdbc-url=" + store.url;
        System.arraycopy(more, 0, args, 3, more.length);
        return StoreFixture.cli(args);
    }

    @Test
    void fresh_theTwentyFourHourClocksAreDueSoon_exit0() {
        StoreFixture.Run run = due();
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("DUE SOON  " + incident), run::toString);
        assertTrue(run.out().contains("CUSTOMERS_24H"), run::toString);
        assertTrue(run.out().contains("EPRIVACY_INITIAL_24H"), run::toString);
        assertFalse(run.out().contains("ANSPDCP_72H"), "72 hours are not within the default 24 hours: " + run);
        assertTrue(run.out().contains("0 overdue, 2 due within 1d 0h 0m"), run::toString);
        assertTrue(run.out().contains("due " + discovered.plus(Duration.ofHours(24))), run::toString);

        StoreFixture.Run wider = due("--within=3d");
        assertTrue(wider.out().contains("ANSPDCP_72H") && wider.out().contains("EPRIVACY_FULL_3D"), wider::toString);
    }

    @Test
    void aDayAndAHalfLater_theTwentyFourHourClocksAreOverdue_exit1() {
        Instant later = discovered.plus(Duration.ofHours(36));
        StoreFixture.Run run = due("--at=" + later, "--within=PT48H");

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("OVERDUE   " + incident), run::toString);
        assertTrue(run.out().contains("overdue by 12h 0m"), run::toString);
        assertTrue(run.out().contains("2 overdue, 2 due within 2d 0h 0m"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
        assertTrue(run.err().contains("2 deadlines are overdue"), run::toString);
        assertFalse(run.out().contains("ana.popescu") || run.out().contains("Phishing"), "no incident text: " + run);
    }

    @Test
    void badInput_isOneLine_exit2() {
        for (String bad : new String[] {"--within=tomorrow", "--within=24", "--within=400d", "--at=yesterday"}) {
            StoreFixture.Run run = due(bad);
            assertEquals(2, run.code(), () -> bad + ": " + run);
            assertFalse(run.err().contains("\tat "), () -> bad + ": " + run);
        }
        StoreFixture.Run noUrl = StoreFixture.cli("incidents", "due");
        assertEquals(2, noUrl.code(), noUrl::toString);
        assertTrue(noUrl.err().contains("--jdbc-url"), noUrl::toString);
    }
}
