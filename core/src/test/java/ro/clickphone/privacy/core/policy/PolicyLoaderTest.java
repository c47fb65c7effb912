package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The loader rejects malformed policy documents with a {@link PolicyException} that names the JSON
 * path. Most cases start from the shipped ClickPhone document and break one thing in it.
 */
class PolicyLoaderTest {

    static ObjectNode defaultDocument() {
        return PolicyDocuments.defaultDocument();
    }

    static Policy load(String json) {
        return PolicyDocuments.load(json);
    }

    static Policy load(ObjectNode document) {
        return PolicyDocuments.load(document);
    }

    private static ObjectNode purpose(ObjectNode doc, String id) {
        return element(doc, "purposes", id);
    }

    private static ObjectNode category(ObjectNode doc, String id) {
        return element(doc, "categories", id);
    }

    private static ObjectNode element(ObjectNode doc, String array, String id) {
        for (var node : doc.withArray(array)) {
            if (node.path("id").asText().equals(id)) {
                return (ObjectNode) node;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private static int indexOf(ObjectNode doc, String array, String id) {
        ArrayNode nodes = doc.withArray(array);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).path("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private static ObjectNode type(ObjectNode d, int index) {
        return (ObjectNode) d.withArray("notificationTypes").get(index);
    }

    private static ObjectNode payloadField(ObjectNode d, int type, int field) {
        return (ObjectNode) type(d, type).withArray("payload").get(field);
    }

    private static Arguments breakIt(String name, Consumer<ObjectNode> mutation, String pathOf, String messagePart) {
        return Arguments.of(name, mutation, pathOf, messagePart);
    }

    static Stream<Arguments> brokenDocuments() {
        ObjectNode doc = defaultDocument();
        int marketing = indexOf(doc, "purposes", "MARKETING");
        int fiscalPurpose = indexOf(doc, "purposes", "FISCAL_DOCUMENTS");
        int traffic = indexOf(doc, "categories", "TRAFFIC");
        int contact = indexOf(doc, "categories", "CONTACT");
        int courier = indexOf(doc, "recipients", "COURIER");
        int financialRule = indexOf(doc, "retentionRules", "FINANCIAL_RECORDS");
        int session = indexOf(doc, "retentionRules", "END_OF_SESSION");
        int missedCall = indexOf(doc, "notificationTypes", "MISSED_CALL");
        int fraud = indexOf(doc, "purposes", "FRAUD_PREVENTION");
        int google = indexOf(doc, "recipients", "GOOGLE");
        int announcement = indexOf(doc, "notificationTypes", "PRIVACY_POLICY_CHANGED");
        return Stream.of(
                // "Orice modificări aduse politicii de confidențialitate vor fi notificate cu o mai mare
                // vizibilitate (inclusiv, în cazul anumitor servicii, o notificare prin e-mail [...])": the
                // announcement reaches every subject, so no withdrawal or objection may stop it.
                breakIt("change announcement on a consent purpose",
                        d -> ((ObjectNode) d.withArray("notificationTypes").get(announcement)).put("purpose", "MARKETING"),
                        "$.changeAnnouncement", "can stop by withdrawing consent or objecting"),
                breakIt("change announcement on a purpose open to an absolute objection",
                        d -> ((ObjectNode) d.withArray("notificationTypes").get(announcement))
                                .put("purpose", "SERVICE_ANNOUNCEMENTS"),
                        "$.changeAnnouncement", "purpose 'SERVICE_ANNOUNCEMENTS' (LEGITIMATE_INTERESTS)"),
                // Policy fidelity: the rules the ClickPhone document now relies on.
                breakIt("legitimate interest without balancing test",
                        d -> purpose(d, "FRAUD_PREVENTION").remove("balancingTest"),
                        "$.purposes[" + fraud + "].balancingTest", "is required for a purpose on LEGITIMATE_INTERESTS"),
                breakIt("balancing test on a consent purpose",
                        d -> purpose(d, "MARKETING").put("balancingTest", "we like it"),
                        "$.purposes[" + marketing + "].balancingTest", "belongs only to a purpose on LEGITIMATE_INTERESTS"),
                breakIt("restriction exemption on a consent purpose",
                        d -> purpose(d, "MARKETING").put("continuesWhenRestricted", true),
                        "$.purposes[" + marketing + "].continuesWhenRestricted", "only a purpose on CONTRACT"),
                breakIt("recipient in another EEA country",
                        d -> ((ObjectNode) d.withArray("recipients").get(courier)).put("country", "BG"),
                        "$.recipients[" + courier + "].country", "not among $.transfers.permittedCountries"),
                breakIt("Google without its documented exception",
                        d -> ((ObjectNode) d.get("transfers")).putArray("exceptions"),
                        "$.recipients[" + google + "].country", "no $.transfers.exceptions entry names this recipient"),
                breakIt("transfer exception of an unknown recipient",
                        d -> ((ObjectNode) d.get("transfers").get("exceptions").get(0)).put("recipient", "FACEBOOK"),
                        "$.transfers.exceptions[0].recipient", "unknown recipient 'FACEBOOK'"),
                breakIt("transfer exception in another country than the recipient's",
                        d -> ((ObjectNode) d.get("transfers").get("exceptions").get(0)).put("country", "US"),
                        "$.transfers.exceptions[0].country", "must be the recipient's own country"),
                breakIt("transfer exception without the DPO's status",
                        d -> ((ObjectNode) d.get("transfers").get("exceptions").get(0)).remove("confirmed"),
                        "$.transfers.exceptions[0].confirmed", "is required"),
                breakIt("malformed permitted country",
                        d -> ((ObjectNode) d.get("transfers")).withArray("permittedCountries").add("Romania"),
                        "$.transfers.permittedCountries[1]", "ISO 3166"),
                breakIt("contact point with a malformed e-mail",
                        d -> ((ObjectNode) d.withArray("contacts").get(0)).put("email", "support at clickphone"),
                        "$.contacts[0].email", "must be an e-mail address"),
                breakIt("duplicate contact point",
                        d -> ((ObjectNode) d.withArray("contacts").get(1)).put("id", "CUSTOMER_SERVICE"),
                        "$.contacts[1].id", "duplicate id 'CUSTOMER_SERVICE'"),
                breakIt("restriction exemption on a legal obligation",
                        d -> purpose(d, "FISCAL_DOCUMENTS").put("continuesWhenRestricted", true),
                        "$.purposes[" + fiscalPurpose + "].continuesWhenRestricted", "only a purpose on CONTRACT"),
                breakIt("restriction exemption on a legitimate interest",
                        d -> purpose(d, "FRAUD_PREVENTION").put("continuesWhenRestricted", true),
                        "$.purposes[" + fraud + "].continuesWhenRestricted", "only a purpose on CONTRACT"),
                breakIt("blank balancing test", d -> purpose(d, "FRAUD_PREVENTION").put("balancingTest", " "),
                        "$.purposes[" + fraud + "].balancingTest", "must not be blank"),
                breakIt("processing location outside the permitted countries",
                        d -> ((ObjectNode) d.withArray("processingLocations").get(0)).put("country", "DE"),
                        "$.processingLocations[0].country", "not among $.transfers.permittedCountries"),
                breakIt("transfer exception to a permitted country",
                        d -> ((ObjectNode) d.get("transfers")).withArray("permittedCountries").add("IE"),
                        "$.transfers.exceptions[0].country", "the exception is not needed"),
                breakIt("empty permitted countries",
                        d -> ((ObjectNode) d.get("transfers")).putArray("permittedCountries"),
                        "$.transfers.permittedCountries", "must not be empty"),
                breakIt("permitted country listed twice",
                        d -> ((ObjectNode) d.get("transfers")).withArray("permittedCountries").add("RO"),
                        "$.transfers.permittedCountries[1]", "is listed twice"),
                breakIt("transfer exceptions without permitted countries",
                        d -> ((ObjectNode) d.get("transfers")).remove("permittedCountries"),
                        "$.transfers.exceptions", "needs $.transfers.permittedCountries"),
                breakIt("unreachable contact point",
                        d -> ((ObjectNode) d.withArray("contacts").get(0)).remove(List.of("email", "phone")),
                        "$.contacts[0]", "needs an email, a phone or a web address"),
                breakIt("notification sender listed twice",
                        d -> d.withArray("notificationSenders").add("info@clickphone.ro"),
                        "$.notificationSenders[2]", "is listed twice"),
                breakIt("purpose without legal basis", d -> purpose(d, "MARKETING").remove("legalBasis"),
                        "$.purposes[" + marketing + "].legalBasis", "is required"),
                breakIt("unknown legal basis", d -> purpose(d, "MARKETING").put("legalBasis", "GOOD_FAITH"),
                        "$.purposes[" + marketing + "].legalBasis", "must be one of CONSENT"),
                breakIt("legal basis in lower case", d -> purpose(d, "MARKETING").put("legalBasis", "consent"),
                        "$.purposes[" + marketing + "].legalBasis", "case-sensitive"),
                breakIt("consent-based purpose marked mandatory", d -> purpose(d, "MARKETING").put("mandatory", true),
                        "$.purposes[" + marketing + "].mandatory", "consent-based purpose cannot be mandatory"),
                breakIt("objection on a legal obligation",
                        d -> purpose(d, "FISCAL_DOCUMENTS").put("objection", "ABSOLUTE"),
                        "$.purposes[" + fiscalPurpose + "].objection", "must be NONE"),
                breakIt("legitimate interest without objection", d -> purpose(d, "FRAUD_PREVENTION").put("objection", "NONE"),
                        "$.purposes[" + fraud + "].objection", "right to object"),
                breakIt("unknown category reference", d -> purpose(d, "MARKETING").withArray("categories").add("HOBBIES"),
                        "$.purposes[" + marketing + "].categories[1]", "unknown data category 'HOBBIES'"),
                breakIt("unknown recipient reference", d -> purpose(d, "MARKETING").withArray("recipients").add("FACEBOOK"),
                        "$.purposes[" + marketing + "].recipients[0]", "unknown recipient 'FACEBOOK'"),
                breakIt("recipient given none of the purpose's data",
                        d -> purpose(d, "MARKETING").withArray("recipients").add("COURIER"),
                        "$.purposes[" + marketing + "].recipients[0]", "none of this purpose's categories"),
                breakIt("unknown data subject category", d -> purpose(d, "MARKETING").withArray("dataSubjects").add("ALIENS"),
                        "$.purposes[" + marketing + "].dataSubjects[1]", "unknown category of data subjects"),
                breakIt("duplicate category id", d -> category(d, "CONTACT").put("id", "TRAFFIC"),
                        "$.categories[" + Math.max(traffic, contact) + "].id", "duplicate id 'TRAFFIC'"),
                breakIt("duplicate purpose id", d -> purpose(d, "MARKETING").put("id", "ANALYTICS"),
                        "$.purposes[" + indexOf(doc, "purposes", "ANALYTICS") + "].id", "duplicate id 'ANALYTICS'"),
                breakIt("retention rule without period", d -> ((ObjectNode) d.withArray("retentionRules").get(financialRule))
                        .remove("period"), "$.retentionRules[" + financialRule + "].period", "is required"),
                breakIt("period on a session rule", d -> ((ObjectNode) d.withArray("retentionRules").get(session))
                        .put("period", "P1D"), "$.retentionRules[" + session + "].period", "must be absent"),
                breakIt("malformed period", d -> ((ObjectNode) d.withArray("retentionRules").get(financialRule))
                        .put("period", "10 years"), "$.retentionRules[" + financialRule + "].period", "ISO 8601"),
                breakIt("category with unknown retention rule", d -> category(d, "TRAFFIC").put("retention", "FOREVER"),
                        "$.categories[" + traffic + "].retention", "unknown retention rule 'FOREVER'"),
                breakIt("category with unknown key scope", d -> category(d, "TRAFFIC").put("keyScope", "cdr"),
                        "$.categories[" + traffic + "].keyScope", "unknown key scope 'cdr'"),
                breakIt("key scope mixing retention rules", d -> category(d, "CONTACT").put("keyScope", "fiscal"),
                        "$.categories[" + contact + "].keyScope", "must share its retention rule"),
                breakIt("SMS content as a field", d -> category(d, "TRAFFIC").withArray("fields").add("sms_content"),
                        "$.categories[" + traffic + "].fields[6]", "declared never stored (SMS_CONTENT)"),
                breakIt("card number as a field", d -> category(d, "CONTACT").withArray("fields").add("card_number"),
                        "$.categories[" + contact + "].fields[4]", "never stored (PAYMENT_CARD_DATA)"),
                breakIt("unknown never-stored kind",
                        d -> ((ObjectNode) d.withArray("neverStored").get(0)).put("kind", "SMS"),
                        "$.neverStored[0].kind", "must be one of PAYMENT_CARD"),
                breakIt("never-stored kind in lower case",
                        d -> ((ObjectNode) d.withArray("neverStored").get(0)).put("kind", "payment_card"),
                        "$.neverStored[0].kind", "case-sensitive"),
                breakIt("unknown top-level field", d -> d.put("owner", "somebody"), "$.owner", "unknown field 'owner'"),
                breakIt("unknown nested field", d -> purpose(d, "MARKETING").put("legalBase", "CONSENT"),
                        "$.purposes[" + marketing + "].legalBase", "unknown field 'legalBase'"),
                breakIt("wrong type for mandatory", d -> purpose(d, "MARKETING").put("mandatory", "no"),
                        "$.purposes[" + marketing + "].mandatory", "wrong type"),
                breakIt("number where text belongs", d -> d.put("version", 2026),
                        "$.version", "wrong type"),
                breakIt("object where an array belongs", d -> d.putObject("purposes"), "$.purposes", "an array"),
                breakIt("notification without purpose",
                        d -> ((ObjectNode) d.withArray("notificationTypes").get(missedCall)).remove("purpose"),
                        "$.notificationTypes[" + missedCall + "].purpose", "is required"),
                breakIt("notification carrying data its purpose does not process",
                        d -> ((ObjectNode) d.withArray("notificationTypes").get(missedCall)).withArray("categories")
                                .add("IDENTITY"),
                        "$.notificationTypes[" + missedCall + "].categories[1]", "not processed for purpose"),
                // Issue 14: each type's sender and the least payload its message needs.
                breakIt("notification without a sender",
                        d -> type(d, missedCall).remove("sender"),
                        "$.notificationTypes[" + missedCall + "].sender", "is required"),
                breakIt("notification from an address the policy does not list",
                        d -> type(d, missedCall).put("sender", "office@caronet.ro"),
                        "$.notificationTypes[" + missedCall + "].sender", "must be one of $.notificationSenders"),
                breakIt("payload field of an unknown kind",
                        d -> payloadField(d, missedCall, 0).put("kind", "MONEY"),
                        "$.notificationTypes[" + missedCall + "].payload[0].kind", "must be one of PHONE"),
                breakIt("payload field without a kind",
                        d -> payloadField(d, missedCall, 0).remove("kind"),
                        "$.notificationTypes[" + missedCall + "].payload[0].kind", "is required"),
                breakIt("masked date",
                        d -> payloadField(d, missedCall, 2).put("masked", true),
                        "$.notificationTypes[" + missedCall + "].payload[2].masked", "cannot be masked"),
                breakIt("payload field of a category the type does not carry",
                        d -> payloadField(d, missedCall, 0).put("category", "FINANCIAL"),
                        "$.notificationTypes[" + missedCall + "].payload[0].category", "not one of the type's categories"),
                breakIt("payload field declared twice",
                        d -> payloadField(d, missedCall, 1).put("name", "callerNumber"),
                        "$.notificationTypes[" + missedCall + "].payload[1].name", "duplicate id 'callerNumber'"),
                breakIt("payload field in snake case",
                        d -> payloadField(d, missedCall, 0).put("name", "caller_number"),
                        "$.notificationTypes[" + missedCall + "].payload[0].name", "lower-camel-case"),
                breakIt("payload field named as one the kit fills in",
                        d -> payloadField(d, missedCall, 0).put("name", "dpoEmail"),
                        "$.notificationTypes[" + missedCall + "].payload[0].name", "filled in by the kit"),
                breakIt("attachment of a category the type does not carry",
                        d -> type(d, missedCall).putArray("attachments").add("VOICEMAIL"),
                        "$.notificationTypes[" + missedCall + "].attachments[0]", "not one of the type's categories"),
                breakIt("unknown field in a payload field",
                        d -> payloadField(d, missedCall, 0).put("format", "E164"),
                        "$.notificationTypes[" + missedCall + "].payload[0].format", "unknown field 'format'"),
                breakIt("recipient outside the EEA while transfers are denied",
                        d -> ((ObjectNode) d.withArray("recipients").get(courier)).put("country", "US"),
                        "$.recipients[" + courier + "].country", "outside the EEA"),
                breakIt("category processed for no purpose",
                        d -> d.withArray("categories").addObject().put("id", "HOBBIES").put("name", "Hobbies")
                                .put("description", "What customers like").put("retention", "CONTRACT_DURATION")
                                .putArray("fields").add("hobby"),
                        "$.categories[" + doc.withArray("categories").size() + "]", "processed for no purpose"),
                breakIt("missing controller", d -> d.remove("controller"), "$.controller", "is required"),
                breakIt("DPO without e-mail", d -> ((ObjectNode) d.get("dpo")).remove("email"), "$.dpo.email", "is required"),
                breakIt("unsupported schema", d -> d.put("schema", "privacy-policy/v9"), "$.schema", "unsupported schema"),
                breakIt("bad effective date", d -> d.put("effectiveFrom", "01.01.2026"), "$.effectiveFrom", "ISO 8601 date"),
                breakIt("bad time zone", d -> d.put("timeZone", "Romania/Bucharest"), "$.timeZone", "time-zone id"),
                breakIt("bad financial year end", d -> d.put("financialYearEnd", "31-12"), "$.financialYearEnd", "MM-DD"),
                breakIt("material change of an unknown purpose",
                        d -> d.withArray("materialChanges").addObject().put("purpose", "PROFILING").put("summary", "x"),
                        "$.materialChanges[0].purpose", "unknown purpose 'PROFILING'"),
                breakIt("null element in a list", d -> d.withArray("purposes").addNull(),
                        "$.purposes[" + doc.withArray("purposes").size() + "]", "must be an object"),
                breakIt("lower-case category id", d -> category(d, "TRAFFIC").put("id", "traffic"),
                        "$.categories[" + traffic + "].id", "upper-case identifier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void load_brokenDocument_failsNamingThePath(String name, Consumer<ObjectNode> mutation, String path, String message) {
        ObjectNode document = defaultDocument();
        mutation.accept(document);
        PolicyException e = assertThrows(PolicyException.class, () -> load(document));
        boolean found = e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message));
        assertTrue(found, "expected a problem at " + path + " containing '" + message + "', got:\n" + e.getMessage());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "null", "{", "[]", "{\"schema\": }", "not json at all", "{} {}", "\"text\""})
    void load_malformedJson_failsWithPolicyExceptionNotJacksonStackTrace(String json) {
        PolicyException e = assertThrows(PolicyException.class, () -> load(json));
        assertFalse(e.problems().isEmpty());
        assertTrue(e.getMessage().startsWith("Invalid policy document"), e.getMessage());
        assertFalse(e.getMessage().contains("com.fasterxml"), e.getMessage());
    }

    @Test
    void load_duplicateKey_isRejectedWithItsPath() {
        String json = defaultDocument().toString().replaceFirst("\"version\":\"2026.1\"",
                "\"version\":\"2026.1\",\"version\":\"2026.2\"");
        PolicyException e = assertThrows(PolicyException.class, () -> load(json));
        assertTrue(e.getMessage().contains("Duplicate field 'version'"), e.getMessage());
        assertEquals("$.version", e.path());
    }

    @Test
    void load_severalProblems_reportsThemAll() {
        ObjectNode document = defaultDocument();
        purpose(document, "MARKETING").remove("legalBasis");
        category(document, "TRAFFIC").put("retention", "FOREVER");
        document.put("timeZone", "Mars/Olympus");
        PolicyException e = assertThrows(PolicyException.class, () -> load(document));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid policy document (3 problems)"), e.getMessage());
    }

    @Test
    void load_invalidButDeclaredRule_isNotReportedAgainAsUnknownWhereReferenced() {
        ObjectNode document = defaultDocument();
        int rule = indexOf(document, "retentionRules", "ANCOM_CONTRACT_END");
        ((ObjectNode) document.withArray("retentionRules").get(rule)).put("kind", "SOMETIMES");
        PolicyException e = assertThrows(PolicyException.class, () -> load(document));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("$.retentionRules[" + rule + "].kind", e.path());
    }

    @Test
    void load_manyProblems_truncatesTheMessageButKeepsTheList() {
        ObjectNode document = defaultDocument();
        for (var node : document.withArray("purposes")) {
            ((ObjectNode) node).remove("legalBasis");
            ((ObjectNode) node).remove("name");
        }
        PolicyException e = assertThrows(PolicyException.class, () -> load(document));
        assertEquals(2 * document.withArray("purposes").size(), e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("... and " + (e.problems().size() - 25) + " more"), e.getMessage());
    }

    @Test
    void load_null_isInvalidInput() {
        assertThrows(InvalidInputException.class, () -> Policy.load(null));
    }

    @Test
    void load_unchangedDefaultDocument_succeeds() {
        Policy policy = load(defaultDocument());
        assertNotNull(policy);
        assertEquals(Policy.clickPhoneDefault().toString(), policy.toString());
    }

    @Test
    void load_minimalOperatorDocument_succeeds() {
        String json = """
                {
                  "schema": "privacy-policy/v1", "version": "1", "effectiveFrom": "2025-05-01",
                  "language": "en", "timeZone": "Europe/Vienna", "financialYearEnd": "06-30",
                  "controller": {"name": "Example GmbH", "address": "Ring 1, Wien", "email": "office@example.at"},
                  "dpo": {"name": "Data Protection Officer", "email": "dpo@example.at"},
                  "materialChanges": [],
                  "dataSubjects": [{"id": "CUSTOMER", "description": "Customers"}],
                  "categories": [{"id": "CONTACT", "name": "Contact", "description": "E-mail",
                                  "fields": ["email"], "keyScope": "profile", "retention": "CONTRACT"}],
                  "neverStored": [],
                  "purposes": [{"id": "SERVICE", "name": "Service", "description": "Run the service",
                                "legalBasis": "CONTRACT", "legalReference": "Contract", "mandatory": true,
                                "objection": "NONE", "dataSubjects": ["CUSTOMER"], "categories": ["CONTACT"],
                                "recipients": []}],
                  "recipients": [],
                  "retentionRules": [{"id": "CONTRACT", "kind": "AFTER_EVENT", "period": "P1Y",
                                      "event": "contract-end", "description": "One year after the contract"}],
                  "keyScopes": [{"id": "profile", "description": "Contact data"}],
                  "notificationTypes": [],
                  "transfers": {"outsideEea": false, "statement": "None."},
                  "processingLocations": [],
                  "securityMeasures": [{"id": "TLS", "description": "TLS everywhere"}],
                  "rights": []
                }
                """;
        Policy policy = load(json);
        assertEquals("1", policy.version().label());
        assertEquals(java.time.MonthDay.of(6, 30), policy.financialYearEnd());
        assertTrue(policy.supervisoryAuthority().isEmpty());
        // The policy-fidelity sections are optional for another operator's document.
        assertTrue(policy.contacts().isEmpty());
        assertTrue(policy.notificationSenders().isEmpty());
        assertTrue(policy.transfers().permittedCountries().isEmpty());
        assertTrue(policy.transfers().exceptions().isEmpty());
    }
}
