package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;

/**
 * The notification types of the shipped policy: who sends each, the least payload each message
 * needs, which numbers are shown masked, and the validator's messages about them.
 */
class NotificationPolicyTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();
    private static final String INFO = "info@clickphone.ro";
    private static final String NO_REPLY = "noreplay@clickphone.ro";

    private static NotificationTypeDefinition type(String id) {
        return POLICY.notificationType(NotificationType.of(id));
    }

    @Test
    void everyType_hasASenderThePolicyLists() {
        for (NotificationTypeDefinition n : POLICY.notificationTypes()) {
            String sender = n.sender().orElseThrow(() -> new AssertionError(n.type() + " has no sender"));
            assertTrue(POLICY.notificationSenders().contains(sender), n.type().id());
        }
    }

    /**
     * Messages a reader may answer (offers, announcements, contract and tariff changes, the policy
     * change, a breach notice, the notices about a data-subject request) come from info@; automatic account notices and security alerts from
     * noreplay@ (sic: the policy spells it so). docs/POLICY-NOTES.md records the judgment.
     */
    @Test
    void senders_answerableFromInfo_automaticFromNoReply() {
        Map<String, List<String>> bySender = new TreeMap<>();
        POLICY.notificationTypes().forEach(n -> bySender.computeIfAbsent(n.sender().orElseThrow(),
                k -> new java.util.ArrayList<>()).add(n.type().id()));
        assertEquals(Set.of("MARKETING_OFFER", "TARIFF_CHANGE", "CONTRACT_CHANGE", "SERVICE_ANNOUNCEMENT",
                "PRIVACY_POLICY_CHANGED", "DATA_BREACH_NOTICE", "RIGHTS_REQUEST_EXTENDED", "RIGHTS_REQUEST_ANSWERED",
                "RIGHTS_REQUEST_REFUSED"),
                Set.copyOf(bySender.get(INFO)));
        assertTrue(bySender.get(NO_REPLY).containsAll(List.of("MISSED_CALL", "VOICEMAIL_RECEIVED",
                "SECURITY_PASSWORD_CHANGED", "PASSWORD_RESET", "CREDIT_TOP_UP", "PAYMENT_CONFIRMED")));
        assertEquals(POLICY.notificationTypes().size(), bySender.get(INFO).size() + bySender.get(NO_REPLY).size());
    }

    @Test
    void everyPayloadField_ofACategory_isACategoryOfItsType() {
        for (NotificationTypeDefinition n : POLICY.notificationTypes()) {
            for (PayloadField f : n.payload()) {
                f.category().ifPresent(c -> assertTrue(n.categories().contains(c), n.type() + "." + f.name()));
                assertFalse(f.masked() && !f.kind().maskable(), n.type() + "." + f.name());
            }
            assertTrue(n.categories().containsAll(n.attachments()), n.type().id());
        }
    }

    /**
     * The reader's own ClickPhone number, and a number they dialled, are shown masked: they know it;
     * a caller's number is shown whole, since calling back is the point of the notice.
     */
    @ParameterizedTest(name = "{0}.{1} masked={2}")
    @CsvSource({
        "MISSED_CALL, callerNumber, false",
        "MISSED_CALL, calledNumber, true",
        "VOICEMAIL_RECEIVED, callerNumber, false",
        "VOICEMAIL_RECEIVED, calledNumber, true",
        "FAX_SENT, destinationNumber, true",
        "FAX_RECEIVED, senderNumber, false",
        "SECURITY_PASSWORD_CHANGED, ipAddress, true",
        "PBX_ALLOWED_IP_CHANGED, allowedIp, true"})
    void numbers_maskedWhereTheReaderDoesNotNeedThemWhole(String type, String field, boolean masked) {
        assertEquals(masked, type(type).payloadField(field).orElseThrow().masked());
    }

    @Test
    void voicemailAndReceivedFax_carryTheirAudioAndDocument_nothingElseCarriesAttachments() {
        assertEquals(List.of(DataCategory.of("VOICEMAIL")), type("VOICEMAIL_RECEIVED").attachments());
        assertEquals(List.of(DataCategory.of("FAX")), type("FAX_RECEIVED").attachments());
        Set<String> withAttachments = POLICY.notificationTypes().stream().filter(n -> !n.attachments().isEmpty())
                .map(n -> n.type().id()).collect(Collectors.toSet());
        assertEquals(Set.of("VOICEMAIL_RECEIVED", "FAX_RECEIVED"), withAttachments);
    }

    /**
     * Cap. 7: the notice names "natura incidentului, momentul producerii și al descoperirii, numărul
     * persoanelor afectate și categoriile de date": those are required. GDPR art. 34(2) adds the likely
     * consequences, the measures taken or proposed and the contact point: required too, as the
     * incident register passes them (with what the customer can do and the authority to complain to).
     */
    @Test
    void breachNotice_carriesWhatCap7Requires_andArticle34sAdditions() {
        NotificationTypeDefinition breach = type("DATA_BREACH_NOTICE");
        for (String required : List.of("nature", "occurredAt", "discoveredAt", "affectedSubjects", "categories",
                "consequences", "measures", "recommendations", "contactName", "authorityName")) {
            assertFalse(breach.payloadField(required).orElseThrow().optional(), required);
        }
        for (String optional : List.of("affectedSubjectsEstimated", "contactEmail", "contactPhone", "authorityWeb")) {
            assertTrue(breach.payloadField(optional).orElseThrow().optional(), optional);
        }
        assertEquals(PayloadKind.CATEGORY_LIST, breach.payloadField("categories").orElseThrow().kind());
        assertEquals(INFO, breach.sender().orElseThrow());
    }

    /**
     * GDPR art. 12(3): an extension is notified with the reasons for the delay; art. 12(4) and 77:
     * a refusal or a partial answer says why — a separate type whose reason is required, so it cannot
     * go out without one — and every answer names the authority to complain to (filled by the renderer
     * from the policy, not declared). All rest on the RIGHTS_REQUESTS purpose, a legal obligation, so
     * the consent gate never suppresses them, and carry no category of data.
     */
    @Test
    void rightsNotices_areLegalObligations_carryingWhatArticle12Requires() {
        NotificationTypeDefinition extended = type("RIGHTS_REQUEST_EXTENDED");
        NotificationTypeDefinition answered = type("RIGHTS_REQUEST_ANSWERED");
        NotificationTypeDefinition refused = type("RIGHTS_REQUEST_REFUSED");
        for (NotificationTypeDefinition n : List.of(extended, answered, refused)) {
            assertEquals("RIGHTS_REQUESTS", n.purpose().id(), n.type().id());
            assertEquals(LegalBasis.LEGAL_OBLIGATION, n.legalBasis(), n.type().id());
            assertFalse(n.suppressible(), n.type().id());
            assertEquals(List.of(), n.categories(), n.type().id());
            assertEquals(INFO, n.sender().orElseThrow(), n.type().id());
            assertTrue(n.payload().stream().noneMatch(PayloadField::masked), n.type().id());
            // Only an erasure's extras are optional: what was kept, and the sentence on exported pseudonyms.
            assertEquals(n == extended ? List.of() : n == answered ? List.of("erasure", "recipientsTold")
                    : List.of("keptCategories", "erasure", "recipientsTold"), n.payload().stream().filter(PayloadField::optional)
                    .map(PayloadField::name).toList(), n.type().id());
            assertTrue(n.payloadField("authorityName").isEmpty(), "the renderer fills it from the policy");
        }
        assertEquals(Map.of("requestType", PayloadKind.TEXT, "receivedAt", PayloadKind.DATE,
                "previousDueDate", PayloadKind.DATE, "dueDate", PayloadKind.DATE, "reason", PayloadKind.TEXT),
                kinds(extended));
        assertEquals(Map.of("requestType", PayloadKind.TEXT, "receivedAt", PayloadKind.DATE,
                "erasure", PayloadKind.FLAG, "recipientsTold", PayloadKind.FLAG), kinds(answered));
        assertEquals(Map.of("requestType", PayloadKind.TEXT, "receivedAt", PayloadKind.DATE,
                "partial", PayloadKind.FLAG, "refusalReason", PayloadKind.TEXT,
                "keptCategories", PayloadKind.CATEGORY_LIST, "erasure", PayloadKind.FLAG,
                "recipientsTold", PayloadKind.FLAG), kinds(refused));
    }

    private static Map<String, PayloadKind> kinds(NotificationTypeDefinition type) {
        return type.payload().stream().collect(Collectors.toMap(PayloadField::name, PayloadField::kind));
    }

    @Test
    void tariffChange_isAContractNoticeFromInfo_notMarketing() {
        NotificationTypeDefinition tariff = type("TARIFF_CHANGE");
        assertEquals("CONTRACT_NOTICES", tariff.purpose().id());
        assertFalse(tariff.suppressible());
        assertTrue(tariff.payload().stream().allMatch(f -> f.category().isEmpty()), "a tariff is no one's data");
    }

    @Test
    void senderOutsideTheList_isRefused_withoutRepeatingTheAddress() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        ((ObjectNode) doc.withArray("notificationTypes").get(0)).put("sender", "ion.popescu@example.ro");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(doc));
        assertTrue(e.getMessage().contains("$.notificationTypes[0].sender"), e.getMessage());
        assertFalse(e.getMessage().contains("ion.popescu"), e.getMessage());
    }

    @Test
    void payloadCategoryOutsideTheType_isRefused_withoutRepeatingAMalformedValue() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        ((ObjectNode) ((ObjectNode) doc.withArray("notificationTypes").get(0)).withArray("payload").get(0))
                .put("category", "+40721234567");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(doc));
        assertTrue(e.getMessage().contains("$.notificationTypes[0].payload[0].category"), e.getMessage());
        assertFalse(e.getMessage().contains("721234567"), e.getMessage());
    }

    @Test
    void documentWithoutSenders_mayDeclareTypesWithoutOne() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.remove("notificationSenders");
        doc.withArray("notificationTypes").forEach(n -> ((ObjectNode) n).remove("sender"));
        Policy policy = PolicyDocuments.load(doc);
        assertTrue(policy.notificationTypes().stream().allMatch(n -> n.sender().isEmpty()));
    }

    @Test
    void payloadField_refusesMaskingAKindThatCannotBeMasked() {
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> new PayloadField("paidAt",
                PayloadKind.DATE_TIME, true, false, java.util.Optional.empty()));
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> new PayloadField("paid_at",
                PayloadKind.DATE_TIME, false, false, java.util.Optional.empty()));
    }
}
