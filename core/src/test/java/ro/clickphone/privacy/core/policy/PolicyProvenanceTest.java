package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;

/**
 * Where a policy version comes from and how it is made known: its effective date (an assumption
 * when the text carries none), its archived Romanian text, the e-mail that announces it, and the
 * marks of changes that diminish rights.
 */
class PolicyProvenanceTest {

    private static final String TEXT = "clickphone-privacy-policy.ro.md";
    private static final Policy POLICY = Policy.clickPhoneDefault();

    private static byte[] shippedText() {
        try (InputStream in = Policy.class.getResourceAsStream(TEXT)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Policy load(ObjectNode doc, PolicyTextSource texts) {
        return Policy.load(new ByteArrayInputStream(doc.toString().getBytes(StandardCharsets.UTF_8)), texts);
    }

    private static PolicyException refused(ObjectNode doc, PolicyTextSource texts) {
        return assertThrows(PolicyException.class, () -> load(doc, texts));
    }

    // --- the effective date -----------------------------------------------------------------------

    @Test
    void theEffectiveDate_isAnAssumptionWithItsBasis() {
        // The text carries no date; it cites "Regulamentul (UE) nr. 679/2016", which applies from 25 May 2018:
        // the earliest day its GDPR-based promises could take effect (the actual day is for the DPO).
        assertEquals("2026.1", POLICY.version().label());
        assertEquals(LocalDate.of(2018, 5, 25), POLICY.version().effectiveFrom());
        assertTrue(POLICY.effectiveFromAssumed());
        assertTrue(POLICY.effectiveFromBasis().orElseThrow().contains("2016/679"));
    }

    @Test
    void theRecordOfProcessing_saysTheDateIsAssumed() throws Exception {
        RecordOfProcessing record = RecordOfProcessing.from(POLICY);
        JsonNode json = new ObjectMapper().readTree(record.toJson());
        assertEquals("2018-05-25", json.get("policyEffectiveFrom").asText());
        assertTrue(json.get("policyEffectiveFromAssumed").asBoolean());
        assertEquals(POLICY.effectiveFromBasis().orElseThrow(), json.get("policyEffectiveFromBasis").asText());
        assertTrue(record.toMarkdown().contains("in force from 2018-05-25 (an assumed date: The Romanian text names"
                + " no date."), record.toMarkdown().substring(0, 400));

        ObjectNode dated = PolicyDocuments.defaultDocument();
        dated.remove("effectiveFromAssumed");
        dated.remove("effectiveFromBasis");
        Policy known = PolicyDocuments.load(dated);
        assertFalse(known.effectiveFromAssumed());
        JsonNode knownJson = new ObjectMapper().readTree(RecordOfProcessing.from(known).toJson());
        assertFalse(knownJson.get("policyEffectiveFromAssumed").asBoolean());
        assertFalse(knownJson.has("policyEffectiveFromBasis"));
        assertFalse(RecordOfProcessing.from(known).toMarkdown().contains("assumed"));
    }

    @Test
    void anAssumedDate_needsItsBasis_andABasisNeedsTheMark() {
        ObjectNode noBasis = PolicyDocuments.defaultDocument();
        noBasis.remove("effectiveFromBasis");
        assertEquals("$.effectiveFromBasis", assertThrows(PolicyException.class,
                () -> PolicyDocuments.load(noBasis)).path());
        ObjectNode noMark = PolicyDocuments.defaultDocument();
        noMark.remove("effectiveFromAssumed");
        assertEquals("$.effectiveFromBasis", assertThrows(PolicyException.class,
                () -> PolicyDocuments.load(noMark)).path());
    }

    // --- the archived text ------------------------------------------------------------------------

    @Test
    void theShippedPolicy_archivesItsRomanianText() throws Exception {
        // "De asemenea, vom păstra în arhivă versiunile anterioare ale acestei Politici de
        // confidențialitate, astfel încât să le puteți consulta."
        PolicyText text = POLICY.text().orElseThrow();
        assertEquals(TEXT, text.resource());
        assertEquals("ro", text.language());
        assertEquals(sha256(shippedText()), text.sha256());
        assertEquals(new String(shippedText(), StandardCharsets.UTF_8), text.content());
        assertTrue(text.content().contains("nu vor fi diminuate fără consimțământul dvs. explicit"));
        assertFalse(text.toString().contains("Caro Network"), "toString never prints the text");
    }

    @Test
    void aTamperedText_isRefused() {
        // The archive must show the text the version was written against, not an edited one.
        byte[] edited = shippedText().clone();
        edited[edited.length / 2] ^= 1;
        PolicyException e = refused(PolicyDocuments.defaultDocument(), name -> new ByteArrayInputStream(edited));
        assertEquals("$.text.sha256", e.path());

        ObjectNode wrongHash = PolicyDocuments.defaultDocument();
        wrongHash.with("text").put("sha256", "0".repeat(64));
        assertEquals("$.text.sha256", refused(wrongHash, PolicyTextSource.classPath(Policy.class)).path());
    }

    @Test
    void aTextBuiltByHand_underAnotherTextsHash_isRefused() throws Exception {
        // "vom păstra în arhivă versiunile anterioare": whoever builds a PolicyText without the loader
        // cannot archive an edited text under the hash of the one the version was written against.
        PolicyText shipped = POLICY.text().orElseThrow();
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class, () -> new PolicyText(shipped.resource(),
                shipped.language(), shipped.sha256(), shipped.content().replace("explicit", "implicit")));
        assertEquals(shipped, new PolicyText(shipped.resource(), shipped.language(), shipped.sha256(),
                shipped.content()));
    }

    @Test
    void aMissingText_isRefused() {
        assertEquals("$.text.resource", refused(PolicyDocuments.defaultDocument(), name -> null).path());
        ObjectNode absent = PolicyDocuments.defaultDocument();
        absent.with("text").put("resource", "absent.ro.md");
        assertEquals("$.text.resource", refused(absent, PolicyTextSource.classPath(Policy.class)).path());
        PolicyException unreadable = refused(PolicyDocuments.defaultDocument(), name -> {
            throw new IOException("disk");
        });
        assertEquals("$.text.resource", unreadable.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../clickphone-policy.json", "/etc/passwd", "sub/text.md", ".hidden", "a..md", ""})
    void aTextResourceOutsideTheSource_isRefused(String name) {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.with("text").put("resource", name);
        PolicyException e = refused(doc, n -> {
            throw new AssertionError("the source must not be asked for " + n);
        });
        assertEquals("$.text.resource", e.path());
    }

    @Test
    void aDocumentNamingATextFromABareStream_isRefused_andOneWithoutATextLoads() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        byte[] json = doc.toString().getBytes(StandardCharsets.UTF_8);
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(new ByteArrayInputStream(json)));
        assertEquals("$.text", e.path());
        assertTrue(e.getMessage().contains("PolicyTextSource"), e.getMessage());

        doc.remove("text");
        Policy withoutText = Policy.load(new ByteArrayInputStream(doc.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(withoutText.text().isEmpty(), "the text is optional for an operator's own policy");
    }

    @Test
    void aTextBesideAPolicyFile_isReadFromItsDirectory(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(TEXT), shippedText());
        Policy policy = load(PolicyDocuments.defaultDocument(), PolicyTextSource.directory(dir));
        assertEquals(POLICY.text().orElseThrow(), policy.text().orElseThrow());
        Files.delete(dir.resolve(TEXT));
        assertEquals("$.text.resource", refused(PolicyDocuments.defaultDocument(),
                PolicyTextSource.directory(dir)).path());
    }

    @Test
    void theArchive_keepsEachVersionsText() throws Exception {
        // "vom păstra în arhivă versiunile anterioare": an old version's text stays readable.
        byte[] next = "Politica de confidențialitate, versiunea 2027.1".getBytes(StandardCharsets.UTF_8);
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.put("version", "2027.1").put("effectiveFrom", "2027-01-01");
        doc.remove("effectiveFromAssumed");
        doc.remove("effectiveFromBasis");
        doc.with("text").put("resource", "policy-2027.ro.md").put("sha256", sha256(next));
        Map<String, byte[]> files = Map.of("policy-2027.ro.md", next);
        Policy v2027 = load(doc, name -> files.containsKey(name) ? new ByteArrayInputStream(files.get(name)) : null);

        PolicyArchive archive = PolicyArchive.of(POLICY, v2027);
        assertEquals(POLICY.text().orElseThrow().content(), archive.text("2026.1").orElseThrow().content());
        assertEquals("Politica de confidențialitate, versiunea 2027.1",
                archive.text("2027.1").orElseThrow().content());
        assertNotEquals(archive.text("2026.1"), archive.text("2027.1"));
        assertTrue(archive.text("1999.1").isEmpty());
    }

    // --- the announcement -------------------------------------------------------------------------

    @Test
    void aNewVersion_isAnnouncedByEmail() {
        // "Orice modificări aduse politicii de confidențialitate vor fi notificate cu o mai mare
        // vizibilitate (inclusiv, în cazul anumitor servicii, o notificare prin e-mail privind
        // modificările aduse Politicii de confidențialitate)."
        NotificationType announcement = POLICY.changeAnnouncement().orElseThrow();
        assertEquals(NotificationType.of("PRIVACY_POLICY_CHANGED"), announcement);
        assertTrue(POLICY.notificationType(announcement).channels().contains("EMAIL"));
    }

    @Test
    void theAnnouncement_mustBeADeclaredEmailNotification() {
        ObjectNode unknown = PolicyDocuments.defaultDocument().put("changeAnnouncement", "POLICY_TWEET");
        assertEquals("$.changeAnnouncement", assertThrows(PolicyException.class,
                () -> PolicyDocuments.load(unknown)).path());

        ObjectNode bySms = PolicyDocuments.defaultDocument();
        for (JsonNode n : bySms.withArray("notificationTypes")) {
            if (n.get("id").asText().equals("PRIVACY_POLICY_CHANGED")) {
                ((ObjectNode) n).putArray("channels").add("SMS");
            }
        }
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(bySms));
        assertEquals("$.changeAnnouncement", e.path());
        assertTrue(e.getMessage().contains("EMAIL"), e.getMessage());
    }

    // --- changes that diminish rights -------------------------------------------------------------

    @Test
    void aDiminishingChange_isMarkedOnTheVersion() {
        // "Drepturile dvs. în baza acestei politici de confidențialitate nu vor fi diminuate fără
        // consimțământul dvs. explicit."
        Policy v2027 = PolicyDocuments.diminishing("2027.1", "2027-01-01", "BILLING");
        assertTrue(v2027.diminishesRights(Purpose.of("BILLING")));
        assertTrue(v2027.changedMaterially(Purpose.of("BILLING")));
        assertFalse(v2027.diminishesRights(Purpose.of("MARKETING")));
        Policy v2027b = PolicyDocuments.version("2027.2", "2027-06-01", "MARKETING");
        assertFalse(v2027b.diminishesRights(Purpose.of("MARKETING")));
        PolicyArchive archive = PolicyArchive.of(POLICY, v2027, v2027b);
        assertEquals(v2027, archive.rightsDiminishedSince(Purpose.of("BILLING"), v2027b.version()).orElseThrow());
        assertTrue(archive.rightsDiminishedSince(Purpose.of("BILLING"), POLICY.version()).isEmpty());
        assertTrue(archive.rightsDiminishedSince(Purpose.of("MARKETING"), v2027b.version()).isEmpty());
    }

    @Test
    void aDiminishingMarkOnALegalObligation_isRefused() {
        // The law does not wait for the subject's consent: a change of processing on a legal
        // obligation is announced, not put to the subject.
        String legal = POLICY.purposes().stream().filter(p -> p.legalBasis() == LegalBasis.LEGAL_OBLIGATION)
                .findFirst().orElseThrow().purpose().id();
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.withArray("materialChanges").addObject().put("purpose", legal).put("summary", "kept longer")
                .put("diminishesRights", true);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyDocuments.load(doc));
        assertEquals("$.materialChanges[0].diminishesRights", e.path());
        assertTrue(e.getMessage().contains("LEGAL_OBLIGATION"), e.getMessage());
        // The same change without the mark is a plain material change.
        ((ObjectNode) doc.withArray("materialChanges").get(0)).remove("diminishesRights");
        assertTrue(PolicyDocuments.load(doc).changedMaterially(Purpose.of(legal)));
    }
}
