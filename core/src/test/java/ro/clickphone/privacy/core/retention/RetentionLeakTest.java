package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.IDENTITY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * Retention with real-looking names, phone numbers and e-mail addresses as subject ids and record ids
 * (tags, events, a consent withdrawal, holds and releases, sweeps with a failing source, bad input):
 * none of them appears in an audit entry, a log line, an exception message or the {@code toString()} of
 * a retention value ({@link RetentionTag}, {@link LegalHold}, {@link HoldScope}, {@link Lease},
 * {@link SweepOptions}, {@link SweepReport}, {@link SweepFailure}, {@link RetentionException}); and the
 * {@code toString()} of those values, the messages and the logs show no subject at all (no fingerprint,
 * no audit pseudonym).
 */
class RetentionLeakTest {

    private static final List<String> PERSONAL = List.of("Ion Popescu", "ion.popescu@example.ro", "+40721234567",
            "0721234567", "721234567", "Maria Ionescu", "maria@clickphone.ro", "Str. Lalelelor 5");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();
    /** toString()s, exception messages and log lines: no personal data and no subject at all. */
    private final List<String> shown = new ArrayList<>();
    /** Audit entries: no personal data (the subject's audit pseudonym is their point). */
    private final List<String> audited = new ArrayList<>();

    /** A source that is down: its records stay due and the report lists them. */
    private static final class DownSource implements PersonalDataSource {
        @Override
        public String name() {
            return "crm";
        }

        @Override
        public Set<DataCategory> categories() {
            return Set.of(FINANCIAL);
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            throw new StoreException("crm: connection refused", true, null);
        }
    }

    @Test
    void retentionScenario_leaksNoPersonalData_andItsValuesShowNoSubject() {
        RetentionFixture f = new RetentionFixture(Instant.parse("2026-03-01T10:00:00Z"), UnaryOperator.identity(),
                List.of(new DownSource()));
        RetentionSchedule retention = f.retention();
        List<SubjectId> subjects = List.of(SubjectId.of("Ion Popescu"), SubjectId.of("ion.popescu@example.ro"),
                SubjectId.of("+40721234567"), SubjectId.of("Str. Lalelelor 5"));
        SubjectId ion = subjects.get(0);
        List<RetentionTag> tags = new ArrayList<>();
        List<RecordRef> records = new ArrayList<>();

        // Invoices due long ago, kept ones, pending CDRs, a consent-bound cookie, a record at a source that is down.
        for (SubjectId subject : subjects) {
            String id = subject.value();
            f.keyFor(subject, "billing");
            RecordRef invoice = f.billing.add(id);
            RecordRef recent = f.billing.add(id + " 2026");
            RecordRef call = f.cdr.add(id);
            RecordRef cookie = f.web.add(id);
            records.addAll(List.of(invoice, recent, call, cookie));
            tags.add(retention.tag(subject, invoice, FINANCIAL, Instant.parse("2014-05-02T10:00:00Z")));
            tags.add(retention.tag(subject, invoice, IDENTITY, Instant.parse("2014-05-02T10:00:00Z")));
            tags.add(retention.tag(subject, recent, FINANCIAL, Instant.parse("2026-02-02T10:00:00Z")));
            tags.add(retention.tag(subject, call, TRAFFIC, Instant.parse("2025-03-01T08:00:00Z")));
            ConsentProof proof = ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT);
            f.kit.consent().grant(subject, Purpose.of("ANALYTICS"), proof);
            tags.add(retention.tag(subject, cookie, ANALYTICS_COOKIES, f.clock.instant()));
            f.kit.consent().withdraw(subject, Purpose.of("ANALYTICS"), proof);
        }
        RecordRef crm = RecordRef.of("crm", "maria@clickphone.ro");
        records.add(crm);
        tags.add(retention.tag(subjects.get(1), crm, FINANCIAL, Instant.parse("2014-05-02T10:00:00Z")));
        assertEquals(1, retention.recordEvent(ion, "contract-end", LocalDate.of(2025, 6, 30)));

        // Holds on a subject, a record and a category, listed and released.
        List<LegalHold> holds = List.of(
                retention.hold(HoldScope.subject(subjects.get(2)), "complaint by Ion Popescu", "dosar 0721234567"),
                retention.hold(HoldScope.record(records.get(0)), "ion.popescu@example.ro asked", "Maria Ionescu"),
                retention.hold(HoldScope.category(TRAFFIC), "ANCOM inquiry", "Str. Lalelelor 5"));
        for (LegalHold hold : holds) {
            shown.add(hold.toString());
            shown.add(hold.scope().toString());
        }
        shown.add(retention.activeHolds().toString());
        shown.add(retention.release(holds.get(1).id()).toString());

