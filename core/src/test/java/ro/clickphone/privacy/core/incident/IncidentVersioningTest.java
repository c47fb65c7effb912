package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.CONTACT;
import static ro.clickphone.privacy.core.incident.IncidentFixture.CUSTOMERS;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentVersion;

/** Reports, updates in versions never overwritten, the cooperation log, and the audit of every step. */
class IncidentVersioningTest {

    @Test
    void aReport_isVersionOne_withThePolicysDpo_andWhoRecordedItWhen() {
        IncidentFixture f = new IncidentFixture();
        String id = f.kit.incidents().report(report(), STAFF);
        assertTrue(id.matches("i-[0-9a-f]{32}"), id);
        IncidentVersion v1 = f.kit.incidents().current(id).orElseThrow();
        assertEquals(1, v1.version());
        assertEquals(report().nature(), v1.nature());
        assertEquals(IncidentStatus.OPEN, v1.status());
        assertEquals(EnumSet.allOf(IncidentClock.class), v1.clocks());
        assertEquals(new IncidentContact("Andrei Bucur", Optional.of("dpo@caronet.ro"), Optional.of("031-005.00.15")),
                v1.contact(), "the DPO as the policy names them");
        assertEquals(f.clock.instant(), v1.recordedAt());
        assertEquals("STAFF:emp-0815", v1.recordedBy());
        assertEquals(List.of(v1), f.kit.incidents().history(id));
    }

    @Test
    void aPersonRecording_isKeptAsTheirAuditPseudonym_neverTheirId() {
        IncidentFixture f = new IncidentFixture();
        SubjectId customer = SubjectId.of("+40721234567");
        String id = f.kit.incidents().report(report(), Actor.subject(customer));
        String recordedBy = f.kit.incidents().current(id).orElseThrow().recordedBy();
        assertEquals("SUBJECT:" + f.kit.audit().subjectRef(customer), recordedBy);
        assertFalse(recordedBy.contains("721234567"));
    }

