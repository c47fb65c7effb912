package ro.clickphone.privacy.examples.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.core.audit.ChainBreak;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;

/**
 * The whole day, end to end: each step's outcome in the {@link DayReport} and on disk, and the printed report
 * free of personal data. H2 always; PostgreSQL and MariaDB when {@code CLICKPHONE_PRIVACY_IT_POSTGRES} /
 * {@code CLICKPHONE_PRIVACY_IT_MARIADB} hold a JDBC URL (skipped otherwise).
 */
class DayAtClickPhoneTest {

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    private record Run(DayReport report, String printed) {
    }

    private Run run(DayOptions options) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DayReport report;
        try (PrintStream printer = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = DayAtClickPhone.run(options, printer);
        }
        return new Run(report, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDayOnH2_holdsEveryStep_andLeavesItsFiles() throws Exception {
        Run run = run(DayOptions.in(dir.resolve("out")));
        assertTheDay(run, "h2");
        assertTrue(Files.isRegularFile(dir.resolve("out/db/day.mv.db")), "the H2 file database");
    }

    @Test
    void theDayOnPostgres_holdsEveryStep() throws Exception {
        String url = System.getenv("CLICKPHONE_PRIVACY_IT_POSTGRES");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "CLICKPHONE_PRIVACY_IT_POSTGRES is not set");
        assertTheDay(run(DayOptions.in(dir.resolve("out")).withJdbcUrl(url.trim())), "postgresql");
    }

