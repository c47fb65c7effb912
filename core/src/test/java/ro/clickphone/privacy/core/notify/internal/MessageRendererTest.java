package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.notify.SamplePayloads;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.NotificationType;

/**
 * Every notification type rendered in Romanian and English from the policy's payload declaration:
 * each value written for the language (times in Europe/Bucharest, whatever the JVM's zone), masked
 * where the policy says so, and nothing a type does not declare.
 */
class MessageRendererTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();
    private static final MessageRenderer RENDERER = new MessageRenderer();

    static Stream<Arguments> everyTypeInEveryLanguage() {
        List<Arguments> out = new ArrayList<>();
        for (NotificationTypeDefinition type : POLICY.notificationTypes()) {
            for (String language : List.of("ro", "en")) {
                out.add(Arguments.of(type.type().id(), language));
            }
        }
        return out.stream();
    }

    private static NotificationTypeDefinition type(String id) {
        return POLICY.notificationType(NotificationType.of(id));
    }

    private static RenderedMessage render(String type, Map<String, ?> payload, String language) {
        return RENDERER.render(POLICY, type(type), payload, language);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyTypeInEveryLanguage")
    void everyType_rendersInBothLanguages_eachFieldWrittenForTheLanguage(String id, String language) {
        NotificationTypeDefinition type = type(id);
        RenderedMessage message = render(id, SamplePayloads.of(type, true), language);
        String text = message.subjectLine() + "\n" + message.body();

        assertEquals(language, message.language());
        assertEquals(type.sender().orElseThrow(), message.from());
        assertFalse(message.subjectLine().isBlank());
        assertFalse(message.subjectLine().contains("\n"));
        assertFalse(text.contains("{{") || text.contains("}}"), text);
        assertFalse(text.contains("\n\n\n"), text);
        int i = 0;
        for (PayloadField field : type.payload()) {
            i++;
            for (String expected : expected(field, i, language)) {
                assertTrue(text.contains(expected), id + "." + field.name() + " should show '" + expected + "':\n" + text);
            }
            for (String hidden : hidden(field, i)) {
                assertFalse(text.contains(hidden), id + "." + field.name() + " is masked, yet shows '" + hidden + "'");
            }
        }
        String other = render(id, SamplePayloads.of(type, true), language.equals("ro") ? "en" : "ro").body();
        assertNotEquals(other, message.body(), "the two languages differ");
    }

    /** What a field's sample value must look like in the message, computed apart from the renderer. */
    private static List<String> expected(PayloadField field, int i, String language) {
        boolean ro = language.equals("ro");
        return switch (field.kind()) {
            case PHONE -> List.of(field.masked() ? "+40 7** *** *" + SamplePayloads.phone(i).substring(10)
                    : SamplePayloads.phone(i));
            case IP_ADDRESS -> List.of(field.masked() ? "192.168.x.x" : SamplePayloads.ip(i));
            case AMOUNT -> List.of(ro ? "1." + (234 + i) + ",50 lei" : "RON 1," + (234 + i) + ".50");
            case DATE_TIME -> List.of(ro ? "5 martie 2026, 12:00" : "5 March 2026, 12:00");
            case DATE -> List.of(i + (ro ? " aprilie 2026" : " April 2026"));
            case DURATION -> List.of("2 min " + i + " s");
            case COUNT -> List.of(ro ? "1.23" + i : "1,23" + i);
            // coded fields show the label of the sample's code (SamplePayloads: ACCESS, LEGAL_RETENTION)
            case TEXT -> field.name().equals("requestType") ? List.of(ro ? "acces la datele personale"
                    : "access to your personal data")
                    : field.name().equals("refusalReason") ? List.of(ro ? "O obligație legală ne impune"
                    : "A legal obligation requires us")
                    : List.of(field.masked() ? "T***" : "Text-" + field.name() + " " + i);
            case URL -> List.of("https://www.clickphone.ro/r/" + field.name() + i);
            case CATEGORY_LIST -> ro ? List.of("date de contact ale contului", "jurnale de telefonie (apeluri)")
                    : List.of("account contact data", "telephony logs (calls)");
            case FLAG -> List.of();
        };
    }

    private static List<String> hidden(PayloadField field, int i) {
        if (!field.masked()) {
            return List.of();
        }
        return switch (field.kind()) {
            case PHONE -> List.of(SamplePayloads.phone(i).substring(3));
            case IP_ADDRESS -> List.of(SamplePayloads.ip(i));
            case TEXT -> List.of("Text-" + field.name());
            default -> List.of();
        };
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyTypeInEveryLanguage")
    void everyType_rendersWithoutItsOptionalFields(String id, String language) {
        NotificationTypeDefinition type = type(id);
        RenderedMessage message = render(id, SamplePayloads.of(type, false), language);
        assertFalse(message.body().contains("{{"));
        assertFalse(message.body().contains("\n\n\n"), message.body());
    }

    @Test
    void optionalDuration_leftOut_leavesOutItsLine() {
        Map<String, Object> payload = SamplePayloads.of(type("VOICEMAIL_RECEIVED"), false);
        assertFalse(render("VOICEMAIL_RECEIVED", payload, "ro").body().contains("Durata"));
        payload.put("duration", Duration.ofSeconds(3725));
        assertTrue(render("VOICEMAIL_RECEIVED", payload, "ro").body().contains("Durata: 1 h 2 min 5 s"));
    }

    @Test
    void times_areWrittenInBucharest_summerAndWinter_whateverTheJvmZone() {
        Map<String, Object> payload = SamplePayloads.of(type("MISSED_CALL"), true);
        payload.put("calledAt", Instant.parse("2026-07-01T21:30:00Z"));
        assertTrue(render("MISSED_CALL", payload, "ro").body().contains("2 iulie 2026, 00:30"));
        payload.put("calledAt", OffsetDateTime.of(2026, 12, 31, 22, 15, 0, 0, ZoneOffset.UTC));
        assertTrue(render("MISSED_CALL", payload, "en").body().contains("1 January 2027, 00:15"));
    }

    @Test
    void estimatedCount_saysSo() {
        Map<String, Object> payload = SamplePayloads.of(type("DATA_BREACH_NOTICE"), false);
        assertFalse(render("DATA_BREACH_NOTICE", payload, "ro").body().contains("aproximativ"));
        payload.put("affectedSubjectsEstimated", true);
        assertTrue(render("DATA_BREACH_NOTICE", payload, "ro").body().contains("aproximativ 1.234"));
        assertTrue(render("DATA_BREACH_NOTICE", payload, "en").body().contains("about 1,234"));
        assertFalse(render("DATA_BREACH_NOTICE", payload, "en").body().contains(", at "), "no contact e-mail given");
        payload.put("contactEmail", "dpo@caronet.ro");
        assertTrue(render("DATA_BREACH_NOTICE", payload, "en").body().contains("data protection officer, "));
        assertTrue(render("DATA_BREACH_NOTICE", payload, "en").body().contains(", at dpo@caronet.ro"));
        payload.put("measures", "Passwords were reset.");
        assertTrue(render("DATA_BREACH_NOTICE", payload, "en").body()
                .contains("Measures taken or proposed: Passwords were reset."));
    }

    @Test
    void unsupportedOrUnknownLanguage_isRomanian() {
        assertEquals("ro", MessageRenderer.languageFor(Optional.of("de")));
        assertEquals("ro", MessageRenderer.languageFor(Optional.empty()));
        assertEquals("en", MessageRenderer.languageFor(Optional.of("en")));
        Map<String, Object> payload = SamplePayloads.of(type("LOW_BALANCE"), true);
        assertEquals("ro", render("LOW_BALANCE", payload, "de").language());
    }

    @Test
    void undeclaredKey_isRefused_namingTheKey_neverTheValue() {
        Map<String, Object> payload = new HashMap<>(SamplePayloads.of(type("MISSED_CALL"), true));
        payload.put("callerName", "Ion Popescu");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> render("MISSED_CALL", payload, "ro"));
        assertTrue(e.getMessage().contains("payload.callerName"), e.getMessage());
        assertFalse(e.getMessage().contains("Popescu"), e.getMessage());
    }

    @Test
    void keyShapedLikePersonalData_isNotRepeated() {
        Map<String, Object> payload = new HashMap<>(SamplePayloads.of(type("MISSED_CALL"), true));
        payload.put("ion.popescu@example.ro", "x");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> render("MISSED_CALL", payload, "ro"));
        assertFalse(e.getMessage().contains("popescu"), e.getMessage());
    }

    @Test
    void missingRequiredField_isRefused() {
        Map<String, Object> payload = new HashMap<>(SamplePayloads.of(type("MISSED_CALL"), true));
        payload.remove("calledAt");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> render("MISSED_CALL", payload, "ro"));
        assertTrue(e.getMessage().contains("payload.calledAt"), e.getMessage());
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("CREDIT_BALANCE", "balance", 12.5d),
                Arguments.of("CREDIT_BALANCE", "balance", new BigDecimal("12.505")),
                Arguments.of("CREDIT_BALANCE", "asOf", LocalDateTime.of(2026, 3, 5, 12, 0)),
                Arguments.of("MISSED_CALL", "callerNumber", "+40 72I 234 567 Ion"),
                Arguments.of("MISSED_CALL", "callerNumber", 40721234567L),
                Arguments.of("PBX_ALLOWED_IP_CHANGED", "allowedIp", "192.168.10"),
                Arguments.of("PASSWORD_RESET", "resetLink", "http://www.clickphone.ro/r/1"),
                Arguments.of("PASSWORD_RESET", "resetLink", "https://ion:secret@www.clickphone.ro/r/1"),
                Arguments.of("SERVICE_ANNOUNCEMENT", "text", "x".repeat(2001)),
                Arguments.of("SERVICE_ANNOUNCEMENT", "text", "Ion Popescu\u0007"),
                Arguments.of("SERVICE_ANNOUNCEMENT", "title", "   "),
                Arguments.of("FAX_SENT", "pages", -1),
                Arguments.of("DATA_BREACH_NOTICE", "categories", List.of("SMS_CONTENT")),
                Arguments.of("DATA_BREACH_NOTICE", "categories", List.of()),
                Arguments.of("DATA_BREACH_NOTICE", "affectedSubjectsEstimated", "yes"),
                Arguments.of("VOICEMAIL_RECEIVED", "duration", Duration.ofSeconds(-1)),
                Arguments.of("TARIFF_CHANGE", "effectiveFrom", "2026-04-01"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("wrongValues")
    void wrongValue_isRefused_namingTheKey(String id, String key, Object value) {
        Map<String, Object> payload = new HashMap<>(SamplePayloads.of(type(id), true));
        payload.put(key, value);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> render(id, payload, "ro"));
        assertTrue(e.getMessage().contains("payload." + key), e.getMessage());
        assertFalse(e.getMessage().contains("Ion") || e.getMessage().contains("secret")
                || e.getMessage().contains("721234567"), e.getMessage());
    }

    @Test
    void categoriesOfTheBreach_areNamedInTheReadersLanguage_onceEach() {
        Map<String, Object> payload = SamplePayloads.of(type("DATA_BREACH_NOTICE"), true);
        payload.put("categories", List.of("NETWORK", DataCategory.of("NETWORK"), "VOICEMAIL"));
        String body = render("DATA_BREACH_NOTICE", payload, "ro").body();
        assertTrue(body.contains("- date de rețea (adrese IP)\n- mesaje vocale\n"), body);
        assertEquals(1, body.split("date de rețea", -1).length - 1);
    }

    @Test
    void longSubjectText_isCutToOneShortLine() {
        Map<String, Object> payload = SamplePayloads.of(type("SERVICE_ANNOUNCEMENT"), true);
        payload.put("title", "Linia unu\nlinia doi " + "x".repeat(400));
        RenderedMessage message = render("SERVICE_ANNOUNCEMENT", payload, "ro");
        assertEquals(MessageRenderer.MAX_SUBJECT, message.subjectLine().length());
        assertTrue(message.subjectLine().startsWith("Noutăți ClickPhone: Linia unu linia doi"));
    }

    @Test
    void renderedMessage_toStringShowsTheLanguageOnly() {
        RenderedMessage message = render("MISSED_CALL", SamplePayloads.of(type("MISSED_CALL"), true), "ro");
        assertEquals("RenderedMessage[language=ro]", message.toString());
    }

    @Test
    void amountOfWholeLei_hasTwoDecimals() {
        Map<String, Object> payload = SamplePayloads.of(type("LOW_BALANCE"), true);
        payload.put("balance", 7);
        assertTrue(render("LOW_BALANCE", payload, "ro").body().contains("(7,00 lei)"));
        payload.put("balance", LocalDate.of(2026, 1, 1));
        assertThrows(InvalidInputException.class, () -> render("LOW_BALANCE", payload, "ro"));
    }
}
