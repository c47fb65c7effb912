package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.ANA;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.ANA_EMAIL;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.ANA_PHONE;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.CONTACT;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.DELEGATE;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.POLICY;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.STRANGER;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.rights.internal.RightsSealer;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemorySourceView;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.SourceCapability;

/** kit.rights() in the kit: its builder option, its guards, two workers, and what it never leaks. */
class RightsKitTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void aPolicyOnlyKit_hasNoRights_andTheOptionIsGivenOnceWithStores() {
        ConfigurationException none = assertThrows(ConfigurationException.class,
                () -> PrivacyKit.builder().policy(POLICY).clock(NOW).build().rights());
        assertTrue(none.getMessage().contains(".stores(InMemoryStores.create())"), none.getMessage());
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().rights(null));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().rights(RightsSettings.defaults())
                .rights(RightsSettings.defaults()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(POLICY)
                .rights(RightsSettings.defaults()).build(), "rights settings without stores are a mistake");
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(NOW).stores(InMemoryStores.create()).build();
        assertEquals(RequestState.RECEIVED, kit.rights().submit(RightsRequest.access(ANA,
                RequestChannel.CUSTOMER_ACCOUNT, NOW.instant())).state());
    }

    @Test
    void withoutAnErasureLedger_erasureIsRefused_andEveryOtherRightWorks() {
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(NOW).stores(InMemoryStores.create())
                .source(new InMemoryPersonalDataSource("crm.contacts", Set.of(CONTACT))).build();
        // Refused at submission: accepted, it would wait verified forever for a ledger it cannot have.
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> kit.rights().submit(
                RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT, NOW.instant())));
        assertTrue(e.getMessage().toLowerCase().contains("ledger"), e.getMessage());
        RequestRecord restrict = kit.rights().submit(RightsRequest.restriction(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                NOW.instant(), Set.of(CONTACT), Set.of()));
        kit.rights().verify(restrict.id());
        assertEquals(RequestState.COMPLETED, kit.rights().process(restrict.id()).state());
    }

    @Test
    void aRectificationWithoutKeySettings_isRefused_forItsValuesWouldGoUnsealed() {
        ro.clickphone.privacy.spi.memory.Stores stores = InMemoryStores.create();
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(NOW).stores(stores).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> kit.rights().submit(
                RightsRequest.rectification(ANA, RequestChannel.CUSTOMER_ACCOUNT, NOW.instant(),
                        List.of(Rectification.of(CONTACT, "notification_email", ANA_EMAIL)))));
        assertTrue(e.getMessage().contains("keys("), e.getMessage());
        assertTrue(stores.rights().ofSubject(ANA).isEmpty());
    }

    @Test
    void aPersistentErasureLedger_needsAuditKeysThatOutliveTheProcess() {
        // The ledger's subject references are sealed under a key derived from the audit's pseudonym key.
        ErasureLedger real = new InMemoryErasureLedger();
        ErasureLedger persistentLooking = (ErasureLedger) Proxy.newProxyInstance(ErasureLedger.class.getClassLoader(),
                new Class<?>[] {ErasureLedger.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(POLICY)
                .clock(NOW).stores(InMemoryStores.create())
                .rights(RightsSettings.defaults().withErasureLedger(persistentLooking)).build());
        assertTrue(e.getMessage().contains("AuditSettings.of(signer, subjectPseudonymKey)"), e.getMessage());
    }

    @Test
    void theRequestsSealedDetails_areTheKitsOwn_kitFieldsRefusesTheirContext() {
        try (RightsKitFixture f = new RightsKitFixture(dir)) {
            RequestRecord r = f.rights().submit(RightsRequest.rectification(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant(), List.of(Rectification.of(CONTACT, "notification_email", "new@example.ro"))));
            FieldContext theirs = RightsSealer.context(r.id());
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> f.kit.fields().decrypt(ANA, theirs, r.sealed().orElseThrow()));
            assertTrue(e.getMessage().contains(RightsSealer.ENTITY), e.getMessage());
            assertThrows(PolicyViolationException.class, () -> f.kit.fields().encrypt(ANA,
                    FieldContext.of(RightsSealer.ENTITY, RightsSealer.FIELD, KeyScope.of(RightsSealer.SCOPE)), "x"));
        }
    }

    @Test
    void twoWorkersOnOneRequest_onlyOneClaimsIt_theOtherLeavesItAlone() throws Exception {
        try (RightsKitFixture f = new RightsKitFixture(dir)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger erasures = new AtomicInteger();
            InMemoryPersonalDataSource data = new InMemoryPersonalDataSource("voicemail.box",
                    Set.of(DataCategory.of("VOICEMAIL")));
            data.add("vm-1", ANA, DataCategory.of("VOICEMAIL"), java.util.Map.of("voicemail_received_at", "x"));
            InMemorySourceView slow = new InMemorySourceView(data) {
                @Override
                public ErasureResult erase(SubjectId subject, Set<DataCategory> categories) {
                    erasures.incrementAndGet();
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return data().erase(subject, categories);
                }
            };
            PrivacyKit a = PrivacyKit.builder().policy(POLICY).stores(f.stores).clock(f.clock).keys(f.keys)
                    .source(slow).rights(RightsSettings.defaults().withWorkerId("worker-a").withErasureLedger(f.ledger))
                    .build();
            PrivacyKit b = PrivacyKit.builder().policy(POLICY).stores(f.stores).clock(f.clock).keys(f.keys)
                    .source(slow).rights(RightsSettings.defaults().withWorkerId("worker-b").withErasureLedger(f.ledger))
                    .build();
            RequestRecord r = a.rights().submit(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant()));
            a.rights().verify(r.id());
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<RequestRecord> first = pool.submit(() -> a.rights().process(r.id()));
                assertTrue(inside.await(10, TimeUnit.SECONDS));
                RequestRecord seenByB = b.rights().process(r.id());
                assertEquals(RequestState.IN_PROGRESS, seenByB.state());
                assertTrue(seenByB.lease().orElseThrow().owner().startsWith("worker-a:"));
                release.countDown();
                assertEquals(RequestState.COMPLETED, first.get(10, TimeUnit.SECONDS).state());
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            assertEquals(1, erasures.get(), "one worker erased; the other never called the source");
        }
    }

    @Test
    void noPersonalData_inLogsToStringsOrExceptions_acrossEveryRight() {
        List<String> seen = new ArrayList<>();
        try (RightsKitFixture f = new RightsKitFixture(dir).obligationsOver()) {
            f.cdr.failNext(SourceCapability.ERASE, 1);
            f.crm.failNext(SourceCapability.EXPORT, 1);
            Rights rights = f.rights();
            java.time.Instant at = f.clock.instant();
            RequestChannel account = RequestChannel.CUSTOMER_ACCOUNT;
            f.kit.consent().grant(ANA, ro.clickphone.privacy.spi.Purpose.of("MARKETING"),
                    ro.clickphone.privacy.core.consent.ConsentProof.of(ro.clickphone.privacy.spi.Actor.subject(ANA),
                            ro.clickphone.privacy.spi.consent.ConsentChannel.WEB_ACCOUNT));
            f.clock.advance(Duration.ofMinutes(1));
            // Every right, the erasure last (it destroys the keys the others' sealed details are under).
            List<RequestRecord> made = new ArrayList<>();
            made.add(f.verified(RightsRequest.access(ANA, account, at)));
            made.add(f.verified(RightsRequest.portability(ANA, account, at)));
            made.add(f.verified(RightsRequest.rectification(ANA, account, at,
                    List.of(Rectification.of(CONTACT, "notification_email", "ana.new@example.ro")))));
            made.add(f.verified(RightsRequest.restriction(ANA, account, at, Set.of(RightsKitFixture.TRAFFIC), Set.of())));
            made.add(f.verified(RightsRequest.objection(ANA, account, at,
                    Set.of(ro.clickphone.privacy.spi.Purpose.of("SERVICE_IMPROVEMENT")))));
            made.add(f.verified(RightsRequest.withdrawConsent(ANA, account, at,
                    Set.of(ro.clickphone.privacy.spi.Purpose.of("MARKETING")))));
            made.add(f.verified(RightsRequest.humanReview(ANA, account, at, "score-1",
                    "I called 0722 123 456 from home")));
            made.add(f.verified(RightsRequest.erasure(ANA, account, at).withRequester(DELEGATE)));
            assertEquals(Set.of(ro.clickphone.privacy.spi.rights.RightType.values()), Set.copyOf(made.stream()
                    .map(RequestRecord::type).toList()), "every right is run");
            for (RequestRecord r : made) {
                RequestRecord after = run(rights, r);
                if (after.state() == RequestState.IN_PROGRESS
                        && after.type() != ro.clickphone.privacy.spi.rights.RightType.HUMAN_REVIEW) {
                    after = run(rights, r);
                }
                if (after.type() == ro.clickphone.privacy.spi.rights.RightType.HUMAN_REVIEW) {
                    var task = rights.openReviews(5).get(0);
                    seen.add(task.toString());
                    seen.add(rights.assignReview(task.id(), RightsKitFixture.STAFF).toString());
                    seen.add(rights.reviewDetails(task.id(), RightsKitFixture.STAFF).toString());
                    seen.add(rights.decideReview(task.id(), ro.clickphone.privacy.spi.rights.ReviewDecision.UPHELD,
                            "Ana Ionescu's calls from 0722 123 456 confirm the score", RightsKitFixture.STAFF)
                            .toString());
                    after = rights.find(r.id()).orElseThrow();
                }
                assertTrue(after.state().ended(), after.type() + " ended: " + after.progress());
                seen.add(after.toString());
                seen.add(rights.outcome(r.id()).toString());
                seen.addAll(rights.outcome(r.id()).statements());
            }
            assertEquals(RequestState.COMPLETED, rights.find(made.get(7).id()).orElseThrow().state());
            // The staff actions on a request still open, and a request verified by hand.
            RequestRecord open = rights.submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, f.clock.instant()));
            seen.add(rights.extend(open.id(), "Ana Ionescu asked for calls from 0722 123 456", RightsKitFixture.STAFF)
                    .toString());
            seen.add(rights.pause(open.id(), RightsKitFixture.STAFF).toString());
            seen.add(rights.resume(open.id(), RightsKitFixture.STAFF).toString());
            seen.add(rights.verifyManually(open.id(), "ID_DOCUMENT_CHECKED", RightsKitFixture.STAFF).toString());
            seen.add(rights.reject(open.id(), ro.clickphone.privacy.spi.rights.RefusalReason.RIGHTS_OF_OTHERS,
                    RightsKitFixture.STAFF).toString());
            // Exceptions.
            seen.add(assertThrows(RuntimeException.class, () -> rights.submit(RightsRequest.access(ANA,
                    account, f.clock.instant()).withRequester(STRANGER))).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> rights.process("rr-00000000000000000000000000000000"))
                    .getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> rights.extend(open.id(), "Ana Ionescu asked",
                    RightsKitFixture.STAFF)).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> rights.extend(made.get(7).id(), "Ana Ionescu asked",
                    RightsKitFixture.UNGRANTED_STAFF)).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> rights.verifyManually(open.id(), "ID_DOCUMENT_CHECKED",
                    RightsKitFixture.STAFF)).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> rights.reviewDetails("rv-0", RightsKitFixture.STAFF))
                    .getMessage());
            // What is stored, and what is audited.
            f.stores.rights().ofSubject(ANA).forEach(r -> seen.add(r.toString()));
            for (var entry : f.audit()) {
                seen.add(entry.details().toString());
                seen.add(entry.actorRef());
            }
            seen.add(rights.toString());
            seen.add(f.kit.toString());
        }
        for (ILoggingEvent e : logs.list) {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                seen.add(e.getThrowableProxy().getMessage());
            }
        }
        assertFalse(logs.list.isEmpty(), "the engine logged its work");
        for (String s : seen) {
            for (String personal : List.of(ANA.value(), ANA_EMAIL, ANA_PHONE, "ana.new", "0722", "admin-77",
                    "admin-99", "Ionescu", "Lalelelor", "from home")) {
                assertFalse(s != null && s.contains(personal), personal + " in: " + s);
            }
        }
    }

    /** Carries a request out once, with a delivery to the test's directory when it exports. */
    private RequestRecord run(Rights rights, RequestRecord r) {
        return switch (r.type()) {
            case ACCESS, PORTABILITY -> rights.process(r.id(), ExportDelivery.toDirectory(dir));
            default -> rights.process(r.id());
        };
    }

    @Test
    void anotherWorkersValidLease_isLeftAlone_andNothingChanges() {
        try (RightsKitFixture f = new RightsKitFixture(dir)) {
            RequestRecord r = f.verified(RightsRequest.restriction(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant(), Set.of(CONTACT), Set.of()));
            var other = f.stores.rights().claim(r.id(), new Lease("worker-z",
                    f.clock.instant(), f.clock.instant().plus(Duration.ofMinutes(5))), f.clock.instant());
            assertTrue(other.isPresent());
            RequestRecord untouched = f.rights().process(r.id());
            assertEquals(other.get().version(), untouched.version());
            assertEquals(0, f.crm.calls(SourceCapability.RESTRICT));
        }
    }

    @Test
    void twoRunsOnOneKit_atOneInstant_carryTheRequestOutOnce() throws Exception {
        try (RightsKitFixture f = new RightsKitFixture(dir).obligationsOver()) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            f.beforeCdr = () -> {
                if (calls.incrementAndGet() == 1) {
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            RequestRecord r = f.verified(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant()));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<RequestRecord> first = pool.submit(() -> f.rights().process(r.id()));
                assertTrue(inside.await(10, TimeUnit.SECONDS));
                // Same kit, same worker id, same instant: the second run must leave the request alone.
                RequestRecord second = f.rights().process(r.id());
                assertEquals(RequestState.IN_PROGRESS, second.state());
                release.countDown();
                assertEquals(RequestState.COMPLETED, first.get(10, TimeUnit.SECONDS).state());
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            assertEquals(1, calls.get(), "the call records were erased by one run only");
            assertEquals(1, f.billing.calls(SourceCapability.ERASE), "the billing source was erased by one run only");
            assertEquals(1, f.crm.calls(SourceCapability.ERASE));
        }
    }

    @Test
    void aLeaseThatExpiresMidRun_andIsTakenOver_stopsTheFirstWorker_beforeItsNextSource() {
        try (RightsKitFixture f = new RightsKitFixture(dir)) {
            RequestRecord r = f.verified(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant()));
            f.beforeCdr = () -> {
                // The call outlives the lease; another worker claims the request meanwhile.
                f.clock.advance(RightsSettings.DEFAULT_LEASE.plusMinutes(1));
                Instant now = f.clock.instant();
                assertTrue(f.stores.rights().claim(r.id(), new Lease("worker-b-1", now, now.plusSeconds(300)), now)
                        .isPresent());
            };
            RightsException lost = assertThrows(RightsException.class, () -> f.rights().process(r.id()));
            assertEquals(RightsException.Rule.LEASE_LOST, lost.brokenRule());
            // Ana's contract runs: at the CRM source the erasure would restrict what ANCOM keeps, not erase it.
            assertEquals(0, f.crm.calls(SourceCapability.ERASE) + f.crm.calls(SourceCapability.RESTRICT),
                    "no source is called after the lease was lost");
            assertEquals(1, f.cdr.calls(SourceCapability.RESTRICT), "the source during which the lease was lost");
            assertEquals("worker-b-1", f.stores.rights().find(r.id()).orElseThrow().lease().orElseThrow().owner());
        }
    }

    @Test
    void aLongRun_renewsItsLease_beforeEachSource_soNoOtherWorkerCanClaimItMidRun() {
        try (RightsKitFixture f = new RightsKitFixture(dir)) {
            RequestRecord r = f.verified(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    f.clock.instant()));
            f.beforeCdr = () -> f.clock.advance(RightsSettings.DEFAULT_LEASE.plusMinutes(1));
            List<Boolean> claimedByOther = new ArrayList<>();
            f.beforeCrm = () -> {
                Instant now = f.clock.instant();
                claimedByOther.add(f.stores.rights().claim(r.id(), new Lease("worker-b-1", now, now.plusSeconds(300)),
                        now).isPresent());
            };
            f.rights().process(r.id());
            // Ana's contract runs: the CRM source restricts CONTACT and SERVICE_ADDRESS (ANCOM), one call each;
            // at neither could another worker claim the request.
            assertEquals(List.of(false, false), claimedByOther,
                    "the first worker's lease was renewed before the next source");
            assertEquals(2, f.crm.calls(SourceCapability.RESTRICT));
        }
    }
}