    @Test
    void theDayOnMariaDb_holdsEveryStep() throws Exception {
        String url = System.getenv("CLICKPHONE_PRIVACY_IT_MARIADB");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "CLICKPHONE_PRIVACY_IT_MARIADB is not set");
        assertTheDay(run(DayOptions.in(dir.resolve("out")).withJdbcUrl(url.trim())), "mariadb");
    }

    private static void assertTheDay(Run run, String database) throws IOException {
        DayReport r = run.report();
        System.out.println("day on " + database + ": " + r.took().toMillis() + " ms");
        assertEquals(database, r.database());
        for (StepOutcome step : r.steps()) {
            assertTrue(step.held(), "step " + step.step() + ": " + step.problems() + "\n" + run.printed());
        }
        assertTrue(r.held());
        assertTrue(r.took().compareTo(Duration.ofSeconds(30)) < 0, "the day took " + r.took());

        // 1: encrypted columns, blind index, a receipt that verifies with the published key
        assertEquals(2, r.signUp().accounts());
        assertTrue(r.signUp().ciphertextInColumns());
        assertTrue(r.signUp().foundByBlindIndex());
        assertTrue(r.signUp().receiptVerified());
        assertTrue(Files.readString(r.signUp().receiptFile()).contains("\"signature\""));
        assertEquals(SignUpStep.DAILY_LIMIT_BANI, r.signUp().dailyLimitBani());
        for (String key : List.of("kek.p12", "kek-password.txt", "audit-public-key.pem", "receipt-public-key.pem",
                "receipt-key.json")) {
            assertTrue(Files.isRegularFile(r.out().resolve("keys").resolve(key)), key);
        }

        // 2: the three notifications delivered as .eml files, named by a hash, never by a number
        assertEquals(4, r.calls().callsStored());
        assertEquals(4, r.calls().callsTagged());
        assertEquals(Map.of("MISSED_CALL", SendStatus.QUEUED, "VOICEMAIL_RECEIVED", SendStatus.QUEUED,
                "SECURITY_DAILY_LIMIT_EXCEEDED", SendStatus.QUEUED), r.calls().sent());
        assertEquals(3, r.calls().delivered());
        assertEquals(3, r.calls().mailFiles().size());
        for (Path eml : r.calls().mailFiles()) {
            String name = eml.getFileName().toString();
            assertTrue(name.matches("[0-9a-f]{64}\\.eml"), name);
            assertTrue(Files.size(eml) > 0);
        }
        assertEquals(LocalDate.of(2036, 12, 31), r.calls().invoiceLastDay());
        // then the answers to the access and erasure requests (step 4) and the breach notice (step 5)
        assertEquals(6, CallsStep.mailFiles(r.out().resolve("mail")).size());

        // 3: the pseudonymized CSV holds no clear number, IP address or minute
        assertEquals(4, r.analytics().rowsWritten());
        assertEquals(0, r.analytics().rowsRejected());
        String csv = Files.readString(r.analytics().csv());
        assertEquals(r.out().resolve("analytics/cdrs-2026-03-16.csv"), r.analytics().csv());
        for (String clear : List.of("311234567", "731111222", "744555666", "212345678", "2079460958", "192.0.2.17",
                "198.51.100.23", "T07:12", "T08:30")) {
            assertFalse(csv.contains(clear), "clear value in the CSV: " + clear);
        }
        assertTrue(csv.contains("+40311"), "FF1 keeps the country code and three national digits");
        assertTrue(csv.contains("+44207"), "FF1 keeps the country code and three national digits");

        // 4: suppression, export, erasure with grounds and last days
        assertEquals(SendStatus.SUPPRESSED, r.rights().offerStatus());
        assertEquals(Optional.of(ConsentReason.CONSENT_WITHDRAWN), r.rights().suppression());
        assertTrue(Files.isRegularFile(r.rights().exportFile()));
        assertTrue(r.rights().exportFile().startsWith(r.out().resolve("exports")));
        assertEquals(0, r.rights().deviceRowsLeft());
        assertEquals(OutcomeKind.ERASED, outcome(r, "DEVICE").kind());
        assertEquals(1, outcome(r, "DEVICE").records());
        // the policy keeps account contact data three years after the contract (ANCOM_CONTRACT_END)
        assertEquals(1, r.rights().accountRowsLeft());
        CategoryOutcome account = outcome(r, "CONTACT");
        assertEquals(OutcomeKind.KEPT_RESTRICTED, account.kind());
        assertEquals(Optional.of(LocalDate.of(2029, 3, 16)), account.until());
        CategoryOutcome invoices = outcome(r, "FINANCIAL");
        assertEquals(OutcomeKind.KEPT_RESTRICTED, invoices.kind());
        assertEquals(Optional.of(LocalDate.of(2036, 12, 31)), invoices.until());
        assertTrue(invoices.legalGround().orElseThrow().contains("2634/2015"), invoices.legalGround().toString());
        CategoryOutcome calls = outcome(r, "TRAFFIC");
        assertEquals(OutcomeKind.KEPT_RESTRICTED, calls.kind());
        assertEquals(4, calls.records());
        assertEquals(Optional.of(LocalDate.of(2029, 3, 16)), calls.until());
        assertTrue(calls.legalGround().isPresent());

        // 5: notified within the customers' 24 hours, the report rendered, every clock listed
        assertEquals(1, r.breach().noticesSent());
        assertTrue(r.breach().customersClockMet());
        assertTrue(Files.readString(r.breach().authorityReport()).contains(r.breach().incidentId()));
        assertEquals(IncidentClock.values().length, r.breach().deadlines().size());

        // 6: the sweep of 2037-01-02 disposed of the invoice and the call records
        assertEquals(LocalDate.of(2037, 1, 2), r.sweep().day());
        assertTrue(r.sweep().invoiceDisposed());
        assertEquals(4, r.sweep().callsDisposed());
        assertTrue(r.sweep().accountDisposed());
        assertEquals(0, r.sweep().rowsLeft());
        assertTrue(r.sweep().disposed().getOrDefault("FINANCIAL", 0) >= 1, r.sweep().disposed().toString());
        assertTrue(r.sweep().disposed().getOrDefault("TRAFFIC", 0) >= 4, r.sweep().disposed().toString());
        assertTrue(r.sweep().disposed().getOrDefault("CONTACT", 0) >= 1, r.sweep().disposed().toString());

        // 7: the trail intact, the tampered copy broken at the edited entry
        assertTrue(r.audit().intact());
        assertTrue(r.audit().checkpoints() > 0);
        assertEquals(Optional.of(r.audit().tamperedSequence()), r.audit().breakSequence());
        assertEquals(Optional.of(ChainBreak.Kind.EDITED_ENTRY), r.audit().breakKind());

        assertNoPersonalDataPrinted(run.printed());
    }

    private static CategoryOutcome outcome(DayReport r, String category) {
        return r.rights().erasure().stream().filter(o -> o.category().equals(DataCategory.of(category)))
                .findFirst().orElseThrow(() -> new AssertionError("no outcome for " + category));
    }

    /** The printed report names no customer's address, phone, number, IP address or street. */
    private static void assertNoPersonalDataPrinted(String printed) {
        String lower = printed.toLowerCase(Locale.ROOT);
        String digits = printed.replaceAll("[^0-9+]", " ");
        for (Day.Customer c : List.of(Day.ANA, Day.IOANA)) {
            assertFalse(lower.contains(c.email().toLowerCase(Locale.ROOT)), "an e-mail address was printed");
            assertFalse(lower.contains(c.email().substring(0, c.email().indexOf('@')).toLowerCase(Locale.ROOT)),
                    "a mailbox name was printed");
            assertFalse(lower.contains(c.address().substring(0, 8).toLowerCase(Locale.ROOT)), "an address was printed");
            for (String number : List.of(c.phone(), c.clickPhoneNumber())) {
                assertFalse(printed.contains(number) || digits.contains(number.replaceAll("[^0-9+]", "")),
                        "a phone number was printed");
            }
        }
        for (String clear : List.of("731 111 222", "744 555 666", "212 345 678", "7946 0958", "192.0.2.17",
                "198.51.100.23", "popescu", "marin")) {
            assertFalse(lower.contains(clear.toLowerCase(Locale.ROOT)), "printed: " + clear);
        }
    }

    @Test
    void theMainProgram_exitsZero_andRefusesBadArguments_inOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, DayAtClickPhone.run(new String[] {"--out", dir.resolve("main").toString()}, Map.of(), o, e),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Every step held"));

        err.reset();
        assertEquals(2, DayAtClickPhone.run(new String[] {"--nonsense=secret-value"}, Map.of(), o, e));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("day-at-clickphone: unknown argument #1\n"), message);
        assertFalse(message.contains("secret-value"));

        err.reset();
        assertEquals(2, DayAtClickPhone.run(new String[] {"--out", dir.resolve("pw").toString(), "--jdbc-url",
                "jdbc:postgresql://127.0.0.1/test?user=u&password=hunter2"}, Map.of(), o, e));
        message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("must not carry a password"), message);
        assertFalse(message.contains("hunter2"));
        assertEquals(1, message.lines().count(), message);
    }
}
