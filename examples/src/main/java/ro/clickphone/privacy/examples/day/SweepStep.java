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
 * invoice (due 2037-01-01), the call records and the restricted account (both due 2029-03-17) and device (due
 * 2026-03-17) are disposed of,
 * and with the account's CONTACT data the customer's notification contacts; the other customer's account and
 * contacts stay.
 */
final class SweepStep {

    /** The later kit's day. */
    static final LocalDate SWEEP_DAY = LocalDate.of(2037, 1, 2);

    private SweepStep() {
    }

    /** What the sweep disposes of: the restricted account and device, the invoice and the four call records. */
    static final Map<String, Integer> EXPECTED = Map.of("CONTACT", 1, "DEVICE", 1, "FINANCIAL", 1, "TRAFFIC", 4);

    static SweepOutcome run(Day day, Day.Wired wired) {
        PrivacyKit later = wired.kit();
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
                + day.count("SELECT COUNT(*) FROM day_device WHERE id = " + SignUpStep.DEVICE_ID)
                + day.count("SELECT COUNT(*) FROM day_call_record WHERE customer_id = '" + Day.ANA.subject().value()
                        + "'");
        boolean contactsRemoved = wired.stores().contacts().find(Day.ANA.subject()).isEmpty();
        long contactRows = day.count("SELECT COUNT(*) FROM cpp_contact WHERE subject_id = '"
                + Day.ANA.subject().value() + "'");
        long otherAccount = day.count("SELECT COUNT(*) FROM day_account WHERE id = " + Day.IOANA.accountId());
        long otherContacts = day.count("SELECT COUNT(*) FROM cpp_contact WHERE subject_id = '"
                + Day.IOANA.subject().value() + "'");
        check.expect(disposed.equals(EXPECTED), "the sweep did not dispose of exactly " + EXPECTED);
        check.expect(contactsRemoved && contactRows == 0, "the customer's contacts outlived her CONTACT data");
        check.expect(otherAccount == 1 && otherContacts == 1, "the other customer's account or contacts are gone");
        check.expect(invoice, "the invoice was not among the disposed records");
        check.expect(account, "the restricted account was not among the disposed records");
        check.expect(calls == CallsStep.calls(), "not every call record was among the disposed records");
        check.expect(rowsLeft == 0, "a disposed row is still in its table");
        check.expect(report.failed() == 0, "the sweep failed on some records");
        day.say("disposed of: the invoice " + invoice + ", the call records " + calls + " of " + CallsStep.calls()
                + ", the restricted account " + account + "; their rows left: " + rowsLeft);
        day.say("the customer's notification contacts removed with her CONTACT data: " + (contactsRemoved
                && contactRows == 0) + "; the other customer's account and contacts kept: " + (otherAccount == 1
                && otherContacts == 1));
        return day.verdict(new SweepOutcome(report.day(), disposed, invoice, calls, account, rowsLeft, report.failed(),
                contactsRemoved, contactRows, otherAccount, check.problems()));
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
