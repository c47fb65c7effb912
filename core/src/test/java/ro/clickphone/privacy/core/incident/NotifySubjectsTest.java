package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.NOTICE;
import static ro.clickphone.privacy.core.incident.IncidentFixture.OCCURRED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.bare;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.core.incident.IncidentFixture.FakeOutbox;
import ro.clickphone.privacy.core.incident.IncidentFixture.ProcessDied;
import ro.clickphone.privacy.core.incident.internal.BreachNoticeSender;
import ro.clickphone.privacy.core.incident.internal.IncidentLedger;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.SubjectNotice;
import ro.clickphone.privacy.spi.notify.OutboxMessage;

/** The breach notices to the subjects: what they carry, what is recorded, and resuming after a crash. */
class NotifySubjectsTest {

    private static List<SubjectId> subjects(int n) {
        List<SubjectId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SubjectId.of("acct-" + (1000 + i)));
        }
        return out;
    }

    /** The outbox a test runs against: the fake that keeps payloads, or the kit's real outbox store. */
    private static BreachNoticeSender outbox(IncidentFixture f, boolean real) {
        return real ? f.realOutbox() : f.outbox;
    }

    /** The subject of each message in that outbox, by message id. */
    private static Map<String, SubjectId> messages(IncidentFixture f, boolean real) {
        Map<String, SubjectId> out = new LinkedHashMap<>();
        if (real) {
            f.realOutboxMessages().forEach(m -> out.put(m.id(), m.subject()));
        } else {
            f.outbox.messages().forEach(m -> out.put(m.id(), m.subject()));
        }
        return out;
    }

    /** A sender that "dies" (an Error nothing catches) right after its n-th call was accepted. */
    private static BreachNoticeSender dyingAfter(BreachNoticeSender sender, int n) {
        AtomicInteger calls = new AtomicInteger();
        return (subject, payload, key) -> {
            BreachNoticeSender.Accepted accepted = sender.send(subject, payload, key);
            if (calls.incrementAndGet() == n) {
                throw new ProcessDied();
            }
            return accepted;
        };
    }

    @Test
    void eachSubject_getsOneNotice_carryingWhatCap7AndArticle34_2Require_fromTheLatestVersion() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.update(id, IncidentChanges.none().withAffectedSubjects(AffectedCount.exactly(3)), STAFF);
        List<SubjectId> three = subjects(3);
        BreachNoticeReport sent = incidents.notifySubjects(id, three, STAFF);
        assertEquals(3, sent.sent());
        assertEquals(0, sent.alreadySent());
        assertTrue(sent.complete());

        Policy policy = Policy.clickPhoneDefault();
        List<FakeOutbox.Message> messages = f.outbox.messages();
        assertEquals(three, messages.stream().map(FakeOutbox.Message::subject).toList());
        for (FakeOutbox.Message m : messages) {
            Map<String, Object> payload = m.payload();
            // Cap. 7: the nature, when it happened and was discovered, how many, the categories of data.
            assertEquals(NOTICE.nature(), payload.get("nature"), "the customers' text, not the register's");
            assertEquals(OCCURRED, payload.get("occurredAt"));
            assertEquals(DISCOVERED, payload.get("discoveredAt"));
            assertEquals(3L, payload.get("affectedSubjects"), "the latest version's count");
            assertEquals(false, payload.get("affectedSubjectsEstimated"));
            assertEquals(List.of("CONTACT", "TRAFFIC"), payload.get("categories"));
            // GDPR art. 34(2): art. 33(3)(b), (c), (d); Reg. 611/2013 Annex II: what the customer can do.
            assertEquals(NOTICE.consequences(), payload.get("consequences"));
            assertEquals(NOTICE.measures(), payload.get("measures"));
            assertEquals(NOTICE.recommendations(), payload.get("recommendations"));
            assertEquals("Andrei Bucur", payload.get("contactName"));
            assertEquals("dpo@caronet.ro", payload.get("contactEmail"));
            assertEquals("031-005.00.15", payload.get("contactPhone"));
            // Cap. 7: the right to complain, to the authority the policy names.
            assertEquals(policy.supervisoryAuthority().orElseThrow().name(), payload.get("authorityName"));
            assertEquals("www.dataprotection.ro", payload.get("authorityWeb"));
            assertFalse(payload.containsKey("authorityEmail"), "an optional field the policy has no value for is absent");
            assertFalse(payload.containsValue(null));
            // The register's own texts stay in the register.
            assertFalse(payload.containsValue(report().nature()));
            assertFalse(payload.containsValue(report().likelyConsequences()));
            assertFalse(payload.containsValue(report().measures()));
            // Every key is a declared field, of its declared type; every required one is there.
            Map<String, BreachNoticeSender.Field> declared = new HashMap<>();
            BreachNoticeSender.PAYLOAD_FIELDS.forEach(d -> declared.put(d.name(), d));
            for (Map.Entry<String, Object> e : payload.entrySet()) {
                BreachNoticeSender.Field field = declared.get(e.getKey());
                assertTrue(field != null, "undeclared field " + e.getKey());
                assertTrue(field.type().isInstance(e.getValue()), e.getKey() + " is a " + field.type());
            }
            for (BreachNoticeSender.Field field : BreachNoticeSender.PAYLOAD_FIELDS) {
                assertTrue(field.optional() || payload.containsKey(field.name()), "missing " + field.name());
            }
            assertEquals(BreachNoticeSender.PAYLOAD_FIELDS.stream().map(BreachNoticeSender.Field::name)
                    .filter(payload::containsKey).toList(), List.copyOf(payload.keySet()), "in the declared order");
            assertThrows(UnsupportedOperationException.class, () -> payload.put("extra", "x"));
        }
    }

    @Test
    void withoutATextForTheCustomers_noNoticeGoes_andNothingIsPlanned_untilOneIsWritten() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(bare(), STAFF);
        IncidentException refused = assertThrows(IncidentException.class,
                () -> incidents.notifySubjects(id, subjects(2), STAFF));
        assertEquals(IncidentException.Rule.NO_NOTICE_TEXT, refused.brokenRule());
        assertEquals(List.of(), incidents.subjectNotices(id));
        assertEquals(List.of(), f.outbox.calls);

        incidents.update(id, IncidentChanges.none().withNotice(NOTICE), STAFF);
        assertEquals(2, incidents.notifySubjects(id, subjects(2), STAFF).sent());
        assertEquals("notice", f.audited("incident.update").get(0).details().get("changed"));
    }

    @Test
    void withoutASupervisoryAuthorityToComplainTo_noNoticeGoes() throws Exception {
        IncidentFixture f = new IncidentFixture();
        ObjectMapper json = new ObjectMapper();
        ObjectNode document;
        try (InputStream in = Policy.class.getResourceAsStream("clickphone-policy.json")) {
            document = (ObjectNode) json.readTree(in);
        }
        document.remove("supervisoryAuthority");
        document.remove("text");
        Policy withoutAuthority = Policy.load(new ByteArrayInputStream(json.writeValueAsBytes(document)));
        IncidentRegister incidents = new IncidentLedger(() -> withoutAuthority, f.clock, f.stores.incidents(),
                f.kit.audit(), f.outbox, Duration.ofMinutes(5));
        String id = incidents.report(report(), STAFF);
        assertEquals(IncidentException.Rule.NOTICE_INCOMPLETE, assertThrows(IncidentException.class,
                () -> incidents.notifySubjects(id, subjects(1), STAFF)).brokenRule());
        assertEquals(List.of(), f.outbox.calls);
    }

    @Test
    void whichWentWhen_isRecorded_underTheSubjectsPseudonym_atTheOutboxsAcceptance() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        SubjectId phone = SubjectId.of("+40721234567");
        f.clock.set(DISCOVERED.plus(Duration.ofHours(1)));
        incidents.notifySubjects(id, List.of(phone), STAFF);
        SubjectNotice notice = incidents.subjectNotices(id).get(0);
        assertEquals(SubjectId.of(f.kit.audit().subjectRef(phone)), notice.subject(), "its keyed audit pseudonym");
        assertEquals(f.outbox.messages().get(0).id(), notice.messageId().orElseThrow());
        assertEquals(f.outbox.messages().get(0).acceptedAt(), notice.sentAt().orElseThrow());
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

    @ParameterizedTest(name = "real outbox store: {0}")
    @ValueSource(booleans = {false, true})
    void aCrash_afterTheOutboxAcceptedAndBeforeTheNoticeWasRecorded_resumesWithoutASecondMessage(boolean real) {
        IncidentFixture f = new IncidentFixture();
        String id = f.register().report(report(), STAFF);
        List<SubjectId> five = subjects(5);
        Instant firstCall = f.clock.instant();
        assertThrows(ProcessDied.class, () -> f.register(dyingAfter(outbox(f, real), 3)).notifySubjects(id, five,
                STAFF));
        assertEquals(3, messages(f, real).size(), "the third message is in the outbox");
        assertEquals(2, f.register().subjectNotices(id).stream().filter(SubjectNotice::isSent).count(),
                "its notice was not recorded");
        assertEquals(5, f.register().subjectNotices(id).size(), "all five were planned first");

        f.clock.advance(Duration.ofDays(2));
        IncidentRegister restarted = f.register(outbox(f, real));
        BreachNoticeReport resumed = restarted.notifySubjects(id, five, STAFF);
        assertEquals(3, resumed.sent(), "the third (found in the outbox by its key), the fourth and the fifth");
        assertEquals(2, resumed.alreadySent());
        Map<String, SubjectId> messages = messages(f, real);
        assertEquals(5, messages.size(), "nothing twice in the outbox");
        assertEquals(Set.copyOf(five), Set.copyOf(messages.values()));
        List<SubjectNotice> notices = restarted.subjectNotices(id);
        assertTrue(notices.stream().allMatch(SubjectNotice::isSent));
        assertEquals(messages.keySet(), Set.copyOf(notices.stream().map(n -> n.messageId().orElseThrow()).toList()),
                "each notice names its subject's one message");
        SubjectNotice third = restarted.subjectNotices(id).stream()
                .filter(n -> n.subject().value().equals(f.kit.audit().subjectRef(five.get(2)))).findFirst().orElseThrow();
        assertEquals(firstCall, third.sentAt().orElseThrow(), "it went when the outbox took it, not at the resume");
    }

    @ParameterizedTest(name = "real outbox store: {0}")
    @ValueSource(booleans = {false, true})
    void aCrash_rightAfterTheNoticeWasRecorded_resumesWithoutASecondMessage_andEveryNoticeAudited(boolean real) {
        IncidentFixture f = new IncidentFixture();
        IncidentStore store = f.stores.incidents();
        AtomicInteger marks = new AtomicInteger();
        IncidentStore dying = (IncidentStore) Proxy.newProxyInstance(IncidentStore.class.getClassLoader(),
                new Class<?>[] {IncidentStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    // The record committed; the process dies before the call returns.
                    if (method.getName().equals("markNoticeSent") && marks.incrementAndGet() == 2) {
                        throw new ProcessDied();
                    }
                    return result;
                });
        String id = f.register().report(report(), STAFF);
        List<SubjectId> four = subjects(4);
        assertThrows(ProcessDied.class, () -> f.register(outbox(f, real), dying).notifySubjects(id, four, STAFF));
        assertEquals(2, messages(f, real).size());
        assertEquals(2, f.register().subjectNotices(id).stream().filter(SubjectNotice::isSent).count(),
                "the second notice is recorded: the store committed before the process died");

        BreachNoticeReport resumed = f.register(outbox(f, real)).notifySubjects(id, four, STAFF);
        assertEquals(2, resumed.sent());
        assertEquals(2, resumed.alreadySent());
        assertEquals(4, messages(f, real).size(), "the second subject's message once");
        assertTrue(f.register().subjectNotices(id).stream().allMatch(SubjectNotice::isSent));
        for (SubjectId subject : four) {
            assertEquals(1, f.audited("incident.notice").stream()
                    .filter(r -> r.subjectRef().orElseThrow().equals(f.kit.audit().subjectRef(subject))).count(),
                    "each notice audited once, the one recorded just before the crash too");
        }
    }

    @Test
    void aClockBehindThePlan_onResume_stillRecordsTheNotice() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        SubjectId ana = SubjectId.of("acct-1042");
        Instant planned = DISCOVERED.plus(Duration.ofHours(2));
        f.clock.set(planned);
        f.outbox.refused = Set.of(ana);
        assertEquals(List.of(ana), incidents.notifySubjects(id, List.of(ana), STAFF).failed());
        // Another host, or an NTP step back: this clock is behind the one that planned the notice.
        f.clock.set(planned.minus(Duration.ofMinutes(1)));
        f.outbox.refused = Set.of();
        BreachNoticeReport resumed = incidents.notifySubjects(id, List.of(ana), STAFF);
        assertEquals(1, resumed.sent());
        SubjectNotice notice = incidents.subjectNotices(id).get(0);
        assertEquals(planned, notice.sentAt().orElseThrow(), "not before it was planned");
        assertEquals("SUCCESS", f.audited("incident.notify").get(1).outcome().name());
    }

    @Test
    void anAuditFailure_afterTheOutboxAccepted_isMadeGoodByACallAgain() {
        AtomicBoolean failNotice = new AtomicBoolean(true);
        IncidentFixture f = new IncidentFixture(stores -> {
            AuditLogStore log = stores.auditLog();
            return stores.withAuditLog((AuditLogStore) Proxy.newProxyInstance(AuditLogStore.class.getClassLoader(),
                    new Class<?>[] {AuditLogStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("append") && args[0] instanceof AuditRecord r
                                && r.action().equals("incident.notice") && failNotice.getAndSet(false)) {
                            throw new StoreException("The audit log is unavailable", true, null);
                        }
                        try {
                            return method.invoke(log, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        });
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        List<SubjectId> two = subjects(2);
        assertThrows(StoreException.class, () -> incidents.notifySubjects(id, two, STAFF));
        assertEquals(1, f.outbox.messages().size(), "the first subject's message is in the outbox");

        BreachNoticeReport again = incidents.notifySubjects(id, two, STAFF);
        assertEquals(2, again.sent(), "the first subject's notice is recorded now, with its entry");
        assertEquals(2, f.outbox.messages().size(), "and no second message");
        for (SubjectId subject : two) {
            assertEquals(1, f.audited("incident.notice").stream()
                    .filter(r -> r.subjectRef().orElseThrow().equals(f.kit.audit().subjectRef(subject))).count(),
                    "every notice has its audit entry");
        }
        assertTrue(f.kit.audit().verify().intact());
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
        IncidentRegister incidents = f.register((subject, payload, key) ->
                new BreachNoticeSender.Accepted("not an id", f.clock.instant()));
        String id = incidents.report(report(), STAFF);
        BreachNoticeReport report = incidents.notifySubjects(id, subjects(2), STAFF);
        assertEquals(2, report.failed().size());
        assertTrue(incidents.subjectNotices(id).stream().noneMatch(SubjectNotice::isSent));
    }

    @ParameterizedTest(name = "real outbox store: {0}")
    @ValueSource(booleans = {false, true})
    void twoConcurrentCalls_forTheSameSubjects_putOneMessageEachInTheOutbox(boolean real) throws Exception {
        IncidentFixture f = new IncidentFixture();
        String id = f.register().report(report(), STAFF);
        List<SubjectId> twenty = subjects(20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BreachNoticeReport>> futures = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                IncidentRegister register = f.register(outbox(f, real));
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
        Map<String, SubjectId> messages = messages(f, real);
        assertEquals(20, messages.size());
        List<SubjectNotice> notices = f.register().subjectNotices(id);
        assertEquals(messages.keySet(), new HashSet<>(notices.stream().map(n -> n.messageId().orElseThrow()).toList()));
        // Both calls may audit a subject they both sent (the outbox gave both the same message):
        // every subject has at least one entry, and every entry names that subject's one message.
        Map<String, String> messageOf = new HashMap<>();
        notices.forEach(n -> messageOf.put(n.subject().value(), n.messageId().orElseThrow()));
        List<AuditRecord> entries = f.audited("incident.notice");
        assertEquals(messageOf.keySet(), Set.copyOf(entries.stream().map(r -> r.subjectRef().orElseThrow()).toList()));
        for (AuditRecord r : entries) {
            assertEquals(messageOf.get(r.subjectRef().orElseThrow()), r.details().get("message"));
        }
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

    /** The real outbox store holds what the register asked for, under the register's keys. */
    @Test
    void theRealOutboxStore_holdsOneBreachNoticePerSubject_underTheRegistersKey() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register(f.realOutbox());
        String id = incidents.report(report(), STAFF);
        incidents.notifySubjects(id, subjects(3), STAFF);
        List<OutboxMessage> stored = f.realOutboxMessages();
        assertEquals(3, stored.size());
        for (OutboxMessage m : stored) {
            assertEquals(BreachNoticeSender.TYPE, m.type());
            assertTrue(m.id().startsWith("breach:" + id + ":s-"), m.id());
        }
    }
}
