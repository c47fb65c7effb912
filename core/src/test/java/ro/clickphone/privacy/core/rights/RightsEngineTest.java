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
import static ro.clickphone.privacy.core.rights.RightsKitFixture.FINANCIAL;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.IDENTITY;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.SERVICE_ADDRESS;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.STAFF;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.STRANGER;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.TRAFFIC;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.UNGRANTED_STAFF;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.ReviewDecision;
import ro.clickphone.privacy.spi.rights.ReviewState;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.SourceProgress;
import ro.clickphone.privacy.spi.rights.SourceStatus;
import ro.clickphone.privacy.spi.rights.Verification;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySourceView;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;

/** kit.rights() end to end: three in-memory sources, the real kit, its audit trail and consent ledger. */
class RightsEngineTest {

    private static final RequestChannel ACCOUNT = RequestChannel.CUSTOMER_ACCOUNT;

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

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

    // --- deadlines -----------------------------------------------------------------------------------

    @Test
    void receivedOn31January_dueMonday2March_extendedOnce_thenPausedOverMayDay() {
        fixture();
        // 31 January 2026 in Bucharest; a month on is Saturday 28 February, so the answer is due Monday 2 March.
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL,
                Instant.parse("2026-01-31T10:00:00Z")));
        assertEquals(LocalDate.parse("2026-02-28"), r.baseDue());
        assertEquals(LocalDate.parse("2026-03-02"), r.due());

        RequestRecord extended = f.rights().extend(r.id(), "Many sources hold your call records", STAFF);
        // Two months on the unshifted 28 February: Tuesday 28 April.
        assertEquals(LocalDate.parse("2026-04-28"), extended.baseDue());
        assertEquals(LocalDate.parse("2026-04-28"), extended.due());
        assertTrue(extended.extended());
        RightsException twice = assertThrows(RightsException.class, () -> f.rights().extend(r.id(), "again", STAFF));
        assertEquals(RightsException.Rule.EXTENDED_ALREADY, twice.brokenRule());
        AuditRecord notice = f.audited("rights.subject.notice").get(0);
        assertEquals("RIGHTS_REQUEST_EXTENDED", notice.details().get("notification"));
        assertEquals(AuditOutcome.SUCCESS, notice.outcome(), notice.toString());
        f.kit.notifications().dispatchPending();
        assertEquals(1, f.channel.sends(), "the subject is told of the extension and why");

        // Paused 3 whole calendar days: 28 April + 3 = Friday 1 May, a public holiday; then the weekend: Monday 4 May.
        f.rights().pause(r.id(), STAFF);
        assertThrows(RightsException.class, () -> f.rights().pause(r.id(), STAFF));
        f.clock.advance(Duration.ofDays(4));   // from 10:00 Bucharest: 3 calendar days whole inside
        RequestRecord resumed = f.rights().resume(r.id(), STAFF);
        assertEquals(3, resumed.pausedDays());
        assertEquals(LocalDate.parse("2026-05-04"), resumed.due());
        assertEquals(LocalDate.parse("2026-04-28"), resumed.baseDue());
        assertThrows(RightsException.class, () -> f.rights().resume(r.id(), STAFF));
    }

    @Test
    void overdueAndDueSoon_readTheOpenRequestsByDueDate() {
        fixture();
        RequestRecord early = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, Instant.parse("2026-01-05T10:00:00Z")));
        RequestRecord late = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, Instant.parse("2026-02-01T10:00:00Z")));
        Instant now = Instant.parse("2026-02-20T10:00:00Z");
        assertEquals(List.of(early.id()), f.rights().overdue(now).stream().map(RequestRecord::id).toList());
        assertEquals(List.of(), f.rights().dueSoon(now, Duration.ofDays(7)).stream().map(RequestRecord::id).toList());
        assertEquals(List.of(late.id()), f.rights().dueSoon(now, Duration.ofDays(10)).stream()
                .map(RequestRecord::id).toList());
        f.rights().reject(early.id(), RefusalReason.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE, STAFF);
        assertEquals(List.of(), f.rights().overdue(now), "an ended request is never overdue");
    }

    @Test
    void aPausedRequest_isNotOverdue_whileTheDaysPausedSoFarMoveItsDueDate() {
        fixture();
        RequestRecord early = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, Instant.parse("2026-01-05T10:00:00Z")));
        assertEquals(LocalDate.parse("2026-02-05"), early.due());
        f.rights().pause(early.id(), STAFF); // on 2 February, three days before it is due
        Instant now = Instant.parse("2026-02-20T10:00:00Z");
        assertEquals(List.of(), f.rights().overdue(now), "18 days paused so far: due 23 February");
        assertEquals(List.of(early.id()), f.rights().dueSoon(now, Duration.ofDays(3)).stream()
                .map(RequestRecord::id).toList());
        f.clock.set(now);
        f.rights().resume(early.id(), STAFF);
        assertEquals(List.of(early.id()), f.rights().overdue(Instant.parse("2026-02-25T10:00:00Z")).stream()
                .map(RequestRecord::id).toList(), "resumed, it is overdue again once its moved date passed");
    }

    @Test
    void overdue_readsPastThePageSize() {
        fixture();
        for (int i = 0; i < 300; i++) {
            f.rights().submit(RightsRequest.access(ANA, ACCOUNT, Instant.parse("2026-01-05T10:00:00Z")));
        }
        assertEquals(300, f.rights().overdue(Instant.parse("2026-02-20T10:00:00Z")).size());
    }

    @Test
    void staffWithoutTheRightsGrant_isRefused_andTheRefusalAudited() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, received()));
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> f.rights().extend(r.id(), "reason", UNGRANTED_STAFF));
        assertTrue(e.getMessage().contains("RIGHTS_REQUESTS"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> f.rights().reject(r.id(), RefusalReason.RIGHTS_OF_OTHERS,
                Actor.subject(ANA)));
        assertFalse(f.rights().find(r.id()).orElseThrow().extended());
        assertTrue(f.audited(AccessControl.ACTION).stream().anyMatch(a -> a.outcome() == AuditOutcome.DENIED));
    }

    // --- who may ask -------------------------------------------------------------------------------

    @Test
    void aDelegateOfTheAccount_isAllowed_aStrangerRefused_bothAudited() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()).withRequester(DELEGATE));
        assertEquals(RequestState.RECEIVED, r.state());
        assertEquals(Optional.of(DELEGATE), r.requester());
        PolicyViolationException refused = assertThrows(PolicyViolationException.class, () -> f.rights()
                .submit(RightsRequest.erasure(ANA, ACCOUNT, received()).withRequester(STRANGER)));
        assertFalse(refused.getMessage().contains(ANA.value()), refused.getMessage());
        List<AuditRecord> decisions = f.audited(AccessControl.RIGHTS_REQUEST);
        assertEquals(List.of(AuditOutcome.SUCCESS, AuditOutcome.DENIED), decisions.stream().map(AuditRecord::outcome)
                .toList());
        assertEquals("DELEGATION", decisions.get(0).details().get("reason"));
        assertEquals("OUTSIDE_DELEGATION", decisions.get(1).details().get("reason"));
        assertEquals(1, f.stores.rights().ofSubject(ANA).size(), "the refused request was never stored");
        // Staff are not requesters: a request is the subject's, or a delegate's on the subject's behalf.
        assertThrows(PolicyViolationException.class, () -> f.rights()
                .submit(RightsRequest.access(ANA, ACCOUNT, received()).withRequester(STAFF)));
        // Another subject cannot even be named as the requester.
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> RightsRequest.access(ANA, ACCOUNT,
                received()).withRequester(Actor.subject(ro.clickphone.privacy.spi.SubjectId.of("acct-2077"))));
    }

    // --- verification ------------------------------------------------------------------------------

    @Test
    void verification_pausesWhileProofIsAsked_thenVerifies_orRejects() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, received()));
        assertThrows(RightsException.class, () -> f.rights().process(r.id(), ExportDelivery.toDirectory(dir)),
                "nothing leaves before the identity is verified");
        RequestRecord pending = f.rights().verify(r.id());
        assertEquals(RequestState.RECEIVED, pending.state());
        assertTrue(pending.pausedSince().isPresent());
        f.clock.advance(Duration.ofDays(3));   // 2 calendar days whole inside the pause
        f.verification = Verification.verified("ID_DOCUMENT_MATCHED");
        RequestRecord verified = f.rights().verify(r.id());
        assertEquals(RequestState.VERIFIED, verified.state());
        assertEquals(2, verified.pausedDays());
        assertFalse(verified.due().isBefore(r.due().plusDays(2)));
        assertEquals("ID_DOCUMENT_MATCHED", f.audited("rights.verify").get(1).details().get("method"));

        RequestRecord other = f.rights().submit(RightsRequest.erasure(ANA, RequestChannel.POST, received()));
        f.verification = Verification.notVerified("NO_MATCHING_ACCOUNT");
        RequestRecord rejected = f.rights().verify(other.id());
        assertEquals(RequestState.REJECTED, rejected.state());
        assertEquals(Optional.of(RefusalReason.IDENTITY_NOT_VERIFIED), rejected.refusal());
        assertThrows(RightsException.class, () -> f.rights().process(other.id()));
        assertEquals(0, f.billing.calls(SourceCapability.ERASE) + f.cdr.calls(SourceCapability.ERASE)
                + f.crm.calls(SourceCapability.ERASE));
    }

    @Test
    void aRequestByPostOrToTheDpo_isVerifiedByHand_byGrantedStaff_closingThePause_audited() {
        fixture();
        // The default verifier trusts an account session only: a letter never verifies by itself.
        f.verification = null;
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.POST, received()));
        RequestRecord asked = f.rights().verify(r.id());
        assertEquals(RequestState.RECEIVED, asked.state());
        assertTrue(asked.pausedSince().isPresent(), "proof is asked of the requester: the deadline pauses");
        f.clock.advance(Duration.ofDays(3));   // 2 calendar days whole inside the pause

        assertThrows(PolicyViolationException.class, () -> f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED",
                UNGRANTED_STAFF));
        assertThrows(PolicyViolationException.class, () -> f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED",
                Actor.subject(ANA)), "the subject does not verify herself");
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> f.rights().verifyManually(r.id(),
                "saw her ID card 1234", STAFF), "the method is a code, never free text");
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> f.rights().verifyManually(r.id(),
                null, STAFF));
        assertEquals(RequestState.RECEIVED, f.rights().find(r.id()).orElseThrow().state());

        RequestRecord verified = f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED", STAFF);
        assertEquals(RequestState.VERIFIED, verified.state());
        assertTrue(verified.pausedSince().isEmpty(), "the pause closes");
        assertEquals(2, verified.pausedDays());
        assertEquals(r.due().plusDays(2), verified.due());
        AuditRecord audited = f.audited("rights.verify").get(1);
        assertEquals("ID_DOCUMENT_CHECKED", audited.details().get("method"));
        assertEquals("true", audited.details().get("manual"));
        assertEquals("VERIFIED", audited.details().get("state"));
        assertEquals("emp-0815", audited.actorRef());
        RightsException twice = assertThrows(RightsException.class,
                () -> f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED", STAFF));
        assertEquals(RightsException.Rule.WRONG_STATE, twice.brokenRule());
        assertEquals(RequestState.COMPLETED, f.rights().process(r.id(), ExportDelivery.toDirectory(dir)).state());

        RequestRecord refused = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, received()));
        f.rights().reject(refused.id(), RefusalReason.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE, STAFF);
        RightsException ended = assertThrows(RightsException.class,
                () -> f.rights().verifyManually(refused.id(), "ID_DOCUMENT_CHECKED", STAFF));
        assertEquals(RightsException.Rule.WRONG_STATE, ended.brokenRule());
        assertEquals(RequestState.REJECTED, f.rights().find(refused.id()).orElseThrow().state());
    }

    // --- fan-out -----------------------------------------------------------------------------------

    @Test
    void erasure_aSourceFailingOnItsFirstTry_staysPending_andTheRerunResumesThereOnly() {
        fixture().obligationsOver();
        f.cdr.failNext(SourceCapability.ERASE, 1);
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));

        RequestRecord first = f.rights().process(r.id());
        assertEquals(RequestState.IN_PROGRESS, first.state());
        SourceProgress cdr = first.progressOf("cdr.calls").orElseThrow();
        assertEquals(SourceStatus.PENDING, cdr.status());
        assertEquals(1, cdr.attempts());
        assertEquals(Optional.of(StoreException.class.getName()), cdr.lastFailure());
        assertEquals(SourceStatus.DONE, first.progressOf("billing.invoices").orElseThrow().status());
        assertEquals(SourceStatus.DONE, first.progressOf("crm.contacts").orElseThrow().status());
        assertTrue(first.lease().isEmpty(), "the lease is released after the run");

        RequestRecord second = f.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, second.state(), second.progress().toString());
        assertEquals(1, f.billing.calls(SourceCapability.ERASE), "a done source is never called again");
        assertEquals(1, f.crm.calls(SourceCapability.ERASE));
        assertEquals(2, f.cdr.calls(SourceCapability.ERASE));
        assertEquals(2, second.progressOf("cdr.calls").orElseThrow().attempts());
        assertTrue(f.cdr.recordsOf(ANA).isEmpty() && f.crm.recordsOf(ANA).isEmpty() && f.billing.recordsOf(ANA).isEmpty());
        assertEquals(1, f.ledger.since(Instant.EPOCH, Optional.empty(), 10).size(), "the erasure is in the ledger");
        assertThrows(RightsException.class, () -> f.rights().process(r.id()), "an ended request is not run again");
        List<String> sources = f.audited("rights.source").stream().filter(e -> !e.details().get("source")
                .startsWith("step:")).map(e -> e.details().get("source") + ":" + e.outcome()).toList();
        assertEquals(4, sources.size(), sources.toString());
        assertTrue(sources.contains("cdr.calls:FAILED"), sources.toString());
    }

    @Test
    void erasure_underARetentionObligation_keepsItRestricted_andSaysOnWhichGroundUntilWhen() {
        fixture();
        // The contract ended long ago (the ANCOM term is over); this year's invoice is kept 10 financial years.
        f.kit.retention().recordEvent(ANA, "contract-end", RightsKitFixture.CONTRACT_ENDED);
        f.kit.retention().tag(ANA, RightsKitFixture.ref(f.billing, "inv-1"), FINANCIAL, f.clock.instant());
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        RequestRecord done = f.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state());
        assertEquals(Optional.of(RefusalReason.LEGAL_RETENTION), done.refusal());
        List<CategoryOutcome> billing = done.progressOf("billing.invoices").orElseThrow().outcomes();
        CategoryOutcome kept = billing.stream().filter(o -> o.category().equals(FINANCIAL)).findFirst().orElseThrow();
        assertEquals(OutcomeKind.KEPT_RESTRICTED, kept.kind());
        assertTrue(kept.legalGround().orElseThrow().startsWith("FINANCIAL_RECORDS"), kept.toString());
        assertTrue(kept.until().orElseThrow().isAfter(LocalDate.parse("2035-12-30")), kept.toString());
        assertTrue(f.billing.isRestricted(RightsKitFixture.ref(f.billing, "inv-1")));
        assertTrue(f.billing.holds(RightsKitFixture.ref(f.billing, "inv-1")));
        // An untagged record of a category a legal obligation keeps is kept too, its last day unknown.
        CategoryOutcome identity = billing.stream().filter(o -> o.category().equals(IDENTITY)).findFirst()
                .orElseThrow();
        assertEquals(OutcomeKind.KEPT_RESTRICTED, identity.kind());
        assertTrue(identity.legalGround().orElseThrow().startsWith("FINANCIAL_RECORDS")
                && identity.legalGround().orElseThrow().contains("untagged, last day unknown"), identity.toString());
        assertTrue(identity.until().isEmpty());
        assertTrue(f.billing.isRestricted(RightsKitFixture.ref(f.billing, "id-1")));
        // What no obligation keeps any more is erased.
        assertTrue(f.crm.recordsOf(ANA).isEmpty());
        assertTrue(f.cdr.recordsOf(ANA).isEmpty());
        assertEquals(List.of(OutcomeKind.ERASED), done.progressOf("cdr.calls").orElseThrow().outcomes().stream()
                .map(CategoryOutcome::kind).toList());
    }

    @Test
    void erasure_whileTheContractRuns_keepsTrafficAndContactsRestricted_underAncom_untilTheTermAfterItsEnd() {
        fixture();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        RequestRecord done = f.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        assertEquals(Optional.of(RefusalReason.LEGAL_RETENTION), done.refusal());
        for (String source : List.of("cdr.calls", "crm.contacts")) {
            for (CategoryOutcome o : done.progressOf(source).orElseThrow().outcomes()) {
                assertEquals(OutcomeKind.KEPT_RESTRICTED, o.kind(), o.toString());
                assertTrue(o.legalGround().orElseThrow().startsWith("ANCOM_CONTRACT_END"), o.toString());
                assertTrue(o.until().isEmpty(), "the last day is unknown while the contract runs: " + o);
            }
        }
        assertEquals(2, f.cdr.recordsOf(ANA).size(), "the call records are kept");
        assertTrue(f.cdr.isRestricted(RightsKitFixture.ref(f.cdr, "call-1")), "and restricted");
        assertEquals(0, f.cdr.calls(SourceCapability.ERASE), "nothing was left to erase there");
        assertTrue(f.stores.contacts().find(ANA).isPresent(), "the contacts are kept while CONTACT data is kept");

        // The outcome, read back from the stored request: per source and category, and the statements.
        RequestOutcome outcome = f.rights().outcome(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, outcome.state());
        assertEquals(Optional.of(RefusalReason.LEGAL_RETENTION), outcome.refusal());
        assertEquals(Set.of("billing.invoices", "cdr.calls", "crm.contacts"), outcome.sources().keySet());
        assertEquals(done.progressOf("cdr.calls").orElseThrow().outcomes(),
                outcome.sources().get("cdr.calls").categories());
        assertEquals(5, outcome.all(OutcomeKind.KEPT_RESTRICTED).size(), outcome.sources().toString());
        List<String> said = outcome.statements();
        assertTrue(said.contains("The keys of scope traffic were kept: data kept restricted needs it: TRAFFIC at"
                + " cdr.calls (ANCOM_CONTRACT_END (ANCOM decisions and laws); untagged, last day unknown)."), said.toString());
        assertTrue(said.stream().anyMatch(x -> x.startsWith("The keys of scope fiscal were kept: data kept restricted"
                + " needs it: IDENTITY at billing.invoices (FINANCIAL_RECORDS")), said.toString());
        assertTrue(said.contains("The keys of scope device were destroyed: data encrypted under them, backups included,"
                + " can no longer be read."), "a scope no kept record needs is destroyed: " + said);
        assertTrue(said.contains("Consent evidence: not shredded: its key scope traffic was kept (see the keys above)."),
                said.toString());
        assertTrue(said.stream().anyMatch(x -> x.startsWith("Your notification contacts were kept: your CONTACT data is"
                + " kept (CONTACT at crm.contacts (ANCOM_CONTRACT_END")), said.toString());
        assertTrue(said.stream().anyMatch(x -> x.startsWith("Your token-vault mappings were kept (your TRAFFIC data is"
                + " kept")), said.toString());
        assertEquals(ro.clickphone.privacy.core.rights.internal.ErasureFinish.PSEUDONYMS_STATEMENT,
                said.get(said.size() - 1));
        for (String personal : List.of(ANA.value(), ANA_EMAIL, ANA_PHONE, "Ionescu", "Lalelelor")) {
            assertFalse(outcome.toString().contains(personal) || said.toString().contains(personal), personal);
        }
        // The answer the subject received says what was kept, in words, and what the erasure cannot reach.
        f.kit.notifications().dispatchPending();
        String answer = f.channel.deliveries().stream().map(d -> d.message())
                .filter(m -> m.idempotencyKey().equals(r.id() + ":answered")).findFirst().orElseThrow().body();
        assertTrue(answer.contains("- păstrate, restricționate: jurnale de telefonie (apeluri)"), answer);
        assertTrue(answer.contains("- păstrate, restricționate: documente financiar-contabile"), answer);
        assertTrue(answer.contains("nu le putem găsi sau șterge după identitatea dumneavoastră"), answer);
    }

    @Test
    void theOutcomeOfAFullErasure_saysWhatWasDestroyedAndRemoved_andThatExportedPseudonymsAreOutOfReach() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        assertTrue(f.rights().outcome(r.id()).statements().isEmpty(), "nothing is stated before the completion");
        assertEquals(RequestState.COMPLETED, f.rights().process(r.id()).state());
        RequestOutcome outcome = f.rights().outcome(r.id());
        assertEquals(RequestState.COMPLETED, outcome.state());
        assertEquals(List.of(), outcome.all(OutcomeKind.KEPT_RESTRICTED));
        assertEquals(Set.of(FINANCIAL, IDENTITY, TRAFFIC, CONTACT, SERVICE_ADDRESS), Set.copyOf(
                outcome.all(OutcomeKind.ERASED).stream().map(CategoryOutcome::category).toList()));
        List<String> said = outcome.statements();
        for (String scope : List.of("profile", "fiscal", "traffic")) {
            assertTrue(said.contains("The keys of scope " + scope + " were destroyed: data encrypted under them, backups"
                    + " included, can no longer be read."), said.toString());
        }
        assertTrue(said.stream().anyMatch(x -> x.startsWith("Consent evidence: shredded with key scope traffic")),
                said.toString());
        assertTrue(said.contains("Your notification contacts were removed."), said.toString());
        assertTrue(said.contains(ro.clickphone.privacy.core.rights.internal.ErasureFinish.vaultStatement(
                Optional.empty())), said.toString());
        assertTrue(said.contains(ro.clickphone.privacy.core.rights.internal.ErasureFinish.PSEUDONYMS_STATEMENT));
        assertEquals(said, f.rights().outcome(r.id()).statements(), "derived deterministically");
        String answer = f.channel.deliveries().get(0).message().body();
        assertTrue(answer.contains("a fost soluționată integral.\n\nCopiile datelor dumneavoastră pseudonimizate"),
                answer);
        assertFalse(answer.contains("păstrate, restricționate"), answer);
        assertFalse(answer.contains("Destinatarii"), "no recipient was told: the answer does not say so: " + answer);

        // Another right: its outcome per source, no erasure statements; an unknown id is refused.
        RequestRecord access = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(FINANCIAL),
                Set.of()));
        f.rights().process(access.id());
        RequestOutcome restricted = f.rights().outcome(access.id());
        assertEquals(List.of(), restricted.statements());
        assertEquals(Set.of("billing.invoices"), restricted.sources().keySet());
        RightsException unknown = assertThrows(RightsException.class,
                () -> f.rights().outcome("rr-00000000000000000000000000000000"));
        assertEquals(RightsException.Rule.UNKNOWN_REQUEST, unknown.brokenRule());
        assertTrue(outcome.toString().startsWith("RequestOutcome[" + r.id() + ", ERASURE, COMPLETED, 3 source(s), "),
                outcome.toString());
    }

    @Test
    void anErasureWhoseCompletionFailsForGood_endsPartiallyCompleted_auditedAndTheAnswerCorrected() {
        fixture().obligationsOver();
        // The contact directory refuses to remove the entry with a failure no retry changes.
        ContactDirectory real = f.stores.contacts();
        ContactDirectory failing = (ContactDirectory) java.lang.reflect.Proxy.newProxyInstance(
                ContactDirectory.class.getClassLoader(), new Class<?>[] {ContactDirectory.class}, (proxy, m, args) -> {
                    if (m.getName().equals("remove")) {
                        throw new IllegalStateException("directory is read-only");
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var kit = f.kitOn(f.stores.withContacts(failing), "worker-c", s -> s, f.notices::add);
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        assertEquals(Optional.of(RefusalReason.SOURCE_CANNOT_COMPLY), done.refusal());
        SourceProgress finish = done.progressOf("step:erasure-finish").orElseThrow();
        assertEquals(SourceStatus.NOT_SUPPORTED, finish.status());
        assertEquals(Optional.of(IllegalStateException.class.getName()), finish.lastFailure());
        List<AuditRecord> finished = f.audited("rights.finish");
        assertEquals(List.of(AuditOutcome.FAILED), finished.stream().map(AuditRecord::outcome).toList());
        assertEquals("IllegalStateException", finished.get(0).details().get("failure"));
        assertEquals(List.of("PARTIALLY_COMPLETED"), f.audited("rights.complete").stream()
                .map(e -> e.details().get("state")).toList());
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR
                && e.getFormattedMessage().contains("ALERT") && e.getFormattedMessage().contains(r.id())));
        // The answer "carried out in full" went out before the completion; it is corrected (or the failed
        // correction is on record: the completion destroyed the key the message would be sealed under).
        List<String> notices = f.audited("rights.subject.notice").stream()
                .map(e -> e.details().get("notification")).toList();
        assertEquals(List.of("RIGHTS_REQUEST_ANSWERED", "RIGHTS_REQUEST_REFUSED"), notices);
        assertTrue(f.rights().outcome(r.id()).statements().isEmpty(), "no statement claims a completion");
        assertThrows(RightsException.class, () -> kit.rights().process(r.id()), "ended: not run again");
    }

    @Test
    void erasure_atASourceThatCannotErase_restrictsWhatIsKeptThere_andAnswersTheRestAsNotSupported() {
        fixture();
        var kit = f.kitWith("worker-x", f.billing.withoutExportAndErase(), f.cdr, f.crm);
        f.kit.retention().recordEvent(ANA, "contract-end", RightsKitFixture.CONTRACT_ENDED);
        f.kit.retention().tag(ANA, RightsKitFixture.ref(f.billing, "inv-1"), FINANCIAL, f.clock.instant());
        f.kit.retention().tag(ANA, RightsKitFixture.ref(f.billing, "id-1"), IDENTITY, RightsKitFixture.OLD_INVOICE);
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        SourceProgress billing = done.progressOf("billing.invoices").orElseThrow();
        assertEquals(SourceStatus.NOT_SUPPORTED, billing.status());
        assertEquals(1, billing.attempts());
        assertEquals(List.of(FINANCIAL), billing.outcomes().stream().filter(o -> o.kind() == OutcomeKind.KEPT_RESTRICTED)
                .map(CategoryOutcome::category).toList(), billing.toString());
        assertTrue(f.billing.isRestricted(RightsKitFixture.ref(f.billing, "inv-1")), "the kept invoice is restricted");
        assertTrue(f.billing.holds(RightsKitFixture.ref(f.billing, "id-1")), "the identity record could not be erased");
        assertEquals(0, f.billing.calls(SourceCapability.ERASE));
        assertTrue(f.cdr.recordsOf(ANA).isEmpty() && f.crm.recordsOf(ANA).isEmpty());
    }

    @Test
    void afterABackupIsRestored_reapplyErasures_erasesAgain() {
        fixture().obligationsOver();
        var billing = f.billing.backup();
        var cdr = f.cdr.backup();
        var crm = f.crm.backup();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        assertEquals(RequestState.COMPLETED, f.rights().process(r.id()).state());
        f.billing.restore(billing);
        f.cdr.restore(cdr);
        f.crm.restore(crm);
        assertFalse(f.cdr.recordsOf(ANA).isEmpty(), "the restore brought the call records back");
        // Restored, not yet re-applied: the outcome still states what the erasure did (its audited completion),
        // not what the restored stores show.
        f.stores.contacts().put(ANA, new ro.clickphone.privacy.spi.notify.SubjectContacts(
                java.util.Map.of(ro.clickphone.privacy.spi.notify.Medium.EMAIL, ANA_EMAIL), "ro"));
        List<String> said = f.rights().outcome(r.id()).statements();
        assertTrue(said.contains("Your notification contacts were removed."), said.toString());
        assertTrue(said.contains("The keys of scope traffic were destroyed: data encrypted under them, backups"
                + " included, can no longer be read."), said.toString());
        ReapplyReport report = f.rights().reapplyErasures(Instant.EPOCH);
        assertTrue(report.complete(), report.toString());
        assertEquals(1, report.entries());
        assertTrue(f.cdr.recordsOf(ANA).isEmpty() && f.crm.recordsOf(ANA).isEmpty());
    }

    @Test
    void aWorkerThatDied_leavesItsLease_andAnotherResumesAfterItExpires_withoutRerunningDoneSources() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        // Worker "a" crashed mid-run: it held the lease and had finished billing only.
        var leased = f.stores.rights().claim(r.id(), new ro.clickphone.privacy.spi.Lease("worker-a", f.clock.instant(),
                f.clock.instant().plus(Duration.ofMinutes(5))), f.clock.instant()).orElseThrow();
        RequestRecord crashed = leased.next(RequestState.IN_PROGRESS, Optional.empty(), leased.baseDue(), leased.due(),
                false, Optional.empty(), Optional.empty(), 0, List.of(
                        SourceProgress.pending("billing.invoices").done(f.clock.instant(), List.of()),
                        SourceProgress.pending("cdr.calls"), SourceProgress.pending("crm.contacts")),
                leased.recipientsTold(), leased.lease(), f.clock.instant());
        assertTrue(f.stores.rights().replace(crashed));

        var restarted = f.kit("worker-b", s -> s, notice -> { });
        RequestRecord held = restarted.rights().process(r.id());
        assertEquals(RequestState.IN_PROGRESS, held.state(), "the lease still holds: worker b keeps off");
        assertEquals(0, f.cdr.calls(SourceCapability.ERASE));

        f.clock.advance(Duration.ofMinutes(6));
        RequestRecord done = restarted.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertEquals(0, f.billing.calls(SourceCapability.ERASE), "billing was done before the crash: never again");
        assertEquals(1, f.cdr.calls(SourceCapability.ERASE));
        assertEquals(1, f.crm.calls(SourceCapability.ERASE));
    }

    // --- rectification, restriction, objection, withdrawal ---------------------------------------------------

    @Test
    void rectification_goesThroughTheOwningSource_auditedWithHashesNeverValues() {
        fixture();
        String corrected = "ana.popescu@example.ro";
        RequestRecord r = f.verified(RightsRequest.rectification(ANA, ACCOUNT, received(),
                List.of(Rectification.of(CONTACT, "notification_email", corrected))));
        assertFalse(r.sealed().orElseThrow().contains(corrected), "the value is sealed in the store");
        RequestRecord done = f.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertEquals(corrected, f.crm.fields(RightsKitFixture.ref(f.crm, "c-1")).orElseThrow().get("notification_email"));
        assertEquals(0, f.cdr.calls(SourceCapability.RECTIFY), "a source not holding the category is not asked");
        AuditRecord entry = f.audited("rights.rectify").get(0);
        assertEquals(f.kit.audit().valueRef(ANA_EMAIL), entry.details().get("before"));
        assertEquals(f.kit.audit().valueRef(corrected), entry.details().get("after"));
        for (AuditRecord any : f.audit()) {
            assertFalse(any.details().toString().contains("example.ro"), any.toString());
        }
    }

    @Test
    void restriction_ofOneCategory_restrictsThatCategoryOnly_andRestrictAllGoesToTheConsentLedger() {
        fixture();
        RequestRecord r = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(TRAFFIC), Set.of()));
        RequestRecord done = f.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertTrue(f.cdr.isRestricted(RightsKitFixture.ref(f.cdr, "call-1")));
        assertFalse(f.crm.isRestricted(RightsKitFixture.ref(f.crm, "c-1")));
        assertEquals(0, f.crm.calls(SourceCapability.RESTRICT) + f.billing.calls(SourceCapability.RESTRICT));
        assertEquals(Set.of(TRAFFIC), Set.copyOf(done.progressOf("cdr.calls").orElseThrow().outcomes().stream()
                .map(CategoryOutcome::category).toList()));
        assertTrue(f.kit.consent().check(ANA, Purpose.of("SERVICE_IMPROVEMENT")).permitted(),
                "restricting one category leaves the subject's processing alone");

        RequestRecord one = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(),
                Set.of(RightsKitFixture.ref(f.crm, "c-2"))));
        f.rights().process(one.id());
        assertTrue(f.crm.isRestricted(RightsKitFixture.ref(f.crm, "c-2")));
        assertFalse(f.crm.isRestricted(RightsKitFixture.ref(f.crm, "c-1")));

        AuditRecord answered = f.audited("rights.subject.notice").get(0);
        assertEquals("RIGHTS_REQUEST_ANSWERED", answered.details().get("notification"));
        assertEquals(AuditOutcome.SUCCESS, answered.outcome(), answered.toString());
        f.kit.notifications().dispatchPending();
        assertEquals(2, f.channel.sends(), "the subject is told each answer (art. 12(4))");

        RequestRecord all = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(), Set.of()));
        assertEquals(RequestState.COMPLETED, f.rights().process(all.id()).state());
        assertFalse(f.kit.consent().check(ANA, Purpose.of("SERVICE_IMPROVEMENT")).permitted());
    }

    @Test
    void aRecordRestrictedAtASourceThatCannotFind_isNotCreditedToAnInventedCategory() {
        fixture();
        PersonalDataSource crmRestrictOnly = new InMemorySourceView(f.crm) {
            @Override
            public int restrict(SubjectId subject, Restriction restriction) {
                return data().restrict(subject, restriction);
            }
        };
        PersonalDataSource cdrRestrictOnly = new InMemorySourceView(f.cdr) {
            @Override
            public int restrict(SubjectId subject, Restriction restriction) {
                return data().restrict(subject, restriction);
            }
        };
        var kit = f.kitWith("worker-r", f.billing, cdrRestrictOnly, crmRestrictOnly);
        // The service address record, at a source holding CONTACT and SERVICE_ADDRESS that cannot say which.
        RequestRecord r = kit.rights().submit(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(),
                Set.of(RightsKitFixture.ref(f.crm, "c-2"), RightsKitFixture.ref(f.cdr, "call-1"))));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertTrue(f.crm.isRestricted(RightsKitFixture.ref(f.crm, "c-2")));
        SourceProgress crm = done.progressOf("crm.contacts").orElseThrow();
        assertEquals(SourceStatus.DONE, crm.status());
        assertEquals(List.of(), crm.outcomes(), "neither CONTACT nor SERVICE_ADDRESS is claimed: " + crm);
        assertEquals(Optional.of("RECORDS_CATEGORY_UNKNOWN"), crm.lastFailure());
        assertTrue(f.audited("rights.source").stream().anyMatch(e -> "crm.contacts".equals(e.details().get("source"))
                && "RECORDS_CATEGORY_UNKNOWN".equals(e.details().get("note")) && "1".equals(e.details().get("records"))));
        // A source holding one category only: its records can only be of that category.
        assertEquals(List.of(CategoryOutcome.of(TRAFFIC, OutcomeKind.RESTRICTED, 1)),
                done.progressOf("cdr.calls").orElseThrow().outcomes());
    }

    @Test
    void aRequestTheStoreFailsToInsert_isAuditedFailed_neverAsReceived() {
        fixture();
        RightsRequestStore real = f.stores.rights();
        RightsRequestStore failing = (RightsRequestStore) java.lang.reflect.Proxy.newProxyInstance(
                RightsRequestStore.class.getClassLoader(), new Class<?>[] {RightsRequestStore.class}, (proxy, m, a) -> {
                    if (m.getName().equals("insert")) {
                        throw new StoreException("database down", true, null);
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var kit = f.kitOn(f.stores.withRights(failing), "worker-s", s -> s, f.notices::add);
        assertThrows(StoreException.class, () -> kit.rights().submit(RightsRequest.access(ANA, ACCOUNT, received())));
        assertEquals(List.of(AuditOutcome.FAILED), f.audited("rights.submit").stream().map(AuditRecord::outcome)
                .toList(), "no entry says the request was received");
        assertEquals("StoreException", f.audited("rights.submit").get(0).details().get("failure"));
        assertTrue(f.stores.rights().ofSubject(ANA).isEmpty());
        f.rights().submit(RightsRequest.access(ANA, ACCOUNT, received()));
        assertEquals(List.of(AuditOutcome.FAILED, AuditOutcome.SUCCESS), f.audited("rights.submit").stream()
                .map(AuditRecord::outcome).toList());
    }

    @Test
    void objectionAndWithdrawal_goThroughTheConsentLedger_andChecksHonourThemAtOnce() {
        fixture();
        f.kit.consent().grant(ANA, Purpose.of("MARKETING"), ConsentProof.of(Actor.subject(ANA),
                ConsentChannel.WEB_ACCOUNT));
        assertTrue(f.kit.consent().check(ANA, Purpose.of("MARKETING")).permitted());
        assertTrue(f.kit.consent().check(ANA, Purpose.of("SERVICE_IMPROVEMENT")).permitted());
        f.clock.advance(Duration.ofMinutes(1));

        RequestRecord withdraw = f.verified(RightsRequest.withdrawConsent(ANA, ACCOUNT, received(),
                Set.of(Purpose.of("MARKETING"))).withRequester(DELEGATE));
        assertEquals(RequestState.COMPLETED, f.rights().process(withdraw.id()).state());
        assertFalse(f.kit.consent().check(ANA, Purpose.of("MARKETING")).permitted());

        RequestRecord object = f.verified(RightsRequest.objection(ANA, ACCOUNT, received(),
                Set.of(Purpose.of("SERVICE_IMPROVEMENT"))));
        RequestRecord done = f.rights().process(object.id());
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        assertFalse(f.kit.consent().check(ANA, Purpose.of("SERVICE_IMPROVEMENT")).permitted());
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> f.rights().submit(
                RightsRequest.objection(ANA, ACCOUNT, received(), Set.of(Purpose.of("NO_SUCH_PURPOSE")))));
        // No objection lies against a legal obligation: the ledger refuses it, and the answer says so.
        RequestRecord fiscal = f.verified(RightsRequest.objection(ANA, ACCOUNT, received(),
                Set.of(Purpose.of("FISCAL_DOCUMENTS"))));
        RequestRecord refused = f.rights().process(fiscal.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, refused.state(), refused.progress().toString());
        assertEquals(Optional.of(RefusalReason.SOURCE_CANNOT_COMPLY), refused.refusal());
        assertEquals(SourceStatus.NOT_SUPPORTED, refused.progressOf("consent:FISCAL_DOCUMENTS").orElseThrow().status());
    }

    // --- human review ------------------------------------------------------------------------------

    @Test
    void humanReview_opensATask_assignedAndDecided_whichCompletesTheRequest() {
        fixture();
        String viewpoint = "My line was cut although I paid on 3 March";
        RequestRecord r = f.verified(RightsRequest.humanReview(ANA, ACCOUNT, received(), "fraud-score/2026-118",
                viewpoint));
        RequestRecord running = f.rights().process(r.id());
        assertEquals(RequestState.IN_PROGRESS, running.state());
        List<ReviewTask> open = f.rights().openReviews(10);
        assertEquals(1, open.size());
        ReviewTask task = open.get(0);
        assertEquals("fraud-score/2026-118", task.decisionRef());
        assertFalse(task.sealedViewpoint().contains("paid"));
        assertEquals(RequestState.IN_PROGRESS, f.rights().process(r.id()).state(), "a second run opens no second task");
        assertEquals(1, f.rights().openReviews(10).size());

        ReviewTask assigned = f.rights().assignReview(task.id(), STAFF);
        assertEquals(ReviewState.ASSIGNED, assigned.state());
        assertThrows(PolicyViolationException.class, () -> f.rights().assignReview(task.id(), UNGRANTED_STAFF));
        Actor colleague = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0816", Set.of("DPO_OFFICE"));
        RightsException takenOver = assertThrows(RightsException.class, () -> f.rights().assignReview(task.id(),
                colleague), "a granted colleague does not take over another reviewer's task");
        assertEquals(RightsException.Rule.REVIEW_CLOSED, takenOver.brokenRule());
        ReviewTask decided = f.rights().decideReview(task.id(), ReviewDecision.CHANGED, "Payment found; restored",
                STAFF);
        assertEquals(ReviewState.DECIDED, decided.state());
        assertFalse(decided.sealedRationale().orElseThrow().contains("Payment"));
        assertEquals(RequestState.COMPLETED, f.rights().find(r.id()).orElseThrow().state());
        assertTrue(f.rights().openReviews(10).isEmpty());
        assertThrows(RightsException.class, () -> f.rights().decideReview(task.id(), ReviewDecision.UPHELD, "x", STAFF));
        assertEquals(List.of("rights.review.open", "rights.review.assign", "rights.review.decide"),
                f.audit().stream().map(AuditRecord::action).filter(a -> a.startsWith("rights.review")).toList());
    }

    @Test
    void reviewDetails_openThePointOfViewAndRationale_forGrantedStaff_thenOnlyForTheAssignee_audited() {
        fixture();
        String viewpoint = "My line was cut although I paid on 3 March";
        RequestRecord r = f.verified(RightsRequest.humanReview(ANA, ACCOUNT, received(), "fraud-score/2026-118",
                viewpoint));
        f.rights().process(r.id());
        ReviewTask task = f.rights().openReviews(10).get(0);
        assertThrows(PolicyViolationException.class, () -> f.rights().reviewDetails(task.id(), UNGRANTED_STAFF));
        assertThrows(PolicyViolationException.class, () -> f.rights().reviewDetails(task.id(), Actor.subject(ANA)));
        RightsException unknown = assertThrows(RightsException.class,
                () -> f.rights().reviewDetails("rv-00000000000000000000000000000000", STAFF));
        assertEquals(RightsException.Rule.UNKNOWN_REQUEST, unknown.brokenRule());

        Actor colleague = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0816", Set.of("DPO_OFFICE"));
        ReviewDetails open = f.rights().reviewDetails(task.id(), colleague);
        assertEquals(viewpoint, open.viewpoint(), "any granted reviewer reads a task not yet assigned");
        assertEquals("fraud-score/2026-118", open.decisionRef());
        assertEquals(ReviewState.OPEN, open.state());
        assertEquals(Optional.empty(), open.rationale());

        f.rights().assignReview(task.id(), STAFF);
        RightsException other = assertThrows(RightsException.class,
                () -> f.rights().reviewDetails(task.id(), colleague), "once assigned, another reviewer is refused");
        assertEquals(RightsException.Rule.REVIEW_CLOSED, other.brokenRule());
        f.rights().decideReview(task.id(), ReviewDecision.CHANGED, "Payment found on 3 March; restored", STAFF);
        ReviewDetails decided = f.rights().reviewDetails(task.id(), STAFF);
        assertEquals(viewpoint, decided.viewpoint());
        assertEquals(Optional.of("Payment found on 3 March; restored"), decided.rationale());
        assertEquals(Optional.of(ReviewDecision.CHANGED), decided.decision());
        assertEquals(r.id(), decided.requestId());
        for (String hidden : List.of("paid", "Payment", "fraud-score", ANA.value())) {
            assertFalse(decided.toString().contains(hidden), decided.toString());
        }
        List<AuditRecord> reads = f.audited("rights.review.read");
        assertEquals(List.of(AuditOutcome.SUCCESS, AuditOutcome.DENIED, AuditOutcome.SUCCESS),
                reads.stream().map(AuditRecord::outcome).toList());
        assertEquals(List.of("emp-0816", "emp-0816", "emp-0815"), reads.stream().map(AuditRecord::actorRef).toList());
        for (AuditRecord read : reads) {
            assertEquals(task.id(), read.details().get("task"));
            assertFalse(read.details().toString().contains("paid") || read.details().toString().contains("Payment"),
                    read.toString());
        }
    }

    // --- art. 19 -----------------------------------------------------------------------------------

    @Test
    void recipientsTheDataWentTo_areToldOfAnErasure_once_andItIsRecorded() {
        fixture().obligationsOver();
        Actor courier = Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-firm-12");
        assertTrue(f.kit.access().check(courier, ANA, FINANCIAL, Purpose.of("FINANCIAL_REPORTING")).permitted());
        // Staff reading the data are the controller itself, not a recipient to tell.
        assertTrue(f.kit.access().check(STAFF, ANA, CONTACT, Purpose.of("RIGHTS_REQUESTS")).permitted());
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        RequestRecord done = f.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, done.state());
        assertEquals(Set.of("CECCAR_ACCOUNTANT"), done.recipientsTold());
        assertEquals(1, f.notices.size());
        assertEquals(RightType.ERASURE, f.notices.get(0).type());
        assertEquals(ANA, f.notices.get(0).subject());
        assertTrue(f.notices.get(0).categories().contains(FINANCIAL));
        AuditRecord told = f.audited("rights.recipient.notice").get(0);
        assertEquals(AuditOutcome.SUCCESS, told.outcome());
        assertEquals("CECCAR_ACCOUNTANT", told.details().get("recipient"));
        String answer = f.channel.deliveries().stream().map(d -> d.message())
                .filter(m -> m.idempotencyKey().equals(r.id() + ":answered")).findFirst().orElseThrow().body();
        assertTrue(answer.contains("Destinatarii cărora le-au fost divulgate datele au fost informați despre această"
                + " ștergere"), answer);
    }

    @Test
    void anErasureWithRecipientsButNoNotifier_isAnsweredInPart_withoutClaimingTheyWereTold() {
        fixture().obligationsOver();
        var kit = f.kit("worker-q", s -> s, null);
        Actor accountant = Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-firm-12");
        assertTrue(kit.access().check(accountant, ANA, FINANCIAL, Purpose.of("FINANCIAL_REPORTING")).permitted());
        RequestRecord r = kit.rights().submit(RightsRequest.erasure(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        assertTrue(done.recipientsTold().isEmpty());
        String answer = f.channel.deliveries().stream().map(d -> d.message())
                .filter(m -> m.idempotencyKey().equals(r.id() + ":answered")).findFirst().orElseThrow().body();
        assertTrue(answer.contains("doar în parte"), answer);
        assertTrue(answer.contains("Copiile datelor dumneavoastră pseudonimizate"), answer);
        assertFalse(answer.contains("Destinatarii"), answer);
    }

    @Test
    void aRecipientIsTold_onlyOfAChangeToACategoryItReceived() {
        fixture();
        Actor accountant = Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-firm-12");
        assertTrue(f.kit.access().check(accountant, ANA, FINANCIAL, Purpose.of("FINANCIAL_REPORTING")).permitted());
        RequestRecord traffic = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(TRAFFIC),
                Set.of()));
        assertEquals(RequestState.COMPLETED, f.rights().process(traffic.id()).state());
        assertTrue(f.notices.isEmpty(), "the accountant never received call records");
        RequestRecord financial = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(FINANCIAL),
                Set.of()));
        assertEquals(Set.of("CECCAR_ACCOUNTANT"), f.rights().process(financial.id()).recipientsTold());
        assertEquals(1, f.notices.size());
    }

    @Test
    void aRecipientNotifierThatFails_keepsTheRequestOpen_andIsTriedAgain() {
        fixture();
        int[] calls = {0};
        var kit = f.kit("worker-n", s -> s, notice -> {
            if (calls[0]++ == 0) {
                throw new StoreException("partner API down", true, null);
            }
        });
        assertTrue(kit.access().check(Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-firm-12"), ANA,
                IDENTITY, Purpose.of("FINANCIAL_REPORTING")).permitted());
        RequestRecord r = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(IDENTITY), Set.of()));
        RequestRecord first = kit.rights().process(r.id());
        assertEquals(RequestState.IN_PROGRESS, first.state());
        assertTrue(first.recipientsTold().isEmpty());
        RequestRecord second = kit.rights().process(r.id());
        assertEquals(RequestState.COMPLETED, second.state());
        assertEquals(Set.of("CECCAR_ACCOUNTANT"), second.recipientsTold());
        assertEquals(1, f.billing.calls(SourceCapability.RESTRICT), "the restriction itself ran once");
    }

    // --- export ------------------------------------------------------------------------------------

    @Test
    void access_writesOneDocumentWithEverySource_andCompletes() throws Exception {
        fixture();
        RequestRecord r = f.verified(RightsRequest.access(ANA, ACCOUNT, received()));
        assertThrows(RightsException.class, () -> f.rights().process(r.id()), "an export needs a delivery");
        RequestRecord done = f.rights().process(r.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        String json = Files.readString(dir.resolve(r.id() + ".json"));
        assertTrue(json.contains("call_duration") && json.contains("crm.contacts") && json.contains("billing.invoices"));
        assertEquals(1, f.cdr.calls(SourceCapability.EXPORT));
        // The document the engine wrote holds to its published schema.
        com.fasterxml.jackson.databind.JsonNode doc = ExportFixtures.parse(Files.readAllBytes(dir.resolve(r.id()
                + ".json")));
        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals(List.of("billing.invoices", "cdr.calls", "crm.contacts"), java.util.stream.StreamSupport
                .stream(doc.get("sources").spliterator(), false).map(n -> n.get("source").asText()).toList());
        assertEquals(6, doc.at("/summary/records").asLong(), "every record of Ana's at the three sources");
        assertEquals(0, doc.get("unsupportedSources").size());
        RequestRecord erase = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        assertThrows(RightsException.class, () -> f.rights().process(erase.id(), ExportDelivery.toDirectory(dir)));
    }

    @Test
    void access_whoseSourceFails_isRetriedWhole_andNoPartialDocumentIsPublished() throws Exception {
        fixture();
        f.crm.failNext(SourceCapability.EXPORT, 1);
        RequestRecord r = f.verified(RightsRequest.portability(ANA, ACCOUNT, received()));
        RequestRecord first = f.rights().process(r.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.IN_PROGRESS, first.state());
        assertFalse(Files.exists(dir.resolve(r.id() + ".json")));
        assertTrue(first.progress().stream().allMatch(p -> p.status() == SourceStatus.PENDING && p.attempts() == 1));
        RequestRecord second = f.rights().process(r.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.COMPLETED, second.state());
        assertTrue(Files.exists(dir.resolve(r.id() + ".json")));
    }

    @Test
    void access_resumedAfterSomeSourcesWereRecordedDone_exportsEverySourceAgain_neverAPartialDocument()
            throws Exception {
        fixture();
        RequestRecord r = f.verified(RightsRequest.access(ANA, ACCOUNT, received()));
        // A run of the former engine died after recording the billing source done, before the others.
        RequestRecord stored = f.stores.rights().find(r.id()).orElseThrow();
        RequestRecord crashed = stored.next(RequestState.IN_PROGRESS, Optional.empty(), stored.baseDue(), stored.due(),
                false, Optional.empty(), Optional.empty(), 0, List.of(
                        SourceProgress.pending("billing.invoices").done(f.clock.instant(), List.of()),
                        SourceProgress.pending("cdr.calls"), SourceProgress.pending("crm.contacts")),
                Set.of(), Optional.empty(), f.clock.instant());
        assertTrue(f.stores.rights().replace(crashed));
        RequestRecord done = f.rights().process(r.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.COMPLETED, done.state(), done.progress().toString());
        String json = Files.readString(dir.resolve(r.id() + ".json"));
        assertTrue(json.contains("F-2026-001"), "the billing source's records are in the document: " + json);
        assertTrue(json.contains("call_duration") && json.contains("Lalelelor"));
    }

    @Test
    void access_withNoSourceThatCanExport_stillGetsTheDocument_withTheArt15InformationAndTheSourcesNamed()
            throws Exception {
        fixture();
        var kit = f.kitWith("worker-x", f.billing.withoutExportAndErase());
        RequestRecord r = kit.rights().submit(RightsRequest.access(ANA, ACCOUNT, received()));
        kit.rights().verify(r.id());
        RequestRecord done = kit.rights().process(r.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        assertEquals(Optional.of(RefusalReason.SOURCE_CANNOT_COMPLY), done.refusal());
        com.fasterxml.jackson.databind.JsonNode doc = ExportFixtures.parse(Files.readAllBytes(dir.resolve(r.id()
                + ".json")));
        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals(1, doc.get("unsupportedSources").size(), doc.toString());
        assertEquals("billing.invoices", doc.at("/unsupportedSources/0/source").asText(), "the source is named");
        assertEquals(0, doc.get("sources").size(), "no source could export");
        assertEquals(0, doc.at("/summary/records").asLong());
        // The art. 15 information is there in full, from the policy.
        com.fasterxml.jackson.databind.JsonNode info = doc.get("information");
        assertEquals(RightsKitFixture.POLICY.purposes().size(), info.get("purposes").size());
        assertEquals(RightsKitFixture.POLICY.categories().size(), info.get("categories").size());
        assertEquals(RightsKitFixture.POLICY.recipients().size(), info.get("recipients").size());
        assertTrue(info.get("purposes").toString().contains("FINANCIAL_REPORTING"), info.toString());
        for (String member : List.of("/controller/name", "/supervisoryAuthority/name", "/automatedDecisions/statement",
                "/dataNotFromSubject/statement")) {
            assertFalse(info.at(member).asText().isBlank(), member);
        }
        assertTrue(info.at("/categories/0/retention/rule").isTextual(), "retention, or its criteria, per category");
    }

    @Test
    void aSourceRemovedFromTheKit_isRecorded_aRestrictionAnsweredInPart_anErasureVisiblyBlocked() {
        fixture().obligationsOver();
        f.cdr.failNext(SourceCapability.RESTRICT, 1);
        f.cdr.failNext(SourceCapability.ERASE, 1);
        RequestRecord restrict = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(),
                Set.of(CONTACT, TRAFFIC), Set.of()));
        RequestRecord erase = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        assertEquals(RequestState.IN_PROGRESS, f.rights().process(restrict.id()).state());
        assertEquals(RequestState.IN_PROGRESS, f.rights().process(erase.id()).state());
        // The platform is restarted without the call-record source.
        var without = f.kitWith("worker-y", f.billing, f.crm);
        RequestRecord restricted = without.rights().process(restrict.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, restricted.state(), restricted.progress().toString());
        SourceProgress gone = restricted.progressOf("cdr.calls").orElseThrow();
        assertEquals(SourceStatus.NOT_SUPPORTED, gone.status());
        assertEquals(Optional.of("SOURCE_NOT_REGISTERED"), gone.lastFailure());
        RequestRecord blocked = without.rights().process(erase.id());
        assertEquals(RequestState.IN_PROGRESS, blocked.state());
        assertEquals(Optional.of("SOURCE_NOT_REGISTERED"), blocked.progressOf("cdr.calls").orElseThrow().lastFailure());
        // The ledger entry is written ahead by the first source's erasure (a restore re-applies what was begun),
        // but the erasure's completion (key shreds, contacts) never runs while a source is missing.
        assertEquals(1, f.ledger.since(Instant.EPOCH, Optional.empty(), 10).size());
        assertTrue(f.audited("rights.finish").isEmpty(), "no erasure completes without it");
        assertTrue(blocked.progressOf("step:erasure-finish").isEmpty(), blocked.progress().toString());
        assertTrue(f.audited("rights.source").stream().anyMatch(e -> "cdr.calls".equals(e.details().get("source"))
                && "SOURCE_NOT_REGISTERED".equals(e.details().get("failure"))));
    }

    @Test
    void failuresThatCannotSucceed_areNotRetriedForever() {
        fixture();
        // A field the owning source does not hold: the source refuses it (InvalidInputException by contract).
        RequestRecord r = f.verified(RightsRequest.rectification(ANA, ACCOUNT, received(),
                List.of(Rectification.of(CONTACT, "no_such_field", "x"))));
        RequestRecord rectified = f.rights().process(r.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, rectified.state(), rectified.progress().toString());
        assertEquals(1, f.crm.calls(SourceCapability.RECTIFY));
        // A recipient notifier that always fails with a failure no retry changes.
        var kit = f.kit("worker-n", s -> s, notice -> {
            throw new IllegalStateException("partner rejects the notice");
        });
        assertTrue(kit.access().check(Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-firm-12"), ANA,
                IDENTITY, Purpose.of("FINANCIAL_REPORTING")).permitted());
        RequestRecord restrict = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(IDENTITY),
                Set.of()));
        RequestRecord ended = kit.rights().process(restrict.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, ended.state(), ended.progress().toString());
        assertEquals(Optional.of(IllegalStateException.class.getName()),
                ended.progressOf("step:recipients").orElseThrow().lastFailure());
        // A retryable failure is tried again, but not forever.
        f.cdr.failNext(SourceCapability.RESTRICT, 100);
        RequestRecord again = f.verified(RightsRequest.restriction(ANA, ACCOUNT, received(), Set.of(TRAFFIC), Set.of()));
        RequestRecord last = again;
        for (int i = 0; i < 20 && !last.state().ended(); i++) {
            last = f.rights().process(again.id());
        }
        assertEquals(RequestState.PARTIALLY_COMPLETED, last.state());
        assertEquals(8, f.cdr.calls(SourceCapability.RESTRICT));
    }

    @Test
    void anExtensionAfterTheDueDate_isRefused() {
        fixture();
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, ACCOUNT, Instant.parse("2026-01-05T10:00:00Z")));
        f.clock.set(Instant.parse("2026-02-06T10:00:00Z")); // due 5 February
        RightsException late = assertThrows(RightsException.class, () -> f.rights().extend(r.id(), "busy", STAFF));
        assertEquals(RightsException.Rule.EXTENSION_TOO_LATE, late.brokenRule());
        assertFalse(f.rights().find(r.id()).orElseThrow().extended());
    }

    @Test
    void anErasureBegunAtASource_isNotRejected_butCarriedToItsEnd() {
        fixture().obligationsOver();
        f.cdr.failNext(SourceCapability.ERASE, 1);
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        assertEquals(RequestState.IN_PROGRESS, f.rights().process(r.id()).state());
        RightsException refused = assertThrows(RightsException.class, () -> f.rights().reject(r.id(),
                RefusalReason.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE, STAFF));
        assertEquals(RightsException.Rule.WRONG_STATE, refused.brokenRule());
        assertEquals(RequestState.COMPLETED, f.rights().process(r.id()).state());
        assertEquals(1, f.ledger.since(Instant.EPOCH, Optional.empty(), 10).size());
    }

    @Test
    void aVerifiedRequestThatIsPaused_isNotCarriedOut() {
        fixture();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        f.rights().pause(r.id(), STAFF);
        RightsException paused = assertThrows(RightsException.class, () -> f.rights().process(r.id()));
        assertEquals(RightsException.Rule.WRONG_STATE, paused.brokenRule());
        assertEquals(0, f.cdr.calls(SourceCapability.ERASE));
    }

    // --- every transition audited ----------------------------------------------------------------------

    @Test
    void everyTransition_isAudited_withTheRequestAndNoPersonalData() {
        fixture().obligationsOver();
        RequestRecord r = f.verified(RightsRequest.erasure(ANA, ACCOUNT, received()));
        f.rights().process(r.id());
        List<String> actions = f.audit().stream().map(AuditRecord::action).filter(a -> a.startsWith("rights."))
                .toList();
        for (String expected : List.of("rights.submit", "rights.verify", "rights.start", "rights.source",
                "rights.complete", "rights.subject.notice")) {
            assertTrue(actions.contains(expected), expected + " in " + actions);
        }
        // The answer to a full erasure goes out, and is delivered, before the profile key and contacts are gone.
        AuditRecord answered = f.audited("rights.subject.notice").get(0);
        assertEquals("RIGHTS_REQUEST_ANSWERED", answered.details().get("notification"));
        assertEquals(AuditOutcome.SUCCESS, answered.outcome(), answered.toString());
        assertEquals(List.of(r.id() + ":answered"), f.channel.deliveries().stream()
                .map(d -> d.message().idempotencyKey()).toList());
        assertEquals(ANA_EMAIL, f.channel.deliveries().get(0).message().to());
        assertEquals(RequestState.COMPLETED, f.rights().find(r.id()).orElseThrow().state());
        assertEquals(1, f.audited("rights.finish").size(), "the erasure's completion ran once");
        for (AuditRecord e : f.audit()) {
            if (e.action().startsWith("rights.") && !e.action().startsWith("rights.erasure")) {
                assertEquals(r.id(), e.details().get("request"), e.toString());
            }
            for (String value : e.details().values()) {
                for (String personal : List.of(ANA.value(), ANA_EMAIL, ANA_PHONE, "Ionescu", "Lalelelor")) {
                    assertFalse(value.contains(personal), e.action() + " details hold personal data: " + e.details());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reject", "extend", "pause", "resume", "verifyManually"})
    void everyStaffTransition_isAuditedOnce_byTheStaffMember_withTheRequestAndItsNewState(String call) {
        fixture();
        f.verification = null;
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.DPO_EMAIL, received()));
        if (call.equals("resume")) {
            f.rights().pause(r.id(), STAFF);
        }
        String action = call.equals("verifyManually") ? "rights.verify" : "rights." + call;
        int before = f.audited(action).size();
        RequestRecord after = switch (call) {
            case "reject" -> f.rights().reject(r.id(), RefusalReason.RIGHTS_OF_OTHERS, STAFF);
            case "extend" -> f.rights().extend(r.id(), "Several sources hold the data", STAFF);
            case "pause" -> f.rights().pause(r.id(), STAFF);
            case "resume" -> f.rights().resume(r.id(), STAFF);
            default -> f.rights().verifyManually(r.id(), "ID_DOCUMENT_CHECKED", STAFF);
        };
        List<AuditRecord> entries = f.audited(action);
        assertEquals(before + 1, entries.size(), "one entry per transition: " + entries);
        AuditRecord entry = entries.get(entries.size() - 1);
        assertEquals(AuditOutcome.SUCCESS, entry.outcome());
        assertEquals("emp-0815", entry.actorRef(), "the staff member who acted");
        assertEquals(r.id(), entry.details().get("request"));
        assertEquals(call.equals("reject") ? "REJECTED" : call.equals("verifyManually") ? "VERIFIED" : "RECEIVED",
                entry.details().get("state"));
        assertEquals(after.state().name(), entry.details().get("state"));
        assertFalse(entry.details().toString().contains("Several sources"), "the extension's reason is not audited");
        for (String value : entry.details().values()) {
            assertFalse(value.contains(ANA.value()), entry.toString());
        }
    }
}
