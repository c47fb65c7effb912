package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.DeterministicField;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.testkit.MutableClock;

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
    private static final KeyScope FISCAL = KeyScope.of("fiscal");
    private static final KeyScope PROFILE = KeyScope.of("profile");

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

    /**
     * The attacker switches the Luhn check off by declaring a context for card numbers
     * ({@code withCardNumbersAllowed()}), on a context the kit gave, on one made by hand for the
     * policy's card-number id, and on a hand-made one under another scope; the value check alone
     * would let every one through, so only the policy's refusals stop them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", PAN, "5500-0055-5555-5559", "378282246310005"})
    void aCardNumber_throughAContextThatSwitchesOffTheLuhnCheck_isRefusedByThePolicy(String pan) {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        FieldContext invoice = kit.fieldContext("billing", "invoice", DataCategory.of("FINANCIAL"));
        List<FieldContext> opened = List.of(
                invoice.withCardNumbersAllowed(),
                invoice.withRecordId("inv-2026-0001").withCardNumbersAllowed(),
                FieldContext.of("payment", "card_number", FISCAL).withCardNumbersAllowed(),
                FieldContext.of("payment", "card_number", PROFILE).withCardNumbersAllowed(),
                FieldContext.of("payment", "card_number", FISCAL));
        for (FieldContext context : opened) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> kit.fields().encrypt(ANA, context, pan), context.toString());
            assertTrue(e.getMessage().contains("PAYMENT_CARD_DATA"), e.getMessage());
            assertFalse(e.getMessage().replaceAll("[^0-9]", "").contains(pan.replaceAll("[^0-9]", "").substring(0, 6)),
                    "no digits of the card number in: " + e.getMessage());
        }
    }

    /**
     * The attacker skips {@code kit.fieldContext} and hands {@code kit.fields()} a context built by
     * hand: for a never-stored field, an undeclared one, or a declared one under another category's
     * key scope. Both directions are refused; the ciphertext to read comes from an encryptor built
     * outside the kit, as data written around it would be. SMS content: "numerele de telefon unde
     * s-au transmis mesajele SMS dar nu si continutul mesajelor SMS"; SIP clients: "Nu ne sunt
     * transmise informații din aplicațiile SIP instalate pe calculatoarele și telefoanele clienților
     * clickPhone (xLite, Zoiper, 3CX)."
     */
    @ParameterizedTest(name = "{0}.{1} under {2} refused: {3}")
    @CsvSource(delimiter = '|', value = {
        "sms     | sms_content         | traffic  | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "sms     | sms_body            | traffic  | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "payment | card_expiry         | fiscal   | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "sip     | sip_client_contacts | device   | is never stored: the policy lists it under neverStored SIP_CLIENT_DATA",
        "account | email               | profile  | is declared by no category of the policy",
        "account | notification_email  | traffic  | is not stored under key scope traffic: the categories that declare it [CONTACT] have key scopes [profile]",
        "cdr     | caller_number       | profile  | is not stored under key scope profile",
    })
    void aHandMadeContext_forAFieldThePolicyDoesNotLetBeStored_isRefusedBothWays(String entity, String field,
            String scope, String rule) {
        FieldContext context = FieldContext.of(entity, field, KeyScope.of(scope));
        String stored = new FieldEncryptor(kit.keys()).encrypt(ANA, context, "Salut, Ana");
        List<Executable> uses = List.of(
                () -> kit.fields().encrypt(ANA, context, "Salut, Ana"),
                () -> kit.fields().encrypt(ANA, context.withRecordId("row-1"), "Salut, Ana"),
                () -> kit.fields().decrypt(ANA, context, stored),
                () -> kit.fields().reencrypt(ANA, context, stored));
        for (Executable use : uses) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, use);
            assertTrue(e.getMessage().contains("Field " + entity + "." + field + " " + rule), e.getMessage());
            assertFalse(e.getMessage().contains("Salut") || e.getMessage().contains(ANA.value()), e.getMessage());
        }
    }

    @Test
    void aHandMadeContext_equalToOneTheKitGives_isAccepted() {
        FieldContext byHand = FieldContext.of("account", "notification_email", PROFILE);
        String stored = kit.fields().encrypt(ANA, byHand, "ana@example.ro");
        assertEquals("ana@example.ro", kit.fields().decrypt(ANA,
                kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT")), stored));
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

    // --- streams ------------------------------------------------------------------------------------

    /**
     * The attacker streams an SMS body (or another value the policy does not let be stored) through
     * {@code kit.streams()} under a context built by hand, which takes the same contexts as
     * {@code kit.fields()}; and reads back a stream written around the kit. "numerele de telefon unde
     * s-au transmis mesajele SMS dar nu si continutul mesajelor SMS"; "Informațiile privind datele
     * cardului bancar (tip card, număr de card, data expirării) nu ne sunt transferate și deci nu sunt
     * stocate pe serverele noastre."
     */
    @ParameterizedTest(name = "stream {0}.{1} under {2} refused: {3}")
    @CsvSource(delimiter = '|', value = {
        "sms       | sms_content        | traffic | is never stored: the policy lists it under neverStored SMS_CONTENT",
        "payment   | card_expiry        | fiscal  | is never stored: the policy lists it under neverStored PAYMENT_CARD_DATA",
        "voicemail | transcript         | media   | is declared by no category of the policy",
        "account   | notification_email | media   | is not stored under key scope media",
        "voicemail | voicemail_audio    | traffic | is not stored under key scope traffic",
    })
    void aStream_forAFieldThePolicyDoesNotLetBeStored_isRefusedBothWays(String entity, String field, String scope,
            String rule) throws IOException {
        FieldContext context = FieldContext.of(entity, field, KeyScope.of(scope));
        byte[] body = "Salut, Ana".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream around = new ByteArrayOutputStream();
        try (OutputStream out = new StreamEncryptor(kit.keys()).encrypt(ANA, context, around)) {
            out.write(body);
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Executable> uses = List.of(
                () -> kit.streams().encrypt(ANA, context, sink),
                () -> kit.streams().decrypt(ANA, context, new ByteArrayInputStream(around.toByteArray())));
        for (Executable use : uses) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, use);
            assertTrue(e.getMessage().contains("Field " + entity + "." + field + " " + rule), e.getMessage());
            assertFalse(e.getMessage().contains("Salut") || e.getMessage().contains(ANA.value()), e.getMessage());
        }
        assertEquals(0, sink.size(), "no header is written for a refused stream");
    }

    @Test
    void aStream_ofVoicemailAudioUnderItsScope_isWrittenAndRead() throws IOException {
        // "notificare pe email cu mesajele vocale în format audio luate pe numărul ClickPhone":
        // VOICEMAIL declares voicemail_audio under the key scope media.
        FieldContext audio = kit.fieldContext("voicemail", "voicemail_audio", DataCategory.of("VOICEMAIL"));
        assertEquals(KeyScope.of("media"), audio.scope());
        byte[] wave = new byte[StreamEncryptor.SEGMENT_BYTES + 17];
        new Random(12).nextBytes(wave);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = kit.streams().encrypt(ANA, FieldContext.of("voicemail", "voicemail_audio",
                KeyScope.of("media")), sink)) {
            out.write(wave);
        }
        try (InputStream in = kit.streams().decrypt(ANA, audio, new ByteArrayInputStream(sink.toByteArray()))) {
            assertArrayEquals(wave, in.readAllBytes());
        }
    }

    // --- a field that becomes never stored in a later policy version --------------------------------

    /**
     * 2026.1 as shipped, then 2027.1 (from 1 January 2027, Bucharest) in which the device's
     * hardware model is no longer collected: out of DEVICE, into a never-stored entry.
     */
    private static PolicyArchive hardwareModelDroppedIn2027() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.put("version", "2027.1").put("effectiveFrom", "2027-01-01").remove("effectiveFromAssumed");
        doc.remove("effectiveFromBasis");
        for (JsonNode category : doc.withArray("categories")) {
            if (category.get("id").asText().equals("DEVICE")) {
                ((ObjectNode) category).putArray("fields").add("operating_system");
            }
        }
        doc.withArray("neverStored").addObject().put("id", "DEVICE_MODEL")
                .put("description", "The hardware model of the customer's device is no longer collected.")
                .putArray("fields").add("hardware_model");
        return PolicyArchive.of(Policy.clickPhoneDefault(), PolicyDocuments.load(doc));
    }

    /**
     * The attacker took a field context, a blind-index field and a deterministic field for the
     * hardware model in 2026 ("Colectăm informații despre dispozitiv (cum ar fi modelul de hardware,
     * tipul sistemului de operare)") and keeps using them after 2027.1 lists it as never stored.
     * From the day 2027.1 takes effect, nothing new is written through them (nor re-encrypted, nor
     * indexed); what was stored in 2026 still reads, so that it can be exported and erased.
     */
    @Test
    void objectsTakenBeforeAFieldBecameNeverStored_writeNothingAfterwards_butOldValuesStillRead() {
        MutableClock clock = MutableClock.of(Instant.parse("2026-12-31T21:59:00Z"));   // 23:59 in Bucharest
        PrivacyKit later = PrivacyKit.builder().stores(InMemoryStores.create()).policies(hardwareModelDroppedIn2027())
                .clock(clock).keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek-2027.p12"),
                        "pw".toCharArray(), "kek")))
                .searchableFields(SecretBytes.copyOf(new byte[32]))
                .build();
        FieldContext model = later.fieldContext("device", "hardware_model", DataCategory.of("DEVICE"));
        BlindIndexField index = later.blindIndex().field("device", "hardware_model", Normalization.EXACT, 64);
        DeterministicField deterministic = later.deterministic().field("device", "hardware_model", Normalization.EXACT);
        String stored = later.fields().encrypt(ANA, model, "Yealink T46U");
        String storedDeterministic = deterministic.encrypt("Yealink T46U");
        index.compute("Yealink T46U");

        clock.set(Instant.parse("2026-12-31T22:00:00Z"));   // 1 January 2027, 00:00 in Bucharest
        List<Executable> writes = List.of(
                () -> later.fields().encrypt(ANA, model, "Yealink T46U"),
                () -> later.fields().encrypt(ANA, model.withRecordId("dev-1"), "Yealink T46U"),
                () -> later.fields().reencrypt(ANA, model, stored),
                () -> index.compute("Yealink T46U"),
                () -> index.candidates("Yealink T46U"),
                () -> deterministic.encrypt("Yealink T46U"),
                () -> deterministic.candidates("Yealink T46U"),
                () -> later.fieldContext("device", "hardware_model", DataCategory.of("DEVICE")),
                () -> later.blindIndex().field("device", "hardware_model", Normalization.EXACT, 64));
        for (Executable write : writes) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, write);
            assertTrue(e.getMessage().contains("Field device.hardware_model is never stored: the policy lists it under"
                    + " neverStored DEVICE_MODEL"), e.getMessage());
            assertFalse(e.getMessage().contains("Yealink"), e.getMessage());
        }
        assertEquals("Yealink T46U", later.fields().decrypt(ANA, model, stored));
        assertEquals("Yealink T46U", deterministic.decrypt(storedDeterministic));
        assertEquals("Yealink T46U", later.deterministic().field("device", "hardware_model", Normalization.EXACT)
                .decrypt(storedDeterministic));
        FieldContext os = later.fieldContext("device", "operating_system", DataCategory.of("DEVICE"));
        assertEquals("Android 14", later.fields().decrypt(ANA, os, later.fields().encrypt(ANA, os, "Android 14")),
                "the category's other field is untouched");
        // A field never stored in any version in force reads as little as it writes.
        FieldContext sms = FieldContext.of("sms", "sms_content", KeyScope.of("traffic"));
        String smsStored = new FieldEncryptor(later.keys()).encrypt(ANA, sms, "Salut");
        assertThrows(PolicyViolationException.class, () -> later.fields().decrypt(ANA, sms, smsStored));
        assertThrows(PolicyViolationException.class,
                () -> later.deterministic().field("sms", "sms_content", Normalization.EXACT));
    }

    // --- card data recognised by the never-stored entry's kind, not by a field id -------------------

    /**
     * An operator whose policy names card data {@code pan}, {@code pan_expiry} (not
     * {@code card_number}) and marks the entry {@code "kind": "PAYMENT_CARD"}: contexts declared for
     * card numbers stay closed. The attacker opens a declared field for card numbers, which would
     * switch the Luhn check off.
     */
    @Test
    void cardFields_areClosedByTheNeverStoredEntrysKind_whateverItsFieldIds() {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        ObjectNode doc = PolicyDocuments.defaultDocument();
        for (JsonNode entry : doc.withArray("neverStored")) {
            if (entry.get("id").asText().equals("PAYMENT_CARD_DATA")) {
                ((ObjectNode) entry).putArray("fields").add("pan").add("pan_expiry");
            }
        }
        PrivacyKit operator = PrivacyKit.builder().stores(InMemoryStores.create()).policy(PolicyDocuments.load(doc))
                .clock(MARCH_2026).keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek-pan.p12"),
                        "pw".toCharArray(), "kek")))
                .build();
        FieldContext opened = operator.fieldContext("billing", "invoice", DataCategory.of("FINANCIAL"))
                .withCardNumbersAllowed();
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> operator.fields().encrypt(ANA, opened, PAN));
        assertTrue(e.getMessage().contains("billing.invoice is declared for payment card numbers, which the policy lists"
                + " as never stored (neverStored PAYMENT_CARD_DATA)"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> operator.fields().encrypt(ANA,
                FieldContext.of("payment", "pan", KeyScope.of("fiscal")).withCardNumbersAllowed(), PAN));

        // Without a payment-card entry, a declared field may be opened for card numbers: the kind is the switch.
        ObjectNode without = PolicyDocuments.defaultDocument();
        for (JsonNode entry : without.withArray("neverStored")) {
            ((ObjectNode) entry).remove("kind");
        }
        PrivacyKit open = PrivacyKit.builder().stores(InMemoryStores.create()).policy(PolicyDocuments.load(without))
                .clock(MARCH_2026).keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek-open.p12"),
                        "pw".toCharArray(), "kek")))
                .build();
        FieldContext declared = open.fieldContext("billing", "invoice", DataCategory.of("FINANCIAL")).withCardNumbersAllowed();
        assertEquals(PAN, open.fields().decrypt(ANA, declared, open.fields().encrypt(ANA, declared, PAN)));
    }

    // --- the kit's own contexts, and callers imitating them ----------------------------------------

    private static final Actor EXPORT_JOB = Actor.system("cdr-export", Set.of("EXPORT_JOB"));
    private static final Actor DPO = Actor.system("dpo-desk", Set.of("DPO"));

    private static PrivacyKit.Builder internalsKit(Stores stores, Policy policy, String kek) {
        return PrivacyKit.builder().stores(stores).policy(policy).clock(MARCH_2026)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve(kek), "pw".toCharArray(), "kek")))
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])))
                .accessPolicy(AccessPolicy.builder()
                        .grant("EXPORT_JOB", Purpose.of("FRAUD_PREVENTION"), Purpose.of("SERVICE_PROVISION"))
                        .grantPseudonymization("EXPORT_JOB", "partner_export")
                        .grantReidentification("EXPORT_JOB", "partner_export")
                        .build());
    }

    /** The subject's one stored consent event, as the store keeps it (evidence encrypted). */
    private static ConsentEvent stored(Stores stores, PrivacyKit kit, SubjectId subject) {
        return stores.consent().eventsOf(SubjectId.of(kit.audit().subjectRef(subject))).get(0);
    }

    /**
     * The kit's internal contexts work behind the guard: the consent ledger encrypts and reads its
     * evidence (entity {@code consent_event}, field {@code evidence}, no policy field id), and the
     * token vault keeps and reverses its values (entity {@code token_vault}).
     */
    @Test
    void theKitsOwnContexts_consentEvidenceAndTheTokenVault_stillWork() {
        Stores stores = InMemoryStores.create();
        PrivacyKit internals = internalsKit(stores, Policy.clickPhoneDefault(), "kek-internal.p12").build();
        ConsentEvent grant = internals.consent().grant(ANA, Purpose.of("MARKETING"),
                ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withIpAddress("192.168.10.77")
                        .withUserAgent("Mozilla/5.0"));
        assertTrue(stored(stores, internals, ANA).evidence().encrypted().isPresent(), "the evidence is stored encrypted");
        ConsentEvidence read = internals.consent().evidence(DPO, ANA, grant.id());
        assertTrue(read.network().isPresent());
        assertEquals("Mozilla/5.0", read.userAgent().orElseThrow());

        VaultTokenizer vault = internals.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"), EXPORT_JOB);
        String token = vault.tokenize(ANA, "+40721234567");
        assertEquals("+40721234567", vault.reidentify(token, ReidentificationReason.of(EXPORT_JOB, "FRAUD_INVESTIGATION")
                .withReference("CASE-2026-113")));
    }

    /**
     * The attacker names the consent ledger's entity to {@code kit.fields()}: to read a subject's
     * network and user agent without the audited {@code consent().evidence(...)}, or to write under
     * it. Refused, even under a policy that declares a field {@code evidence} in the evidence's key
     * scope (so the refusal rests on the entity, not on the field id happening to be undeclared).
     */
    @Test
    void aCallerImitatingTheConsentLedgersEntity_isRefused() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        for (JsonNode category : doc.withArray("categories")) {
            if (category.get("id").asText().equals("NETWORK")) {
                ((ArrayNode) category.get("fields")).add("evidence");
            }
        }
        Stores stores = InMemoryStores.create();
        PrivacyKit internals = internalsKit(stores, PolicyDocuments.load(doc), "kek-imitate.p12").build();
        internals.consent().grant(ANA, Purpose.of("MARKETING"),
                ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withIpAddress("192.168.10.77")
                        .withUserAgent("Mozilla/5.0"));
        String sealed = stored(stores, internals, ANA).evidence().encrypted().orElseThrow();
        KeyScope scope = KeyScope.of(sealed.substring(0, sealed.indexOf(':')));
        String ciphertext = sealed.substring(sealed.indexOf(':') + 1);
        FieldContext imitated = FieldContext.of("consent_event", "evidence", scope);
        assertEquals(scope, internals.fieldContext("account", "evidence", DataCategory.of("NETWORK")).scope(),
                "the field id is declared in the evidence's scope");

        List<Executable> attempts = List.of(
                () -> internals.fields().decrypt(ANA, imitated, ciphertext),
                () -> internals.fields().encrypt(ANA, imitated, "{\"network\":\"10.0.0.0/8\"}"),
                () -> internals.fields().reencrypt(ANA, imitated, ciphertext));
        for (Executable attempt : attempts) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, attempt);
            assertTrue(e.getMessage().contains("consent_event is the consent ledger's own"), e.getMessage());
        }
        // The vault's entity is refused as before, before the policy is asked.
        assertThrows(InvalidInputException.class, () -> internals.fields().encrypt(ANA,
                FieldContext.of("token_vault", "partner_export", KeyScope.of("traffic")), "+40721234567"));
    }
}
