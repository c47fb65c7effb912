package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Recipient;

/** The recipient conditions and the special-category flag in the policy document, validated with a JSON path. */
class RecipientConditionPolicyTest {

    private static int indexOf(ObjectNode doc, String array, String id) {
        ArrayNode items = doc.withArray(array);
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).get("id").asText())) {
                return i;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static ObjectNode item(ObjectNode doc, String array, String id) {
        return (ObjectNode) doc.withArray(array).get(indexOf(doc, array, id));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("unknown condition",
                        (Consumer<ObjectNode>) d -> item(d, "recipients", "COURIER").put("condition", "MAYBE"),
                        "recipients", "COURIER", ".condition", "must be one of"),
                Arguments.of("assisted account on a processor",
                        (Consumer<ObjectNode>) d -> item(d, "recipients", "COURIER").put("condition", "ASSISTED_ACCOUNT"),
                        "recipients", "COURIER", ".condition", "does not apply to a PROCESSOR recipient"),
                Arguments.of("consent condition on staff",
                        (Consumer<ObjectNode>) d -> item(d, "recipients", "EMPLOYEES").put("condition", "SUBJECT_CONSENT"),
                        "recipients", "EMPLOYEES", ".condition", "does not apply to a INTERNAL recipient"),
                Arguments.of("notice condition on an authority",
                        (Consumer<ObjectNode>) d -> item(d, "recipients", "AUTHORITIES").put("condition", "PRIOR_NOTICE"),
                        "recipients", "AUTHORITIES", ".condition", "does not apply to a PUBLIC_AUTHORITY recipient"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenCondition_isRefusedWithItsPath(String name, Consumer<ObjectNode> mutation, String array, String id,
            String suffix, String message) {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        String path = "$." + array + "[" + indexOf(doc, array, id) + "]" + suffix;
        mutation.accept(doc);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(doc));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message)),
                e.getMessage());
    }

    @Test
    void consentRecipient_namedByAPurposeNotOnConsent_isRefused() {
        // "cu consimțământul dvs. vom distribui informații cu caracter personal către companii,
        // organizații sau persoane din afara Caro Network SRL" (Cap. 5): on consent, or not at all.
        ObjectNode doc = PolicyDocuments.defaultDocument();
        int purpose = indexOf(doc, "purposes", "SERVICE_PROVISION");
        ArrayNode recipients = (ArrayNode) item(doc, "purposes", "SERVICE_PROVISION").get("recipients");
        recipients.add("CONSENTED_THIRD_PARTY");
        String path = "$.purposes[" + purpose + "].recipients[" + (recipients.size() - 1) + "]";
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(doc));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path)
                && p.message().contains("only with the subject's consent")), e.getMessage());
    }

    @Test
    void absentConditionAndFlag_meanNoneAndNotSpecial() {
        Policy policy = Policy.clickPhoneDefault();
        assertEquals(RecipientCondition.NONE, policy.recipient(Recipient.of("EMPLOYEES")).condition());
        assertTrue(policy.categories().stream().noneMatch(CategoryDefinition::special),
                "the ClickPhone policy declares no special category");
    }

    @Test
    void specialFlag_isRead() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        item(doc, "categories", "DEVICE").put("special", true);
        Policy policy = PolicyDocuments.load(doc);
        assertTrue(policy.category(DataCategory.of("DEVICE")).special());
        assertFalse(policy.category(DataCategory.of("CONTACT")).special());
        for (JsonNode r : doc.withArray("recipients")) {
            assertEquals(r.has("condition") ? r.get("condition").asText() : "NONE",
                    policy.recipient(Recipient.of(r.get("id").asText())).condition().name());
        }
    }
}
