package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.ExportFixtures.SUBJECT;
import static ro.clickphone.privacy.core.rights.ExportFixtures.TRAFFIC;
import static ro.clickphone.privacy.core.rights.ExportFixtures.exporting;
import static ro.clickphone.privacy.core.rights.ExportFixtures.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.core.policy.PolicyException;
import ro.clickphone.privacy.core.rights.ExportFixtures;
import ro.clickphone.privacy.core.rights.internal.ExportWriterTest.CompletionProbe;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * What the export discloses comes from the policy, never from code: the assumed effective date, the
 * automated decisions and data sources (art. 15(1)(g), (h)) with the policy's own sentences, the
 * fields withheld from every export (credentials), only confirmed transfer exceptions; and the
 * document is never completed when a stream was wrapped or a source swallowed a failure.
 */
class ExportDisclosureTest {

    private static final DataCategory CREDENTIALS = DataCategory.of("CREDENTIALS");
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");
    private static final String SIP_SECRET = "sip-Secret-9f8e7d6c";
    private static final String PIN_HASH = "$argon2id$v=19$pinhash";
    private static final Instant NOW = Instant.parse("2026-02-10T08:00:00Z");

    private final Policy shipped = Policy.clickPhoneDefault();

    private static ExportWriter writer(Policy policy) {
        return new ExportWriter(() -> policy, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JsonNode export(Policy policy, RightType type, List<PersonalDataSource> sources) throws IOException {
        CompletionProbe out = new CompletionProbe();
        writer(policy).write(request(type, Set.of()), sources, List.of("fax.archive"), out);
        JsonNode doc = ExportFixtures.parse(out.toByteArray());
        assertEquals(List.of(), ExportFixtures.validate(doc));
        return doc;
    }

    @Test
    void credentials_areNeverExported_butCountedAndNamed_inAccessAndPortability() throws IOException {
        InMemoryPersonalDataSource accounts = new InMemoryPersonalDataSource("auth.accounts", Set.of(CREDENTIALS));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("password_hash", "$argon2id$v=19$pwhash");
        fields.put("security_pin_hash", PIN_HASH);
        fields.put("sip_secret", SIP_SECRET);
        fields.put("sip_username", "1001");
        accounts.add("cred-1", SUBJECT, CREDENTIALS, fields);

        for (RightType type : List.of(RightType.ACCESS, RightType.PORTABILITY)) {
            JsonNode doc = export(shipped, type, List.of(accounts));
            String text = doc.toString();
            assertFalse(text.contains(SIP_SECRET), type + ": the SIP secret");
            assertFalse(text.contains(PIN_HASH), type + ": the PIN hash");
            assertFalse(text.contains("pwhash"), type + ": the password hash");
            JsonNode record = doc.at("/sources/0/records/0");
            assertEquals("1001", record.at("/fields/sip_username").asText(), "other fields stay");
            assertEquals("[\"password_hash\",\"security_pin_hash\",\"sip_secret\"]", record.get("withheld").toString());
            assertEquals(3, doc.at("/sources/0/counts/0/withheldFields").asInt());
            assertEquals(3, doc.at("/summary/withheldFields").asInt());
            assertEquals(3, doc.at("/information/withheldFromExport/fields").size());
            assertEquals(shipped.exportStatements().orElseThrow().withheldFields(),
                    doc.at("/information/withheldFromExport/statement").asText());
        }
    }

    @Test
    void theShippedPolicy_withholdsTheCredentialsFields() {
        assertEquals(List.of("password_hash", "security_pin_hash", "sip_secret"),
                shipped.category(CREDENTIALS).withheldFromExport());
        assertEquals(Set.of("password_hash", "security_pin_hash", "sip_secret"), ExportWriter.withheldFields(shipped));
    }

    @Test
    void declaredAutomatedDecisionsAndDataSources_areExported_withThePolicysOwnSentences() throws IOException {
        ObjectNode document = PolicyDocuments.defaultDocument();
        ((ArrayNode) document.get("automatedDecisions")).addObject().put("id", "CREDIT_CHECK").put("name", "Verificare")
                .put("description", "Decizia de a cere o garanție").put("logic", "Istoricul plăților")
                .put("significance", "O garanție la abonament").put("profiling", true)
                .putArray("categories").add("FINANCIAL");
        ((ArrayNode) document.get("dataSources")).addObject().put("id", "PBX_ADMIN").put("name", "Administratorul PBX")
                .put("description", "Extensiile atribuite").put("publiclyAccessible", false)
                .putArray("categories").add("TRAFFIC");
        ((ObjectNode) document.get("exportStatements")).put("automatedDecisions", "Decizii declarate: X.")
                .put("dataSources", "Surse declarate: Y.");
        Policy policy = PolicyDocuments.load(document);

        JsonNode info = export(policy, RightType.ACCESS, List.of()).get("information");

        assertEquals("CREDIT_CHECK", info.at("/automatedDecisions/declared/0/id").asText());
        assertEquals("Istoricul plăților", info.at("/automatedDecisions/declared/0/logic").asText());
        assertTrue(info.at("/automatedDecisions/declared/0/profiling").asBoolean());
        assertEquals("Decizii declarate: X.", info.at("/automatedDecisions/statement").asText());
        assertEquals("PBX_ADMIN", info.at("/dataNotFromSubject/declared/0/id").asText());
        assertEquals("Surse declarate: Y.", info.at("/dataNotFromSubject/statement").asText());
    }

    @Test
    void theShippedPolicy_declaresNone_andSaysSoInItsLanguage() throws IOException {
        assertEquals(List.of(), shipped.automatedDecisions());
        assertEquals(List.of(), shipped.dataSources());
        JsonNode doc = export(shipped, RightType.ACCESS, List.of());
        assertEquals("ro", doc.at("/policy/language").asText());
        String statement = doc.at("/information/automatedDecisions/statement").asText();
        assertEquals(shipped.exportStatements().orElseThrow().noAutomatedDecisions(), statement);
        assertTrue(statement.contains("RGPD"), statement);
        assertEquals(shipped.exportStatements().orElseThrow().unsupportedSource(),
                doc.at("/unsupportedSources/0/statement").asText());
    }

    @Test
    void aPolicyWithoutExportStatements_cannotExport_andNothingIsWritten() {
        ObjectNode document = PolicyDocuments.defaultDocument();
        document.remove("exportStatements");
        Policy policy = PolicyDocuments.load(document);
        CompletionProbe out = new CompletionProbe();

        assertThrows(ConfigurationException.class,
                () -> writer(policy).write(request(RightType.ACCESS, Set.of()), List.of(), List.of(), out));
        assertEquals(0, out.size());
        assertFalse(out.completed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDisclosures")
    void thePolicyLoader_refusesBadDisclosures(String path, Consumer<ObjectNode> breakIt) {
        ObjectNode document = PolicyDocuments.defaultDocument();
        breakIt.accept(document);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(document));
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    static Stream<Arguments> badDisclosures() {
        return Stream.of(
                Arguments.of("$.categories[", (Consumer<ObjectNode>) d -> ((ObjectNode) d.get("categories").get(0))
                        .putArray("withheldFromExport").add("not_a_field_of_it")),
                Arguments.of("$.automatedDecisions[0].categories[0]", (Consumer<ObjectNode>) d ->
                        ((ArrayNode) d.get("automatedDecisions")).addObject().put("id", "X").put("name", "n")
                                .put("description", "d").put("logic", "l").put("significance", "s")
                                .put("profiling", false).putArray("categories").add("NO_SUCH")),
                Arguments.of("$.dataSources[0].publiclyAccessible", (Consumer<ObjectNode>) d ->
                        ((ArrayNode) d.get("dataSources")).addObject().put("id", "X").put("name", "n")
                                .put("description", "d").putArray("categories").add("TRAFFIC")),
                Arguments.of("$.exportStatements.withheldFields", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.get("exportStatements")).remove("withheldFields")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void theSchema_rejectsADocumentThatBreaksIt(String what, Consumer<ObjectNode> breakIt) throws IOException {
        InMemoryPersonalDataSource cdrs = new InMemoryPersonalDataSource("telephony.cdrs", Set.of(TRAFFIC));
        cdrs.add(SUBJECT, ExportedRecord.observed(RecordRef.of("telephony.cdrs", "cdr-1"), TRAFFIC, ExportFixtures.cdr(1)));
        ObjectNode doc = (ObjectNode) export(shipped, RightType.ACCESS, List.of(cdrs));
        breakIt.accept(doc);

        assertFalse(ExportFixtures.validate(doc).isEmpty(), what);
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                Arguments.of("no summary", (Consumer<ObjectNode>) d -> d.remove("summary")),
                Arguments.of("another formatVersion", (Consumer<ObjectNode>) d -> d.put("formatVersion", 2)),
                Arguments.of("an unknown provenance", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.at("/sources/0/records/0")).put("provenance", "GUESSED")),
                Arguments.of("an extra top-level member", (Consumer<ObjectNode>) d -> d.put("debug", true)),
                Arguments.of("an unknown channel", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.get("request")).put("channel", "CARRIER_PIGEON")),
                Arguments.of("an unknown objection rule", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.at("/information/purposes/0")).put("objection", "SOMETIMES")),
                Arguments.of("an unknown recipient condition", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.at("/information/recipients/0")).put("condition", "WHEN_ASKED")),
                Arguments.of("an assumed date without its basis", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.get("policy")).remove("effectiveFromBasis")),
                Arguments.of("a basis for a date that is not assumed", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.get("policy")).put("effectiveFromAssumed", false)),
                Arguments.of("no withheld-fields count", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.get("summary")).remove("withheldFields")),
                Arguments.of("an empty withheld list on a record", (Consumer<ObjectNode>) d ->
                        ((ObjectNode) d.at("/sources/0/records/0")).putArray("withheld")),
                Arguments.of("a transfer exception with the DPO's note", (Consumer<ObjectNode>) d ->
                        ((ArrayNode) d.at("/information/transfers/exceptions")).addObject().put("recipient", "GOOGLE")
                                .put("country", "IE").put("note", "internal")));
    }

    @Test
    void anUnconfirmedTransferException_andTheDposNote_neverReachTheSubject() throws IOException {
        JsonNode doc = export(shipped, RightType.ACCESS, List.of());
        var exception = shipped.transfers().exceptions().get(0);
        assertFalse(exception.confirmed(), "the shipped GOOGLE/IE exception awaits the DPO");

        assertEquals(0, doc.at("/information/transfers/exceptions").size());
        assertFalse(doc.toString().contains(exception.note()));

        ObjectNode document = PolicyDocuments.defaultDocument();
        ((ObjectNode) document.at("/transfers/exceptions/0")).put("confirmed", true);
        JsonNode confirmed = export(PolicyDocuments.load(document), RightType.ACCESS, List.of());
        assertEquals("GOOGLE", confirmed.at("/information/transfers/exceptions/0/recipient").asText());
        assertEquals("IE", confirmed.at("/information/transfers/exceptions/0/country").asText());
        assertFalse(confirmed.toString().contains(exception.note()), "the note is the DPO's working text");
    }

    @Test
    void aWrappedStream_isRefusedBeforeAByteIsWritten() {
        CompletionProbe delivery = new CompletionProbe();
        BufferedOutputStream wrapped = new BufferedOutputStream(delivery);

        assertThrows(InvalidInputException.class, () -> writer(shipped).write(request(RightType.ACCESS, Set.of()),
                List.of(ExportFixtures.generating("telephony.cdrs", 3)), List.of(), wrapped));
        assertEquals(0, delivery.size());
        assertFalse(delivery.completed);
    }

    @Test
    void aSourceThatSwallowsTheSinksFailure_stillFailsTheExport_andNothingCompletes() {
        RuntimeException[] swallowed = new RuntimeException[1];
        PersonalDataSource swallowing = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> {
            try {
                sink.accept(ExportedRecord.provided(RecordRef.of("telephony.cdrs", "x-1"), CONTACT, Map.of()));
            } catch (RuntimeException e) {
                swallowed[0] = e; // a careless source logs and carries on
            }
            sink.accept(ExportedRecord.observed(RecordRef.of("telephony.cdrs", "x-2"), TRAFFIC, Map.of()));
        });
        CompletionProbe out = new CompletionProbe();

        RuntimeException thrown = assertThrows(InvalidInputException.class, () -> writer(shipped).write(
                request(RightType.ACCESS, Set.of()), List.of(swallowing), List.of(), out));
        assertSame(swallowed[0], thrown, "the first failure, again");
        assertFalse(out.completed);

        PersonalDataSource quiet = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> {
            try {
                sink.accept(ExportedRecord.provided(RecordRef.of("telephony.cdrs", "x-1"), CONTACT, Map.of()));
            } catch (RuntimeException e) {
                // swallowed, and the source returns at once
            }
        });
        CompletionProbe out2 = new CompletionProbe();
        assertThrows(InvalidInputException.class, () -> writer(shipped).write(request(RightType.ACCESS, Set.of()),
                List.of(quiet), List.of(), out2));
        assertFalse(out2.completed);
    }

    @Test
    void thePortableCategoriesOfTheShippedPolicy_areTheOnesEXPORTFORMATmdLists() throws IOException {
        String doc = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/EXPORT-FORMAT.md"),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?s)<!-- portable:begin -->(.*?)<!-- portable:end -->").matcher(doc);
        assertTrue(m.find(), "EXPORT-FORMAT.md marks its list of portable categories");
        Set<String> listed = new TreeSet<>();
        Matcher id = Pattern.compile("`([A-Z_]+)`").matcher(m.group(1));
        while (id.find()) {
            listed.add(id.group(1));
        }
        Set<String> portable = new TreeSet<>();
        ExportWriter.portableCategories(shipped).forEach(c -> portable.add(c.id()));

        assertEquals(portable, listed);
    }

    /**
     * The "fields encrypted at rest are decrypted for the export only": a source storing its
     * fields through {@code kit.fields()} decrypts them as it exports, and the document holds them in
     * clear while the store holds only ciphertext.
     */
    @Test
    void aSourceWhoseFieldsAreEncryptedAtRest_exportsThemInClear(@TempDir Path keys) throws IOException {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(shipped)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(keys.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .searchableFields(SecretBytes.copyOf(new byte[32]))
                .build();
        FieldContext email = kit.fieldContext("account", "notification_email", CONTACT);
        String clear = "maria.ionescu@example.ro";
        String stored = kit.fields().encrypt(SUBJECT, email, clear);
        assertFalse(stored.contains(clear));
        List<String> atRest = new ArrayList<>(List.of(stored));
        PersonalDataSource encryptedAtRest = exporting("crm.accounts", CONTACT, (subject, sink) -> {
            for (String ciphertext : atRest) {
                sink.accept(ExportedRecord.provided(RecordRef.of("crm.accounts", "acct-1"), CONTACT,
                        Map.of("notification_email", kit.fields().decrypt(subject, email, ciphertext))));
            }
        });

        JsonNode doc = export(shipped, RightType.ACCESS, List.of(encryptedAtRest));

        assertEquals(clear, doc.at("/sources/0/records/0/fields/notification_email").asText());
        assertFalse(doc.toString().contains(stored), "no ciphertext in the document");
    }
}
