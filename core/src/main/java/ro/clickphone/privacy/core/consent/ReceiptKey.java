package ro.clickphone.privacy.core.consent;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A published verification key of consent receipts: what a subject, an auditor or a court needs to
 * check a receipt without the kit and without any secret. {@link ConsentLedger#receiptKeys()} lists
 * them; {@link ConsentReceipt#verifiedBy(ReceiptKey)} checks a receipt against one.
 *
 * @param keyId the key id, as receipts name it
 * @param algorithm the signature algorithm, {@code Ed25519}
 * @param publicKey the public key, Base64 of its X.509 SubjectPublicKeyInfo encoding
 * @param validFrom receipts issued before this instant are not signed by this key
 * @param validUntil receipts issued at or after this instant are not signed by this key; empty
 *     while the key is in use
 *
 * @since 0.1.0
 */
public record ReceiptKey(String keyId, String algorithm, String publicKey, Instant validFrom,
        Optional<Instant> validUntil) {

    /**
     * Validates the components.
     *
     * @param keyId the key id
     * @param algorithm the algorithm
     * @param publicKey the public key
     * @param validFrom the start of validity
     * @param validUntil the end of validity
     * @throws InvalidInputException if a component is null, the algorithm is not Ed25519, the key
     *     does not decode, or the window is empty
     */
    public ReceiptKey {
        if (keyId == null || keyId.isBlank() || algorithm == null || publicKey == null || validFrom == null
                || validUntil == null) {
            throw new InvalidInputException("receiptKey", "keyId, algorithm, publicKey and validity are required");
        }
        if (!"Ed25519".equals(algorithm)) {
            throw new InvalidInputException("receiptKey.algorithm", "must be Ed25519");
        }
        decode(publicKey);
        if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
            throw new InvalidInputException("receiptKey.validUntil", "must be after validFrom");
        }
    }

    /**
     * The published form of a signer's key.
     *
     * @param signer the signer, or a verifier holding its public key
     * @param validFrom the start of validity
     * @param validUntil the end of validity, empty while in use
     * @return the key
     * @throws InvalidInputException if an argument is null or the window is empty
     */
    public static ReceiptKey of(Ed25519Signer signer, Instant validFrom, Optional<Instant> validUntil) {
        if (signer == null) {
            throw new InvalidInputException("signer", "must not be null");
        }
        return new ReceiptKey(signer.keyId(), signer.algorithm(),
                Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()), validFrom, validUntil);
    }

    /**
     * Whether receipts issued at an instant may bear this key's signature.
     *
     * @param issuedAt when a receipt says it was issued
     * @return {@code true} inside the validity window
     */
    public boolean validAt(Instant issuedAt) {
        return !issuedAt.isBefore(validFrom) && validUntil.map(issuedAt::isBefore).orElse(true);
    }

    /** A verifier holding this public key only. */
    Ed25519Signer verifier() {
        return Ed25519Signer.verifier(decode(publicKey), keyId);
    }

    private static PublicKey decode(String publicKey) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(publicKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException("receiptKey.publicKey", "must be Base64 of an Ed25519 X.509 public key");
        }
    }
}
