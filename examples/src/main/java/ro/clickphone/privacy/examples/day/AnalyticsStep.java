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
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.Actor;

/**
 * Step 3: the day's call records, read through the entities (decrypted in memory only), are pseudonymized to
 * {@code analytics/cdrs-2026-03-16.csv}: FF1 numbers keeping the country code and three national digits,
 * Crypto-PAn IP addresses, start times to the hour. The clear CSV never touches the disk.
 */
final class AnalyticsStep {

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
            boolean inbound = c.getCallee().equals(Day.ANA.clickPhoneNumber());
            clear.append("c-").append(c.getId()).append(",CALL,").append(inbound ? "INBOUND" : "OUTBOUND").append(',')
                    .append(c.getCaller()).append(',').append(c.getCallee()).append(",,,").append(c.getStartedAt())
                    .append(',').append(c.getDurationSeconds()).append(',').append(c.getDeviceIp()).append('\n');
        }
        // One binding per run: the export is authorised and audited once, not once per row.
        Pseudonyms job = day.kit.pseudonyms().as(Actor.system("cdr-analytics-export", Set.of(Day.ANALYTICS_JOB)));
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(job, CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan())
                .startTime(TimeGranularity.HOUR)
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
            clean &= !written.contains(digits(c.getCaller())) && !written.contains(digits(c.getCallee()))
                    && !written.contains(c.getDeviceIp());
        }
        check.expect(clean, "the pseudonymized CSV holds a clear number or IP address");
        check.expect(!written.contains(":12:") && !written.contains(":45:"), "a start time is finer than the hour");
        day.say(report.rowsRead() + " rows read, " + report.rowsWritten() + " written, " + report.rowsRejected()
                + " rejected -> " + day.out.relativize(csv));
        day.say("numbers: FF1 keeping the country code and 3 national digits; IPs: Crypto-PAn; times: to the hour");
        day.say("no clear number or IP address in the file: " + clean);
        return day.verdict(new AnalyticsOutcome(csv, report.rowsRead(), report.rowsWritten(), report.rowsRejected(),
                check.problems()));
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
