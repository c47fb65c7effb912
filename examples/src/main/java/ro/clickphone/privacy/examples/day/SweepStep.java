package ro.clickphone.privacy.examples.day;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.TreeMap;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * Step 6: a second kit on the same database, its clock at 2 January 2037, runs the retention sweep: the
 * invoice (due 2037-01-01), the call records and the restricted account (both due 2029-03-17) are disposed of. It is handed back open for
 * step 7, which verifies the trail it extended.
 */
final class SweepStep {

    /** The later kit's day. */
    static final LocalDate SWEEP_DAY = LocalDate.of(2037, 1, 2);

    private SweepStep() {
    }

    static SweepOutcome run(Day day, PrivacyKit later) {
        day.heading(6, SWEEP_DAY + " 09:00 a later kit runs the retention sweep");
        Outcomes check = new Outcomes();
        SweepReport report = later.retention().sweep(SweepOptions.defaults());
        Map<String, Integer> disposed = new TreeMap<>();
        report.disposed().forEach((category, actions) -> disposed.put(category.id(),
                actions.values().stream().mapToInt(Integer::intValue).sum()));
        disposed.forEach((category, n) -> day.say(category + ": " + n + " disposed of " + report.disposed()
                .entrySet().stream().filter(e -> e.getKey().id().equals(category)).findFirst()
                .map(e -> e.getValue().keySet().toString()).orElse("")));
        day.say("failed: " + report.failed() + ", keys shredded: " + report.keysShredded());

        boolean invoice = disposedOf(later, RecordRef.of(day.source.name(), "DayInvoice:" + CallsStep.INVOICE_ID));
        int calls = 0;
        for (int n = 0; n < CallsStep.calls(); n++) {
            if (disposedOf(later, RecordRef.of(day.source.name(), "DayCallRecord:" + CallsStep.callId(n)))) {
                calls++;
            }
        }
        boolean account = disposedOf(later, RecordRef.of(day.source.name(), "DayAccount:" + Day.ANA.accountId()));
        long rowsLeft = day.count("SELECT COUNT(*) FROM day_invoice WHERE id = " + CallsStep.INVOICE_ID)
                + day.count("SELECT COUNT(*) FROM day_account WHERE id = " + Day.ANA.accountId())
                + day.count("SELECT COUNT(*) FROM day_call_record WHERE customer_id = '" + Day.ANA.subject().value()
                        + "'");
        check.expect(invoice, "the invoice was not among the disposed records");
        check.expect(account, "the restricted account was not among the disposed records");
        check.expect(calls == CallsStep.calls(), "not every call record was among the disposed records");
        check.expect(rowsLeft == 0, "a disposed row is still in its table");
        check.expect(report.failed() == 0, "the sweep failed on some records");
        day.say("disposed of: the invoice " + invoice + ", the call records " + calls + " of " + CallsStep.calls()
                + ", the restricted account " + account + "; their rows left: " + rowsLeft);
        return day.verdict(new SweepOutcome(report.day(), disposed, invoice, calls, account, rowsLeft, report.failed(),
                check.problems()));
    }

    private static boolean disposedOf(PrivacyKit kit, RecordRef record) {
        return kit.retention().tagOf(record).flatMap(RetentionTag::disposedAt).isPresent();
    }

    /**
     * The later kit's clock: 09:00 in Bucharest on the sweep's day.
     *
     * @return the clock
     */
    static Clock clock() {
        return Clock.fixed(SWEEP_DAY.atTime(LocalTime.of(9, 0)).atZone(DayClock.BUCHAREST).toInstant(),
                DayClock.BUCHAREST);
    }
}