        // Bad input carrying personal data: the messages name the rule, never the value.
        shown.add(assertThrows(RuntimeException.class, () -> retention.tag(ion, f.billing.add("+40721234567 b"),
                DataCategory.of("NO_SUCH_CATEGORY"), f.clock.instant())).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.tag(subjects.get(1), records.get(0), FINANCIAL,
                f.clock.instant())).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.tag(ion, f.billing.add("0721234567 c"),
                FINANCIAL, Instant.parse("2030-01-01T00:00:00Z"))).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.recordEvent(ion, "Ion Popescu",
                LocalDate.of(2025, 1, 1))).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.recordEvent(RecordRef.of("cdr",
                "maria@clickphone.ro"), "contract-end", LocalDate.of(2025, 1, 1))).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.hold(HoldScope.record(RecordRef.of("billing",
                "Maria Ionescu")), "r", "c")).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.hold(HoldScope.subject(SubjectId.of(
                "maria@clickphone.ro")), "r", "c")).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.release("ion.popescu@example.ro"))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.release("Ion-Popescu-0721234567"))
                .getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.release(holds.get(1).id())).getMessage());
        shown.add(assertThrows(RuntimeException.class, () -> retention.tag(ion, RecordRef.of("nowhere",
                "+40721234567"), FINANCIAL, f.clock.instant())).getMessage());

        // Sweeps: a dry run, then the real one with a source that is down.
        SweepOptions options = SweepOptions.defaults().withBatchSize(3).withAction(TRAFFIC, DisposalAction.ANONYMIZE);
        shown.add(options.toString());
        SweepReport dry = retention.sweep(options.withDryRun(true));
        SweepReport report = retention.sweep(options);
        assertTrue(report.total() > 0 && report.failed() == 1, report.toString());
        for (SweepReport r : List.of(dry, report)) {
            shown.add(r.toString());
            r.failures().forEach(failure -> shown.add(failure.toString()));
        }
        shown.add(new SweepFailure(RecordRef.of("crm", "ion.popescu@example.ro"), FINANCIAL, "StoreException")
                .toString());
        shown.add(new Lease("sweep-1", f.clock.instant(), f.clock.instant().plus(Duration.ofMinutes(5))).toString());

        // The tags as returned, as stored now (disposed ones are proofs), and one built by hand.
        for (RetentionTag tag : tags) {
            shown.add(tag.toString());
        }
        List<String> pseudonyms = new ArrayList<>();
        for (RecordRef record : records) {
            Optional<RetentionTag> now = retention.tagOf(record);
            now.ifPresent(tag -> shown.add(tag.toString()));
            now.ifPresent(tag -> pseudonyms.add(tag.subjectRef()));
        }
        assertTrue(tags.stream().anyMatch(RetentionTag::isPending) && records.stream().map(retention::tagOf)
                .flatMap(Optional::stream).anyMatch(RetentionTag::isDisposed), "pending and disposed tags are shown");
        RetentionTag byHand = new RetentionTag(RecordRef.of("billing", "+40721234567"), Optional.of(ion),
                "s-0123456789abcdef", FINANCIAL, "FINANCIAL_RECORDS", Optional.of(KeyScope.of("billing")),
                Set.of(IDENTITY), Optional.of(LocalDate.of(2034, 12, 31)), Optional.empty(), f.clock.instant(),
                Optional.empty(), Optional.empty(), 0);
        shown.add(byHand.toString());
        shown.add(byHand.disposed(f.clock.instant(), DisposalAction.CRYPTO_SHRED).toString());
        pseudonyms.add(byHand.subjectRef());
        shown.add(retention.toString());

        for (AuditRecord r : f.kit.audit().read(1, 4096)) {
            audited.add(r.actorRef());
            audited.add(r.action());
            audited.addAll(r.categories());
            audited.add(r.details().toString());
            audited.add(r.toString());
        }
        for (ILoggingEvent e : logs.list) {
            shown.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                shown.add(e.getThrowableProxy().getMessage());
            }
        }

        assertTrue(f.audited("retention.sweep").size() == 2 && !f.audited("retention.hold").isEmpty(),
                "the scenario audits");
        assertFalse(logs.list.isEmpty(), "the scenario logs (the source that is down), so the log check checks");
        List<String> everything = new ArrayList<>(shown);
        everything.addAll(audited);
        for (String text : everything) {
            for (String personal : PERSONAL) {
                assertFalse(text != null && text.contains(personal), "leaked '" + personal + "' in: " + text);
            }
        }
        List<String> subjectMarks = new ArrayList<>(pseudonyms);
        subjects.forEach(s -> subjectMarks.add(s.fingerprint()));
        for (String text : shown) {
            for (String mark : subjectMarks) {
                assertFalse(text != null && text.contains(mark), "shows a subject ('" + mark + "') in: " + text);
            }
        }
        assertEquals(List.of(), everything.stream()
                .filter(t -> t != null && t.replaceAll("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", "#")
                        .matches("(?s).*(?<![0-9a-f])[0-9]{9,}(?![0-9a-f]).*")).toList(),
                "no long digit runs (phone numbers) anywhere");
    }
}
