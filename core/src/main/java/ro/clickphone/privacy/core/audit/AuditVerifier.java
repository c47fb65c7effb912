package ro.clickphone.privacy.core.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.keys.Signer;

/**
 * Verifies an audit trail the way an auditor does: over the audit store and the checkpoint
 * signer's public key alone, without a kit, without the subject-pseudonym key and without the
 * private signing key. It walks the trail with {@link AuditTrail}'s own verification and reports the
 * breaks that the store and the trusted keys can show, and it never writes: no entry, no
 * checkpoint, nothing in the store changes.
 *
 * <p><b>What it cannot see alone:</b> a trail's own instance remembers the entries it appended, so
 * its {@link AuditTrail#verify()} finds a tail dropped from the store; a verifier has appended
 * nothing. A writer of the store who drops the last entries together with the checkpoints over them
 * leaves a shorter trail that is intact by itself: {@link #verify()} passes it. Close that with what
 * the writer cannot reach: checkpoints kept outside the store ({@link #verify(Collection)}, e.g.
 * from a {@link FileCheckpointAnchor}) or a sequence known from elsewhere ({@link #verify(long)}).
 *
 * <p>Trust mirrors {@link AuditSettings}: the key given to {@link #of(AuditLogStore, Signer)} is
 * trusted for checkpoints of any time (the current signer's public key, e.g.
 * {@code Ed25519Signer.verifier(publicKey, "audit-2026")}), each earlier key given to
 * {@link #withVerifier(Signer, Instant, Instant)} only within its window. The checkpoint interval
 * must be the one the trail was written with ({@link #withCheckpointInterval(int)}; version 2
 * checkpoints carry their own and are held to it, the interval given here counts before the first).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditVerifier {

    private final AuditLogStore store;
    private final AuditSettings settings;

    private AuditVerifier(AuditLogStore store, AuditSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * A verifier over a store, trusting one checkpoint key at any time.
     *
     * <p>Give an asymmetric verifier, the public key of an Ed25519 signer
     * ({@code Ed25519Signer.verifier(publicKey, keyId)}): with a symmetric key (HMAC), whoever holds
     * the key to verify holds the key to sign, and can forge checkpoints over a rewritten trail.
     *
     * @param store the audit store, read only
     * @param verifier the current checkpoint signer's verifier: an Ed25519 public key
     * @return the verifier, with {@link AuditSettings#DEFAULT_CHECKPOINT_INTERVAL}
     * @throws InvalidInputException if an argument is null, or the verifier's key id or algorithm is
     *     not a name a checkpoint can carry
     */
    public static AuditVerifier of(AuditLogStore store, Signer verifier) {
        if (store == null) {
            throw new InvalidInputException("auditLogStore", "must not be null");
        }
        // The trail underneath needs a subject-pseudonym key to exist; verification never uses it
        // (it reads stored pseudonyms, it makes none), so one drawn for this instance does.
        return new AuditVerifier(store, AuditSettings.of(verifier, SecretBytes.random(32, new SecureRandom())));
    }

    /**
     * A copy that also trusts an earlier key, within the window in which it signed (as
     * {@link AuditSettings#withVerifier(Signer, Instant, Instant)}).
     *
     * @param verifier the earlier key's verifier; its key id must differ from every other trusted key's
     * @param validFrom the first instant it signed
     * @param validUntil the instant it stopped signing (exclusive), after {@code validFrom}
     * @return the copy
     * @throws InvalidInputException as {@link AuditSettings#withVerifier(Signer, Instant, Instant)}
     */
    public AuditVerifier withVerifier(Signer verifier, Instant validFrom, Instant validUntil) {
        return new AuditVerifier(store, settings.withVerifier(verifier, validFrom, validUntil));
    }

    /**
     * A copy for a trail written with another checkpoint interval.
     *
     * @param entries the interval the trail's writers use, 1 to 1 000 000
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public AuditVerifier withCheckpointInterval(int entries) {
        return new AuditVerifier(store, settings.withCheckpointInterval(entries));
    }

    /**
     * Walks the trail and its checkpoints and reports the first break, as {@link AuditTrail#verify()}.
     *
     * @return the result
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify() {
        return trail().verify();
    }

    /**
     * Verifies, and reports a truncated tail when the trail ends before a sequence known from
     * outside the store, as {@link AuditTrail#verify(long)}.
     *
     * @param minimumExpectedSequence the trail must reach at least this sequence, 0 for no minimum
     * @return the result
     * @throws InvalidInputException if the minimum is negative
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify(long minimumExpectedSequence) {
        return trail().verify(minimumExpectedSequence);
    }

    /**
     * Verifies against checkpoints kept outside the store (what a {@link FileCheckpointAnchor}
     * holds), as {@link AuditTrail#verify(Collection)}.
     *
     * @param anchors the anchored checkpoints, in any order
     * @return the result
     * @throws InvalidInputException if {@code anchors} is null or holds null
     * @throws StoreException if the store failed while reading
     */
    public AuditVerification verify(Collection<AuditCheckpoint> anchors) {
        return trail().verify(anchors);
    }

    /**
     * A fresh trail per verification: it has appended nothing and adopted no head, so it reports
     * only what the store and the keys show, and its verify methods read without writing.
     */
    private AuditTrail trail() {
        return AuditTrail.create(store, settings, Clock.systemUTC());
    }

    /** Names the trusted keys' ids and the interval, never key material. */
    @Override
    public String toString() {
        return "AuditVerifier[" + settings + "]";
    }
}
