package ro.clickphone.privacy.spi.audit;

import java.time.Instant;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A signed statement that the audit chain had a given head at a given sequence. A checkpoint
 * cannot be forged without the signing key, so an attacker who edits entries and recomputes every
 * hash after them is still caught at the next checkpoint.
 *
 * @param sequence the sequence of the last entry covered
 * @param headHash the hash of that entry (64 lower-case hex digits)
 * @param createdAt when the checkpoint was signed
 * @param keyId the id of the signing key
 * @param algorithm the signature algorithm, e.g. {@code HmacSHA256} or {@code Ed25519}
 * @param signature the signature, Base64 (RFC 4648, with padding)
 *
 * @since 0.1.0
 */
public record AuditCheckpoint(long sequence, String headHash, Instant createdAt, String keyId, String algorithm,
        String signature) {

    private static final Syntax HASH = Syntax.of("0-9a-f", "0-9a-f", 64, 64);
    private static final Syntax NAME = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 64);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{4,1024}={0,2}");

    /**
     * Validates the components.
     *
     * @param sequence the sequence, as the type describes it
     * @param headHash the head hash, as the type describes it
     * @param createdAt the creation time, as the type describes it
     * @param keyId the key id, as the type describes it
     * @param algorithm the algorithm, as the type describes it
     * @param signature the signature, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public AuditCheckpoint {
        if (sequence < 1) {
            throw new InvalidInputException("checkpoint.sequence", "must be at least 1");
        }
        Checks.identifier(headHash, "checkpoint.headHash", HASH, "64 lower-case hex digits");
        Checks.notNull(createdAt, "checkpoint.createdAt");
        Checks.identifier(keyId, "checkpoint.keyId", NAME, "a key id (letters, digits, . _ : -)");
        Checks.identifier(algorithm, "checkpoint.algorithm", NAME, "an algorithm name such as Ed25519");
        Checks.identifier(signature, "checkpoint.signature", BASE64, "Base64");
    }
}
