package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;

/** The record of processing says what the policy says, fact by fact, in both renderings. */
class RecordOfProcessingTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();
    private static final RecordOfProcessing RECORD = RecordOfProcessing.from(POLICY);

    @Test
    void activities_areThePolicysPurposesInOrder() {
        assertEquals(POLICY.purposes().stream().map(PurposeDefinition::purpose).toList(),
                RECORD.activities().stream().map(RecordOfProcessing.Activity::purpose).toList());
    }

    @Test
    void eachActivity_carriesItsPurposesFacts() {
        for (PurposeDefinition p : POLICY.purposes()) {
            RecordOfProcessing.Activity a = RECORD.activity(p.purpose()).orElseThrow();
            assertEquals(p.legalBasis(), a.legalBasis(), p.purpose().id());
            assertEquals(p.legalReference(), a.legalReference(), p.purpose().id());
            assertEquals(p.mandatory(), a.mandatory(), p.purpose().id());
            assertEquals(p.objection(), a.objection(), p.purpose().id());
            assertEquals(p.dataSubjects(), a.dataSubjects().stream().map(SubjectCategoryDefinition::id).toList());
            assertEquals(p.categories(), a.categories().stream().map(CategoryDefinition::category).toList());
            assertEquals(p.recipients(), a.recipients().stream().map(RecipientDefinition::recipient).toList());
            for (RecordOfProcessing.CategoryRetention r : a.retention()) {
                assertEquals(POLICY.retentionOf(r.category()), r.rule(), p.purpose().id() + "/" + r.category());
            }
            assertEquals(p.categories().size(), a.retention().size());
        }
    }

    @Test
    void json_namesControllerDpoTransfersAndMeasures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(RECORD.toJson());
        assertEquals("GDPR art. 30(1)", json.get("recordOf").asText());
        assertEquals("2026.1", json.get("policyVersion").asText());
        assertEquals("Caro Network SRL", json.at("/controller/name").asText());
        assertEquals("RO17072761", json.at("/controller/fiscalCode").asText());
        assertEquals("J40/21801/2004", json.at("/controller/tradeRegisterNumber").asText());
        assertEquals("dpo@caronet.ro", json.at("/dpo/email").asText());
        assertFalse(json.at("/transfers/outsideEea").asBoolean());
        assertEquals(POLICY.securityMeasures().size(), json.get("securityMeasures").size());
        assertEquals(POLICY.processingLocations().size(), json.get("processingLocations").size());
        assertEquals(POLICY.neverStored().size(), json.get("neverStored").size());
    }

    @Test
    void json_activitiesMatchThePolicy() throws Exception {
        JsonNode activities = new ObjectMapper().readTree(RECORD.toJson()).get("activities");
        assertEquals(POLICY.purposes().size(), activities.size());
        for (JsonNode a : activities) {
            PurposeDefinition p = POLICY.purpose(Purpose.of(a.get("purpose").asText()));
            assertEquals(p.legalBasis().name(), a.at("/legalBasis/basis").asText());
            assertEquals(p.legalBasis().article(), a.at("/legalBasis/article").asText());
            List<String> categories = new ArrayList<>();
            a.get("categories").forEach(c -> categories.add(c.get("id").asText()));
            assertEquals(p.categories().stream().map(c -> c.id()).toList(), categories);
            List<String> recipients = new ArrayList<>();
            a.get("recipients").forEach(r -> recipients.add(r.get("id").asText()));
            assertEquals(p.recipients().stream().map(r -> r.id()).toList(), recipients);
            for (JsonNode r : a.get("retention")) {
                RetentionRule rule = POLICY.retentionRule(r.get("rule").asText()).orElseThrow();
                assertEquals(rule.summary(), r.get("summary").asText());
            }
        }
    }

    @Test
    void googleAnalytics_showsAsARecipientAndAnUnconfirmedTransferException() throws Exception {
        // "Google Analytics poate folosi un set de cookie-uri pentru a culege informații" against "Nu avem
        // intenția de a transfera date cu caracter personal către o altă țară": the record shows both.
        JsonNode analytics = activityJson("ANALYTICS");
        assertEquals("GOOGLE", analytics.at("/recipients/0/id").asText());
        assertEquals("IE", analytics.at("/recipients/0/country").asText());
        assertEquals("IE", analytics.at("/transfers/0/country").asText());
        assertFalse(analytics.at("/transfers/0/confirmedByDpo").asBoolean());
        JsonNode json = new ObjectMapper().readTree(RECORD.toJson());
        assertEquals("RO", json.at("/transfers/permittedCountries/0").asText());
        assertEquals("GOOGLE", json.at("/transfers/exceptions/0/recipient").asText());
        assertEquals("support@clickphone.ro", json.at("/contacts/0/email").asText());
        assertEquals("noreplay@clickphone.ro", json.at("/notificationSenders/1").asText());
        assertTrue(activityJson("FRAUD_PREVENTION").has("balancingTest"));
        assertTrue(activityJson("SECURITY_ALERTS").get("continuesWhenRestricted").asBoolean());
        assertFalse(activityJson("SECURITY").get("continuesWhenRestricted").asBoolean());
        String md = RECORD.toMarkdown();
        assertTrue(md.contains("Google Ireland Limited (Google Analytics) (IE), an exception not yet confirmed by the DPO"),
                md);
        assertTrue(md.contains("**not confirmed by the DPO**"));
        assertTrue(md.contains("Permitted countries: RO (exceptions below)."), md);
        assertTrue(md.contains("| Balancing test (art. 6(1)(f)) |"));
        assertTrue(md.contains("noreplay@clickphone.ro"));
    }

    @Test
    void json_financialRetentionSaysTenYearsFromFinancialYearEnd() throws Exception {
        JsonNode fiscal = activityJson("FISCAL_DOCUMENTS");
        JsonNode financial = null;
        for (JsonNode r : fiscal.get("retention")) {
            if (r.get("category").asText().equals("FINANCIAL")) {
                financial = r;
            }
        }
        assertTrue(financial.get("summary").asText().startsWith("10 years from the end of the financial year"));
        assertTrue(financial.get("summary").asText().contains("2634/2015"));
    }

    private static JsonNode activityJson(String purpose) throws Exception {
        for (JsonNode a : new ObjectMapper().readTree(RECORD.toJson()).get("activities")) {
            if (a.get("purpose").asText().equals(purpose)) {
                return a;
            }
        }
        throw new AssertionError(purpose);
    }

    @Test
    void markdown_hasASectionPerActivityAndTheControllerFacts() {
        String md = RECORD.toMarkdown();
        assertTrue(md.startsWith("# Record of processing activities (GDPR art. 30(1))"));
        for (PurposeDefinition p : POLICY.purposes()) {
            assertTrue(md.contains("### " + p.name() + " (`" + p.purpose().id() + "`)"), p.purpose().id());
        }
        assertTrue(md.contains("Caro Network SRL"));
        assertTrue(md.contains("RO17072761"));
        assertTrue(md.contains("dpo@caronet.ro"));
        assertTrue(md.contains("## Transfers to other countries"));
        assertTrue(md.contains("does not intend to transfer personal data to another country"));
        assertTrue(md.contains("**PAYMENT_CARD_DATA**"));
        assertTrue(md.contains("**DATA_ACCESS_CONTROL**"));
        assertTrue(md.contains("| Legal basis | GDPR art. 6(1)(a) — CONSENT"), "marketing's basis");
    }

    @Test
    void markdown_escapesTablePipesInPolicyText() {
        var doc = PolicyLoaderTest.defaultDocument();
        for (var p : doc.withArray("purposes")) {
            if (p.get("id").asText().equals("MARKETING")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) p).put("legalReference", "a | b\nc");
            }
        }
        String md = RecordOfProcessing.from(PolicyLoaderTest.load(doc)).toMarkdown();
        assertTrue(md.contains("a \\| b c"), md);
    }

    @Test
    void rendering_isDeterministic() {
        assertEquals(RECORD.toJson(), RecordOfProcessing.from(Policy.clickPhoneDefault()).toJson());
        assertEquals(RECORD.toMarkdown(), RecordOfProcessing.from(Policy.clickPhoneDefault()).toMarkdown());
    }

    @Test
    void from_null_isInvalidInput() {
        assertThrows(InvalidInputException.class, () -> RecordOfProcessing.from(null));
    }
}
