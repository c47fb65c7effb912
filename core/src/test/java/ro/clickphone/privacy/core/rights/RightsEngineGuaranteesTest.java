package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.ANA;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.Verification;

/**
 * What the rights engine guarantees against forged audit entries, crashes between writes, data-shaped
 * verification methods, jobs acting as staff and partial art. 19 notices, each played as the failure it
 * guards against.
 */
class RightsEngineGuaranteesTest {

    private static final RequestChannel ACCOUNT = RequestChannel.CUSTOMER_ACCOUNT;
    private static final String CONTACTS_REMOVED = "Your notification contacts were removed.";
    private static final String TRAFFIC_DESTROYED = "The keys of scope traffic were destroyed: data encrypted under"
            + " them, backups included, can no longer be read.";

    @TempDir
    Path dir;

    private RightsKitFixture f;

    private RightsKitFixture fixture() {
        f = new RightsKitFixture(dir);
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Instant received() {
        return f.clock.instant().minus(Duration.ofHours(1));
    }

    // --- the outcome's statements are not read from a forgeable audit entry ---------------------

    @Test
    void aForgedFinishAuditEntry_recordedThroughKitAudit_doesNotChangeTheOutcome() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        // Anyone holding kit.audit() records an entry shaped like the completion's, before it runs.
        f.kit.audit().record(AuditEvent.of(Actor.system("forger", java.util.Set.of()), "rights.finish", AuditOutcome.SUCCESS)
                .withSubject(ANA).withDetail("request", r.id()).withDetail("shredded", "")
                .withDetail("contacts", "KEPT"));
        assertEquals(RequestState.COMPLETED, f.rights().process(r.id()).state());
        List<String> said = f.rights().outcome(r.id()).statements();
        assertTrue(said.contains(CONTACTS_REMOVED), said.toString());
        assertTrue(said.contains(TRAFFIC_DESTROYED), said.toString());
    }

