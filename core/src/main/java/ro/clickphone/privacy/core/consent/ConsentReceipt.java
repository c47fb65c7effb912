package ro.clickphone.privacy.core.consent;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A signed consent receipt, in the spirit of the Kantara consent receipt and ISO/IEC 27560: a JSON
 * document (notice and policy version, controller, purpose and legal basis, retention, how to
 * withdraw, the event and its status, timestamps, the subject as a pseudonym) with a detached
 * signature over its UTF-8 bytes. {@link ConsentLedger#verifyReceipt(ConsentReceipt)} checks it.
 *
 * @param json the receipt document, exactly as signed
 * @param keyId the id of the signing key
 * @param algorithm the signature algorithm
 * @param signature the detached signature, Base64
 *
 * @since 0.1.0
 */
public record ConsentReceipt(String json, String keyId, String algorithm, String signature) {

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

    @Override
    public String toString() {
        return "ConsentReceipt[" + json.length() + " chars, signed by " + keyId + " (" + algorithm + ")]";
    }
}
