package ro.clickphone.privacy.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * "Drepturile dvs. în baza acestei politici de confidențialitate nu vor fi diminuate fără
 * consimțământul dvs. explicit." (Cap. 2): while a change of a purpose that diminishes rights is in
 * effect, {@code kit.access()} gives nobody but the subject data for that purpose, whatever its basis
 * (here SERVICE_PROVISION, on the contract), until the consent ledger permits it for the subject.
 */
class RightsDiminishedAccessTest {

    private static final Instant MARCH_2027 = Instant.parse("2027-03-01T10:00:00Z");
    private static final SubjectId ANA = SubjectId.of("acct-1001/ana");
    private static final Purpose SERVICE = Purpose.of("SERVICE_PROVISION");
    private static final Purpose SECURITY = Purpose.of("SECURITY");

    private static final Actor ANA_HERSELF = Actor.subject(ANA);
    private static final Actor SUPPORT = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
    private static final Actor PBX_ADMIN = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"),
            SubjectId.of("acct-1001/admin"), Set.of("pbx-1001"));
    private static final Actor JOB = Actor.system("provisioning", Set.of("SUPPORT"));

    private final InMemoryAuditLogStore auditStore = new InMemoryAuditLogStore();
    private final PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create())
            .policies(PolicyArchive.of(Policy.clickPhoneDefault(),
                    PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION")))
            .clock(Clock.fixed(MARCH_2027, ZoneOffset.UTC))
            .auditLogStore(auditStore)
            .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test"),
                    SecretBytes.copyOf(new byte[32])))
            .accessPolicy(AccessPolicy.builder().grant("SUPPORT", SERVICE, SECURITY).build())
            .accountDirectory(new InMemoryAccountDirectory().assign(ANA, "pbx-1001"))
            .build();

    private enum Ledger {
        NOTHING, PLAIN_GRANT, EXPLICIT_GRANT, EXPLICIT_GRANT_THEN_RESTRICTED
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(SUPPORT, "CONTACT", SERVICE, Ledger.NOTHING, AccessReason.RIGHTS_DIMINISHED,
                        "RIGHTS_DIMINISHED"),
                Arguments.of(SUPPORT, "CONTACT", SERVICE, Ledger.PLAIN_GRANT, AccessReason.RIGHTS_DIMINISHED,
                        "RIGHTS_DIMINISHED"),
                Arguments.of(SUPPORT, "CONTACT", SERVICE, Ledger.EXPLICIT_GRANT, AccessReason.ROLE_GRANTED,
                        "LAWFUL_BASIS"),
                Arguments.of(PBX_ADMIN, "TRAFFIC", SERVICE, Ledger.NOTHING, AccessReason.RIGHTS_DIMINISHED,
                        "RIGHTS_DIMINISHED"),
                Arguments.of(PBX_ADMIN, "TRAFFIC", SERVICE, Ledger.EXPLICIT_GRANT, AccessReason.DELEGATION,
                        "LAWFUL_BASIS"),
                Arguments.of(JOB, "CONTACT", SERVICE, Ledger.NOTHING, AccessReason.RIGHTS_DIMINISHED,
                        "RIGHTS_DIMINISHED"),
                // A restriction (art. 18) after the agreement: the ledger still does not permit.
                Arguments.of(SUPPORT, "CONTACT", SERVICE, Ledger.EXPLICIT_GRANT_THEN_RESTRICTED,
                        AccessReason.RIGHTS_DIMINISHED, "RESTRICTED"),
                // The subject's own access is her right, not processing the change diminishes.
                Arguments.of(ANA_HERSELF, "CONTACT", SERVICE, Ledger.NOTHING, AccessReason.OWN_DATA, null),
                // A purpose without a diminishing change is not affected.
                Arguments.of(SUPPORT, "NETWORK", SECURITY, Ledger.NOTHING, AccessReason.ROLE_GRANTED, null));
    }

    @ParameterizedTest(name = "{0} {2} after {3}: {4}")
    @MethodSource("cases")
    void accessUnderADiminishingChange_followsTheLedger(Actor actor, String category, Purpose purpose, Ledger ledger,
            AccessReason expected, String consentReason) {
        ConsentProof byAna = ConsentProof.of(ANA_HERSELF, ConsentChannel.WEB_ACCOUNT);
        String agreed = null;
        switch (ledger) {
            case PLAIN_GRANT -> kit.consent().grant(ANA, SERVICE, byAna);
            case EXPLICIT_GRANT -> agreed = kit.consent().grant(ANA, SERVICE,
                    byAna.withFormId("terms-2027-1").withExplicitConsent()).id();
            case EXPLICIT_GRANT_THEN_RESTRICTED -> {
                kit.consent().grant(ANA, SERVICE, byAna.withFormId("terms-2027-1").withExplicitConsent());
                kit.consent().restrict(ANA, byAna);
            }
            default -> {
            }
        }

        AccessDecision decision = kit.access().check(actor, ANA, DataCategory.of(category), purpose);

        assertEquals(expected, decision.reason());
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(AccessControl.ACTION, entry.action());
        assertEquals(expected.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, entry.outcome());
        assertEquals(expected.name(), entry.details().get("reason"));
        assertEquals(consentReason, entry.details().get("consentReason"));
        if (agreed != null) {
            assertEquals(agreed, entry.details().get("consentEvent"), "the permit names the agreement it rests on");
        } else if (consentReason == null) {
            assertNull(entry.details().get("consentEvent"));
        }
    }
}
