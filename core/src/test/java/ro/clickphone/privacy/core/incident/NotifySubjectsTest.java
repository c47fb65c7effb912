package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.OCCURRED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.incident.IncidentFixture.FakeOutbox;
import ro.clickphone.privacy.core.incident.IncidentFixture.ProcessDied;
import ro.clickphone.privacy.core.incident.internal.BreachNoticeSender;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.SubjectNotice;

/** The breach notices to the subjects: what they carry, what is recorded, and resuming after a crash. */
class NotifySubjectsTest {

    private static List<SubjectId> subjects(int n) {
        List<SubjectId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SubjectId.of("acct-" + (1000 + i)));
        }
        return out;
    }

    @Test
    void eachSubject_getsOneNotice_carryingExactlyWhatCap7Lists_fromTheLatestVersion() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.update(id, IncidentChanges.none().withAffectedSubjects(AffectedCount.exactly(3)), STAFF);
        List<SubjectId> three = subjects(3);
        BreachNoticeReport sent = incidents.notifySubjects(id, three, STAFF);
        assertEquals(3, sent.sent());
        assertEquals(0, sent.alreadySent());
        assertTrue(sent.complete());

        List<FakeOutbox.Message> messages = f.outbox.messages();
        assertEquals(three, messages.stream().map(FakeOutbox.Message::subject).toList());
        for (FakeOutbox.Message m : messages) {
            Map<String, Object> payload = m.payload();
            assertEquals(BreachNoticeSender.PAYLOAD_FIELDS, List.copyOf(payload.keySet()), "these fields and no other");
            assertEquals(report().nature(), payload.get("nature"));
            assertEquals(OCCURRED, payload.get("occurredAt"));
            assertEquals(DISCOVERED, payload.get("discoveredAt"));
            assertEquals(3L, payload.get("affectedSubjects"), "the latest version's count");
            assertEquals(false, payload.get("affectedSubjectsEstimated"));
            assertEquals(List.of("CONTACT", "TRAFFIC"), payload.get("categories"));
            assertFalse(payload.containsValue(report().measures()));
            assertFalse(payload.containsValue(report().likelyConsequences()));
            assertThrows(UnsupportedOperationException.class, () -> payload.put("extra", "x"));
        }
    }

    @Test
    void whichWentWhen_isRecorded_underTheSubjectsPseudonym_withTheOutboxMessage() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        SubjectId phone = SubjectId.of("+40721234567");
        f.clock.set(DISCOVERED.plus(Duration.ofHours(1)));
        incidents.notifySubjects(id, List.of(phone), STAFF);
        SubjectNotice notice = incidents.subjectNotices(id).get(0);
        assertEquals(SubjectId.of(f.kit.audit().subjectRef(phone)), notice.subject(), "its keyed audit pseudonym");
        assertEquals(f.outbox.messages().get(0).id(), notice.messageId().orElseThrow());
        assertEquals(DISCOVERED.plus(Duration.ofHours(1)), notice.sentAt().orElseThrow());
        String key = f.outbox.messages().get(0).key();
        assertEquals("breach:" + id + ":" + f.kit.audit().subjectRef(phone), key, "fixed by incident and subject");
        assertFalse(key.contains("721234567"), "no raw subject id in the key");
        assertEquals(1, f.audited("incident.notice").size());
        assertEquals(f.kit.audit().subjectRef(phone), f.audited("incident.notice").get(0).subjectRef().orElseThrow());
    }

    @Test
    void aRepeatedCall_sendsNothingTwice() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.notifySubjects(id, subjects(3), STAFF);
        BreachNoticeReport again = incidents.notifySubjects(id, subjects(5), STAFF);
        assertEquals(2, again.sent());
        assertEquals(3, again.alreadySent());
        assertEquals(5, f.outbox.messages().size());
        assertEquals(5, f.outbox.calls.size(), "the outbox was not even asked again for the first three");
    }

    @Test
    void aCrash_afterTheOutboxAcceptedAndBeforeTheNoticeWasRecorded_resumesWithoutASecondMessage() {
        IncidentFixture f = new IncidentFixture();
        String id = f.register().report(report(), STAFF);
        List<SubjectId> five = subjects(5);
        f.outbox.dieAfterAccepting = 3;
        assertThrows(ProcessDied.class, () -> f.register().notifySubjects(id, five, STAFF));
        assertEquals(3, f.outbox.messages().size(), "the third message is in the outbox");
        assertEquals(2, f.register().subjectNotices(id).stream().filter(SubjectNotice::isSent).count(),
                "its notice was not recorded");
        assertEquals(5, f.register().subjectNotices(id).size(), "all five were planned first");

        f.outbox.dieAfterAccepting = -1;
        f.clock.advance(Duration.ofMinutes(10));
        IncidentRegister restarted = f.register();
        BreachNoticeReport resumed = restarted.notifySubjects(id, five, STAFF);
        assertEquals(3, resumed.sent(), "the third (found in the outbox by its key), the fourth and the fifth");
        assertEquals(2, resumed.alreadySent());
        assertEquals(5, f.outbox.messages().size(), "nothing twice in the outbox");
        assertEquals(Set.copyOf(five), Set.copyOf(f.outbox.messages().stream().map(FakeOutbox.Message::subject)
                .toList()));
        List<SubjectNotice> notices = restarted.subjectNotices(id);
        assertTrue(notices.stream().allMatch(SubjectNotice::isSent));
        assertEquals(Set.copyOf(f.outbox.messages().stream().map(FakeOutbox.Message::id).toList()),
                Set.copyOf(notices.stream().map(n -> n.messageId().orElseThrow()).toList()),
                "each notice names its subject's one message");
    }

    @Test
    void aCrash_whileRecordingTheNotice_resumesWithoutASecondMessage() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentStore real = f.stores.incidents();
        AtomicInteger marks = new AtomicInteger();
        IncidentStore dying = (IncidentStore) Proxy.newProxyInstance(IncidentStore.class.getClassLoader(),
                new Class<?>[] {IncidentStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("markNoticeSent") && marks.incrementAndGet() == 2) {
                        throw new ProcessDied();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String id = f.register().report(report(), STAFF);
        List<SubjectId> four = subjects(4);
        assertThrows(ProcessDied.class, () -> f.register(f.outbox, dying).notifySubjects(id, four, STAFF));
        assertEquals(2, f.outbox.messages().size());
        BreachNoticeReport resumed = f.register().notifySubjects(id, four, STAFF);
        assertEquals(3, resumed.sent());
        assertEquals(1, resumed.alreadySent());
        assertEquals(4, f.outbox.messages().size(), "the second subject's message once");
        assertTrue(f.register().subjectNotices(id).stream().allMatch(SubjectNotice::isSent));
    }

    @Test
    void aRefusedSubject_isReportedAndAudited_theOthersStillGo_andACallAgainSendsOnlyIt() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        List<SubjectId> three = subjects(3);
        f.outbox.refused = Set.of(three.get(1));
        BreachNoticeReport first = incidents.notifySubjects(id, three, STAFF);
        assertEquals(2, first.sent());
        assertEquals(List.of(three.get(1)), first.failed());
        assertFalse(first.complete());
        assertEquals("FAILED", f.audited("incident.notice").stream().filter(r -> r.outcome().name().equals("FAILED"))
                .findFirst().orElseThrow().outcome().name());
        assertEquals("PolicyViolationException", f.audited("incident.notice").stream()
                .filter(r -> r.outcome().name().equals("FAILED")).findFirst().orElseThrow().details().get("reason"));
        assertEquals("1", f.audited("incident.notify").get(0).details().get("failed"));

        f.outbox.refused = Set.of();
        int callsBefore = f.outbox.calls.size();
        BreachNoticeReport second = incidents.notifySubjects(id, three, STAFF);
        assertEquals(1, second.sent());
        assertEquals(2, second.alreadySent());
        assertEquals(callsBefore + 1, f.outbox.calls.size(), "only the refused one asked again");
    }

    @Test
    void aSenderReturningAMalformedMessageId_isThatSubjectsFailure() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register((subject, payload, key) -> "not an id");
        String id = incidents.report(report(), STAFF);
        BreachNoticeReport report = incidents.notifySubjects(id, subjects(2), STAFF);
        assertEquals(2, report.failed().size());
        assertTrue(incidents.subjectNotices(id).stream().noneMatch(SubjectNotice::isSent));
    }

    @Test
    void twoConcurrentCalls_forTheSameSubjects_putOneMessageEachInTheOutbox() throws Exception {
        IncidentFixture f = new IncidentFixture();
        String id = f.register().report(report(), STAFF);
        List<SubjectId> twenty = subjects(20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BreachNoticeReport>> futures = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                IncidentRegister register = f.register();
                futures.add(pool.submit(() -> {
                    start.await();
                    return register.notifySubjects(id, twenty, STAFF);
                }));
            }
            start.countDown();
            int sent = 0;
            for (Future<BreachNoticeReport> future : futures) {
                BreachNoticeReport r = future.get();
                sent += r.sent();
                assertEquals(20, r.sent() + r.alreadySent());
            }
            assertEquals(20, sent, "each notice recorded once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, f.outbox.messages().size());
        assertEquals(20, new HashSet<>(f.register().subjectNotices(id).stream()
                .map(n -> n.messageId().orElseThrow()).toList()).size());
        assertEquals(20, f.audited("incident.notice").size(), "one success entry per subject");
    }

    @Test
    void badArguments_areRefused_andNothingIsPlanned() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        assertEquals(IncidentException.Rule.NO_SUBJECTS, assertThrows(IncidentException.class,
                () -> incidents.notifySubjects(id, List.of(), STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.UNKNOWN_INCIDENT, assertThrows(IncidentException.class,
                () -> incidents.notifySubjects("i-unknown", subjects(1), STAFF)).brokenRule());
        List<SubjectId> withNull = new ArrayList<>(subjects(2));
        withNull.add(null);
        assertThrows(InvalidInputException.class, () -> incidents.notifySubjects(id, withNull, STAFF));
        assertThrows(InvalidInputException.class, () -> incidents.notifySubjects(id, null, STAFF));
        assertThrows(InvalidInputException.class, () -> incidents.notifySubjects(id, subjects(1), null));
        assertEquals(List.of(), incidents.subjectNotices(id));
        assertEquals(List.of(), f.outbox.messages());
    }

    @Test
    void withoutNotifications_theSubjectsArePlanned_andTheCustomersClockRunsOverdue() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report(), STAFF);
        assertThrows(ro.clickphone.privacy.spi.ConfigurationException.class,
                () -> incidents.notifySubjects(id, subjects(2), STAFF));
        assertEquals(2, incidents.subjectNotices(id).size());
        Instant after = DISCOVERED.plus(Duration.ofHours(24)).plusNanos(1);
        assertTrue(incidents.overdue(after).stream().anyMatch(d -> d.incidentId().equals(id)
                && d.clock() == IncidentClock.CUSTOMERS_24H));
    }
}
