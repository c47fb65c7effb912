package ro.clickphone.privacy.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** Access decisions over the ClickPhone policy: who may see what, default deny, every decision audited. */
class AccessControlTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final SubjectId ANA = SubjectId.of("acct-1001/ana");
    private static final SubjectId BOGDAN = SubjectId.of("acct-2002/bogdan");

    private static final Actor ANA_HERSELF = Actor.subject(ANA);
    private static final Actor PBX_ADMIN_A = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"),
            SubjectId.of("acct-1001/admin"), Set.of("pbx-1001"));
    private static final Actor SUPPORT = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
    private static final Actor INTERN = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0999", Set.of("INTERN"));
    private static final Actor DISPATCHER = Actor.staff(Recipient.of("DISPATCHER"), "disp-07", Set.of("DISPATCH"),
            Set.of("pbx-1001"));
    private static final Actor COURIER = Actor.processor(Recipient.of("COURIER"), "courier-ro");
    private static final Actor ACCOUNTANT = Actor.processor(Recipient.of("CECCAR_ACCOUNTANT"), "ceccar-expert-12");
    private static final Actor POLICE = Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-2026-118");
    private static final Actor SWEEPER = Actor.system("retention-sweeper", Set.of("RETENTION"));
    private static final Actor FAKE_COURIER_AS_STAFF = Actor.staff(Recipient.of("COURIER"), "emp-0815", Set.of("SUPPORT"));
    private static final Actor UNKNOWN_RECIPIENT = Actor.processor(Recipient.of("FACEBOOK"), "meta");

    private final InMemoryAuditLogStore auditStore = new InMemoryAuditLogStore();
    private final PrivacyKit kit = kit(auditStore, new InMemoryAccountDirectory().assign(ANA, "pbx-1001")
            .assign(BOGDAN, "pbx-2002"));

    private static PrivacyKit kit(InMemoryAuditLogStore store, AccountDirectory accounts) {
        return PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault())
                .clock(CLOCK)
                .auditLogStore(store)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test"), SecretBytes.copyOf(new byte[32])))
                .accessPolicy(AccessPolicy.builder()
                        .grant("SUPPORT", Purpose.of("SERVICE_PROVISION"), Purpose.of("SECURITY"))
                        .grantAs(Recipient.of("DISPATCHER"), "DISPATCH", Purpose.of("SERVICE_PROVISION"))
                        .grant("BILLING", Purpose.of("BILLING"), Purpose.of("FISCAL_DOCUMENTS"))
                        .grant("RETENTION", Purpose.of("LEGAL_REQUESTS"))
                        .build())
                .accountDirectory(accounts)
                .build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // The subject: own data only.
                Arguments.of(ANA_HERSELF, ANA, "CONTACT", "SERVICE_PROVISION", AccessReason.OWN_DATA),
                Arguments.of(ANA_HERSELF, BOGDAN, "CONTACT", "SERVICE_PROVISION", AccessReason.NOT_OWN_DATA),
                // The Custom PBX administrator: their account only, the categories the policy gives them.
                Arguments.of(PBX_ADMIN_A, ANA, "TRAFFIC", "SERVICE_PROVISION", AccessReason.DELEGATION),
                Arguments.of(PBX_ADMIN_A, BOGDAN, "TRAFFIC", "SERVICE_PROVISION", AccessReason.OUTSIDE_DELEGATION),
                Arguments.of(PBX_ADMIN_A, SubjectId.of("nobody"), "TRAFFIC", "SERVICE_PROVISION",
                        AccessReason.OUTSIDE_DELEGATION),
                Arguments.of(PBX_ADMIN_A, ANA, "CREDENTIALS", "SERVICE_PROVISION", AccessReason.CATEGORY_NOT_FOR_RECIPIENT),
                Arguments.of(PBX_ADMIN_A, ANA, "FINANCIAL", "BILLING", AccessReason.RECIPIENT_NOT_FOR_PURPOSE),
                // Staff: a role granted the purpose, as a recipient the purpose names.
                Arguments.of(SUPPORT, ANA, "CONTACT", "SERVICE_PROVISION", AccessReason.ROLE_GRANTED),
                Arguments.of(SUPPORT, ANA, "FINANCIAL", "BILLING", AccessReason.NO_ROLE_GRANT),
                Arguments.of(INTERN, ANA, "CONTACT", "SERVICE_PROVISION", AccessReason.NO_ROLE_GRANT),
                // The dispatcher: the accounts it assists only ("dispecerul ClickPhone care furnizează
                // asistență pentru dvs.", Cap. 5).
                Arguments.of(DISPATCHER, ANA, "TRAFFIC", "SERVICE_PROVISION", AccessReason.ASSISTED_ACCOUNT),
                Arguments.of(DISPATCHER, BOGDAN, "TRAFFIC", "SERVICE_PROVISION", AccessReason.NOT_ASSISTED_ACCOUNT),
                Arguments.of(DISPATCHER, ANA, "VOICEMAIL", "SERVICE_PROVISION", AccessReason.CATEGORY_NOT_FOR_RECIPIENT),
                Arguments.of(FAKE_COURIER_AS_STAFF, ANA, "DELIVERY", "SHIPPING", AccessReason.RECIPIENT_KIND_MISMATCH),
                // The courier: DELIVERY data for shipping, nothing else.
                Arguments.of(COURIER, ANA, "DELIVERY", "SHIPPING", AccessReason.NAMED_RECIPIENT),
                Arguments.of(COURIER, ANA, "TRAFFIC", "SHIPPING", AccessReason.CATEGORY_NOT_IN_PURPOSE),
                Arguments.of(COURIER, ANA, "CONTACT", "SERVICE_PROVISION", AccessReason.RECIPIENT_NOT_FOR_PURPOSE),
                // Delivery data is not a fiscal record ("Pentru serviciile de expediii echipamente, nu este
                // necesara crearea unui cont"): FISCAL_DOCUMENTS does not process it.
                Arguments.of(COURIER, ANA, "DELIVERY", "FISCAL_DOCUMENTS", AccessReason.CATEGORY_NOT_IN_PURPOSE),
                Arguments.of(COURIER, ANA, "IDENTITY", "FISCAL_DOCUMENTS", AccessReason.RECIPIENT_NOT_FOR_PURPOSE),
                // Accountant: financial data for financial reporting.
                Arguments.of(ACCOUNTANT, ANA, "FINANCIAL", "FINANCIAL_REPORTING", AccessReason.NAMED_RECIPIENT),
                Arguments.of(ACCOUNTANT, ANA, "TRAFFIC", "LEGAL_REQUESTS", AccessReason.RECIPIENT_NOT_FOR_PURPOSE),
                // Authorities: with a legal request, for the purposes that name them.
                Arguments.of(POLICE, ANA, "TRAFFIC", "LEGAL_REQUESTS", AccessReason.LEGAL_REQUEST),
                Arguments.of(POLICE, ANA, "TRAFFIC", "MARKETING", AccessReason.CATEGORY_NOT_IN_PURPOSE),
                Arguments.of(POLICE, ANA, "VOICEMAIL", "SERVICE_PROVISION", AccessReason.RECIPIENT_NOT_FOR_PURPOSE),
                // System jobs: role grants only.
                Arguments.of(SWEEPER, ANA, "TRAFFIC", "LEGAL_REQUESTS", AccessReason.ROLE_GRANTED),
                Arguments.of(SWEEPER, ANA, "TRAFFIC", "BILLING", AccessReason.NO_ROLE_GRANT),
                // Undeclared things.
                Arguments.of(SUPPORT, ANA, "CONTACT", "PROFILING", AccessReason.UNDECLARED_PURPOSE),
                Arguments.of(SUPPORT, ANA, "SMS_CONTENT", "SERVICE_PROVISION", AccessReason.UNDECLARED_CATEGORY),
                Arguments.of(UNKNOWN_RECIPIENT, ANA, "CONTACT", "SERVICE_PROVISION", AccessReason.UNDECLARED_RECIPIENT));
    }

    @ParameterizedTest(name = "{0} on {2}/{3} -> {4}")
    @MethodSource("cases")
    void check_decidesAndAuditsEveryDecision(Actor actor, SubjectId subject, String category, String purpose,
            AccessReason expected) {
        AccessDecision decision = kit.access().check(actor, subject, DataCategory.of(category), Purpose.of(purpose));
        assertEquals(expected, decision.reason());
        assertEquals(expected.permits(), decision.permitted());
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(decision.auditSequence(), entry.sequence());
        assertEquals(AccessControl.ACTION, entry.action());
        assertEquals(expected.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, entry.outcome());
        assertEquals(expected.name(), entry.details().get("reason"));
        assertEquals(purpose, entry.purpose().orElseThrow());
        assertEquals(List.of(category), entry.categories());
        assertEquals(kit.audit().subjectRef(subject), entry.subjectRef().orElseThrow());
    }

    @Test
    void authorityAccess_auditsTheLegalRequestReference() {
        kit.access().check(POLICE, ANA, DataCategory.of("TRAFFIC"), Purpose.of("LEGAL_REQUESTS"));
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals("req-2026-118", entry.details().get("legalRequest"));
        assertEquals("AUTHORITIES", entry.details().get("recipient"));
    }

    @Test
    void staffAccess_auditsTheRolesActedIn() {
        kit.access().check(SUPPORT, ANA, DataCategory.of("CONTACT"), Purpose.of("SERVICE_PROVISION"));
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals("SUPPORT", entry.details().get("roles"));
        assertEquals("emp-0815", entry.actorRef());
    }

    @Test
    void defaultKit_deniesStaffAndDelegates() {
        PrivacyKit plain = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).clock(CLOCK).build();
        assertEquals(AccessReason.NO_ROLE_GRANT, plain.access().check(SUPPORT, ANA, DataCategory.of("CONTACT"),
                Purpose.of("SERVICE_PROVISION")).reason());
        assertEquals(AccessReason.OUTSIDE_DELEGATION, plain.access().check(PBX_ADMIN_A, ANA,
                DataCategory.of("TRAFFIC"), Purpose.of("SERVICE_PROVISION")).reason());
        assertTrue(plain.audit().verify().intact());
        assertEquals(2, plain.audit().verify().entriesChecked());
    }

    @Test
    void directoryDown_deniesTheDelegate() {
        AccountDirectory down = subject -> {
            throw new StoreException("account directory: timeout", true, null);
        };
        PrivacyKit k = kit(new InMemoryAuditLogStore(), down);
        assertEquals(AccessReason.DIRECTORY_UNAVAILABLE, k.access().check(PBX_ADMIN_A, ANA,
                DataCategory.of("TRAFFIC"), Purpose.of("SERVICE_PROVISION")).reason());
    }

    @Test
    void auditFailure_failsTheCheck_noUnauditedDecision() {
        InMemoryAuditLogStore store = spy(new InMemoryAuditLogStore());
        PrivacyKit k = kit(store, new InMemoryAccountDirectory());
        doThrow(new StoreException("audit store: disk full", false, null)).when(store).append(any());
        assertThrows(StoreException.class, () -> k.access().check(ANA_HERSELF, ANA, DataCategory.of("CONTACT"),
                Purpose.of("SERVICE_PROVISION")));
    }

    @Test
    void nullArguments_areInvalidInput() {
        assertThrows(InvalidInputException.class, () -> kit.access().check(null, ANA, DataCategory.of("CONTACT"),
                Purpose.of("BILLING")));
        assertThrows(InvalidInputException.class, () -> kit.access().check(SUPPORT, null, DataCategory.of("CONTACT"),
                Purpose.of("BILLING")));
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grant("support", Purpose.of("BILLING")));
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grant("SUPPORT"));
    }
}
