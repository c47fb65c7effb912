package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Never-stored data, enforced at run time, over the real ClickPhone policy: the kit opens a field
 * context, a blind index or a deterministic field only for a field id the policy declares (for a
 * field context, declared by the category named), never for one it lists as never stored, and no
 * field of the kit takes a payment card number. Rows come from categories whose fields stay stable
 * (CONTACT, TRAFFIC, NETWORK, FINANCIAL, CREDENTIALS).
 */
class KitFieldPolicyTest {

    private static final Clock MARCH_2026 = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final String PAN = "4111 1111 1111 1111";

    @TempDir
    static Path dir;

    private static PrivacyKit kit;

    @BeforeAll
    static void build() {
        kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).clock(MARCH_2026)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .searchableFields(SecretBytes.copyOf(new byte[32]))
                .build();
    }

    @ParameterizedTest(name = "{0}.{1} of {2} -> {3}")
    @CsvSource({
        "account, notification_email,     CONTACT,     profile",
        "account, contact_phone,          CONTACT,     profile",
        "cdr,     caller_number,          TRAFFIC,     traffic",
        "cdr,     sms_destination_numbers, TRAFFIC,    traffic",
        "session, ip_address,             NETWORK,     traffic",
        "pbx,     pbx_allowed_ip,         NETWORK,     traffic",
        "billing, invoice,                FINANCIAL,   fiscal",
        "account, password_hash,          CREDENTIALS, credentials",
    })
    void fieldContext_ofAFieldItsCategoryDeclares_isGivenWithTheCategorysScope(String entity, String field,
            String category, String scope) {
        FieldContext context = kit.fieldContext(entity, field, DataCategory.of(category));
        assertEquals(field, context.field());
        assertEquals(KeyScope.of(scope), context.scope());
        assertFalse(context.cardNumbersAllowed());
    }

    /**
     * Each row names the rule it breaks, as the message must. SMS content: "numerele de telefon
     * unde s-au transmis mesajele SMS dar nu si continutul mesajelor SMS"; card data: "Informațiile
     * privind datele cardului bancar (tip card, număr de card, data expirării) nu ne sunt transferate
     * și deci nu sunt stocate pe serverele noastre."
     */
    @ParameterizedTest(name = "{0}.{1} of {2} refused: {3}")
    @CsvSource(delimiter = '|', value = {
        "payment | card_number        | FINANCIAL   | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "payment | card_expiry        | FINANCIAL   | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "payment | card_number        | CONTACT     | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "sms     | sms_content        | TRAFFIC     | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "sms     | sms_body           | TRAFFIC     | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "account | email              | CONTACT     | is not a field of category CONTACT",
        "account | phone              | CONTACT     | is not a field of category CONTACT",
        "account | caller_number      | CONTACT     | is not a field of category CONTACT: the policy's categories[CONTACT].fields do not declare it (declared by [TRAFFIC])",
        "cdr     | notification_email | TRAFFIC     | is not a field of category TRAFFIC",
        "account | sip_secret         | NETWORK     | is not a field of category NETWORK",
    })
    void fieldContext_ofANeverStoredOrUndeclaredField_isRefusedNamingTheRule(String entity, String field,
            String category, String rule) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> kit.fieldContext(entity, field, DataCategory.of(category)));
        assertTrue(e.getMessage().contains("Field " + entity + "." + field + " " + rule), e.getMessage());
    }

    @Test
    void fieldContext_malformedNames_areInvalidInputBeforeThePolicyIsAsked() {
        DataCategory contact = DataCategory.of("CONTACT");
        assertThrows(InvalidInputException.class, () -> kit.fieldContext("account", "Notification_Email", contact));
        assertThrows(InvalidInputException.class, () -> kit.fieldContext("Account", "notification_email", contact));
        assertThrows(InvalidInputException.class, () -> kit.fieldContext("account", null, contact));
        assertThrows(InvalidInputException.class, () -> kit.fieldContext("account", "notification_email", null));
        assertThrows(PolicyViolationException.class,
                () -> kit.fieldContext("account", "notification_email", DataCategory.of("NO_SUCH_CATEGORY")));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
        "account, notification_email",
        "cdr,     caller_number",
        "session, ip_address",
        "billing, invoice",
        // no category is named here: a field any category declares may be bound under any entity
        "account, caller_number",
    })
    void searchableFields_ofADeclaredField_areBound(String entity, String field) {
        assertEquals(16, kit.blindIndex().field(entity, field, Normalization.EXACT, 64).compute("x").length());
        assertEquals("x", kit.deterministic().field(entity, field, Normalization.EXACT).decrypt(
                kit.deterministic().field(entity, field, Normalization.EXACT).encrypt("x")));
    }

    @ParameterizedTest(name = "{0}.{1} refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "payment | card_number | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "payment | card_cvv    | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "sms     | sms_content | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "account | email       | is declared by no category of the policy (categories[].fields)",
        "account | phone       | is declared by no category of the policy (categories[].fields)",
    })
    void searchableFields_ofANeverStoredOrUndeclaredField_areRefused(String entity, String field, String rule) {
        List<Executable> bindings = List.of(
                () -> kit.blindIndex().field(entity, field, Normalization.EXACT, 64),
                () -> kit.blindIndex().field(entity, field, Normalization.EMAIL, 32),
                () -> kit.deterministic().field(entity, field, Normalization.EXACT));
        for (Executable binding : bindings) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, binding);
            assertTrue(e.getMessage().contains("Field " + entity + "." + field + " " + rule), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", PAN, "5500-0055-5555-5559", "378282246310005"})
    void aLuhnValidCardNumber_cannotBeStoredThroughAnyKitField(String pan) {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        FieldContext email = kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
        FieldContext invoice = kit.fieldContext("billing", "invoice", DataCategory.of("FINANCIAL"));
        List<Executable> writes = List.of(
                () -> kit.fields().encrypt(ANA, email, pan),
                () -> kit.fields().encrypt(ANA, invoice, pan),
                () -> kit.fields().encrypt(ANA, invoice.withRecordId("inv-2026-0001"), pan),
                () -> kit.deterministic().field("billing", "invoice", Normalization.EXACT).encrypt(pan),
                () -> kit.blindIndex().field("billing", "invoice", Normalization.EXACT, 64).compute(pan));
        for (Executable write : writes) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, write);
            assertFalse(e.getMessage().replaceAll("[^0-9]", "").contains(pan.replaceAll("[^0-9]", "").substring(0, 6)),
                    "no digits of the card number in: " + e.getMessage());
        }
    }

    @Test
    void aKitFieldContextDeclaredForCardNumbers_isNotOpened_whileThePolicyListsThemAsNeverStored() {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        FieldContext invoice = kit.fieldContext("billing", "invoice", DataCategory.of("FINANCIAL"));
        FieldContext opened = invoice.withCardNumbersAllowed();
        String stored = kit.fields().encrypt(ANA, invoice, "FCT-0001");
        List<Executable> uses = List.of(
                () -> kit.fields().encrypt(ANA, opened, PAN),
                () -> kit.fields().encrypt(ANA, opened, "FCT-0002"),
                () -> kit.fields().decrypt(ANA, opened, stored));
        for (Executable use : uses) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, use);
            assertTrue(e.getMessage().contains("billing.invoice"), e.getMessage());
            assertFalse(e.getMessage().contains("1111") || e.getMessage().contains("FCT"), e.getMessage());
        }
        assertEquals("FCT-0001", kit.fields().decrypt(ANA, invoice, stored));
    }
}
