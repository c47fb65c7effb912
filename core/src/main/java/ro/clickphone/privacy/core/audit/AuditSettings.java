package ro.clickphone.privacy.core.audit;

import java.security.SecureRandom;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * How the kit keeps its audit trail: the signer of checkpoints and consent receipts, the key under
 * which subjects are pseudonymized in entries, and how often a checkpoint is signed. Given to the
 * kit builder's {@code audit(...)}.
 *
 * <p>A persistent audit store needs {@link #of(Signer, SecretBytes)} with keys that outlive the
 * process, or its checkpoints and pseudonyms cannot be verified after a restart. When every store
 * the kit writes to is in memory, the kit draws random keys if no settings are given;
 * {@link #ephemeral()} asks for that explicitly, and is refused beside any persistent store.
 *
 * <p>Immutable and thread-safe. The keys are never printed.
 *
 * @since 0.1.0
 */
public final class AuditSettings {

    /** A checkpoint every this many audit entries unless {@link #withCheckpointInterval(int)} says otherwise. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 1000;

    private final Signer signer;
    private final SecretBytes subjectPseudonymKey;
    private final int checkpointInterval;
    private final boolean ephemeral;

    private AuditSettings(Signer signer, SecretBytes subjectPseudonymKey, int checkpointInterval, boolean ephemeral) {
        this.signer = signer;
        this.subjectPseudonymKey = subjectPseudonymKey;
        this.checkpointInterval = checkpointInterval;
        this.ephemeral = ephemeral;
    }

    /**
     * Settings for a trail that outlives the process.
     *
     * @param signer signs checkpoints and consent receipts, e.g. an {@code Ed25519Signer}
     * @param subjectPseudonymKey at least 32 bytes, used only to pseudonymize subjects in entries;
     *     keep it for as long as the trail, or its pseudonyms can no longer be matched to subjects
     * @return the settings, with the default checkpoint interval
     * @throws InvalidInputException if an argument is null or the key is shorter than 32 bytes
     */
    public static AuditSettings of(Signer signer, SecretBytes subjectPseudonymKey) {
        if (signer == null) {
            throw new InvalidInputException("signer", "must not be null");
        }
        if (subjectPseudonymKey == null || subjectPseudonymKey.length() < 32) {
            throw new InvalidInputException("subjectPseudonymKey", "must be at least 32 bytes");
        }
        return new AuditSettings(signer, subjectPseudonymKey, DEFAULT_CHECKPOINT_INTERVAL, false);
    }

    /**
     * Settings with a random HMAC signer and a random subject-pseudonym key, lost with the process:
     * for tests and demos over in-memory stores only.
     *
     * @return the settings, with the default checkpoint interval
     */
    public static AuditSettings ephemeral() {
        SecureRandom random = new SecureRandom();
        return new AuditSettings(HmacSha256Signer.create(SecretBytes.random(32, random), "ephemeral"),
                SecretBytes.random(32, random), DEFAULT_CHECKPOINT_INTERVAL, true);
    }

    /**
     * A copy with another checkpoint interval.
     *
     * @param entries a checkpoint every this many entries, 1 to 1 000 000
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public AuditSettings withCheckpointInterval(int entries) {
        if (entries < 1 || entries > 1_000_000) {
            throw new InvalidInputException("checkpointInterval", "must be between 1 and 1000000");
        }
        return new AuditSettings(signer, subjectPseudonymKey, entries, ephemeral);
    }

    /**
     * How many entries between signed checkpoints.
     *
     * @return the interval
     */
    public int checkpointInterval() {
        return checkpointInterval;
    }

    /**
     * Whether the keys were drawn at random for this process ({@link #ephemeral()}): a kit refuses
     * such settings beside any persistent store, whose receipts and pseudonyms would outlive them.
     *
     * @return {@code true} for ephemeral settings
     */
    public boolean isEphemeral() {
        return ephemeral;
    }

    /** Package-private: no public method of core hands out a signer. */
    Signer signer() {
        return signer;
    }

    SecretBytes subjectPseudonymKey() {
        return subjectPseudonymKey;
    }

    /** Names the signer's key id and algorithm, never key material. */
    @Override
    public String toString() {
        return "AuditSettings[signer=" + signer.algorithm() + ":" + signer.keyId() + ", checkpointInterval="
                + checkpointInterval + (ephemeral ? ", ephemeral" : "") + "]";
    }
}
