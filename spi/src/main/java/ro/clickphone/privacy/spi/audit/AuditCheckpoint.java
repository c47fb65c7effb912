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
 * <p>Two formats exist (docs/FORMAT.md, "Audit trail"). Version 2, written since 0.1.0, also signs
 * the checkpoint interval the trail promised and the hash of the checkpoint before it, so that a
 * removed checkpoint breaks the chain of checkpoints and a trail whose checkpoints stopped is told
 * apart from one whose checkpoints were deleted. Version 1 checkpoints carry neither
 * ({@code interval} 0, {@code previousCheckpointHash} {@link AuditRecord#GENESIS_HASH}) and still
 * verify.
 *
 * @param sequence the sequence of the last entry covered
 * @param headHash the hash of that entry (64 lower-case hex digits)
 * @param createdAt when the checkpoint was signed
 * @param keyId the id of the signing key
 * @param algorithm the signature algorithm, e.g. {@code HmacSHA256} or {@code Ed25519}
 * @param signature the signature, Base64 (RFC 4648, with padding)
 * @param version the format version, 1 or 2
 * @param interval the checkpoint interval signed with a version 2 checkpoint (1 to 1 000 000);
 *     0 in version 1
 * @param previousCheckpointHash in version 2, the SHA-256 of the signed bytes of the checkpoint
 *     before this one, or {@link AuditRecord#GENESIS_HASH} for the first; in version 1, always
 *     {@link AuditRecord#GENESIS_HASH}
 *
 * @since 0.1.0
 */
public record AuditCheckpoint(long sequence, String headHash, Instant createdAt, String keyId, String algorithm,
        String signature, int version, int interval, String previousCheckpointHash) {

    /** The format written today. */
    public static final int CURRENT_VERSION = 2;
    /** The largest checkpoint interval a checkpoint can carry. */
    public static final int MAX_INTERVAL = 1_000_000;

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
     * @param version the format version, as the type describes it
     * @param interval the signed interval, as the type describes it
     * @param previousCheckpointHash the predecessor's hash, as the type describes it
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
        Checks.identifier(previousCheckpointHash, "checkpoint.previousCheckpointHash", HASH,
                "64 lower-case hex digits");
        if (version == 1) {
            if (interval != 0 || !AuditRecord.GENESIS_HASH.equals(previousCheckpointHash)) {
                throw new InvalidInputException("checkpoint.version",
                        "a version 1 checkpoint carries no interval and no previous checkpoint");
            }
        } else if (version == 2) {
            if (interval < 1 || interval > MAX_INTERVAL) {
                throw new InvalidInputException("checkpoint.interval", "must be between 1 and 1000000");
            }
        } else {
            throw new InvalidInputException("checkpoint.version", "must be 1 or 2");
        }
    }

    /**
     * Checks that a string can be a checkpoint's key id or algorithm name: 1 to 64 ASCII letters,
     * digits, {@code . _ : -}, starting with a letter or digit. A signer whose key id or algorithm
     * fails this cannot sign checkpoints, so signers refuse such names when they are made.
     *
     * @param name the candidate
     * @param argument the argument's name, for the exception
     * @return the name
     * @throws InvalidInputException if checkpoints cannot carry it
     */
    public static String requireName(String name, String argument) {
        if (name == null || !NAME.matches(name)) {
            throw new InvalidInputException(argument,
                    "must be 1 to 64 ASCII letters, digits, '.', '_', ':' or '-', as audit checkpoints carry it");
        }
        return name;
    }
}
