package ro.clickphone.privacy.examples.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.audit.ChainBreak;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.examples.cli.ClickPhonePrivacyCli;
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
    void theDayOnH2_holdsEveryStep_andLeavesItsFiles_andTheCliVerifiesThem() throws Exception {
        Run run = run(DayOptions.in(dir.resolve("out")));
        assertTheDay(run, "h2");
        Path out = run.report().out();
        assertTrue(Files.isRegularFile(out.resolve("db/day.mv.db")), "the H2 file database");
        assertTrue(Files.isRegularFile(out.resolve(DayAtClickPhone.MARKER)));

        // the README's "point the CLI at the day" commands, exactly as notes (g) give them
        String day = "jdbc:h2:file:" + out.resolve("db/day");
        String tampered = "jdbc:h2:file:" + out.resolve("db/tampered");
        String auditKey = out.resolve("keys/audit-key.json").toString();
        assertEquals(0, cli("audit", "verify", "--jdbc-url", day, "--public-key", auditKey), "the day's trail");
        assertEquals(1, cli("audit", "verify", "--jdbc-url", tampered, "--public-key", auditKey), "the tampered copy");
        assertEquals(0, cli("receipt", "verify", out.resolve("receipts/marketing-consent-receipt.json").toString(),
                "--public-key", out.resolve("keys/receipt-key.json").toString()), "the consent receipt");

        // a report with a step that did not hold exits 1
        DayReport r = run.report();
        assertEquals(0, DayAtClickPhone.exitCode(r));
        SweepOutcome s = r.sweep();
        SweepOutcome failed = new SweepOutcome(s.day(), s.disposed(), false, s.callsDisposed(), s.accountDisposed(),
                s.rowsLeft(), s.failed(), s.contactsRemoved(), s.contactRowsLeft(), s.otherAccountRows(),
                List.of("the invoice was not among the disposed records"));
        DayReport broken = new DayReport(r.database(), r.out(), r.signUp(), r.calls(), r.analytics(), r.rights(),
                r.breach(), failed, r.audit(), r.took());
        assertFalse(broken.held());
        assertEquals(1, DayAtClickPhone.exitCode(broken));

        // a second run clears the day's folders only
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("keys/extra.txt"), "the day's folder");
        DayAtClickPhone.clear(out);
        assertTrue(Files.isRegularFile(out.resolve("notes.txt")), "a file the day did not write stays");
        assertFalse(Files.exists(out.resolve("keys")));
        assertTrue(Files.isRegularFile(out.resolve(DayAtClickPhone.MARKER)));
    }

    /** Runs the command-line tool; its output is checked by the CLI's own tests, its exit code here. */
    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClickPhonePrivacyCli.run(args, new PrintWriter(out), new PrintWriter(err), name -> null);
        System.out.println(String.join(" ", args[0], args[1]) + " -> " + code + ": " + out + err);
        return code;
    }

    @Test
    void aNonEmptyFolderTheDayDidNotWrite_isRefused_inOneLine_andLeftAlone() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("keys"));
        Files.writeString(home.resolve("keys/id_ed25519"), "not the day's");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, DayAtClickPhone.run(new String[] {"--out", home.toString()}, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), e));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("day-at-clickphone: the output folder is not empty and holds no "
                + DayAtClickPhone.MARKER), message);
        assertEquals(1, message.lines().count(), message);
        assertEquals("not the day's", Files.readString(home.resolve("keys/id_ed25519")));
        assertFalse(Files.exists(home.resolve(DayAtClickPhone.MARKER)));
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

        // 1: encrypted columns, blind index, a receipt that verifies with the published key
        assertEquals(2L, r.signUp().accounts());
        assertTrue(r.signUp().ciphertextInColumns());
        assertTrue(r.signUp().foundByBlindIndex());
        assertTrue(r.signUp().receiptVerified());
        assertTrue(Files.readString(r.signUp().receiptFile()).contains("\"signature\""));
        assertEquals(SignUpStep.DAILY_LIMIT_BANI, r.signUp().dailyLimitBani());
        for (String key : List.of("kek.p12", "kek-password.txt", "audit-public-key.pem", "receipt-public-key.pem",
                "receipt-key.json", "audit-key.json")) {
            assertTrue(Files.isRegularFile(r.out().resolve("keys").resolve(key)), key);
        }
        for (String secret : List.of("kek.p12", "kek-password.txt")) {
            Path file = r.out().resolve("keys").resolve(secret);
            if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), secret);
            }
        }

        // 2: the three notifications delivered as .eml files, named by a hash, never by a number
        assertEquals(4L, r.calls().callsStored());
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
        assertTrue(r.analytics().startsOnTheHour());
        assertTrue(r.analytics().durationsBucketed());
        List<String> starts = AnalyticsStep.column(csv, "start");
        assertEquals(4, starts.size());
        starts.forEach(start -> assertTrue(start.matches(".*T\\d\\d:00:00Z"), start));
        List<String> durations = AnalyticsStep.column(csv, "duration");
        assertEquals(4, durations.size());
        durations.forEach(d -> assertTrue(DurationBuckets.callDurations().labels().contains(d), d));

        // 4: suppression, export, erasure with grounds and last days
        assertEquals(SendStatus.SUPPRESSED, r.rights().offerStatus());
        assertEquals(Optional.of(ConsentReason.CONSENT_WITHDRAWN), r.rights().suppression());
        assertTrue(Files.isRegularFile(r.rights().exportFile()));
        assertTrue(r.rights().exportFile().startsWith(r.out().resolve("exports")));
        JsonNode export = JsonMapper.builder().build().readTree(r.rights().exportFile().toFile());
        assertEquals(Day.ANA.subject().value(), export.path("subject").asText());
        String exported = export.toString().toLowerCase(Locale.ROOT);
        assertTrue(exported.contains(Day.ANA.email().toLowerCase(Locale.ROOT)), "her own address, decrypted");
        for (String other : Day.IOANA.values()) {
            assertFalse(exported.contains(other.toLowerCase(Locale.ROOT)), "nothing of the other customer");
        }
        assertEquals(Day.ANA.subject().value(), r.rights().exportSubject());
        assertTrue(r.rights().exportHersOnly());
        // marketing after the erasure: denied, a further offer suppressed, the contacts kept with the CONTACT data
        assertFalse(r.rights().marketingPermitted());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, r.rights().marketingReason());
        assertEquals(SendStatus.SUPPRESSED, r.rights().offerAfterErasure());
        assertTrue(r.rights().contactsKept());
        // the policy keeps device data while the contract lasts: through its last day, the day itself
        assertEquals(1, r.rights().deviceRowsLeft());
        CategoryOutcome device = outcome(r, "DEVICE");
        assertEquals(OutcomeKind.KEPT_RESTRICTED, device.kind());
        assertEquals(1, device.records());
        assertEquals(Optional.of(LocalDate.of(2026, 3, 16)), device.until());
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
        assertEquals(Map.of("CONTACT", 1, "DEVICE", 1, "FINANCIAL", 1, "TRAFFIC", 4), r.sweep().disposed());
        assertTrue(r.sweep().contactsRemoved(), "the customer's contacts went with her CONTACT data");
        assertEquals(0, r.sweep().contactRowsLeft(), "no cpp_contact row for her");
        assertEquals(1, r.sweep().otherAccountRows(), "the other customer's account stays");

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
