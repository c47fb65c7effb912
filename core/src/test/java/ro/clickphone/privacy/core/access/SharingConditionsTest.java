package ro.clickphone.privacy.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.RecipientCondition;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
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
    private static final Actor DISPATCHER_A = Actor.staff(Recipient.of("DISPATCHER"), "disp-07", Set.of("SUPPORT"),
            Set.of("pbx-1001"));
    private static final Actor DISPATCHER_NONE = Actor.staff(Recipient.of("DISPATCHER"), "disp-08", Set.of("SUPPORT"));
    private static final Actor SUPPORT = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
    private static final Actor NOTIFIER = Actor.system("transfer-notifier", Set.of("MERGER"));

    /** A clock the tests move forward. */
    static final class MovingClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final InMemoryAuditLogStore auditStore = new InMemoryAuditLogStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory().assign(ANA, "pbx-1001")
            .assign(BOGDAN, "pbx-2002");
    private final InMemoryDesignationRegistry designations = new InMemoryDesignationRegistry();
    private final InMemoryTransferNoticeRegister notices = new InMemoryTransferNoticeRegister();
    private PrivacyKit kit = kit(InMemoryStores.create());

    private PrivacyKit kit(Stores base) {
        return PrivacyKit.builder()
                .stores(base.withAuditLog(auditStore).withAccounts(accounts).withDesignations(designations)
                        .withTransferNotices(notices))
                .policy(Policy.clickPhoneDefault())
                .clock(clock)
                .accessPolicy(AccessPolicy.builder()
                        .grant("SUPPORT", SERVICE)
                        .grant("MERGER", TRANSFER)
                        .build())
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
                // Employees carry no condition: a role grant suffices, whatever accounts they carry.
                row("employee, no condition", nothing, SUPPORT, BOGDAN, "CONTACT", SERVICE,
                        AccessReason.ROLE_GRANTED, false));
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
        assertEquals(actor.recipient().orElseThrow().id(), entry.details().get("recipient"));
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
        AuditRecord refused = auditStore.last().orElseThrow();
        assertEquals(AccessControl.DESIGNATE, refused.action());
        assertEquals(AuditOutcome.DENIED, refused.outcome());
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(SUPPORT,
                Designation.of(ANA, INTEGRATION_PARTNER, "crm-vendor")));
        assertThrows(PolicyViolationException.class, () -> kit.access().designate(Actor.subject(ANA),
                Designation.of(ANA, Recipient.of("COURIER"), "crm-vendor")));
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
        assertThrows(PolicyViolationException.class, () -> kit.access().recordTransferNotice(NOTIFIER,
                new TransferNotice(ANA, INTEGRATION_PARTNER, "acme-telecom", T0)), "not a PRIOR_NOTICE recipient");
        AuditRecord refused = auditStore.last().orElseThrow();
        assertEquals(AccessControl.TRANSFER_NOTICE, refused.action());
        assertEquals(AuditOutcome.DENIED, refused.outcome());
        assertEquals(Optional.empty(), notices.earliestNotice(ANA, SUCCESSOR_ENTITY, "acme-telecom"));
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
                .accessPolicy(AccessPolicy.builder().grant("SUPPORT", SERVICE).build())
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
