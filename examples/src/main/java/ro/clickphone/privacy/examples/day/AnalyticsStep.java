package ro.clickphone.privacy.examples.day;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.Actor;

/**
 * Step 3: the day's call records, read through the entities (decrypted in memory only), are pseudonymized to
 * {@code analytics/cdrs-2026-03-16.csv}: FF1 numbers keeping the country code and three national digits,
 * Crypto-PAn IP addresses, start times to the hour. The clear CSV never touches the disk.
 */
final class AnalyticsStep {

    /** A start time cut to the hour. */
    private static final Pattern HOUR = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00Z");
    /** The analytics profile's duration buckets. */
    private static final DurationBuckets BUCKETS = DurationBuckets.callDurations();

    private AnalyticsStep() {
    }

    static AnalyticsOutcome run(Day day) throws IOException {
        day.heading(3, "19:00 the day's CDRs exported for analytics, pseudonymized");
        day.at(19, 0);
        Outcomes check = new Outcomes();
        Instant from = Day.DATE.atStartOfDay(DayClock.BUCHAREST).toInstant();
        Instant to = Day.DATE.plusDays(1).atStartOfDay(DayClock.BUCHAREST).toInstant();
        List<CallRecord> calls = day.inTransaction(em -> em.createQuery(
                "select c from DayCallRecord c where c.startedAt >= :from and c.startedAt < :to order by c.id",
                CallRecord.class).setParameter("from", from).setParameter("to", to).getResultList());
        StringBuilder clear = new StringBuilder(
                "record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,duration_seconds,device_ip\n");
        for (CallRecord c : calls) {
            clear.append("c-").append(c.getId()).append(",CALL,").append(c.getDirection()).append(',')
                    .append(c.caller()).append(',').append(c.callee()).append(",,,").append(c.getStartedAt())
                    .append(',').append(c.getDurationSeconds()).append(',').append(c.getDeviceIp()).append('\n');
        }
        // One binding per run: the export is authorised and audited once, not once per row.
        Pseudonyms job = day.kit.pseudonyms().as(Actor.system("cdr-analytics-export", Set.of(Day.ANALYTICS_JOB)));
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(job, CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan())
                .startTime(TimeGranularity.HOUR)
                .durations(BUCKETS)
                .build());
        Path csv = day.out.resolve("analytics").resolve("cdrs-" + Day.DATE + ".csv");
        Files.createDirectories(csv.getParent());
        BulkReport report;
        try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            report = CdrCsv.pseudonymize(new StringReader(clear.toString()), writer, cdrs, BulkOptions.defaults());
        }
        check.expect(report.rowsRead() == calls.size() && report.rowsWritten() == calls.size()
                && report.rowsRejected() == 0, "not every call record was pseudonymized");
        String written = Files.readString(csv, StandardCharsets.UTF_8);
        boolean clean = true;
        for (CallRecord c : calls) {
            clean &= !written.contains(digits(c.getCustomerNumber())) && !written.contains(digits(c.getOtherParty()))
                    && !written.contains(c.getDeviceIp());
        }
        check.expect(clean, "the pseudonymized CSV holds a clear number or IP address");
        List<String> starts = column(written, "start");
        List<String> durations = column(written, "duration");
        boolean hourly = starts.size() == calls.size() && starts.stream().allMatch(v -> HOUR.matcher(v).matches());
        boolean bucketed = durations.size() == calls.size() && durations.stream().allMatch(BUCKETS.labels()::contains);
        check.expect(hourly, "a start time is not cut to the hour");
        check.expect(bucketed, "a duration is not a bucket");
        day.say(report.rowsRead() + " rows read, " + report.rowsWritten() + " written, " + report.rowsRejected()
                + " rejected -> " + day.out.relativize(csv));
        day.say("numbers: FF1 keeping the country code and 3 national digits; IPs: Crypto-PAn; times: to the hour;"
                + " durations: in buckets (under 30 s, 1 min, 5 min, 15 min, 1 h, longer)");
        day.say("no clear number or IP address in the file: " + clean + "; every start on the hour: " + hourly
                + "; every duration a bucket: " + bucketed);
        return day.verdict(new AnalyticsOutcome(csv, report.rowsRead(), report.rowsWritten(), report.rowsRejected(),
                hourly, bucketed, check.problems()));
    }

    /**
     * The cells of one column of a CSV whose cells hold no comma.
     *
     * @param csv the CSV, header first
     * @param name the column
     * @return its cells, row by row
     */
    static List<String> column(String csv, String name) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        int index = List.of(lines.get(0).split(",", -1)).indexOf(name);
        if (index < 0) {
            return List.of();
        }
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).filter(c -> c.length > index)
                .map(c -> c[index]).toList();
    }

    /**
     * A number's digits after the country code and the three national digits FF1 keeps: what must not survive.
     *
     * @param number a number as stored
     * @return its last digits
     */
    static String digits(String number) {
        String d = number.replaceAll("[^0-9]", "");
        return d.substring(Math.max(0, d.length() - 6));
    }
}
