package ro.clickphone.privacy.examples.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.incident.Deadline;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;

/** {@code clickphone-privacy incidents}: the breach register's commands. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "Work on the register of personal data breaches kept in a JDBC store.",
        subcommands = IncidentsCommand.Due.class)
final class IncidentsCommand extends CommandGroup {

    /**
     * {@code incidents due}: the notification deadlines not met, overdue or falling due soon
     * ({@code IncidentRegister.overdue} and {@code dueSoon}), with no personal data and no incident text.
     */
    @Command(name = "due", mixinStandardHelpOptions = true,
            description = {"List the breach-notification deadlines not met: those overdue and those due within"
                    + " the window (the authority's 72 hours, the ePrivacy 24 hours and 3 days, the customers'"
                    + " 24 hours).",
                "Prints each one's incident id, clock, due instant and how long overdue or left; no incident"
                    + " text, no personal data. Exit 1 when any is overdue. Reads only."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:nothing overdue", "1:a deadline is overdue", "2:usage or bad input"})
    static final class Due implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--within", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
                description = "The due-soon window: 24h, 3d, 90m, 1d12h or ISO-8601 (PT36H); at most 366 days"
                        + " (default: ${DEFAULT-VALUE}).")
        Duration within;

        @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "The instant to judge at, e.g. 2026-03-17T08:00:00Z (default: now).")
        Instant at;

        @Override
        public void run() {
            if (within.isNegative() || within.compareTo(Duration.ofDays(366)) > 0) {
                throw new BadInputException("--within must be between 0 and 366 days");
            }
            database.checkedUrl();
            Instant now = at != null ? at : Instant.now();
            List<Deadline> overdue;
            List<Deadline> dueSoon;
            try (DatabaseOptions.Opened db = database.openReadOnly(spec); PrivacyKit kit = registerOnly(JpaStores.create(db.emf()))) {
                overdue = kit.incidents().overdue(now);
                dueSoon = kit.incidents().dueSoon(now, within);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("at " + now + ", window " + words(within));
            for (Deadline d : overdue) {
                out.printf(Locale.ROOT, "OVERDUE   %-40s %-20s due %s  overdue by %s%n", d.incidentId(), d.clock(),
                        d.due(), words(Duration.between(d.due(), now)));
            }
            for (Deadline d : dueSoon) {
                out.printf(Locale.ROOT, "DUE SOON  %-40s %-20s due %s  %s left%n", d.incidentId(), d.clock(), d.due(),
                        words(Duration.between(now, d.due())));
            }
            out.println(overdue.size() + " overdue, " + dueSoon.size() + " due within " + words(within));
            if (!overdue.isEmpty()) {
                out.flush();
                throw new CheckFailedException(overdue.size() + (overdue.size() == 1 ? " deadline is" : " deadlines are")
                        + " overdue");
            }
        }

        /**
         * A kit that sees the database's incident register and nothing else of it: every other store
         * is in memory, so whatever the kit would record (its audit trail, consent) is lost with the
         * process and never reaches the database. The deadline queries need no key; the kit refuses
         * to start beside a persistent store without audit keys, so it gets keys drawn for this
         * process, which sign and pseudonymize nothing that outlives it.
         */
        private static PrivacyKit registerOnly(Stores database) {
            Stores stores = InMemoryStores.create().withIncidents(database.incidents());
            SecureRandom random = new SecureRandom();
            return PrivacyKit.builder()
                    .policy(Policy.clickPhoneDefault())
                    .clock(Clock.systemUTC())
                    .stores(stores)
                    .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.random(32, random), "cli-process"),
                            SecretBytes.random(32, random)))
                    .build();
        }
    }

    /** A duration in words: {@code 1d 2h 5m}, seconds only under a minute. */
    static String words(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append("h ");
        }
        return text.append(minutes).append('m').toString();
    }

    /** {@code 24h}, {@code 3d}, {@code 90m}, {@code 45s}, combined ({@code 1d12h}), or ISO-8601 ({@code PT36H}). */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern PART = Pattern.compile("(\\d{1,6})([dhms])");

        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            if (text.startsWith("p")) {
                try {
                    return Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeException e) {
                    throw new TypeConversionException("not a duration such as 24h, 3d, 90m or PT36H");
                }
            }
            Matcher m = PART.matcher(text);
            Duration total = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
                end = m.end();
            }
            if (end == 0 || end != text.length()) {
                throw new TypeConversionException("not a duration such as 24h, 3d, 90m or PT36H");
            }
            return total;
        }
    }

    /** An ISO-8601 instant in UTC, {@code 2026-03-17T08:00:00Z}. */
    static final class InstantConverter implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeException e) {
                throw new TypeConversionException("not an instant such as 2026-03-17T08:00:00Z");
            }
        }
    }
}
