package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.OCCURRED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStatus;

/**
 * An incident whose free texts, references and subjects are names, e-mail addresses and phone
 * numbers, through every step of the register, its failures and bad input: none of them appears
 * in a log line, an exception message, an audit entry, the {@code toString()} of a value or the
 * payload of a breach notice sent to the customers (which carries only the text written for them);
 * the DPO's contact appears in the authority report and the breach notice only.
 */
class IncidentLeakTest {

    private static final String TEXT = "Ion Popescu (ion.popescu@example.ro, +40721234567) lost a laptop with the"
            + " records of Maria Ionescu, Str. Lalelelor 5, 0721234567";
    private static final List<String> PERSONAL = List.of("Ion Popescu", "ion.popescu@example.ro", "+40721234567",
            "0721234567", "721234567", "Maria Ionescu", "maria@clickphone.ro", "Str. Lalelelor 5", "MARIA_IONESCU",
            "ION_POPESCU");
    private static final List<String> DPO = List.of("Andrei Bucur", "dpo@caronet.ro", "031-005.00.15");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void theWholeRegister_leaksNoPersonalData() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        List<SubjectId> subjects = List.of(SubjectId.of("Ion Popescu"), SubjectId.of("ion.popescu@example.ro"),
                SubjectId.of("+40721234567"), SubjectId.of("maria@clickphone.ro"));
        Actor customer = Actor.subject(SubjectId.of("Maria Ionescu"));
        List<String> shown = new ArrayList<>();

        IncidentReport reported = IncidentReport.of(TEXT, OCCURRED, DISCOVERED, AffectedCount.estimate(4),
                IncidentFixture.CUSTOMERS, Set.of(IncidentFixture.CONTACT), TEXT, TEXT).withDelayReason(TEXT)
                .withCircumstances(TEXT).withOtherProviders(TEXT).withCrossBorder(TEXT)
                .withNotice(IncidentFixture.NOTICE);
        shown.add(reported.toString());
        String id = incidents.report(reported, customer);
        IncidentChanges changes = IncidentChanges.none().withNature(TEXT + " (2)").withMeasures(TEXT + " (3)")
                .withStatus(IncidentStatus.CONTAINED);
        shown.add(changes.toString());
        shown.add(incidents.update(id, changes, STAFF).toString());
        incidents.history(id).forEach(v -> shown.add(v.toString()));
        shown.add(incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, f.clock.instant(),
                "ANSPDCP for Ion Popescu +40721234567", STAFF).toString());
        shown.add(incidents.logCooperation(id, CooperationKind.REQUEST, f.clock.instant(), TEXT, STAFF).toString());
        shown.add(incidents.recordPublicCommunication(id, f.clock.instant(), TEXT, STAFF).toString());
        shown.add(incidents.verifyHistory(id, STAFF).toString());
        f.outbox.refused = Set.of(subjects.get(2));
        BreachNoticeReport notified = incidents.notifySubjects(id, subjects, STAFF);
        assertEquals(1, notified.failed().size());
        shown.add(notified.toString());
        incidents.subjectNotices(id).forEach(n -> shown.add(n.toString()));
        f.clock.set(DISCOVERED.plus(Duration.ofDays(4)));
        incidents.overdue(f.clock.instant()).forEach(d -> shown.add(d.toString()));
        incidents.deadlines(id).forEach(d -> shown.add(d.toString()));
        AuthorityReport report = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        shown.add(report.toString());
        shown.add(incidents.authorityReport(id, IncidentClock.EPRIVACY_FULL_3D, STAFF).toString());
        shown.add(incidents.toString());
        shown.add(f.stores.incidents().toString());
        shown.add(incidents.current(id).orElseThrow().contact().toString());

        // Bad input and failures carrying personal data: the messages name the rule, never the value.
        shown.add(assertThrows(RuntimeException.class, () -> incidents.update("Ion Popescu", changes, STAFF))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> incidents.update("+40721234567", changes, STAFF))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> IncidentChanges.none().withNature(TEXT + "\n"))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> IncidentChanges.none().withMeasures(" " + TEXT))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> incidents.logCooperation(id, CooperationKind.NOTE,
                f.clock.instant(), TEXT + "\t", STAFF)).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> incidents.recordAuthorityNotice(id,
                IncidentClock.ANSPDCP_72H, f.clock.instant(), "ion.popescu@example.ro\n", STAFF)).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> incidents.report(IncidentReport.of(TEXT, OCCURRED,
                DISCOVERED, AffectedCount.exactly(1), IncidentFixture.CUSTOMERS, Set.of(DataCategory.of("MARIA_IONESCU")),
                TEXT, TEXT), STAFF)).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> incidents.report(IncidentReport.of(TEXT, OCCURRED,
                DISCOVERED, AffectedCount.exactly(1), Set.of("ION_POPESCU"), Set.of(IncidentFixture.CONTACT),
                TEXT, TEXT), STAFF)).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> f.kit.incidents().notifySubjects(id, subjects, STAFF))
                .getMessage());
        shown.add(incidents.notifySubjects(id, List.of(SubjectId.of("Maria Ionescu")),
                Actor.subject(SubjectId.of("ion.popescu@example.ro"))).toString());

        List<String> audited = new ArrayList<>();
        for (AuditRecord r : f.kit.audit().read(1, 4096)) {
            audited.add(r.actorRef());
            audited.add(r.toString());
            audited.add(r.details().toString());
            r.subjectRef().ifPresent(audited::add);
        }
        for (ILoggingEvent e : logs.list) {
            shown.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                shown.add(e.getThrowableProxy().getMessage());
            }
        }
        assertTrue(f.audited("incident.notice").size() >= 4, "the scenario audits");
        assertFalse(logs.list.isEmpty(), "the scenario logs (a refused notice), so the log check checks");

        // What went to the customers' mailboxes: the text written for them, never the register's.
        List<String> sentToCustomers = new ArrayList<>();
        for (IncidentFixture.FakeOutbox.Message m : f.outbox.messages()) {
            m.payload().values().forEach(v -> sentToCustomers.add(String.valueOf(v)));
        }
        assertFalse(sentToCustomers.isEmpty(), "notices went out, so the payload check checks");
        for (String value : sentToCustomers) {
            for (String personal : PERSONAL) {
                assertFalse(value.contains(personal), "a breach notice carries '" + personal + "': " + value);
            }
        }

        List<String> everything = new ArrayList<>(shown);
        everything.addAll(audited);
        for (String text : everything) {
            for (String personal : PERSONAL) {
                assertFalse(text != null && text.contains(personal), "leaked '" + personal + "' in: " + text);
            }
            for (String dpo : DPO) {
                assertFalse(text != null && text.contains(dpo), "the DPO's contact in: " + text);
            }
        }
        List<String> marks = new ArrayList<>();
        for (SubjectId s : subjects) {
            marks.add(s.fingerprint());
            marks.add(f.kit.audit().subjectRef(s));
        }
        for (String text : shown) {
            for (String mark : marks) {
                assertFalse(text != null && text.contains(mark), "shows a subject ('" + mark + "') in: " + text);
            }
        }
        assertEquals(List.of(), everything.stream()
                .filter(t -> t != null && t.replaceAll("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", "#")
                        .matches("(?s).*(?<![0-9a-f])[0-9]{9,}(?![0-9a-f]).*")).toList(),
                "no long digit runs (phone numbers) anywhere");
        String markdown = report.toMarkdown();
        assertTrue(markdown.contains("Andrei Bucur") && report.toJson().contains("dpo@caronet.ro"),
                "the DPO's contact is where it belongs: the report");
    }
}