    @Test
    void theCompletionsFacts_areStoredWithItsStep_soARestoredContactDirectoryDoesNotChangeTheOutcome() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        RequestRecord done = f.rights().process(r.id());
        assertFalse(done.progressOf("step:erasure-finish").orElseThrow().outcomes().isEmpty(),
                "the facts are in the request");
        f.stores.contacts().put(ANA, new ro.clickphone.privacy.spi.notify.SubjectContacts(
                java.util.Map.of(ro.clickphone.privacy.spi.notify.Medium.EMAIL, RightsKitFixture.ANA_EMAIL), "ro"));
        assertTrue(f.rights().outcome(r.id()).statements().contains(CONTACTS_REMOVED));
    }

    // --- "kept" contacts come from the plan, not from whether remove() found an entry ------------

    @Test
    void aSubjectWithoutAContactEntry_isNotToldALegalHoldKeepsHerContacts() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        // The answer is sent while the entry is there; the entry is gone before the completion runs.
        RightsKitFixture fx = f;
        ContactDirectory real = fx.stores.contacts();
        ContactDirectory gone = proxy(real, (name, args) -> {
            if (name.equals("remove")) {
                real.remove((ro.clickphone.privacy.spi.SubjectId) args[0]);
                return false;   // no entry was there to remove
            }
            return null;
        });
        var kit = fx.kitOn(fx.stores.withContacts(gone), "worker-n", s -> s, fx.notices::add);
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        List<String> said = kit.rights().outcome(r.id()).statements();
        assertTrue(said.contains(CONTACTS_REMOVED), said.toString());
        assertTrue(said.stream().noneMatch(s -> s.contains("legal hold keeps your CONTACT")), said.toString());
        assertEquals(List.of("REMOVED"), finishEntries().stream().map(e -> e.details().get("contacts")).toList());
    }

    @Test
    void aRetriedCompletion_thatRemovedTheContactsTheFirstTime_statesThemRemoved() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        ContactDirectory real = f.stores.contacts();
        AtomicInteger removes = new AtomicInteger();
        ContactDirectory flaky = proxy(real, (name, args) -> {
            if (name.equals("remove")) {
                boolean removed = real.remove((ro.clickphone.privacy.spi.SubjectId) args[0]);
                if (removes.incrementAndGet() == 1) {
                    throw new StoreException("The directory timed out after the removal", true, null);
                }
                return removed;
            }
            return null;
        });
        var kit = f.kitOn(f.stores.withContacts(flaky), "worker-r", s -> s, f.notices::add);
        RequestRecord first = kit.rights().process(r.id());
        RequestRecord done = first.state().ended() ? first : kit.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertEquals(2, removes.get(), "the completion ran again");
        List<String> said = kit.rights().outcome(r.id()).statements();
        assertTrue(said.contains(CONTACTS_REMOVED), said.toString());
        assertEquals(List.of("REMOVED"), finishEntries().stream().filter(e -> e.outcome() == AuditOutcome.SUCCESS)
                .map(e -> e.details().get("contacts")).toList());
    }

    // --- a verification method shaped like data is refused before anything is written -------------

    @Test
    void verifyManually_withAMethodCarryingAPersonalNumber_isRefusedBeforeTheRequestIsVerified() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, received()));
        for (String method : List.of("CNP_1850101223344", "ID_RX123456")) {
            assertThrows(InvalidInputException.class, () -> f.rights().verifyManually(r.id(), method,
                    RightsKitFixture.STAFF));
            assertFalse(String.valueOf(assertThrows(InvalidInputException.class, () -> f.rights().verifyManually(
                    r.id(), method, RightsKitFixture.STAFF)).getMessage()).contains(method.substring(3)));
        }
        assertEquals(RequestState.RECEIVED, f.rights().find(r.id()).orElseThrow().state(), "nothing was written");
        assertTrue(f.audited("rights.verify").isEmpty());
        assertEquals(RequestState.VERIFIED, f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED",
                RightsKitFixture.STAFF).state());
    }

    @Test
    void aVerifierAnsweringADocumentNumberAsItsMethod_isNotTrusted_andTheNumberNeverReachesTheAudit() {
        fixture();
        f.verification = Verification.verified("ID_RX123456");
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, received()));
        RequestRecord after = f.rights().verify(r.id());
        assertEquals(RequestState.REJECTED, after.state());
        assertEquals(java.util.Optional.of(RefusalReason.IDENTITY_NOT_VERIFIED), after.refusal());
        List<AuditRecord> verified = f.audited("rights.verify");
        assertEquals(1, verified.size());
        assertEquals("INVALID_METHOD", verified.get(0).details().get("method"));
        assertEquals(AuditOutcome.DENIED, verified.get(0).outcome());
        assertTrue(all().stream().noneMatch(e -> e.toString().contains("RX123456")
                || e.details().values().stream().anyMatch(v -> v.contains("RX123456"))));
    }

    // --- a job neither verifies by hand nor reads a review's sealed details -----------------------

    private static final Actor JOB = Actor.system("rights-batch", java.util.Set.of("DPO_OFFICE"));

    @Test
    void aJob_mayNotVerifyByHand() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, received()));
        assertThrows(PolicyViolationException.class, () -> f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED",
                JOB));
        assertEquals(RequestState.RECEIVED, f.rights().find(r.id()).orElseThrow().state());
    }

    @Test
    void aJob_mayNotReadAReviewsSealedDetails() {
        fixture();
        RequestRecord r = f.verified(RightsRequest.humanReview(ANA, ACCOUNT, received(), "fraud-score/2026-118",
                "I paid the invoice on time"));
        f.rights().process(r.id());
        ReviewTask task = f.rights().openReviews(10).get(0);
        assertThrows(PolicyViolationException.class, () -> f.rights().reviewDetails(task.id(), JOB));
        assertEquals("I paid the invoice on time", f.rights().reviewDetails(task.id(), RightsKitFixture.STAFF)
                .viewpoint());
    }

    private List<AuditRecord> all() {
        List<AuditRecord> out = new java.util.ArrayList<>();
        for (long from = 1;;) {
            List<AuditRecord> page = f.kit.audit().read(from, 4096);
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            from = page.get(page.size() - 1).sequence() + 1;
        }
    }

    // --- the corrected answer is sent before the end state is written ----------------------------

    @Test
    void aCrashRightAfterTheEndStateIsWritten_doesNotLoseTheCorrectedAnswer() {
        fixture().obligationsOver();
        ContactDirectory real = f.stores.contacts();
        ContactDirectory failing = proxy(real, (name, args) -> {
            if (name.equals("remove")) {
                throw new IllegalStateException("directory is read-only");
            }
            return null;
        });
        // The store keeps the end state, then the worker dies before it returns.
        RightsRequestStore store = f.stores.rights();
        AtomicInteger crashes = new AtomicInteger();
        RightsRequestStore crashing = (RightsRequestStore) java.lang.reflect.Proxy.newProxyInstance(
                RightsRequestStore.class.getClassLoader(), new Class<?>[] {RightsRequestStore.class}, (p, m, args) -> {
                    Object answer;
                    try {
                        answer = m.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("replace") && ((RequestRecord) args[0]).state().ended()
                            && crashes.getAndIncrement() == 0) {
                        throw new IllegalStateException("worker died");
                    }
                    return answer;
                });
        var kit = f.kitOn(f.stores.withContacts(failing).withRights(crashing), "worker-c", s -> s, f.notices::add);
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        assertThrows(IllegalStateException.class, () -> kit.rights().process(r.id()));
        assertEquals(RequestState.PARTIALLY_COMPLETED, f.rights().find(r.id()).orElseThrow().state());
        // The first answer said "carried out in full"; its correction went out (or its failure is on record)
        // before the end state was written.
        assertEquals(List.of("RIGHTS_REQUEST_ANSWERED", "RIGHTS_REQUEST_REFUSED"), f.audited("rights.subject.notice")
                .stream().map(e -> e.details().get("notification")).toList());
    }

    // --- "the recipients were told" only when every one was -----------------------------------

    @Test
    void whenOnlySomeRecipientsWereTold_neitherTheAnswerNorTheOutcomeSaysTheyWere() {
        fixture().obligationsOver();
        // Two recipients were permitted Ana's data; the second one's notices fail for good.
        assertTrue(f.kit.access().check(Actor.processor(ro.clickphone.privacy.spi.Recipient.of("CECCAR_ACCOUNTANT"),
                "ceccar-firm-12"), ANA, RightsKitFixture.FINANCIAL,
                ro.clickphone.privacy.spi.Purpose.of("FINANCIAL_REPORTING")).permitted());
        f.kit.audit().record(AuditEvent.of(Actor.system("gateway", java.util.Set.of()),
                ro.clickphone.privacy.core.access.AccessControl.ACTION, AuditOutcome.SUCCESS).withSubject(ANA)
                .withDetail("recipient", "PARTNER_GONE"));
        var kit = f.kit("worker-s", s -> s, notice -> {
            if (notice.recipient().id().equals("PARTNER_GONE")) {
                throw new IllegalStateException("partner rejects the notice");
            }
            f.notices.add(notice);
        });
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(java.util.Set.of("CECCAR_ACCOUNTANT"), done.recipientsTold(), "one was told");
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        List<String> said = kit.rights().outcome(r.id()).statements();
        assertFalse(said.contains(ro.clickphone.privacy.core.rights.internal.ErasureFinish.RECIPIENTS_TOLD_STATEMENT),
                said.toString());
        assertTrue(said.contains(
                ro.clickphone.privacy.core.rights.internal.ErasureFinish.RECIPIENTS_NOT_ALL_TOLD_STATEMENT),
                said.toString());
        String answer = f.channel.deliveries().stream().map(d -> d.message())
                .filter(m -> m.idempotencyKey().equals(r.id() + ":answered")).findFirst().orElseThrow().body();
        assertFalse(answer.contains("Destinatarii"), answer);
    }

    // --- a stable code for a source that cannot erase, the class name of old records still read ---

    @Test
    void aSourceThatCannotErase_isRecordedWithAStableCode_andRecordsWithTheOldClassNameStillStateIt() {
        fixture();
        var kit = f.kitWith("worker-x", f.billing.withoutExportAndErase(), f.cdr, f.crm);
        f.kit.retention().recordEvent(ANA, "contract-end", RightsKitFixture.CONTRACT_ENDED);
        f.kit.retention().tag(ANA, RightsKitFixture.ref(f.billing, "inv-1"), RightsKitFixture.FINANCIAL,
                f.clock.instant());
        f.kit.retention().tag(ANA, RightsKitFixture.ref(f.billing, "id-1"), RightsKitFixture.IDENTITY,
                RightsKitFixture.OLD_INVOICE);
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        var billing = done.progressOf("billing.invoices").orElseThrow();
        assertEquals(java.util.Optional.of("ERASE_NOT_SUPPORTED"), billing.lastFailure());
        String statement = ro.clickphone.privacy.core.rights.internal.Eraser.notErasedStatement("billing.invoices");
        assertTrue(kit.rights().outcome(r.id()).statements().contains(statement));
        // A record stored before the code: the exception's class name.
        RequestRecord stored = f.stores.rights().find(r.id()).orElseThrow();
        RequestRecord old = stored.withProgress(new ro.clickphone.privacy.spi.rights.SourceProgress(billing.source(),
                billing.status(), billing.attempts(),
                java.util.Optional.of("ro.clickphone.privacy.core.rights.internal.Eraser$EraseNotSupportedException"),
                billing.doneAt(), billing.outcomes()), f.clock.instant());
        assertTrue(f.stores.rights().replace(old));
        assertTrue(kit.rights().outcome(r.id()).statements().contains(statement));
    }

    // --- submit audits its intent first, and keeps the store's failure -----------------------

    /** The audit log of the fixture's stores, failing on the appends of an action while {@code failing}. */
    private ro.clickphone.privacy.spi.audit.AuditLogStore auditFailingOn(String action,
            java.util.concurrent.atomic.AtomicBoolean failing) {
        ro.clickphone.privacy.spi.audit.AuditLogStore real = f.stores.auditLog();
        return (ro.clickphone.privacy.spi.audit.AuditLogStore) java.lang.reflect.Proxy.newProxyInstance(
                ro.clickphone.privacy.spi.audit.AuditLogStore.class.getClassLoader(),
                new Class<?>[] {ro.clickphone.privacy.spi.audit.AuditLogStore.class}, (p, m, args) -> {
                    if (failing.get() && m.getName().equals("append") && args[0] instanceof AuditRecord a
                            && a.action().equals(action)) {
                        throw new StoreException("audit disk full", false, null);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anAuditTrailThatFailsBeforeTheInsert_storesNothing() {
        fixture();
        var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        var kit = f.kitOn(f.stores.withAuditLog(auditFailingOn("rights.submit.intent", failing)), "worker-i",
                s -> s, f.notices::add);
        assertThrows(StoreException.class, () -> kit.rights().submit(RightsRequest.access(ANA, ACCOUNT, received())));
        assertTrue(f.stores.rights().ofSubject(ANA).isEmpty(), "no request is stored without its entry");
        failing.set(false);
        RequestRecord r = kit.rights().submit(RightsRequest.access(ANA, ACCOUNT, received()));
        assertEquals(1, f.audited("rights.submit.intent").size());
        assertEquals(List.of(AuditOutcome.SUCCESS), f.audited("rights.submit").stream().map(AuditRecord::outcome)
                .toList());
        assertEquals(r.id(), f.audited("rights.submit.intent").get(0).details().get("request"));
    }

    @Test
    void aStoreFailureOfSubmit_isWhatTheCallerSees_evenWhenItsAuditFailsToo() {
        fixture();
        RightsRequestStore real = f.stores.rights();
        RightsRequestStore failingStore = (RightsRequestStore) java.lang.reflect.Proxy.newProxyInstance(
                RightsRequestStore.class.getClassLoader(), new Class<?>[] {RightsRequestStore.class}, (p, m, a) -> {
                    if (m.getName().equals("insert")) {
                        throw new StoreException("database down", true, null);
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        var kit = f.kitOn(f.stores.withRights(failingStore).withAuditLog(auditFailingOn("rights.submit", failing)),
                "worker-j", s -> s, f.notices::add);
        StoreException thrown = assertThrows(StoreException.class, () -> kit.rights().submit(RightsRequest.access(
                ANA, ACCOUNT, received())));
        assertTrue(thrown.isRetryable(), "the store's failure, not the audit's");
        assertEquals(1, thrown.getSuppressed().length, "the audit's failure is kept with it");
    }

    private List<AuditRecord> finishEntries() {
        return f.audited("rights.finish");
    }

    /** A directory that answers {@code override} when it returns non-null, the real one otherwise. */
    private static ContactDirectory proxy(ContactDirectory real,
            java.util.function.BiFunction<String, Object[], Object> override) {
        return (ContactDirectory) java.lang.reflect.Proxy.newProxyInstance(ContactDirectory.class.getClassLoader(),
                new Class<?>[] {ContactDirectory.class}, (p, m, args) -> {
                    Object answer = override.apply(m.getName(), args);
                    if (answer != null) {
                        return answer;
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
