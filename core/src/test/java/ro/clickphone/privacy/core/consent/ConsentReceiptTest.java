package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** Receipts a third party can check with a published public key, and the v1 receipts issued before. */
class ConsentReceiptTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final Purpose MARKETING = Purpose.of("MARKETING");

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final ConsentLedger ledger = ConsentFixtures.ledger(new InMemoryConsentStore(), clock, trail,
            new InMemoryAccountDirectory(), Duration.ofSeconds(1), new AtomicLong(), 0);

    private ConsentReceipt receipt() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA),
                ConsentChannel.WEB_ACCOUNT));
        return ledger.receipt(grant.id());
    }

    @Test
    void receipt_verifiesWithThePublishedKeyAlone_asAThirdPartyWould() {
        ConsentReceipt receipt = receipt();
        assertEquals("Ed25519", receipt.algorithm());
        List<ReceiptKey> published = ledger.receiptKeys();
        ReceiptKey key = published.get(0);
        assertEquals(ConsentFixtures.RECEIPTS.keyId(), key.keyId());
        assertEquals(Optional.empty(), key.validUntil());
        // What a third party holds: the published values, rebuilt without the kit.
        ReceiptKey rebuilt = new ReceiptKey(key.keyId(), key.algorithm(), key.publicKey(), key.validFrom(),
                key.validUntil());
        assertTrue(receipt.verifiedBy(rebuilt));
        assertTrue(ledger.verifyReceipt(receipt));
        ConsentReceipt edited = new ConsentReceipt(receipt.json().replace("GRANT", "WITHDRAW"), receipt.keyId(),
                receipt.algorithm(), receipt.signature());
        assertFalse(edited.verifiedBy(rebuilt));
        assertFalse(ledger.verifyReceipt(edited));
    }

    @Test
    void signature_coversTheDomainKeyIdAndAlgorithm() {
        ConsentReceipt receipt = receipt();
        byte[] signature = Base64.getDecoder().decode(receipt.signature());
        assertFalse(ConsentFixtures.RECEIPTS.verify(receipt.json().getBytes(StandardCharsets.UTF_8), signature),
                "a receipt signature is not a signature of the bare JSON, which other documents could share");
        Ed25519Signer sameKeyOtherId = Ed25519Signer.verifier(ConsentFixtures.RECEIPTS.publicKey(), "renamed");
        ConsentReceipt renamed = new ConsentReceipt(receipt.json(), "renamed", receipt.algorithm(),
                receipt.signature());
        assertFalse(renamed.verifiedBy(ReceiptKey.of(sameKeyOtherId, Instant.EPOCH, Optional.empty())),
                "the key id is signed with the content");
    }

    @Test
    void receipt_issuedOutsideItsKeysWindow_doesNotVerify() {
        ConsentReceipt receipt = receipt();
        ReceiptKey retiredBefore = ReceiptKey.of(ConsentFixtures.RECEIPTS, Instant.EPOCH,
                Optional.of(ConsentFixtures.NOW.minusSeconds(1)));
        assertFalse(receipt.verifiedBy(retiredBefore));
        ReceiptKey notYet = ReceiptKey.of(ConsentFixtures.RECEIPTS, ConsentFixtures.NOW.plusSeconds(1),
                Optional.empty());
        assertFalse(receipt.verifiedBy(notYet));
        assertThrows(InvalidInputException.class, () -> ReceiptKey.of(ConsentFixtures.RECEIPTS,
                ConsentFixtures.NOW, Optional.of(ConsentFixtures.NOW)));
        assertThrows(InvalidInputException.class, () -> new ReceiptKey("k", "HmacSHA256",
                ConsentFixtures.RECEIPTS.publicKey().toString(), Instant.EPOCH, Optional.empty()));
    }

    @Test
    void aRetiredKey_stillVerifiesTheReceiptsOfItsWindow() {
        ConsentReceipt old = receipt();
        ConsentSettings rotated = ConsentFixtures.settings()
                .withReceiptSigner(Ed25519Signer.generate("receipts-2027"), ConsentFixtures.NOW.plusSeconds(60))
                .withRetiredReceiptKey(ReceiptKey.of(ConsentFixtures.RECEIPTS, Instant.parse("2026-01-01T00:00:00Z"),
                        Optional.of(ConsentFixtures.NOW.plusSeconds(60))));
        ConsentLedger after = ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, new InMemoryConsentStore(), trail,
                ConsentFixtures.SIGNER, new InMemoryAccountDirectory(), ConsentFixtures.GRANTS, rotated, null, System::nanoTime);
        assertEquals(List.of("receipts-2027", "receipts-test"), after.receiptKeys().stream().map(ReceiptKey::keyId)
                .toList());
        assertTrue(after.verifyReceipt(old));
    }

    @Test
    void v1Receipts_underAnHmacAuditKey_proveNothing_andAreRefused() {
        // Whoever verifies HMAC checkpoints holds that key and could sign any receipt JSON.
        String json = "{\"receiptVersion\":\"clickphone-consent-receipt/v1\",\"receiptId\":\"ce-"
                + "0".repeat(32) + "\",\"status\":\"CONSENT_GIVEN\"}";
        String signature = Base64.getEncoder().encodeToString(ConsentFixtures.SIGNER.sign(
                json.getBytes(StandardCharsets.UTF_8)));
        assertFalse(ledger.verifyReceipt(new ConsentReceipt(json, ConsentFixtures.SIGNER.keyId(),
                ConsentFixtures.SIGNER.algorithm(), signature)));
    }

    @Test
    void v1Receipts_signedByAnEd25519AuditSignerOverTheBareJson_stillVerify() {
        Ed25519Signer auditKey = Ed25519Signer.generate("audit-ed");
        ConsentLedger ledger = ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, new InMemoryConsentStore(),
                ConsentFixtures.trail(clock), auditKey, new InMemoryAccountDirectory(), ConsentFixtures.GRANTS,
                ConsentFixtures.settings(), null, System::nanoTime);
        String json = "{\"receiptVersion\":\"clickphone-consent-receipt/v1\",\"receiptId\":\"ce-"
                + "0".repeat(32) + "\",\"status\":\"CONSENT_GIVEN\"}";
        String signature = Base64.getEncoder().encodeToString(auditKey.sign(json.getBytes(StandardCharsets.UTF_8)));
        ConsentReceipt v1 = new ConsentReceipt(json, auditKey.keyId(), auditKey.algorithm(), signature);
        assertTrue(ledger.verifyReceipt(v1));
        assertFalse(ledger.verifyReceipt(new ConsentReceipt(json.replace("GIVEN", "WITHDRAWN"), v1.keyId(),
                v1.algorithm(), v1.signature())));
        assertFalse(v1.verifiedBy(ledger.receiptKeys().get(0)), "v1 is not checked against a published key");
    }

    @Test
    void aPersistentConsentStore_withAnHmacAuditSignerAndNoReceiptSigner_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policies(ConsentFixtures.ARCHIVE).clock(clock).stores(InMemoryStores.create())
                .consentStore(Mockito.mock(ConsentStore.class))
                .audit(AuditSettings.of(ConsentFixtures.SIGNER, SecretBytes.copyOf(new byte[32])))
                .consent(ConsentSettings.defaults().withSealKey(ConsentFixtures.SEAL_KEY)).build());
        assertTrue(e.getMessage().contains("asymmetric"), e.getMessage());
        // With an Ed25519 audit signer, receipts use it under their own domain prefix.
        Ed25519Signer auditKey = Ed25519Signer.generate("audit-ed");
        PrivacyKit kit = PrivacyKit.builder().policies(ConsentFixtures.ARCHIVE).clock(clock)
                .stores(InMemoryStores.create()).consentStore(Mockito.mock(ConsentStore.class))
                .audit(AuditSettings.of(auditKey, SecretBytes.copyOf(new byte[32])))
                .consent(ConsentSettings.defaults().withSealKey(ConsentFixtures.SEAL_KEY)).build();
        assertEquals("audit-ed", kit.consent().receiptKeys().get(0).keyId());
    }

    @Test
    void aPersistentConsentStore_withoutASealKey_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policies(ConsentFixtures.ARCHIVE).clock(clock).stores(InMemoryStores.create())
                .consentStore(Mockito.mock(ConsentStore.class))
                .audit(AuditSettings.of(ConsentFixtures.SIGNER, SecretBytes.copyOf(new byte[32])))
                .consent(ConsentSettings.defaults().withReceiptSigner(ConsentFixtures.RECEIPTS, Instant.EPOCH))
                .build());
        assertTrue(e.getMessage().contains("withSealKey"), e.getMessage());
    }
}
