package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReceipt;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;

/** {@code receipt verify} on a receipt a kit signed over a real H2 ledger, and on forgeries of it. */
class ReceiptCommandTest {

    private static final String SUBJECT = "acct-0722123456";

    @TempDir
    Path dir;

    private StoreFixture store;
    private ConsentReceipt receipt;
    private Path receiptFile;
    private Path keyFile;

    @BeforeEach
    void aSignedReceipt() throws IOException {
        store = new StoreFixture(dir);
        PrivacyKit kit = store.kit();
        SubjectId ana = SubjectId.of(SUBJECT);
        ConsentEvent grant = kit.consent().grant(ana, Purpose.of("MARKETING"),
                ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT).withFormId("newsletter-signup"));
        receipt = kit.consent().receipt(grant.id());
        store.closeKit();
        receiptFile = dir.resolve("receipt.json");
        ReceiptFile.write(receiptFile, receipt);
        keyFile = dir.resolve("receipt-key.json");
        PublishedKeyFile.write(keyFile, store.receiptSigner, store.receiptKeyFrom);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoreFixture.Run verify(Path file, Path key) {
        return StoreFixture.cli("receipt", "verify", file.toString(), "--public-key=" + key);
    }

    @Test
    void aGenuineReceipt_verifies_andTheSummaryNamesNoSubject() {
        StoreFixture.Run run = verify(receiptFile, keyFile);
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("signature valid"), run::toString);
        assertTrue(run.out().contains("purpose:        MARKETING (CONSENT)"), run::toString);
        assertTrue(run.out().contains("event:          GRANT"), run::toString);
        assertTrue(run.out().contains("key id:         receipts-2026 (Ed25519)"), run::toString);
        assertTrue(run.out().contains("status:         CONSENT_GIVEN"), run::toString);
        String subjectRef = ReceiptFile.read(receiptFile).document().path("subject").asText();
        assertTrue(subjectRef.startsWith("s-"), subjectRef);
        assertFalse(run.out().contains(subjectRef), "the subject's pseudonym is not printed");
        assertFalse(run.out().contains(SUBJECT));
    }

    @Test
    void anAlteredReceipt_keepsItsSignature_andFails_exit1() throws IOException {
        ConsentReceipt altered = new ConsentReceipt(receipt.json().replace("\"GRANT\"", "\"WITHDRAW\""),
                receipt.keyId(), receipt.algorithm(), receipt.signature());
        assertFalse(altered.json().equals(receipt.json()), "the test altered the document");
        Path forged = dir.resolve("forged.json");
        ReceiptFile.write(forged, altered);

        StoreFixture.Run run = verify(forged, keyFile);

        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("signature NOT valid"), run::toString);
        assertTrue(run.oneLineError(), run::toString);
        // the forged claims are not printed: only the key id and the verdict
        assertEquals(List.of("key id:         receipts-2026 (Ed25519)", "signature NOT valid"), run.out().lines().toList(),
                run::toString);
        for (String claim : List.of("status:", "purpose:", "event:", "WITHDRAW", "receipt:", "issued at:")) {
            assertFalse(run.out().contains(claim), () -> claim + " printed before the signature held: " + run);
        }
    }

    @Test
    void aV2DocumentWithoutARequiredField_isMalformed_exit2() throws IOException {
        for (String field : List.of("issuedAt", "receiptId", "status")) {
            ObjectNode doc = (ObjectNode) ReceiptFile.JSON.readTree(receipt.json());
            doc.remove(field);
            assertMalformed(doc, "the receipt lacks " + field);
        }
        ObjectNode noPurposeId = (ObjectNode) ReceiptFile.JSON.readTree(receipt.json());
        ((ObjectNode) noPurposeId.get("purpose")).remove("id");
        assertMalformed(noPurposeId, "the receipt lacks purpose.id");
        ObjectNode noEventType = (ObjectNode) ReceiptFile.JSON.readTree(receipt.json());
        ((ObjectNode) noEventType.get("event")).remove("type");
        assertMalformed(noEventType, "the receipt lacks event.type");
        ObjectNode badTime = (ObjectNode) ReceiptFile.JSON.readTree(receipt.json());
        badTime.put("issuedAt", "yesterday");
        assertMalformed(badTime, "issuedAt is not an instant");
    }

    /** The document, signed as the genuine one was, fails as bad input before any signature check. */
    private void assertMalformed(ObjectNode doc, String message) throws IOException {
        Path file = dir.resolve("incomplete.json");
        ReceiptFile.write(file, new ConsentReceipt(doc.toString(), receipt.keyId(), receipt.algorithm(),
                receipt.signature()));
        StoreFixture.Run run = verify(file, keyFile);
        assertEquals(2, run.code(), () -> message + ": " + run);
        assertTrue(run.err().contains(message), () -> message + ": " + run);
        assertTrue(run.oneLineError(), run::toString);
    }

    @Test
    void duplicateKeysOrTrailingContent_areMalformed_exit2() throws IOException {
        String genuine = java.nio.file.Files.readString(receiptFile);
        String duplicateKeyId = genuine.replaceFirst("\\{", "{\"keyId\": \"receipts-2027\",");
        String duplicateInDocument = genuine.replace("\\\"status\\\":", "\\\"status\\\":\\\"WITHDRAWN\\\",\\\"status\\\":");
        assertFalse(duplicateInDocument.equals(genuine), "the test duplicated status in the document");
        for (String text : List.of(duplicateKeyId, duplicateInDocument, genuine + "{}")) {
            StoreFixture.Run run = verify(store.write("dup.json", text), keyFile);
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.oneLineError(), run::toString);
        }
        String key = java.nio.file.Files.readString(keyFile);
        StoreFixture.Run dupKey = verify(receiptFile, store.write("dup-key.json", key.replaceFirst("\\{",
                "{\"keyId\": \"receipts-2027\",")));
        assertEquals(2, dupKey.code(), dupKey::toString);
        assertTrue(dupKey.err().contains("--public-key: the file is not JSON"), dupKey::toString);
    }

    @Test
    void shown_replacesControlFormatAndSeparatorCharacters() {
        assertEquals("ok?evil?x?y?z?", ReceiptCommand.Verify.shown("ok\u202Eevil\u2028x\u200By\u2029z\u001B"));
        assertEquals("-", ReceiptCommand.Verify.shown(""));
        assertEquals("x".repeat(64), ReceiptCommand.Verify.shown("x".repeat(100)));
    }

    @Test
    void aReceiptSignedByAnotherKeyUnderTheSameId_fails_exit1() throws IOException {
        Path otherKey = dir.resolve("other-key.json");
        PublishedKeyFile.write(otherKey, Ed25519Signer.generate("receipts-2026"), store.receiptKeyFrom);
        StoreFixture.Run run = verify(receiptFile, otherKey);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("signature NOT valid"), run::toString);
    }

    @Test
    void aKeyNotYetValidWhenTheReceiptWasIssued_fails_exit1() throws IOException {
        Path laterKey = dir.resolve("later-key.json");
        PublishedKeyFile.write(laterKey, store.receiptSigner, Instant.now().plusSeconds(3600));
        StoreFixture.Run run = verify(receiptFile, laterKey);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("not issued within the key's validity"), run::toString);
    }

    @Test
    void aKeyOfAnotherId_cannotVouch_exit1() throws IOException {
        Path otherId = dir.resolve("other-id.json");
        PublishedKeyFile.write(otherId, Ed25519Signer.generate("receipts-2027"), store.receiptKeyFrom);
        StoreFixture.Run run = verify(receiptFile, otherId);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().contains("no --public-key has key id receipts-2026"), run::toString);
    }

    @Test
    void malformedReceipts_areBadInput_exit2_oneLine() {
        String[][] cases = {
            {"not JSON", "{\"json\": \"{\\\"receiptVersion\""},
            {"not an object", "[1, 2]"},
            {"no signature", "{\"json\": \"{}\", \"keyId\": \"receipts-2026\", \"algorithm\": \"Ed25519\"}"},
            {"signature not Base64", "{\"json\": \"{\\\"receiptVersion\\\":\\\"clickphone-consent-receipt/v2\\\"}\","
                    + " \"keyId\": \"k\", \"algorithm\": \"Ed25519\", \"signature\": \"%%%\"}"},
            {"document not JSON", "{\"json\": \"" + SUBJECT + "\", \"keyId\": \"k\", \"algorithm\": \"Ed25519\","
                    + " \"signature\": \"AAAA\"}"},
            {"unknown version", "{\"json\": \"{\\\"receiptVersion\\\":\\\"v9\\\"}\", \"keyId\": \"k\","
                    + " \"algorithm\": \"Ed25519\", \"signature\": \"AAAA\"}"},
        };
        for (String[] c : cases) {
            Path file = store.write("bad.json", c[1]);
            StoreFixture.Run run = verify(file, keyFile);
            assertEquals(2, run.code(), () -> c[0] + ": " + run);
            assertTrue(run.oneLineError(), () -> c[0] + ": " + run);
            assertFalse(run.err().contains(SUBJECT), () -> c[0] + ": the input is never echoed: " + run);
        }
        StoreFixture.Run missing = verify(dir.resolve("missing.json"), keyFile);
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.oneLineError(), missing::toString);
    }

    @Test
    void aPemReceiptKey_isBadInput_exit2_forItNamesNoKeyIdNorValidity() {
        Path pem = store.write("receipt-key.pem", "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder()
                .encodeToString(store.receiptSigner.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        StoreFixture.Run run = verify(receiptFile, pem);
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("give the JSON key file"), run::toString);
    }

    @Test
    void aReceiptKeyWithoutValidFrom_isBadInput_exit2() {
        Path key = store.write("no-from.json", "{\"keyId\":\"receipts-2026\",\"algorithm\":\"Ed25519\",\"publicKey\":\""
                + java.util.Base64.getEncoder().encodeToString(store.receiptSigner.publicKey().getEncoded()) + "\"}");
        StoreFixture.Run run = verify(receiptFile, key);
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("needs validFrom"), run::toString);
    }
}
