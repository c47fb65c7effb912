package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;

/** The policy's pseudonymization contexts and the closed set of re-identification reasons. */
class PseudonymizationPolicyTest {

    private static ObjectNode section(ObjectNode doc) {
        return (ObjectNode) doc.get("pseudonymization");
    }

    private static ObjectNode context(ObjectNode doc, int index) {
        return (ObjectNode) section(doc).withArray("contexts").get(index);
    }

    private static ObjectNode reason(ObjectNode doc, int index) {
        return (ObjectNode) section(doc).withArray("reasons").get(index);
    }

    @Test
    void clickPhonePolicy_declaresContextsAndAClosedSetOfReasons() {
        Policy policy = Policy.clickPhoneDefault();
        PseudonymContextDefinition fraud = policy.pseudonymContext("fraud").orElseThrow();
        assertEquals(Purpose.of("FRAUD_PREVENTION"), fraud.purpose());
        assertEquals(List.of(DataCategory.of("TRAFFIC"), DataCategory.of("NETWORK")), fraud.categories());
        assertTrue(fraud.reasons().contains("LAW_ENFORCEMENT_REQUEST"));
        assertTrue(policy.reidentificationReason("LAW_ENFORCEMENT_REQUEST").orElseThrow().caseReferenceRequired());
        assertEquals(Purpose.of("BILLING"), policy.reidentificationReason("BILLING_DISPUTE").orElseThrow().purpose());
        assertEquals(Optional.empty(), policy.pseudonymContext("marketing"));
        assertEquals(Optional.empty(), policy.reidentificationReason("CURIOSITY"));
        assertEquals(4, policy.reidentificationReasons().size());
    }

    @Test
    void documentWithoutTheSection_declaresNoContext() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.remove("pseudonymization");
        Policy policy = PolicyDocuments.load(doc);
        assertTrue(policy.pseudonymContexts().isEmpty());
        assertTrue(policy.reidentificationReasons().isEmpty());
    }

    static Stream<Arguments> brokenSections() {
        return Stream.of(
                Arguments.of("context of an unknown purpose", (Consumer<ObjectNode>) d -> context(d, 0)
                        .put("purpose", "PROFILING"), "$.pseudonymization.contexts[0].purpose", "unknown purpose"),
                Arguments.of("context purpose not processing its category", (Consumer<ObjectNode>) d -> context(d, 0)
                        .put("purpose", "MARKETING"), "$.pseudonymization.contexts[0].purpose", "every category"),
                Arguments.of("upper-case context", (Consumer<ObjectNode>) d -> context(d, 0).put("id", "Fraud"),
                        "$.pseudonymization.contexts[0].id", "lower-case name"),
                Arguments.of("duplicate context", (Consumer<ObjectNode>) d -> context(d, 1).put("id", "analytics"),
                        "$.pseudonymization.contexts[1].id", "duplicate"),
                Arguments.of("unknown category", (Consumer<ObjectNode>) d -> context(d, 0).withArray("categories")
                        .add("HOBBIES"), "$.pseudonymization.contexts[0].categories[2]", "unknown data category"),
                Arguments.of("reason code outside the closed set", (Consumer<ObjectNode>) d -> context(d, 0)
                        .withArray("reasons").add("CURIOSITY"), "$.pseudonymization.contexts[0].reasons[3]",
                        "unknown reason code"),
                Arguments.of("reason whose purpose does not cover the context", (Consumer<ObjectNode>) d -> context(d, 1)
                        .withArray("reasons").add("BILLING_DISPUTE"), "$.pseudonymization.contexts[1].reasons[3]",
                        "every category"),
                Arguments.of("reason of an unknown purpose", (Consumer<ObjectNode>) d -> reason(d, 0)
                        .put("purpose", "PROFILING"), "$.pseudonymization.reasons[0].purpose", "unknown purpose"),
                Arguments.of("lower-case reason code", (Consumer<ObjectNode>) d -> reason(d, 0).put("code", "fraud"),
                        "$.pseudonymization.reasons[0].code", "upper-case identifier"),
                Arguments.of("reason without description", (Consumer<ObjectNode>) d -> reason(d, 0)
                        .remove("description"), "$.pseudonymization.reasons[0].description", "is required"),
                Arguments.of("unknown field", (Consumer<ObjectNode>) d -> reason(d, 0).put("roles", "x"),
                        "$.pseudonymization.reasons[0].roles", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSections")
    void load_brokenSection_failsNamingThePath(String name, Consumer<ObjectNode> mutation, String path,
            String message) {
        ObjectNode document = PolicyDocuments.defaultDocument();
        mutation.accept(document);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(document));
        boolean found = e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message));
        assertTrue(found, "expected a problem at " + path + " containing '" + message + "', got:\n" + e.getMessage());
        assertFalse(e.getMessage().contains("PROFILING") || e.getMessage().contains("CURIOSITY"), e.getMessage());
    }
}