    @Test
    void anUpdate_addsTheNextVersion_carryingOverWhatItDoesNotChange_andNeverOverwrites() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report(), STAFF);
        IncidentVersion v1 = incidents.current(id).orElseThrow();
        f.clock.advance(Duration.ofHours(3));
        Actor dpo = Actor.staff(ro.clickphone.privacy.spi.Recipient.of("EMPLOYEES"), "dpo-1", Set.of("DPO"));
        IncidentVersion v2 = incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED)
                .withAffectedSubjects(AffectedCount.exactly(1187)).withAffectedRecords(AffectedCount.estimate(40_000))
                .withMeasures("Passwords reset; the phishing domain was taken down"), dpo);
        assertEquals(2, v2.version());
        assertEquals(IncidentStatus.CONTAINED, v2.status());
        assertEquals(AffectedCount.exactly(1187), v2.affectedSubjects());
        assertEquals(Optional.of(AffectedCount.estimate(40_000)), v2.affectedRecords());
        assertEquals(v1.nature(), v2.nature(), "carried over");
        assertEquals(v1.categories(), v2.categories());
        assertEquals(v1.discoveredAt(), v2.discoveredAt());
        assertEquals(f.clock.instant(), v2.recordedAt());
        assertEquals("STAFF:dpo-1", v2.recordedBy());
        IncidentVersion v3 = incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CLOSED)
                .withCategories(Set.of(CONTACT)), STAFF);
        assertEquals(List.of(v1, v2, v3), incidents.history(id), "every version kept as it was recorded");
        assertEquals(Optional.of(v3), incidents.current(id));
        assertEquals(Optional.of(AffectedCount.estimate(40_000)), v3.affectedRecords(), "carried over again");
    }

    @Test
    void concurrentUpdates_allLand_oneVersionEach_noneLost() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report(), STAFF);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<IncidentVersion>> futures = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                String measures = "measure number " + n;
                futures.add(pool.submit(() -> {
                    start.await();
                    return incidents.update(id, IncidentChanges.none().withMeasures(measures), STAFF);
                }));
            }
            start.countDown();
            for (Future<IncidentVersion> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<IncidentVersion> history = incidents.history(id);
        assertEquals(threads + 1, history.size());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i + 1, history.get(i).version(), "no gap, no duplicate");
        }
        for (int n = 0; n < threads; n++) {
            String measures = "measure number " + n;
            assertEquals(1, history.stream().filter(v -> v.measures().equals(measures)).count(),
                    "each update is one version: " + measures);
        }
        assertEquals(threads, f.audited("incident.update").size());
    }

    @Test
    void badReportsAndUpdates_areRefusedByTheirRule_andChangeNothing() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report(), STAFF);
        IncidentException nothing = assertThrows(IncidentException.class,
                () -> incidents.update(id, IncidentChanges.none(), STAFF));
        assertEquals(IncidentException.Rule.NOTHING_CHANGED, nothing.brokenRule());
        assertEquals(IncidentException.Rule.UNKNOWN_INCIDENT, assertThrows(IncidentException.class,
                () -> incidents.update("i-unknown", IncidentChanges.none().withStatus(IncidentStatus.CLOSED), STAFF))
                .brokenRule());
        Instant future = f.clock.instant().plus(Duration.ofMinutes(6));
        assertEquals(IncidentException.Rule.IN_THE_FUTURE, assertThrows(IncidentException.class,
                () -> incidents.update(id, IncidentChanges.none().withDiscoveredAt(future), STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.IN_THE_FUTURE, assertThrows(IncidentException.class,
                () -> incidents.report(IncidentReport.of("n", IncidentFixture.OCCURRED, future,
                        AffectedCount.exactly(1), CUSTOMERS, Set.of(CONTACT), "c", "m"), STAFF)).brokenRule());
        assertThrows(PolicyViolationException.class, () -> incidents.report(IncidentReport.of("n",
                IncidentFixture.OCCURRED, DISCOVERED, AffectedCount.exactly(1), CUSTOMERS,
                Set.of(DataCategory.of("NO_SUCH")), "c", "m"), STAFF));
        assertThrows(PolicyViolationException.class, () -> incidents.update(id, IncidentChanges.none()
                .withCategories(Set.of(DataCategory.of("NO_SUCH"))), STAFF));
        PolicyViolationException subjects = assertThrows(PolicyViolationException.class, () -> incidents.report(
                IncidentReport.of("n", IncidentFixture.OCCURRED, DISCOVERED, AffectedCount.exactly(1),
                        Set.of("CUSTOMER", "NO_SUCH_SUBJECTS"), Set.of(CONTACT), "c", "m"), STAFF));
        assertTrue(subjects.getMessage().contains("report.subjectCategories"), subjects.getMessage());
        assertFalse(subjects.getMessage().contains("NO_SUCH_SUBJECTS"), "names the argument, never the id given");
        assertThrows(PolicyViolationException.class, () -> incidents.update(id, IncidentChanges.none()
                .withSubjectCategories(Set.of("NO_SUCH_SUBJECTS")), STAFF));
        assertThrows(InvalidInputException.class, () -> IncidentChanges.none().withSubjectCategories(Set.of()));
        assertThrows(InvalidInputException.class, () -> IncidentChanges.none().withSubjectCategories(
                Set.of("customer")));
        InvalidInputException order = assertThrows(InvalidInputException.class, () -> incidents.update(id,
                IncidentChanges.none().withOccurredAt(DISCOVERED.plusSeconds(1)), STAFF));
        assertEquals("incident.discoveredAt", order.argument(), "an occurrence after the discovery");
        assertEquals(IncidentException.Rule.EPRIVACY_CLOCKS_APART, assertThrows(IncidentException.class,
                () -> report().withClocks(EnumSet.of(IncidentClock.EPRIVACY_INITIAL_24H))).brokenRule());
        assertEquals(IncidentException.Rule.EPRIVACY_CLOCKS_APART, assertThrows(IncidentException.class,
                () -> IncidentChanges.none().withClocks(EnumSet.of(IncidentClock.EPRIVACY_FULL_3D))).brokenRule());
        assertThrows(InvalidInputException.class, () -> incidents.report(null, STAFF));
        assertThrows(InvalidInputException.class, () -> incidents.report(report(), null));
        assertThrows(InvalidInputException.class, () -> report().withDelayReason("two\nlines"));
        assertEquals(1, incidents.history(id).size(), "nothing changed");
        assertEquals(1, f.audited("incident.report").size());
        assertTrue(f.audited("incident.update").isEmpty());
    }

    @Test
    void theCooperationLog_keepsRequestsAndAnswersInOrder_withTheirDates() {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofDays(5)));
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report(), STAFF);
        Instant asked = DISCOVERED.plus(Duration.ofDays(3));
        Instant answered = DISCOVERED.plus(Duration.ofDays(4));
        CooperationEntry request = incidents.logCooperation(id, CooperationKind.REQUEST, asked,
                "ANSPDCP asked for the access logs of the mailboxes", STAFF);
        CooperationEntry answer = incidents.logCooperation(id, CooperationKind.ANSWER, answered,
                "Access logs sent, registered as 4411", STAFF);
        assertEquals(List.of(request, answer), incidents.cooperationLog(id));
        assertEquals(asked, request.at());
        assertEquals(f.clock.instant(), request.recordedAt());
        assertEquals("STAFF:emp-0815", answer.recordedBy());
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CLOSED), STAFF);
        assertEquals(List.of(request, answer), incidents.cooperationLog(id), "kept across versions");

        assertEquals(IncidentException.Rule.IN_THE_FUTURE, assertThrows(IncidentException.class,
                () -> incidents.logCooperation(id, CooperationKind.NOTE, f.clock.instant().plus(Duration.ofHours(1)),
                        "meeting", STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.UNKNOWN_INCIDENT, assertThrows(IncidentException.class,
                () -> incidents.logCooperation("i-unknown", CooperationKind.NOTE, asked, "meeting", STAFF))
                .brokenRule());
        assertEquals(List.of("REQUEST", "ANSWER"), f.audited("incident.cooperation").stream()
                .map(r -> r.details().get("kind")).toList());
    }

    @Test
    void authorityNotices_areRefusedForClocksThatDoNotApply_beforeDiscovery_orInTheFuture() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.kit.incidents();
        String id = incidents.report(report().withClocks(EnumSet.of(IncidentClock.ANSPDCP_72H,
                IncidentClock.CUSTOMERS_24H)), STAFF);
        Instant now = f.clock.instant();
        assertEquals(IncidentException.Rule.CLOCK_NOT_APPLICABLE, assertThrows(IncidentException.class,
                () -> incidents.recordAuthorityNotice(id, IncidentClock.EPRIVACY_INITIAL_24H, now, "r", STAFF))
                .brokenRule());
        assertEquals(IncidentException.Rule.CLOCK_NOT_APPLICABLE, assertThrows(IncidentException.class,
                () -> incidents.recordAuthorityNotice(id, IncidentClock.CUSTOMERS_24H, now, "r", STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.BEFORE_DISCOVERY, assertThrows(IncidentException.class,
                () -> incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, DISCOVERED.minusSeconds(1), "r",
                        STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.IN_THE_FUTURE, assertThrows(IncidentException.class,
                () -> incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, now.plus(Duration.ofMinutes(6)),
                        "r", STAFF)).brokenRule());
        assertThrows(InvalidInputException.class,
                () -> incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, Instant.MAX, "r", STAFF));
        assertEquals(List.of(), incidents.authorityNotices(id));
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, now.plus(Duration.ofMinutes(4)), "r", STAFF);
        assertEquals(now.plus(Duration.ofMinutes(4)), incidents.authorityNotices(id).get(0).recordedAt(),
                "within the clock skew, recorded no earlier than sent");
    }

    @Test
    void everyStep_isAudited_onAChainThatVerifies() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), STAFF);
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, f.clock.instant(), "ANSPDCP-1", STAFF);
        incidents.logCooperation(id, CooperationKind.REQUEST, f.clock.instant(), "asked for logs", STAFF);
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1042")), STAFF);
        incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        for (String action : List.of("incident.report", "incident.update", "incident.authority-notice",
                "incident.cooperation", "incident.notice", "incident.notify", "incident.authority-report")) {
            assertEquals(1, f.audited(action).size(), action);
            assertEquals(id, f.audited(action).get(0).details().get("incident"), action);
        }
        assertEquals("ANSPDCP_72H,EPRIVACY_INITIAL_24H,EPRIVACY_FULL_3D,CUSTOMERS_24H",
                f.audited("incident.report").get(0).details().get("clocks"));
        assertEquals("status", f.audited("incident.update").get(0).details().get("changed"));
        assertEquals(List.of("CONTACT", "TRAFFIC"), f.audited("incident.report").get(0).categories());
        assertEquals("CUSTOMER", f.audited("incident.report").get(0).details().get("subjectCategories"));
        assertEquals("ANSPDCP_72H", f.audited("incident.authority-report").get(0).details().get("clock"));
        assertTrue(f.kit.audit().verify().intact());
    }

    @Test
    void theSameReportAgain_isTheSameIncident_soARetryAfterAnAuditFailureStoresNoSecond() {
        java.util.concurrent.atomic.AtomicBoolean failReport = new java.util.concurrent.atomic.AtomicBoolean(true);
        IncidentFixture f = new IncidentFixture(stores -> {
            ro.clickphone.privacy.spi.audit.AuditLogStore log = stores.auditLog();
            return stores.withAuditLog((ro.clickphone.privacy.spi.audit.AuditLogStore) java.lang.reflect.Proxy
                    .newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ro.clickphone.privacy.spi.audit.AuditLogStore.class}, (proxy, m, args) -> {
                                if (m.getName().equals("append")
                                        && args[0] instanceof ro.clickphone.privacy.spi.audit.AuditRecord r
                                        && r.action().equals("incident.report") && failReport.getAndSet(false)) {
                                    throw new ro.clickphone.privacy.spi.StoreException("The audit log is unavailable",
                                            true, null);
                                }
                                try {
                                    return m.invoke(log, args);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            }));
        });
        IncidentRegister incidents = f.register();
        assertThrows(ro.clickphone.privacy.spi.StoreException.class, () -> incidents.report(report(), STAFF),
                "stored, then the audit failed: the caller never saw the id");
        String id = incidents.report(report(), STAFF);
        assertEquals(1, f.stores.incidents().latestVersions(Optional.empty(), 10).size(), "one incident, not two");
        assertEquals(List.of(1), incidents.history(id).stream().map(IncidentVersion::version).toList());
        assertEquals(1, f.audited("incident.report").size(), "its entry, written by the retry");
        assertEquals(id, f.audited("incident.report").get(0).details().get("incident"));
        assertEquals("true", f.audited("incident.report").get(0).details().get("repeat"));

        assertEquals(id, incidents.report(report(), STAFF), "and a repeated call, the same");
        assertEquals(2, f.audited("incident.report").size());
        String other = incidents.report(report().withStatus(IncidentStatus.CONTAINED), STAFF);
        assertFalse(other.equals(id), "another report is another incident");
        Actor colleague = Actor.staff(ro.clickphone.privacy.spi.Recipient.of("EMPLOYEES"), "emp-0816", Set.of("DPO"));
        assertFalse(incidents.report(report(), colleague).equals(id), "as is the same report by someone else");
        assertTrue(id.matches("i-[0-9a-f]{32}"), id);
        assertTrue(f.kit.audit().verify().intact());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVersionRewrittenInTheStore_isFoundByItsAuditedDigest() {
        IncidentFixture f = new IncidentFixture();
        ro.clickphone.privacy.spi.incident.IncidentStore real = f.stores.incidents();
        java.util.concurrent.atomic.AtomicBoolean tamper = new java.util.concurrent.atomic.AtomicBoolean();
        // An insider with database access: version 1 now says the breach was discovered a day later.
        ro.clickphone.privacy.spi.incident.IncidentStore rewritten = (ro.clickphone.privacy.spi.incident.IncidentStore)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {ro.clickphone.privacy.spi.incident.IncidentStore.class}, (proxy, m, args) -> {
                            Object result;
                            try {
                                result = m.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (tamper.get() && m.getName().equals("history") && !((List<?>) result).isEmpty()) {
                                List<IncidentVersion> history = new ArrayList<>((List<IncidentVersion>) result);
                                IncidentVersion v = history.get(0);
                                history.set(0, new IncidentVersion(v.incidentId(), 1, v.nature(), v.occurredAt(),
                                        v.discoveredAt().plus(Duration.ofDays(1)), v.affectedSubjects(),
                                        v.affectedRecords(), v.subjectCategories(), v.categories(),
                                        v.likelyConsequences(), v.measures(), v.contact(), v.status(), v.clocks(),
                                        v.delayReason(), v.notice(), v.circumstances(), v.otherProviders(),
                                        v.crossBorder(), v.publicCommunication(), v.recordedAt(), v.recordedBy()));
                                return history;
                            }
                            return result;
                        });
        IncidentRegister incidents = f.register(f.outbox, rewritten);
        String id = incidents.report(report(), STAFF);
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), STAFF);
        HistoryVerification clean = incidents.verifyHistory(id, STAFF);
        assertTrue(clean.intact(), clean.toString());
        assertEquals(2, clean.versions());

        tamper.set(true);
        HistoryVerification found = incidents.verifyHistory(id, STAFF);
        assertFalse(found.intact());
        assertEquals(List.of(1), found.altered());
        assertEquals(List.of(), found.unaudited());
        assertEquals(List.of("SUCCESS", "FAILED"), f.audited("incident.verify-history").stream()
                .map(r -> r.outcome().name()).toList());
        assertEquals(IncidentException.Rule.UNKNOWN_INCIDENT, assertThrows(IncidentException.class,
                () -> incidents.verifyHistory("i-unknown", STAFF)).brokenRule());
    }

    @Test
    void aVersionAddedAroundTheRegister_isFoundUnaudited() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        IncidentVersion v1 = incidents.current(id).orElseThrow();
        assertTrue(f.stores.incidents().append(new IncidentVersion(id, 2, v1.nature(), v1.occurredAt(),
                v1.discoveredAt().plus(Duration.ofHours(30)), v1.affectedSubjects(), v1.affectedRecords(),
                v1.subjectCategories(), v1.categories(), v1.likelyConsequences(), v1.measures(), v1.contact(),
                v1.status(), v1.clocks(), v1.delayReason(), v1.notice(), v1.circumstances(), v1.otherProviders(),
                v1.crossBorder(), v1.publicCommunication(), v1.recordedAt(), v1.recordedBy())));
        assertEquals(List.of(2), incidents.verifyHistory(id, STAFF).unaudited());
    }

    @Test
    void theCategoriesOfDataSubjects_areKept_changed_andAudited() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        assertEquals(Set.of("CUSTOMER"), incidents.current(id).orElseThrow().subjectCategories());
        IncidentVersion v2 = incidents.update(id, IncidentChanges.none().withSubjectCategories(Set.of("CALL_PARTY",
                "CUSTOMER")), STAFF);
        assertEquals(List.of("CALL_PARTY", "CUSTOMER"), List.copyOf(v2.subjectCategories()));
        assertEquals("CALL_PARTY,CUSTOMER", f.audited("incident.update").get(0).details().get("subjectCategories"));
        assertEquals("subjectCategories", f.audited("incident.update").get(0).details().get("changed"));
    }

    /** The example of {@link IncidentRegister}'s and {@link IncidentReport}'s Javadoc, as written there. */
    @Test
    void theJavadocExamples_run() {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofHours(2)));
        java.time.Clock clock = f.clock;
        Actor staff = STAFF;
        String nature = "Phishing: three support mailboxes were read by an intruder";
        Instant occurredAt = IncidentFixture.OCCURRED;
        Instant discoveredAt = DISCOVERED;
        String consequences = "Phishing of the customers whose addresses were read";
        String measures = "Passwords reset, mailboxes closed, customers warned";
        List<SubjectId> affectedCustomers = List.of(SubjectId.of("acct-1042"), SubjectId.of("acct-2077"));
        Instant sentAt = DISCOVERED.plus(Duration.ofHours(1));

        String natureForCustomers = "Someone read three of our support mailboxes";
        String consequencesForCustomers = "You may receive phishing e-mails that use your name";
        String measuresForCustomers = "We reset the passwords and closed the mailboxes";
        String whatCustomersCanDo = "Do not open links in unexpected e-mails; change your ClickPhone password";

        IncidentRegister incidents = f.register();   // kit.incidents(), with the notifications wired
        String id = incidents.report(IncidentReport.of(nature, occurredAt, discoveredAt, AffectedCount.estimate(1200),
                Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")), consequences, measures)
                .withNotice(new BreachNoticeText(natureForCustomers, consequencesForCustomers, measuresForCustomers,
                        whatCustomersCanDo)), staff);
        incidents.notifySubjects(id, affectedCustomers, staff);                  // the 24-hour promise
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, sentAt, "ANSPDCP-2026-118", staff);
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), staff);
        List<Deadline> late = incidents.overdue(clock.instant());               // for an alarm
        String markdown = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, staff).toMarkdown();

        assertEquals(List.of(), late);
        assertTrue(markdown.contains(nature));
        assertEquals(2, f.outbox.messages().size());
        IncidentReport withRecords = IncidentReport.of("Phishing: three support mailboxes were read by an intruder",
                        occurredAt, discoveredAt, AffectedCount.estimate(1200), Set.of("CUSTOMER"),
                        Set.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC")),
                        "Phishing of the customers whose addresses were read",
                        "Passwords reset, mailboxes closed, customers warned")
                .withAffectedRecords(AffectedCount.estimate(40_000))
                .withNotice(new BreachNoticeText("Someone read three of our support mailboxes",
                        "You may receive phishing e-mails that use your name",
                        "We reset the passwords and closed the mailboxes",
                        "Do not open links in unexpected e-mails; change your ClickPhone password"));
        String second = f.register().report(withRecords, staff);
        IncidentVersion v2 = f.register().update(second, IncidentChanges.none()
                .withStatus(IncidentStatus.CONTAINED)
                .withAffectedSubjects(AffectedCount.exactly(1187))
                .withMeasures("Passwords reset; the phishing domain was taken down"), staff);
        assertEquals(2, v2.version());
    }

    @Test
    void aKitBuiltWithoutStores_hasNoRegister_andTheKitsOwnRegisterHasNoNotificationsYet() {
        assertThrows(ConfigurationException.class, () -> ro.clickphone.privacy.core.PrivacyKit.builder()
                .policy(ro.clickphone.privacy.core.policy.Policy.clickPhoneDefault()).build().incidents());
        IncidentFixture f = new IncidentFixture();
        String id = f.kit.incidents().report(report(), STAFF);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> f.kit.incidents().notifySubjects(id, List.of(SubjectId.of("acct-1042")), STAFF));
        assertTrue(e.getMessage().contains("notifications are not configured"), e.getMessage());
        assertEquals("FAILED", f.audited("incident.notify").get(0).outcome().name());
    }
}
