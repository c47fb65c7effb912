package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A policy document is written by people and may hold a DPO's e-mail address or phone number in the
 * wrong place. Whatever breaks, the error names the JSON path (or the line and column) and the rule,
 * and no message in the whole exception chain repeats the value, not even Jackson's.
 */
class PolicyMessagesTest {

    private static final String EMAIL = "analeak.popescu@example.ro";
    private static final String PHONE = "40799888777";

    private static String document() {
        return PolicyDocuments.defaultDocument().toString();
    }

    private static String replaceDpoEmail(String raw) {
        return document().replace("\"dpo@caronet.ro\"", raw);
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                Arguments.of("unquoted e-mail as a value", EMAIL, (UnaryOperator<String>) d -> replaceDpoEmail(EMAIL)),
                Arguments.of("unquoted e-mail after a colon with a prefix", EMAIL,
                        (UnaryOperator<String>) d -> replaceDpoEmail("mailto:" + EMAIL)),
                Arguments.of("phone number as a number", PHONE, (UnaryOperator<String>) d -> replaceDpoEmail(PHONE)),
                Arguments.of("phone number with a plus", PHONE,
                        (UnaryOperator<String>) d -> replaceDpoEmail("+" + PHONE)),
                Arguments.of("phone number with a leading zero", PHONE,
                        (UnaryOperator<String>) d -> replaceDpoEmail("0" + PHONE)),
                Arguments.of("e-mail where a boolean belongs", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"mandatory\":(true|false)", "\"mandatory\":\"" + EMAIL + "\"")),
                Arguments.of("phone where a boolean belongs", PHONE, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"mandatory\":(true|false)", "\"mandatory\":" + PHONE)),
                Arguments.of("e-mail where an array belongs", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"materialChanges\":\\[[^]]*]", "\"materialChanges\":\"" + EMAIL + "\"")),
                Arguments.of("e-mail as an enum value", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"legalBasis\":\"[A-Z_]+\"", "\"legalBasis\":\"" + EMAIL + "\"")),
                Arguments.of("e-mail as a retention kind", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"kind\":\"[A-Z_]+\"", "\"kind\":\"" + EMAIL + "\"")),
                Arguments.of("e-mail as a referenced purpose", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"materialChanges\":\\[[^]]*]",
                        "\"materialChanges\":[{\"purpose\":\"" + EMAIL + "\",\"summary\":\"x\"}]")),
                Arguments.of("e-mail as a retention rule reference", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"retention\":\"[A-Z_]+\"", "\"retention\":\"" + EMAIL + "\"")),
                Arguments.of("e-mail as a data subject reference", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"dataSubjects\":\\[\"", "\"dataSubjects\":[\"" + EMAIL + "\",\"")),
                Arguments.of("e-mail as a key scope", EMAIL, (UnaryOperator<String>) d -> d.replaceFirst(
                        "\"keyScope\":\"[a-z_]+\"", "\"keyScope\":\"" + EMAIL + "\"")),
                Arguments.of("e-mail as a field name", EMAIL,
                        (UnaryOperator<String>) d -> d.replaceFirst("\\{", "{\"" + EMAIL + "\":1,")),
                Arguments.of("e-mail as a duplicated field name", EMAIL,
                        (UnaryOperator<String>) d -> d.replaceFirst("\\{", "{\"" + EMAIL + "\":1,\"" + EMAIL + "\":2,")),
                Arguments.of("e-mail as trailing garbage", EMAIL, (UnaryOperator<String>) d -> d + " " + EMAIL),
                Arguments.of("quoted e-mail as trailing garbage", EMAIL,
                        (UnaryOperator<String>) d -> d + " \"" + EMAIL + "\""),
                Arguments.of("phone as trailing garbage", PHONE, (UnaryOperator<String>) d -> d + " " + PHONE),
                Arguments.of("e-mail with a bad escape", EMAIL,
                        (UnaryOperator<String>) d -> replaceDpoEmail("\"" + EMAIL + "\\q\"")),
                Arguments.of("e-mail in an unterminated string", EMAIL,
                        (UnaryOperator<String>) d -> d.substring(0, d.indexOf("\"dpo@caronet.ro\"")) + "\"" + EMAIL),
                Arguments.of("e-mail as the whole document", EMAIL, (UnaryOperator<String>) d -> EMAIL),
                Arguments.of("phone as the whole document", PHONE, (UnaryOperator<String>) d -> PHONE),
                Arguments.of("e-mail as a bare string document", EMAIL, (UnaryOperator<String>) d -> "\"" + EMAIL + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void load_brokenDocumentHoldingPersonalData_namesThePlaceNeverTheValue(String name, String secret,
            UnaryOperator<String> breaker) {
        String json = breaker.apply(document());
        assertTrue(json.contains(secret), "the test document must hold the value");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(json));
        assertTrue(e.getMessage().startsWith("Invalid policy document"), e.getMessage());
        assertFalse(e.problems().isEmpty());
        for (PolicyException.Problem problem : e.problems()) {
            assertTrue(problem.path().startsWith("$"), problem.path());
            assertFalse(problem.message().isBlank());
        }
        assertTrue(e.getMessage().contains("$"), e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(secret), "the exception chain repeats the value:\n" + trace);
        assertFalse(trace.toString().contains("analeak"), "the exception chain repeats part of the value:\n" + trace);
        assertFalse(trace.toString().contains("popescu"), "the exception chain repeats part of the value:\n" + trace);
        assertFalse(trace.toString().contains("9988877"), "the exception chain repeats part of the value:\n" + trace);
    }

    @Test
    void load_unquotedToken_namesTheLineAndColumn() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyDocuments.load("{\n  \"schema\": " + EMAIL + "\n}"));
        assertTrue(e.getMessage().contains("line 2, column"), e.getMessage());
        assertTrue(e.getMessage().contains("$.schema"), e.getMessage());
        assertFalse(e.getMessage().contains("analeak"), e.getMessage());
    }

    @Test
    void load_unknownPrintableField_isStillNamed() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyDocuments.load(document().replaceFirst("\\{", "{\"owner\":1,")));
        assertTrue(e.getMessage().contains("unknown field 'owner'"), e.getMessage());
    }
}
