package ro.clickphone.privacy.examples.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import ro.clickphone.privacy.core.incident.BreachNoticeReport;
import ro.clickphone.privacy.core.incident.Deadline;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.IncidentClock;

/**
 * Step 5: a breach is registered (an export of contact data sent to the wrong partner), the affected customer
 * is notified well within the customers' 24-hour clock, the report to the authority (ANSPDCP) is rendered as
 * Markdown, and every deadline is printed.
 */
final class BreachStep {

    private BreachStep() {
    }

    static BreachOutcome run(Day day) throws IOException {
        day.heading(5, "20:00 a personal data breach");
        Outcomes check = new Outcomes();
        Instant discovered = day.at(20, 0);
        Instant occurred = Day.DATE.atTime(LocalTime.of(17, 30)).atZone(DayClock.BUCHAREST).toInstant();
        IncidentReport report = IncidentReport.of(
                "A support export with one customer's contact data was e-mailed to the wrong partner",
                occurred, discovered, AffectedCount.exactly(1), Set.of("CUSTOMER"),
                Set.of(DataCategory.of("CONTACT")),
                "The customer may receive unsolicited e-mails or phishing using her name",
                "The partner confirmed deletion in writing; exports now go only through the partner portal")
                .withNotice(new BreachNoticeText(
                        "Un export cu datele dumneavoastră de contact a fost trimis din greșeală unui partener",
                        "Puteți primi e-mailuri nesolicitate sau de phishing",
                        "Partenerul a confirmat în scris ștergerea datelor",
                        "Nu deschideți legături din e-mailuri neașteptate"));
        String incident = day.kit.incidents().report(report, Day.SECURITY_OFFICER);
        day.say("incident " + incident + " registered: occurred 17:30, discovered 20:00, 1 customer, CONTACT");

        day.at(20, 10);
        BreachNoticeReport notices = day.kit.incidents().notifySubjects(incident, List.of(Day.IOANA.subject()),
                Day.SECURITY_OFFICER);
        DispatchReport dispatch = day.kit.notifications().dispatchPending();
        check.expect(notices.sent() == 1 && notices.complete(), "the breach notice was not sent");
        check.expect(dispatch.delivered() == 1, "the breach notice was not delivered");
        day.say("breach notice sent to the affected customer: " + notices.sent() + ", delivered: "
                + dispatch.delivered());

        day.at(20, 15);
        String markdown = day.kit.incidents().authorityReport(incident, IncidentClock.ANSPDCP_72H,
                Day.SECURITY_OFFICER).toMarkdown();
        Path file = day.out.resolve("incident").resolve(incident + "-anspdcp.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        check.expect(markdown.contains(incident), "the authority report does not name the incident");
        day.say("authority report (ANSPDCP, 72 h) -> " + day.out.relativize(file));

        List<Deadline> deadlines = day.kit.incidents().deadlines(incident);
        boolean customersMet = false;
        for (Deadline d : deadlines) {
            boolean met = d.satisfiedAt().map(at -> !at.isAfter(d.due())).orElse(false);
            if (d.clock() == IncidentClock.CUSTOMERS_24H) {
                customersMet = met;
            }
            day.say("  " + d.clock() + ": due " + d.due().atZone(DayClock.BUCHAREST).toLocalDateTime() + " "
                    + (d.isSatisfied() ? "met at " + d.satisfiedAt().get().atZone(DayClock.BUCHAREST)
                            .toLocalDateTime() : d.isLate(day.clock.instant()) ? "LATE" : "open"));
        }
        check.expect(customersMet, "the customers' 24-hour clock was not met");
        check.expect(day.kit.incidents().overdue(day.clock.instant()).isEmpty(), "a deadline is already overdue");
        return day.verdict(new BreachOutcome(incident, notices.sent(), dispatch.delivered(), customersMet, file,
                deadlines, check.problems()));
    }
}
