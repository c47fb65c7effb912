package ro.clickphone.privacy.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Special categories of data (GDPR art. 9): "În acest sens, solicităm consimțământul explicit
 * pentru distribuirea oricăror informații speciale cu caracter personal." (Cap. 5). The ClickPhone
 * policy declares none, so these run on a variant that marks CONTACT special and names employees,
 * the PBX administrator, the courier (given CONTACT) and the authorities as recipients of marketing,
 * a consent purpose, so that each kind of actor can meet explicit consent and be refused a plain one.
 */
class SpecialCategoryAccessTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final SubjectId ANA = SubjectId.of("acct-1001/ana");
    private static final Purpose SHARING = Purpose.of("THIRD_PARTY_SHARING");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose SERVICE = Purpose.of("SERVICE_PROVISION");

    private static final Actor PARTNER_SHOP = Actor.processor(Recipient.of("CONSENTED_THIRD_PARTY"), "partner-shop");
    private static final Actor SUPPORT = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
    private static final Actor PBX_ADMIN = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"),
            SubjectId.of("acct-1001/admin"), Set.of("pbx-1001"));
    private static final Actor COURIER = Actor.processor(Recipient.of("COURIER"), "fan-courier");
    private static final Actor POLICE = Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-2026-118");
    private static final Actor MAILER = Actor.system("campaign-mailer", Set.of("MAILER"));

    static Policy specialContactPolicy() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        for (JsonNode category : doc.withArray("categories")) {
            if ("CONTACT".equals(category.get("id").asText())) {
                ((ObjectNode) category).put("special", true);
            }
        }
        for (JsonNode purpose : doc.withArray("purposes")) {
            if ("MARKETING".equals(purpose.get("id").asText())) {
                ((ArrayNode) purpose.get("recipients")).add("EMPLOYEES").add("PBX_ADMINISTRATOR").add("COURIER")
                        .add("AUTHORITIES");
            }
        }
        for (JsonNode recipient : doc.withArray("recipients")) {
            if ("COURIER".equals(recipient.get("id").asText())) {
                ((ArrayNode) recipient.get("categories")).add("CONTACT");
            }
        }
        return PolicyDocuments.load(doc);
    }

    private final InMemoryAuditLogStore auditStore = new InMemoryAuditLogStore();
    private final PrivacyKit kit = PrivacyKit.builder()
            .stores(InMemoryStores.create().withAuditLog(auditStore)
                    .withAccounts(new InMemoryAccountDirectory().assign(ANA, "pbx-1001")))
            .policy(specialContactPolicy())
            .clock(CLOCK)
            .accessPolicy(AccessPolicy.builder().grant("SUPPORT", SERVICE, MARKETING).grant("MAILER", MARKETING)
                    .build())
            .build();

    private static ConsentProof proof() {
        return ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withFormId("special-data-v1");
    }

    /** Grants the purpose (explicitly or not) and returns the grant's id; null for no grant. */
    private String given(String consent, Purpose purpose) {
        switch (consent) {
            case "explicit":
                return kit.consent().grant(ANA, purpose, proof().withExplicitConsent()).id();
            case "plain":
                return kit.consent().grant(ANA, purpose, proof()).id();
            case "withdrawn":
                kit.consent().grant(ANA, purpose, proof().withExplicitConsent()
                        .withEffectiveAt(CLOCK.instant().minusSeconds(60)));
                return kit.consent().withdraw(ANA, purpose, ConsentProof.of(Actor.subject(ANA),
                        ConsentChannel.WEB_ACCOUNT)).id();
            default:
                return null;
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // A third party on consent: the consent must be explicit for the special category.
                Arguments.of(PARTNER_SHOP, "CONTACT", SHARING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(PARTNER_SHOP, "CONTACT", SHARING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(PARTNER_SHOP, "CONTACT", SHARING, "none", AccessReason.NO_SHARING_CONSENT),
                Arguments.of(PARTNER_SHOP, "SERVICE_ADDRESS", SHARING, "plain", AccessReason.CONSENTED_SHARING),
                // Any recipient, internal staff too, and on any purpose.
                Arguments.of(SUPPORT, "CONTACT", MARKETING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(SUPPORT, "CONTACT", MARKETING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(SUPPORT, "CONTACT", MARKETING, "withdrawn", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(SUPPORT, "CONTACT", SERVICE, "none", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(SUPPORT, "TRAFFIC", SERVICE, "none", AccessReason.ROLE_GRANTED),
                Arguments.of(PBX_ADMIN, "CONTACT", SERVICE, "none", AccessReason.NO_EXPLICIT_CONSENT),
                // Every kind of actor but the subject, on a consent purpose: explicit consent opens,
                // a plain grant does not.
                Arguments.of(PBX_ADMIN, "CONTACT", MARKETING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(PBX_ADMIN, "CONTACT", MARKETING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(COURIER, "CONTACT", MARKETING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(COURIER, "CONTACT", MARKETING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(POLICE, "CONTACT", MARKETING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(POLICE, "CONTACT", MARKETING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                // A job too: its role grant does not stand in for the explicit consent.
                Arguments.of(MAILER, "CONTACT", MARKETING, "explicit", AccessReason.EXPLICIT_CONSENT),
                Arguments.of(MAILER, "CONTACT", MARKETING, "plain", AccessReason.NO_EXPLICIT_CONSENT),
                Arguments.of(MAILER, "CONTACT", MARKETING, "none", AccessReason.NO_EXPLICIT_CONSENT),
                // The subject is no recipient of their own data.
                Arguments.of(Actor.subject(ANA), "CONTACT", SERVICE, "none", AccessReason.OWN_DATA));
    }

    @ParameterizedTest(name = "{0} {1}/{2} with {3} consent -> {4}")
    @MethodSource("rows")
    void specialCategory_needsExplicitConsent_forEveryRecipient(Actor actor, String category, Purpose purpose,
            String consent, AccessReason expected) {
        String event = given(consent, purpose);
        AccessDecision decision = kit.access().check(actor, ANA, DataCategory.of(category), purpose);
        assertEquals(expected, decision.reason());
        AuditRecord entry = auditStore.last().orElseThrow();
        assertEquals(decision.auditSequence(), entry.sequence());
        assertEquals(expected.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, entry.outcome());
        assertEquals(expected.name(), entry.details().get("reason"));
        boolean consulted = expected == AccessReason.EXPLICIT_CONSENT || expected == AccessReason.CONSENTED_SHARING
                || (expected == AccessReason.NO_EXPLICIT_CONSENT && event != null);
        assertEquals(consulted ? event : null, entry.details().get("consentEvent"));
    }

    @Test
    void recordOfProcessing_marksTheSpecialCategory_andTheConditions() {
        RecordOfProcessing record = RecordOfProcessing.from(specialContactPolicy());
        String markdown = record.toMarkdown();
        assertTrue(markdown.contains("special category (art. 9)"), markdown);
        assertTrue(markdown.contains("only with the subject's consent"), markdown);
        assertTrue(markdown.contains("only where the subject designated it"), markdown);
        assertTrue(markdown.contains("only after the subject was notified"), markdown);
        assertTrue(markdown.contains("only for the accounts it assists"), markdown);
        String plain = RecordOfProcessing.from(Policy.clickPhoneDefault()).toMarkdown();
        assertFalse(plain.contains("special category (art. 9)"), "ClickPhone declares no special category");
    }

    @Test
    void recordOfProcessing_json_carriesConditionAndSpecial() {
        String json = RecordOfProcessing.from(specialContactPolicy()).toJson().replaceAll("\\s", "");
        assertTrue(json.contains("\"condition\":\"SUBJECT_CONSENT\""), json);
        assertTrue(json.contains("\"special\":true"), json);
    }

    @Test
    void sameCheck_onThePolicyWithoutSpecialCategories_needsNoExplicitConsent() {
        // Control: the refusal above comes from the special flag, not from the rest of the variant.
        ObjectNode doc = PolicyDocuments.defaultDocument();
        for (JsonNode purpose : doc.withArray("purposes")) {
            if ("MARKETING".equals(purpose.get("id").asText())) {
                ((ArrayNode) purpose.get("recipients")).add("EMPLOYEES");
            }
        }
        PrivacyKit plain = PrivacyKit.builder().stores(InMemoryStores.create()).policy(PolicyDocuments.load(doc))
                .clock(CLOCK).accessPolicy(AccessPolicy.builder().grant("SUPPORT", MARKETING).build()).build();
        BiFunction<Actor, String, AccessReason> check = (actor, category) -> plain.access().check(actor, ANA,
                DataCategory.of(category), MARKETING).reason();
        plain.consent().grant(ANA, MARKETING, proof());
        assertEquals(AccessReason.ROLE_GRANTED, check.apply(SUPPORT, "CONTACT"));
    }
}
