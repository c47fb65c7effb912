package ro.clickphone.privacy.core.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.CheckpointAnchor;
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
 * <p>Signer rotation: give the new signer to {@link #of(Signer, SecretBytes)} and each earlier
 * signing key, as a verifier, to {@link #withVerifier(Signer, Instant, Instant)} with the time
 * window in which it signed, so that the checkpoints it signed keep verifying. Anchoring:
 * {@link #withCheckpointAnchor(CheckpointAnchor)} sends each new checkpoint somewhere the audit
 * store's writer cannot reach (docs/SECURITY.md says why that matters).
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
    private final List<VerifierWindow> verifiers;
    private final CheckpointAnchor anchor;

    /** A key that signed checkpoints before a rotation, and when it did. */
    record VerifierWindow(Signer verifier, Instant validFrom, Instant validUntil) {
    }

    private AuditSettings(Signer signer, SecretBytes subjectPseudonymKey, int checkpointInterval, boolean ephemeral,
            List<VerifierWindow> verifiers, CheckpointAnchor anchor) {
        this.signer = signer;
        this.subjectPseudonymKey = subjectPseudonymKey;
        this.checkpointInterval = checkpointInterval;
        this.ephemeral = ephemeral;
        this.verifiers = List.copyOf(verifiers);
        this.anchor = anchor;
    }

    /**
     * Settings for a trail that outlives the process.
     *
     * @param signer signs checkpoints and consent receipts, e.g. an {@code Ed25519Signer}
     * @param subjectPseudonymKey at least 32 bytes, used only to pseudonymize subjects in entries;
     *     keep it for as long as the trail, or its pseudonyms can no longer be matched to subjects
     * @return the settings, with the default checkpoint interval
     * @throws InvalidInputException if an argument is null, the key is shorter than 32 bytes, or the
     *     signer's key id or algorithm is not a name a checkpoint can carry (1 to 64 ASCII letters,
     *     digits, {@code . _ : -})
     */
    public static AuditSettings of(Signer signer, SecretBytes subjectPseudonymKey) {
        checkSigner(signer, "signer");
        if (subjectPseudonymKey == null || subjectPseudonymKey.length() < 32) {
            throw new InvalidInputException("subjectPseudonymKey", "must be at least 32 bytes");
        }
        return new AuditSettings(signer, subjectPseudonymKey, DEFAULT_CHECKPOINT_INTERVAL, false, List.of(), null);
    }

    private static void checkSigner(Signer signer, String name) {
        if (signer == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        AuditCheckpoint.requireName(signer.keyId(), name + ".keyId");
        AuditCheckpoint.requireName(signer.algorithm(), name + ".algorithm");
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
                SecretBytes.random(32, random), DEFAULT_CHECKPOINT_INTERVAL, true, List.of(), null);
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
        return new AuditSettings(signer, subjectPseudonymKey, entries, ephemeral, verifiers, anchor);
    }

    /**
     * A copy that also trusts an earlier signing key: checkpoints carrying its key id verify with
     * it when they were signed at or after {@code validFrom} and before {@code validUntil}. Give
     * the window in which that key was in use, so that a key retired (or leaked) later cannot vouch
     * for checkpoints dated after its retirement. In a rolling deployment, {@code validUntil} is
     * when the last instance still holding the old key stopped, not when the first got the new one.
     * A leaked old key can still sign checkpoints dated inside its window; later checkpoints under
     * the new key expose any rewrite of what they cover.
     *
     * @param verifier the earlier key, e.g. {@code Ed25519Signer.verifier(publicKey, keyId)}; its key
     *     id must differ from the signer's and from every other verifier's
     * @param validFrom the first instant the key signed
     * @param validUntil the instant the key stopped signing (exclusive), after {@code validFrom}
     * @return the copy
     * @throws InvalidInputException if an argument is null, the window is empty, or the key id is
     *     taken or not a name a checkpoint can carry
     */
    public AuditSettings withVerifier(Signer verifier, Instant validFrom, Instant validUntil) {
        checkSigner(verifier, "verifier");
        if (validFrom == null || validUntil == null) {
            throw new InvalidInputException("verifier.validity", "must not be null");
        }
        if (!validFrom.isBefore(validUntil)) {
            throw new InvalidInputException("verifier.validity", "validFrom must be before validUntil");
        }
        boolean taken = verifier.keyId().equals(signer.keyId())
                || verifiers.stream().anyMatch(w -> w.verifier().keyId().equals(verifier.keyId()));
        if (taken) {
            throw new InvalidInputException("verifier.keyId", "is already the signer's or another verifier's");
        }
        List<VerifierWindow> more = new ArrayList<>(verifiers);
        more.add(new VerifierWindow(verifier, validFrom, validUntil));
        return new AuditSettings(signer, subjectPseudonymKey, checkpointInterval, ephemeral, more, anchor);
    }

    /**
     * A copy that publishes each new checkpoint to an anchor outside the audit store, such as a
     * {@link FileCheckpointAnchor} on storage the store's writer cannot reach.
     *
     * @param anchor where checkpoints go
     * @return the copy
     * @throws InvalidInputException if {@code anchor} is null
     */
    public AuditSettings withCheckpointAnchor(CheckpointAnchor anchor) {
        if (anchor == null) {
            throw new InvalidInputException("anchor", "must not be null");
        }
        return new AuditSettings(signer, subjectPseudonymKey, checkpointInterval, ephemeral, verifiers, anchor);
    }

    /**
     * How many entries between signed checkpoints. Every instance sharing one audit store must use
     * the same interval: the verifier holds the trail to the interval signed in its latest
     * checkpoint, and an instance with a longer one would leave stretches it reports as missing.
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

    List<VerifierWindow> verifiers() {
        return verifiers;
    }

    Optional<CheckpointAnchor> anchor() {
        return Optional.ofNullable(anchor);
    }

    /** Names the signer's key id and algorithm, never key material. */
    @Override
    public String toString() {
        return "AuditSettings[signer=" + signer.algorithm() + ":" + signer.keyId() + ", checkpointInterval="
                + checkpointInterval + (verifiers.isEmpty() ? "" : ", verifiers=" + verifiers.size())
                + (anchor == null ? "" : ", anchored") + (ephemeral ? ", ephemeral" : "") + "]";
    }
}
