package ro.clickphone.privacy.core.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A signed consent receipt, in the spirit of the Kantara consent receipt and ISO/IEC 27560: a JSON
 * document (notice and policy version, controller, purpose and legal basis, retention, how to
 * withdraw, the event and its status, timestamps, the subject as a pseudonym) with a detached
 * signature. {@link ConsentLedger#verifyReceipt(ConsentReceipt)} checks it with the kit's keys, and
 * {@link #verifiedBy(ReceiptKey)} with a published key alone, as a third party would.
 *
 * <p>Format v2 ({@code clickphone-consent-receipt/v2}, the {@code receiptVersion} in the JSON) is
 * an Ed25519 signature over the UTF-8 bytes of
 * {@code "clickphone-consent-receipt/v2\n" + keyId + "\n" + algorithm + "\n" + json}. Format v1
 * ({@code clickphone-consent-receipt/v1}) was the audit signer's signature over the bare JSON; such
 * receipts still verify through the ledger.
 *
 * @param json the receipt document, exactly as signed
 * @param keyId the id of the signing key
 * @param algorithm the signature algorithm
 * @param signature the detached signature, Base64
 *
 * @since 0.1.0
 */
public record ConsentReceipt(String json, String keyId, String algorithm, String signature) {

    /** The receipt format signed with a published Ed25519 key under its own domain prefix. */
    public static final String V2 = "clickphone-consent-receipt/v2";
    /** The first receipt format: the audit signer over the bare JSON. */
    public static final String V1 = "clickphone-consent-receipt/v1";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * Validates the components.
     *
     * @param json the document
     * @param keyId the key id
     * @param algorithm the algorithm
     * @param signature the signature
     * @throws InvalidInputException if a component is null or blank
     */
    public ConsentReceipt {
        for (String part : new String[] {json, keyId, algorithm, signature}) {
            if (part == null || part.isBlank()) {
                throw new InvalidInputException("receipt", "json, keyId, algorithm and signature are required");
            }
        }
    }

    /**
     * Checks a v2 receipt against a published key, without the kit: the key id and algorithm must
     * match, the receipt must have been issued inside the key's validity window, and the signature
     * must cover the domain prefix, key id, algorithm and JSON.
     *
     * @param key the published key
     * @return {@code true} if the key signed this receipt as it is
     * @throws InvalidInputException if {@code key} is null
     */
    public boolean verifiedBy(ReceiptKey key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        if (!key.keyId().equals(keyId) || !key.algorithm().equals(algorithm) || !V2.equals(field(json,
                "receiptVersion"))) {
            return false;
        }
        String issued = field(json, "issuedAt");
        try {
            if (issued == null || !key.validAt(Instant.parse(issued))) {
                return false;
            }
            return key.verifier().verify(signingInput(keyId, algorithm, json), Base64.getDecoder().decode(signature));
        } catch (DateTimeException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What a v2 signature covers. */
    static byte[] signingInput(String keyId, String algorithm, String json) {
        return (V2 + "\n" + keyId + "\n" + algorithm + "\n" + json).getBytes(StandardCharsets.UTF_8);
    }

    /** A top-level text field of the receipt JSON, or null if absent or the JSON is malformed. */
    static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json).get(name);
            return node == null || !node.isTextual() ? null : node.asText();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ConsentReceipt[" + json.length() + " chars, signed by " + keyId + " (" + algorithm + ")]";
    }
}
