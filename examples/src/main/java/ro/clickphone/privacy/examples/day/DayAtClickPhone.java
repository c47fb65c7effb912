package ro.clickphone.privacy.examples.day;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import ro.clickphone.privacy.examples.support.QuietLogs;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * "A day at ClickPhone": one runnable program that plays Monday 16 March 2026 (Europe/Bucharest, on a fixed
 * clock) on an embedded H2 file database through Hibernate and the JPA plugin, or on PostgreSQL or MariaDB with
 * {@code --jdbc-url}. Seven steps: sign-up with encrypted fields and a signed consent receipt; calls,
 * notifications and an invoice; a pseudonymized analytics export; withdrawal, access, contract end and
 * erasure; a breach; a retention sweep by a kit in 2037; the audit trail verified and a tampered copy caught.
 * Each step prints a short report and checks its own expectations; the program exits 0 only if every step held.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl examples -am test-compile exec:java -Dexec.mainClass=ro.clickphone.privacy.examples.day.DayAtClickPhone
 * }</pre>
 */
public final class DayAtClickPhone {

    /** The folders this program writes in its output folder, and clears at start. */
    static final List<String> OUTPUTS = List.of("db", "keys", "mail", "analytics", "exports", "incident", "receipts");

    /**
     * The file that marks an output folder as the day's: written on the first run; a non-empty folder without it
     * is never cleared (so that {@code --out ~} cannot wipe a home folder's {@code keys/}).
     */
    static final String MARKER = ".day-at-clickphone";

    private DayAtClickPhone() {
    }

    /**
     * Runs the day.
     *
     * @param args {@code [--jdbc-url URL] [--out DIR] [--keep] [--verbose]}
     */
    public static void main(String[] args) {
        // Before any logger exists: Flyway's and Hibernate's INFO lines would bury the report.
        QuietLogs.apply(List.of(args).contains("--verbose"));
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the day from a command line, for tests: 0 if every step held, 1 if one did not, 2 for bad arguments
     * or a failure (a one-line error without personal data or secrets).
     *
     * @param args the arguments
     * @param env the environment (the database password)
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        DayOptions options;
        try {
            if (List.of(args).contains("--help")) {
                out.println(DayOptions.USAGE);
                return 0;
            }
            options = DayOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("day-at-clickphone: " + e.getMessage());
            err.println(DayOptions.USAGE);
            return 2;
        }
        try {
            return exitCode(run(options, out));
        } catch (PrivacyException | IllegalArgumentException | IllegalStateException e) {
            err.println("day-at-clickphone: " + e.getMessage());
            return 2;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("day-at-clickphone: failed (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
    }

    /**
     * The exit status of a day that ran to its end: 0 if every step held, 1 if one did not.
     *
     * @param report the day's report
     * @return the status
     */
    static int exitCode(DayReport report) {
        return report.held() ? 0 : 1;
    }

    /**
     * Runs the day.
     *
     * @param options where and on which database
     * @param printer where the report goes
     * @return every step's outcome
     * @throws IOException if the output folder cannot be written
     * @throws SQLException if the tampered copy cannot be made
     * @throws IllegalStateException if the output folder is not empty and was not written by the day
     */
    public static DayReport run(DayOptions options, PrintStream printer) throws IOException, SQLException {
        long started = System.nanoTime();
        Path out = options.out().toAbsolutePath().normalize();
        clear(out);
        Files.createDirectories(out.resolve("db"));
        try (DayDatabases databases = DayDatabases.of(options.jdbcUrl().orElse(null), out.resolve("db"),
                options.password().orElse(null), options.keep());
                Day day = Day.open(out, databases, printer)) {
            String kind = databases.kind().folder();
            printer.println("A day at ClickPhone: " + Day.DATE + ", Europe/Bucharest, on " + kind
                    + (databases.created().isEmpty() ? "" : " (schemas " + String.join(", ", databases.created())
                            + (options.keep() ? ", kept" : ", dropped at the end") + ")")
                    + "; output in " + out);
            SignUpOutcome signUp = SignUpStep.run(day);
            CallsOutcome calls = CallsStep.run(day);
            AnalyticsOutcome analytics = AnalyticsStep.run(day);
            RightsOutcome rights = RightsStep.run(day);
            BreachOutcome breach = BreachStep.run(day);
            day.kit.close();
            Day.Wired later = Day.wire(day.main, SweepStep.clock(), day.keys, b -> b);
            SweepOutcome sweep;
            AuditOutcome audit;
            try {
                sweep = SweepStep.run(day, later);
                audit = AuditStep.run(day, later.kit());
            } finally {
                later.kit().close();
                later.emf().close();
            }
            DayReport report = new DayReport(kind, out, signUp, calls, analytics, rights, breach, sweep, audit,
                    Duration.ofNanos(System.nanoTime() - started));
            printer.println();
            printer.println((report.held() ? "Every step held" : "NOT every step held") + " ("
                    + String.format(Locale.ROOT, "%.1f", report.took().toMillis() / 1000.0) + " s). Files in " + out
                    + ": keys/ mail/ analytics/ exports/ incident/ receipts/ db/");
            return report;
        }
    }

    /**
     * Deletes what a previous run wrote in the output folder, and nothing else; refuses a non-empty folder
     * without the day's marker, and marks the folder.
     */
    static void clear(Path out) throws IOException {
        Path marker = out.resolve(MARKER);
        if (Files.isDirectory(out) && !Files.exists(marker)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("the output folder is not empty and holds no " + MARKER
                            + " file: it was not written by the day; give an empty or new folder with --out");
                }
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalStateException("the output folder is a file; give a folder with --out");
        }
        Files.createDirectories(out);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "Written by DayAtClickPhone: its folders here are cleared at each run.\n",
                    StandardCharsets.UTF_8);
        }
        for (String name : OUTPUTS) {
            Path folder = out.resolve(name);
            if (Files.exists(folder)) {
                Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
    }
}
