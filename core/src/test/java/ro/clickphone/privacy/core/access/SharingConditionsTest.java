package ro.clickphone.privacy.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.core.policy.RecipientCondition;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.TransferNotice;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryDesignationRegistry;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemoryTransferNoticeRegister;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * The conditions Cap. 5 of the policy attaches to sharing, enforced by {@code kit.access()} at the
 * time of each decision and audited with what the decision rests on.
 */
class SharingConditionsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final SubjectId ANA = SubjectId.of("acct-1001/ana");
    private static final SubjectId BOGDAN = SubjectId.of("acct-2002/bogdan");

    private static final Purpose SHARING = Purpose.of("THIRD_PARTY_SHARING");
    private static final Purpose SERVICE = Purpose.of("SERVICE_PROVISION");
    private static final Purpose TRANSFER = Purpose.of("BUSINESS_TRANSFER");

    private static final Recipient INTEGRATION_PARTNER = Recipient.of("INTEGRATION_PARTNER");
    private static final Recipient SUCCESSOR_ENTITY = Recipient.of("SUCCESSOR_ENTITY");

    private static final Actor PARTNER_SHOP = Actor.processor(Recipient.of("CONSENTED_THIRD_PARTY"), "partner-shop");
    private static final Actor CRM = Actor.processor(INTEGRATION_PARTNER, "crm-vendor");
    private static final Actor ERP = Actor.processor(INTEGRATION_PARTNER, "erp-vendor");
    private static final Actor ACME = Actor.processor(SUCCESSOR_ENTITY, "acme-telecom");
    private static final Actor RIVAL = Actor.processor(SUCCESSOR_ENTITY, "rival-telecom");
    private static final Recipient DISPATCHER = Recipient.of("DISPATCHER");
    private static final Recipient EMPLOYEES = Recipient.of("EMPLOYEES");
    private static final Actor DISPATCHER_A = Actor.staff(DISPATCHER, "disp-07", Set.of("DISPATCH"),
            Set.of("pbx-1001"));
    private static final Actor DISPATCHER_NONE = Actor.staff(DISPATCHER, "disp-08", Set.of("DISPATCH"));
    /** The dispatcher of account A, with its bound role, claiming to act as a plain employee. */
    private static final Actor DISPATCHER_AS_EMPLOYEE = Actor.staff(EMPLOYEES, "disp-07", Set.of("DISPATCH"),
            Set.of("pbx-1001"));
    private static final Actor SUPPORT = Actor.staff(EMPLOYEES, "emp-0815", Set.of("SUPPORT"));
    private static final Actor NOTIFIER = Actor.system("transfer-notifier", Set.of("MERGER"));
    /** A job with a role granted the sharing, transfer and service purposes. */
    private static final Actor EXPORT_JOB = Actor.system("partner-export", Set.of("EXPORT"));

    /** A clock the tests move forward. */
    private final MutableClock clock = MutableClock.of(T0);
    private final InMemoryAuditLogStore auditStore = new InMemoryAuditLogStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory().assign(ANA, "pbx-1001")
            .assign(BOGDAN, "pbx-2002");
    private final InMemoryDesignationRegistry designations = new InMemoryDesignationRegistry();
    private final InMemoryTransferNoticeRegister notices = new InMemoryTransferNoticeRegister();
    private final InMemoryConsentStore consentStore = spy(new InMemoryConsentStore());
    private PrivacyKit kit = kit(InMemoryStores.create().withConsent(consentStore));

    /** An event as a writer of the database edited it: its effective time moved a second back. */
    private static ConsentEvent moved(ConsentEvent e) {
        return new ConsentEvent(e.id(), e.sequence(), e.subject(), e.type(), e.purpose(),
                e.effectiveAt().minusSeconds(1), e.recordedAt(), e.policyVersion(), e.channel(), e.actor(),
                e.evidence(), e.seal());
    }

    private PrivacyKit kit(Stores base) {
        return PrivacyKit.builder()
                .stores(base.withAuditLog(auditStore).withAccounts(accounts).withDesignations(designations)
                        .withTransferNotices(notices))
                .policy(Policy.clickPhoneDefault())
                .clock(clock)
                .accessPolicy(grants())
                .build();
    }

    private static AccessPolicy grants() {
        return AccessPolicy.builder()
                .grant("SUPPORT", SERVICE)
                .grantAs(DISPATCHER, "DISPATCH", SERVICE)
                .grant("MERGER", TRANSFER)
                .grant("EXPORT", SHARING, TRANSFER, SERVICE)
                .build();
    }

    private static ConsentProof by(SubjectId subject) {
        return ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT);
    }

    // --- fixture steps the table rows use ---------------------------------------------------------

    private String consentEvent;

    private void grantSharing(SubjectId subject) {
        consentEvent = kit.consent().grant(subject, SHARING, by(subject)).id();
        clock.advance(Duration.ofMinutes(1));
    }

    private void grantThenWithdrawSharing(SubjectId subject) {
        kit.consent().grant(subject, SHARING, by(subject));
        clock.advance(Duration.ofMinutes(1));
        consentEvent = kit.consent().withdraw(subject, SHARING, by(subject)).id();
        clock.advance(Duration.ofMinutes(1));
    }

    private void grantThenRestrict(SubjectId subject) {
        consentEvent = kit.consent().grant(subject, SHARING, by(subject)).id();
        clock.advance(Duration.ofMinutes(1));
        kit.consent().restrict(subject, by(subject));
        clock.advance(Duration.ofMinutes(1));
    }

    private void grantThenTamper(SubjectId subject) {
        kit.consent().grant(subject, SHARING, by(subject));
        clock.advance(Duration.ofMinutes(1));
        doAnswer(read -> ((List<?>) read.callRealMethod()).stream().map(e -> moved((ConsentEvent) e)).toList())
                .when(consentStore).eventsOf(any());
    }

    private void backdatedNotice(SubjectId subject, Actor successor) {
        assertThrows(InvalidInputException.class, () -> kit.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(subject, SUCCESSOR_ENTITY, successor.id(), clock.instant().minus(Duration.ofDays(30)))));
    }

    private void designate(SubjectId subject, Actor partner) {
        kit.access().designate(Actor.subject(subject), Designation.of(subject, partner.recipient().orElseThrow(),
                partner.id()));
    }

    private void notifyOf(SubjectId subject, Actor successor) {
        kit.access().recordTransferNotice(NOTIFIER, new TransferNotice(subject, SUCCESSOR_ENTITY, successor.id(),
                clock.instant()));
        clock.advance(Duration.ofDays(30));
    }

    private static Arguments row(String name, Consumer<SharingConditionsTest> given, Actor actor, SubjectId subject,
            String category, Purpose purpose, AccessReason expected, boolean restsOnConsentEvent) {
        return Arguments.of(name, given, actor, subject, category, purpose, expected, restsOnConsentEvent);
    }

    static Stream<Arguments> rows() {
        Consumer<SharingConditionsTest> nothing = t -> { };
        return Stream.of(
                // "cu consimțământul dvs. vom distribui informații cu caracter personal către companii,
                // organizații sau persoane din afara Caro Network SRL" (Cap. 5)
                row("third party, consent stands", t -> t.grantSharing(ANA), PARTNER_SHOP, ANA, "CONTACT", SHARING,
                        AccessReason.CONSENTED_SHARING, true),
                row("third party, no consent", nothing, PARTNER_SHOP, ANA, "CONTACT", SHARING,
                        AccessReason.NO_SHARING_CONSENT, false),
                row("third party, another subject's consent", t -> t.grantSharing(BOGDAN), PARTNER_SHOP, ANA,
                        "CONTACT", SHARING, AccessReason.NO_SHARING_CONSENT, false),
                row("third party, consent withdrawn", t -> t.grantThenWithdrawSharing(ANA), PARTNER_SHOP, ANA,
                        "SERVICE_ADDRESS", SHARING, AccessReason.NO_SHARING_CONSENT, true),
                // A restriction does not stop a recipient on consent: art. 18(2) GDPR allows processing
                // with the subject's consent (a choice written for the DPO in POLICY-NOTES).
                row("third party, consent stands, subject restricted", t -> t.grantThenRestrict(ANA), PARTNER_SHOP,
                        ANA, "CONTACT", SHARING, AccessReason.CONSENTED_SHARING, true),
                row("third party, consent tampered with in the store", t -> t.grantThenTamper(ANA), PARTNER_SHOP,
                        ANA, "CONTACT", SHARING, AccessReason.NO_SHARING_CONSENT, false),
                // "în cazul desemnării de către dvs. a unei terțe părți în vederea integrării serviciilor
                // noastre cu serviciile oferite de terță parte" (Cap. 5)
                row("integration partner, designated", t -> t.designate(ANA, CRM), CRM, ANA, "TRAFFIC", SERVICE,
                        AccessReason.DESIGNATED_PARTNER, false),
                row("integration partner, not designated", nothing, CRM, ANA, "TRAFFIC", SERVICE,
                        AccessReason.NOT_DESIGNATED, false),
                row("integration partner, another partner designated", t -> t.designate(ANA, ERP), CRM, ANA,
                        "CONTACT", SERVICE, AccessReason.NOT_DESIGNATED, false),
                row("integration partner, designated by another subject", t -> t.designate(BOGDAN, CRM), CRM, ANA,
                        "CONTACT", SERVICE, AccessReason.NOT_DESIGNATED, false),
                // "vom notifica utilizatorii afectați înainte ca informațiile cu caracter personal să fie
                // transferate sau să intre sub incidența unei alte Politici de confidențialitate" (Cap. 5)
                row("successor, subject notified before", t -> t.notifyOf(ANA, ACME), ACME, ANA, "FINANCIAL",
                        TRANSFER, AccessReason.NOTIFIED_TRANSFER, false),
                row("successor, nobody notified", nothing, ACME, ANA, "FINANCIAL", TRANSFER,
                        AccessReason.NOT_NOTIFIED, false),
                row("successor, another subject notified", t -> t.notifyOf(BOGDAN, ACME), ACME, ANA, "CONTACT",
                        TRANSFER, AccessReason.NOT_NOTIFIED, false),
                row("successor, notified about another successor", t -> t.notifyOf(ANA, RIVAL), ACME, ANA,
                        "CONTACT", TRANSFER, AccessReason.NOT_NOTIFIED, false),
                row("successor, notice back-dated a month (refused)", t -> t.backdatedNotice(ANA, ACME), ACME, ANA,
                        "CONTACT", TRANSFER, AccessReason.NOT_NOTIFIED, false),
                // "administratorul dvs. de cont și/sau dispecerul ClickPhone care furnizează asistență
                // pentru dvs. vor avea acces la informațiile din contul Clickphone" (Cap. 5)
                row("dispatcher, the account it assists", nothing, DISPATCHER_A, ANA, "TRAFFIC", SERVICE,
                        AccessReason.ASSISTED_ACCOUNT, false),
                row("dispatcher, another account", nothing, DISPATCHER_A, BOGDAN, "TRAFFIC", SERVICE,
                        AccessReason.NOT_ASSISTED_ACCOUNT, false),
                row("dispatcher, no account", nothing, DISPATCHER_NONE, ANA, "CONTACT", SERVICE,
                        AccessReason.NOT_ASSISTED_ACCOUNT, false),
                row("dispatcher, subject in no account", nothing, DISPATCHER_A, SubjectId.of("nobody"), "CONTACT",
                        SERVICE, AccessReason.NOT_ASSISTED_ACCOUNT, false),
                row("dispatcher acting as plain employee, another account", nothing, DISPATCHER_AS_EMPLOYEE,
                        BOGDAN, "CONTACT", SERVICE, AccessReason.ROLE_BOUND_TO_OTHER_RECIPIENT, false),
                row("dispatcher acting as plain employee, its own account", nothing, DISPATCHER_AS_EMPLOYEE,
                        ANA, "CONTACT", SERVICE, AccessReason.ROLE_BOUND_TO_OTHER_RECIPIENT, false),
                // Employees carry no condition: an unbound role grant suffices.
                row("employee, no condition", nothing, SUPPORT, BOGDAN, "CONTACT", SERVICE,
                        AccessReason.ROLE_GRANTED, false),
                // A job meets no recipient's condition: it must act as the recipient it feeds.
                row("job, third party sharing, consent stands", t -> t.grantSharing(ANA), EXPORT_JOB, ANA,
                        "CONTACT", SHARING, AccessReason.JOB_MUST_ACT_AS_RECIPIENT, false),
                row("job, business transfer, subject notified", t -> t.notifyOf(ANA, ACME), EXPORT_JOB, ANA,
                        "CONTACT", TRANSFER, AccessReason.JOB_MUST_ACT_AS_RECIPIENT, false),
                row("job, service provision (employees unconditioned)", nothing, EXPORT_JOB, BOGDAN, "CONTACT",
                        SERVICE, AccessReason.ROLE_GRANTED, false));
    }

    @ParameterizedTest(name = "{0} -> {6}")
    @MethodSource("rows")
    void condition_decidesAndAuditsWhatItRestsOn(String name, Consumer<SharingConditionsTest> given, Actor actor,
            SubjectId subject, String category, Purpose purpose, AccessReason expected, boolean restsOnConsentEvent) {
        given.accept(this);
        AccessDecision decision = kit.access().check(actor, subject, DataCategory.of(category), purpose);
        assertEquals(expected, decision.reason());
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(decision.auditSequence(), entry.sequence());
        assertEquals(AccessControl.ACTION, entry.action());
        assertEquals(expected.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, entry.outcome());
        assertEquals(expected.name(), entry.details().get("reason"));
        assertEquals(actor.recipient().map(Recipient::id).orElse(null), entry.details().get("recipient"));
        assertEquals(kit.audit().subjectRef(subject), entry.subjectRef().orElseThrow());
        assertEquals(restsOnConsentEvent ? consentEvent : null, entry.details().get("consentEvent"));
        assertTrue(kit.audit().verify().intact());
    }

    // --- attacks ---------------------------------------------------------------------------------

    @Test
    void processorClaimingToBeThePartner_ofASubjectWhoDesignatedAnother_isRefused() {
        // "în cazul desemnării de către dvs. a unei terțe părți" (Cap. 5): the designation names the
        // partner, not the recipient category every integrator can claim.
        designate(ANA, ERP);
        assertEquals(AccessReason.DESIGNATED_PARTNER, kit.access().check(ERP, ANA, DataCategory.of("CONTACT"),
                SERVICE).reason());
        assertEquals(AccessReason.NOT_DESIGNATED, kit.access().check(CRM, ANA, DataCategory.of("CONTACT"),
                SERVICE).reason());
    }

    @Test
    void revokedDesignation_refusesFromTheNextDecision() {
        // "în cazul desemnării de către dvs. a unei terțe părți" (Cap. 5)
        designate(ANA, CRM);
        kit.access().revokeDesignation(Actor.subject(ANA), Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor"));
        AuditRecord revocation = auditStore.last().orElseThrow();
        assertEquals(AccessControl.REVOKE_DESIGNATION, revocation.action());
        assertEquals(AuditOutcome.SUCCESS, revocation.outcome());
        assertEquals("crm-vendor", revocation.details().get("partner"));
        assertEquals(INTEGRATION_PARTNER.id(), revocation.details().get("recipient"));
        assertEquals(kit.audit().subjectRef(ANA), revocation.subjectRef().orElseThrow());
        assertEquals(AccessReason.NOT_DESIGNATED, kit.access().check(CRM, ANA, DataCategory.of("CONTACT"),
                SERVICE).reason());
        AuditRecord revoke = auditStore.last().orElseThrow();
        assertEquals(AccessReason.NOT_DESIGNATED.name(), revoke.details().get("reason"));
    }

    @Test
    void consentWithdrawnAfterTheGrant_refusesEveryDecisionAfterTheWithdrawal() {
        // "cu consimțământul dvs. vom distribui informații cu caracter personal" (Cap. 5); a
        // withdrawal counts from its time on.
        ConsentEvent grant = kit.consent().grant(ANA, SHARING, by(ANA));
        clock.advance(Duration.ofHours(1));
        AccessDecision before = kit.access().check(PARTNER_SHOP, ANA, DataCategory.of("CONTACT"), SHARING);
        assertEquals(AccessReason.CONSENTED_SHARING, before.reason());
        assertEquals(grant.id(), auditStore.last().orElseThrow().details().get("consentEvent"));
        clock.advance(Duration.ofHours(1));
        ConsentEvent withdrawal = kit.consent().withdraw(ANA, SHARING, by(ANA));
        clock.advance(Duration.ofSeconds(1));
        AccessDecision after = kit.access().check(PARTNER_SHOP, ANA, DataCategory.of("CONTACT"), SHARING);
        assertEquals(AccessReason.NO_SHARING_CONSENT, after.reason());
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(withdrawal.id(), entry.details().get("consentEvent"));
        assertEquals("CONSENT_WITHDRAWN", entry.details().get("consentReason"));
    }

    @Test
    void noticeDatedAfterTheDecision_doesNotCount_untilItsTimeHasPassed() {
        // "vom notifica utilizatorii afectați înainte ca informațiile cu caracter personal să fie
        // transferate" (Cap. 5): only a notice before the decision counts. A notice dated later (a
        // writer of the register, or a sender that records before it sends) opens nothing now.
        notices.record(new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0.plus(Duration.ofHours(1))));
        assertEquals(AccessReason.NOT_NOTIFIED, kit.access().check(ACME, ANA, DataCategory.of("CONTACT"),
                TRANSFER).reason());
        clock.advance(Duration.ofHours(1));
        assertEquals(AccessReason.NOT_NOTIFIED, kit.access().check(ACME, ANA, DataCategory.of("CONTACT"),
                TRANSFER).reason(), "a notice at the very instant of the transfer is not before it");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(AccessReason.NOTIFIED_TRANSFER, kit.access().check(ACME, ANA, DataCategory.of("CONTACT"),
                TRANSFER).reason());
    }

    @Test
    void recordingANoticeDatedInTheFuture_isRefused() {
        // "vom notifica utilizatorii afectați înainte" (Cap. 5)
        assertThrows(InvalidInputException.class, () -> kit.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0.plusSeconds(1))));
        assertEquals(Optional.empty(), notices.earliestNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom"));
        assertRefusal(AccessControl.TRANSFER_NOTICE, "NOTICE_IN_FUTURE");
    }

    @Test
    void recordingANoticeDatedMoreThanADayBack_isRefusedAndAudited() {
        // "vom notifica utilizatorii afectați înainte ca informațiile cu caracter personal să fie
        // transferate" (Cap. 5): a notice dated a month back would open the transfer at once, with no
        // notice ever sent. The notice is recorded when it is sent.
        assertThrows(InvalidInputException.class, () -> kit.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0.minus(Duration.ofDays(30)))));
        assertEquals(Optional.empty(), notices.earliestNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom"));
        assertRefusal(AccessControl.TRANSFER_NOTICE, "NOTICE_BACKDATED");
        assertEquals(AccessReason.NOT_NOTIFIED, kit.access().check(ACME, ANA, DataCategory.of("CONTACT"),
                TRANSFER).reason());
        // Within the consent ledger's back-dating bound (one day): recorded.
        kit.access().recordTransferNotice(NOTIFIER, new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom",
                T0.minus(Duration.ofHours(23))));
        assertEquals(Optional.of(T0.minus(Duration.ofHours(23))), notices.earliestNotice(ANA, SUCCESSOR_ENTITY,
                "acme-telecom"));
    }

    private void assertRefusal(String action, String reason) {
        AuditRecord refused = auditStore.last().orElseThrow();
        assertEquals(action, refused.action());
        assertEquals(AuditOutcome.DENIED, refused.outcome());
        assertEquals(reason, refused.details().get("reason"));
    }

    @Test
    void dispatcherActingAsPlainStaff_onASubjectOfAnotherAccount_isRefused() {
        // "dispecerul ClickPhone care furnizează asistență pentru dvs." (Cap. 5): the dispatcher's role
        // is bound to DISPATCHER, so claiming EMPLOYEES (no condition) does not leave the account
        // condition behind.
        for (String category : List.of("CONTACT", "SERVICE_ADDRESS", "DEVICE", "TRAFFIC", "NETWORK")) {
            assertEquals(AccessReason.ROLE_BOUND_TO_OTHER_RECIPIENT, kit.access().check(DISPATCHER_AS_EMPLOYEE,
                    BOGDAN, DataCategory.of(category), SERVICE).reason(), category);
        }
        assertEquals(AccessReason.NOT_ASSISTED_ACCOUNT, kit.access().check(DISPATCHER_A, BOGDAN,
                DataCategory.of("CONTACT"), SERVICE).reason());
        // A bound role counts for no job either.
        assertEquals(AccessReason.ROLE_BOUND_TO_OTHER_RECIPIENT, kit.access().check(Actor.system("dispatch-job",
                Set.of("DISPATCH")), BOGDAN, DataCategory.of("CONTACT"), SERVICE).reason());
    }

    @Test
    void bindingOneRoleToTwoRecipients_isRefused() {
        AccessPolicy.Builder builder = AccessPolicy.builder().grantAs(DISPATCHER, "DISPATCH", SERVICE);
        assertThrows(InvalidInputException.class, () -> builder.grantAs(EMPLOYEES, "DISPATCH", SERVICE));
        builder.grantAs(DISPATCHER, "DISPATCH", TRANSFER);
        AccessPolicy grants = builder.build();
        assertEquals(Optional.of(DISPATCHER), grants.boundTo("DISPATCH"));
        assertFalse(grants.grantsAs(EMPLOYEES, Set.of("DISPATCH"), SERVICE));
        assertFalse(grants.grants(Set.of("DISPATCH"), SERVICE));
        assertTrue(grants.grantsAs(DISPATCHER, Set.of("DISPATCH"), TRANSFER));
    }

    @Test
    void jobFeedingGoogleAnalytics_isRefused_unlessItActsAsGoogleWithTheSubjectsConsent() {
        // Google for ANALYTICS_COOKIES on consent; a job acts as no recipient and holds no consent.
        Purpose analytics = Purpose.of("ANALYTICS");
        PrivacyKit withAnalytics = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .clock(clock).accessPolicy(AccessPolicy.builder().grant("ANALYTICS_JOB", analytics).build()).build();
        Actor job = Actor.system("ga-export", Set.of("ANALYTICS_JOB"));
        withAnalytics.consent().grant(ANA, analytics, by(ANA));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(AccessReason.JOB_MUST_ACT_AS_RECIPIENT, withAnalytics.access().check(job, ANA,
                DataCategory.of("ANALYTICS_COOKIES"), analytics).reason());
        assertEquals(AccessReason.CONSENTED_SHARING, withAnalytics.access().check(Actor.processor(
                Recipient.of("GOOGLE"), "google-ireland"), ANA, DataCategory.of("ANALYTICS_COOKIES"), analytics)
                .reason());
    }

    @Test
    void recipientOnConsent_getsNothing_whenTheLedgerPermitsOnAnotherBasis() {
        // "cu consimțământul dvs." (Cap. 5): a permit on the contract or legitimate interests is no
        // consent to share. The policy validator already keeps such recipients off purposes on other
        // bases; this is the check behind it, with a ledger that answers a permit without consent.
        ConsentLedger ledger = mock(ConsentLedger.class);
        when(ledger.check(any(), any(), any())).thenAnswer(call -> new ConsentDecision(ConsentReason.LAWFUL_BASIS,
                call.getArgument(1), Optional.of(LegalBasis.CONTRACT), call.getArgument(2), Optional.of("ce-1")));
        AccessControl control = new AccessControl(at -> Policy.clickPhoneDefault(), grants(), accounts, designations,
                notices, ledger, kit.audit(), clock);
        assertEquals(AccessReason.NO_SHARING_CONSENT, control.check(PARTNER_SHOP, ANA, DataCategory.of("CONTACT"),
                SHARING).reason());
        assertEquals("LAWFUL_BASIS", auditStore.last().orElseThrow().details().get("consentReason"));
    }

    @Test
    void consentAskedAgainAfterAMaterialChange_refusesTheThirdParty() {
        // "cu consimțământul dvs." (Cap. 5): a consent given before a material change of the purpose
        // no longer stands.
        PrivacyKit versions = PrivacyKit.builder().stores(InMemoryStores.create().withAuditLog(auditStore))
                .policies(PolicyArchive.of(Policy.clickPhoneDefault(), PolicyDocuments.version("2026.2", "2026-07-01",
                        "THIRD_PARTY_SHARING")))
                .clock(clock).build();
        versions.consent().grant(ANA, SHARING, by(ANA));
        clock.advance(Duration.ofDays(150));
        assertEquals(AccessReason.NO_SHARING_CONSENT, versions.access().check(PARTNER_SHOP, ANA,
                DataCategory.of("CONTACT"), SHARING).reason());
        assertEquals("RECONSENT_REQUIRED", auditStore.last().orElseThrow().details().get("consentReason"));
    }

    @Test
    void tamperedConsent_refusesTheThirdParty_andTheAuditSaysWhy() {
        // "cu consimțământul dvs." (Cap. 5): an event edited in the store proves no consent.
        grantThenTamper(ANA);
        assertEquals(AccessReason.NO_SHARING_CONSENT, kit.access().check(PARTNER_SHOP, ANA,
                DataCategory.of("CONTACT"), SHARING).reason());
        assertEquals("TAMPERED", auditStore.last().orElseThrow().details().get("consentReason"));
    }

    @Test
    void dispatcherOfAccountA_askingAboutASubjectOfAccountB_isRefused() {
        // "dispecerul ClickPhone care furnizează asistență pentru dvs." (Cap. 5)
        for (String category : List.of("CONTACT", "SERVICE_ADDRESS", "DEVICE", "TRAFFIC", "NETWORK")) {
            assertEquals(AccessReason.NOT_ASSISTED_ACCOUNT, kit.access().check(DISPATCHER_A, BOGDAN,
                    DataCategory.of(category), SERVICE).reason(), category);
        }
    }

    // --- who records designations and notices ------------------------------------------------------

    @Test
    void designation_byAnotherSubject_orOfARecipientNotOpenedByDesignation_isRefusedAndAudited() {
        // "în cazul desemnării de către dvs." (Cap. 5): the subject designates, nobody else.
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(Actor.subject(BOGDAN),
                Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")));
        assertRefusal(AccessControl.DESIGNATE, "NOT_OWN_DATA");
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(SUPPORT,
                Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")));
        assertRefusal(AccessControl.DESIGNATE, "NOT_SUBJECT_OR_DELEGATE");
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(Actor.subject(ANA),
                Designation.of(ANA, Recipient.of("COURIER"), "crm-vendor")));
        assertRefusal(AccessControl.DESIGNATE, "NOT_A_DESIGNATION_RECIPIENT");
        // A delegate must act as a delegate recipient of the policy, not as staff or an undeclared one.
        for (String claimed : List.of("EMPLOYEES", "NOT_DECLARED")) {
            Actor fake = Actor.delegate(Recipient.of(claimed), SubjectId.of("acct-1001/admin"), Set.of("pbx-1001"));
            assertThrows(PolicyViolationException.class, () -> kit.access().designate(fake,
                    Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")), claimed);
            assertRefusal(AccessControl.DESIGNATE, AccessReason.RECIPIENT_KIND_MISMATCH.name());
        }
        assertFalse(designations.isDesignated(Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")));
    }

    @Test
    void designation_byTheSubjectOrTheirPbxAdministrator_isRecordedAndAudited() {
        // "în cazul desemnării de către dvs." (Cap. 5)
        kit.access().designate(Actor.subject(ANA), Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor"));
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(AccessControl.DESIGNATE, entry.action());
        assertEquals(AuditOutcome.SUCCESS, entry.outcome());
        assertEquals("crm-vendor", entry.details().get("partner"));
        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("acct-1001/admin"),
                Set.of("pbx-1001"));
        kit.access().designate(admin, Designation.of(ANA, INTEGRATION_PARTNER, "erp-vendor"));
        assertTrue(designations.isDesignated(Designation.of(ANA, INTEGRATION_PARTNER, "erp-vendor")));
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(admin,
                Designation.of(BOGDAN, INTEGRATION_PARTNER, "erp-vendor")), "not an account it administers");
    }

    @Test
    void transferNotice_byAnActorWithoutAGrantedRole_isRefusedAndAudited() {
        // "vom notifica utilizatorii afectați" (Cap. 5): the controller notifies, not the successor.
        assertThrows(PolicyViolationException.class, () -> kit.access().recordTransferNotice(ACME,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0)));
        assertThrows(PolicyViolationException.class, () -> kit.access().recordTransferNotice(SUPPORT,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0)));
        assertRefusal(AccessControl.TRANSFER_NOTICE, AccessReason.NO_ROLE_GRANT.name());
        assertThrows(PolicyViolationException.class, () -> kit.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, INTEGRATION_PARTNER, "acme-telecom", T0)), "not a PRIOR_NOTICE recipient");
        assertRefusal(AccessControl.TRANSFER_NOTICE, "NOT_A_NOTICE_RECIPIENT");
        assertEquals(Optional.empty(), notices.earliestNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom"));
    }

    @Test
    void delegateReDesignating_afterTheSubjectRevoked_isRecordedUnderTheDelegatesName() {
        // "în cazul desemnării de către dvs." (Cap. 5). The registry keeps no author, so the subject's
        // revocation is not (yet) protected against the account administrator: written to the notes
        // for the DPO. What holds today: both changes are audited, each under its own actor.
        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("acct-1001/admin"),
                Set.of("pbx-1001"));
        Designation crm = Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor");
        kit.access().designate(Actor.subject(ANA), crm);
        kit.access().revokeDesignation(Actor.subject(ANA), crm);
        AuditRecord revoked = auditStore.last().orElseThrow();
        kit.access().designate(admin, crm);
        AuditRecord redesignated = auditStore.last().orElseThrow();
        assertEquals(AccessControl.DESIGNATE, redesignated.action());
        assertEquals(kit.audit().subjectRef(SubjectId.of("acct-1001/admin")), redesignated.actorRef());
        assertEquals(kit.audit().subjectRef(ANA), revoked.actorRef());
        assertTrue(designations.isDesignated(crm));
    }

    // --- designations and notices are audited before they are stored -------------------------------

    private PrivacyKit kitOver(InMemoryAuditLogStore audits, DesignationRegistry registry,
            TransferNoticeRegister register) {
        return PrivacyKit.builder()
                .stores(InMemoryStores.create().withAuditLog(audits).withAccounts(accounts))
                .designationRegistry(registry).transferNoticeRegister(register)
                .policy(Policy.clickPhoneDefault()).clock(clock).accessPolicy(grants()).build();
    }

    @Test
    void auditTrailDown_storesNoDesignationNoRevocationAndNoNotice() {
        // "vom notifica utilizatorii afectați înainte" and "în cazul desemnării de către dvs." (Cap. 5):
        // a change that opens data to a partner or a successor never stands unaudited.
        InMemoryAuditLogStore audits = spy(new InMemoryAuditLogStore());
        PrivacyKit broken = kitOver(audits, designations, notices);
        Designation crm = Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor");
        StoreException down = new StoreException("audit: down", true, null);
        doThrow(down).when(audits).append(any());
        assertThrows(StoreException.class, () -> broken.access().designate(Actor.subject(ANA), crm));
        assertFalse(designations.isDesignated(crm));
        assertThrows(StoreException.class, () -> broken.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0)));
        assertEquals(Optional.empty(), notices.earliestNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom"));
        designations.designate(crm);
        assertThrows(StoreException.class, () -> broken.access().revokeDesignation(Actor.subject(ANA), crm));
        assertTrue(designations.isDesignated(crm), "a revocation not audited is not made");
    }

    @Test
    void registryDown_afterTheAudit_isFollowedByAFailedEntry() {
        InMemoryAuditLogStore audits = new InMemoryAuditLogStore();
        DesignationRegistry registryDown = spy(designations);
        TransferNoticeRegister registerDown = spy(notices);
        StoreException down = new StoreException("registry: down", true, null);
        doThrow(down).when(registryDown).designate(any());
        doThrow(down).when(registerDown).record(any());
        PrivacyKit broken = kitOver(audits, registryDown, registerDown);
        assertThrows(StoreException.class, () -> broken.access().designate(Actor.subject(ANA),
                Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")));
        AuditRecord failed = audits.last().orElseThrow();
        assertEquals(AccessControl.DESIGNATE, failed.action());
        assertEquals(AuditOutcome.FAILED, failed.outcome());
        assertEquals("STORE_FAILED", failed.details().get("reason"));
        assertThrows(StoreException.class, () -> broken.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0)));
        assertEquals(AuditOutcome.FAILED, audits.last().orElseThrow().outcome());
        assertEquals(AccessControl.TRANSFER_NOTICE, audits.last().orElseThrow().action());
    }

    @Test
    void directoryDown_whileADelegateDesignates_isRefusedAndAuditedAsFailed() {
        StoreException down = new StoreException("directory: timeout", true, null);
        InMemoryAuditLogStore audits = new InMemoryAuditLogStore();
        PrivacyKit broken = PrivacyKit.builder()
                .stores(InMemoryStores.create().withAuditLog(audits).withAccounts(subject -> {
                    throw down;
                }))
                .designationRegistry(designations).transferNoticeRegister(notices)
                .policy(Policy.clickPhoneDefault()).clock(clock).accessPolicy(grants()).build();
        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("acct-1001/admin"),
                Set.of("pbx-1001"));
        Designation crm = Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor");
        assertThrows(StoreException.class, () -> broken.access().designate(admin, crm));
        AuditRecord failed = audits.last().orElseThrow();
        assertEquals(AccessControl.DESIGNATE, failed.action());
        assertEquals(AuditOutcome.FAILED, failed.outcome());
        assertEquals(AccessReason.DIRECTORY_UNAVAILABLE.name(), failed.details().get("reason"));
        assertFalse(designations.isDesignated(crm));
    }

    // --- failures deny, never grant -----------------------------------------------------------------

    @Test
    void storesThatCannotAnswer_deny_withAReasonNamingThem() {
        StoreException down = new StoreException("store: timeout", true, null);
        DesignationRegistry registryDown = spy(designations);
        doThrow(down).when(registryDown).isDesignated(any());
        TransferNoticeRegister noticesDown = spy(notices);
        doThrow(down).when(noticesDown).earliestNotice(any(), any(), any());
        InMemoryConsentStore consentDown = spy(new InMemoryConsentStore());
        PrivacyKit broken = PrivacyKit.builder()
                .stores(InMemoryStores.create().withConsent(consentDown).withAccounts(subject -> {
                    throw down;
                }))
                .designationRegistry(registryDown)
                .transferNoticeRegister(noticesDown)
                .policy(Policy.clickPhoneDefault()).clock(clock)
                .accessPolicy(grants())
                .build();
        doThrow(down).when(consentDown).eventsOf(any());
        designations.designate(Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor"));
        notices.record(new TransferNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom", T0.minusSeconds(60)));
        assertEquals(AccessReason.CONSENT_UNAVAILABLE, broken.access().check(PARTNER_SHOP, ANA,
                DataCategory.of("CONTACT"), SHARING).reason());
        assertEquals(AccessReason.DESIGNATIONS_UNAVAILABLE, broken.access().check(CRM, ANA,
                DataCategory.of("CONTACT"), SERVICE).reason());
        assertEquals(AccessReason.NOTICES_UNAVAILABLE, broken.access().check(ACME, ANA,
                DataCategory.of("CONTACT"), TRANSFER).reason());
        assertEquals(AccessReason.DIRECTORY_UNAVAILABLE, broken.access().check(DISPATCHER_A, ANA,
                DataCategory.of("CONTACT"), SERVICE).reason());
        assertTrue(broken.audit().verify().intact());
    }

    @Test
    void theShippedPolicy_carriesTheConditions() {
        Policy policy = Policy.clickPhoneDefault();
        assertEquals(RecipientCondition.SUBJECT_CONSENT, policy.recipient(Recipient.of("CONSENTED_THIRD_PARTY"))
                .condition());
        assertEquals(RecipientCondition.SUBJECT_DESIGNATION, policy.recipient(INTEGRATION_PARTNER).condition());
        assertEquals(RecipientCondition.PRIOR_NOTICE, policy.recipient(SUCCESSOR_ENTITY).condition());
        assertEquals(RecipientCondition.ASSISTED_ACCOUNT, policy.recipient(Recipient.of("DISPATCHER")).condition());
        assertEquals(RecipientCondition.NONE, policy.recipient(Recipient.of("COURIER")).condition());
    }
}
