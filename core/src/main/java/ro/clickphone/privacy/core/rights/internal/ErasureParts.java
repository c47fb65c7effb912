package ro.clickphone.privacy.core.rights.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * What the {@link Eraser} works with: the kit's policy, clock and audit trail, the stores it erases
 * from, the key shredder, and the erasure ledger with the sealer of its subject references. Not API.
 *
 * @param policy the policy in force
 * @param clock the kit's clock
 * @param audit the audit trail
 * @param retention the retention store: the subject's tags and the legal holds decide what is kept
 * @param keys destroys a subject's data keys for good (a tombstone), sweeping the key cache
 * @param vault the token vault store, whose subject mappings a full erasure deletes
 * @param contacts the contact directory, whose entry a full erasure removes
 * @param ledger the erasure ledger, kept apart from the main stores; null when the kit has none, and
 *     then erasure is refused with a {@code ConfigurationException} when it is planned
 * @param sealer seals the subject's id in a ledger entry under a key erasure never destroys; null
 *     only when {@code ledger} is
 * @param consentEvidenceCategory the category whose key scope the consent ledger encrypts its
 *     personal evidence under ({@code NETWORK}: the ledger's own choice)
 *
 * @since 0.1.0
 */
public record ErasureParts(Supplier<Policy> policy, Clock clock, AuditTrail audit, RetentionStore retention,
        KeyShredder keys, TokenVaultStore vault, ContactDirectory contacts, ErasureLedger ledger, LedgerSealer sealer,
        DataCategory consentEvidenceCategory) {

    /** The category the consent ledger encrypts its network and user-agent evidence under. */
    public static final DataCategory CONSENT_EVIDENCE_CATEGORY = DataCategory.of("NETWORK");

    /**
     * Checks the components.
     *
     * @param policy the policy, as the type describes it
     * @param clock the clock, as the type describes it
     * @param audit the audit, as the type describes it
     * @param retention the retention, as the type describes it
     * @param keys the keys, as the type describes it
     * @param vault the vault, as the type describes it
     * @param contacts the contacts, as the type describes it
     * @param ledger the ledger, as the type describes it (nullable)
     * @param sealer the sealer, as the type describes it (nullable with the ledger)
     * @param consentEvidenceCategory the consentEvidenceCategory, as the type describes it
     * @throws InvalidInputException if a required component is null, or a ledger comes without a sealer
     */
    public ErasureParts {
        for (Object part : new Object[] {policy, clock, audit, retention, keys, vault, contacts,
                consentEvidenceCategory}) {
            if (part == null) {
                throw new InvalidInputException("erasureParts", "every part but the ledger and its sealer is required");
            }
        }
        if (ledger != null && sealer == null) {
            throw new InvalidInputException("erasureParts.sealer", "is required with an erasure ledger");
        }
    }

    /**
     * Destroys a subject's data keys of a scope for good, as erasure does: every version deleted and
     * a tombstone recorded, so no new version is ever made ({@link SubjectKeyStore#destroy}), and no
     * cached copy keeps decrypting.
     *
     * @since 0.1.0
     */
    public interface KeyShredder {

        /**
         * Destroys the (subject, scope)'s keys. Idempotent.
         *
         * @param subject the subject
         * @param scope the key scope
         * @return how many versions were destroyed now
         */
        int destroy(SubjectId subject, KeyScope scope);

        /**
         * Whether the (subject, scope) was destroyed.
         *
         * @param subject the subject
         * @param scope the key scope
         * @return true after {@link #destroy}
         */
        boolean isDestroyed(SubjectId subject, KeyScope scope);

        /**
         * The kit's shredder: through its envelope keys when it has them (their {@code shred} also
         * sweeps their cache, so a destroyed key never decrypts again from memory), else the key
         * store's {@code destroy} alone (no cache to sweep).
         *
         * @param keys the kit's envelope keys, or null without key settings
         * @param store the subject key store
         * @return the shredder
         */
        static KeyShredder of(EnvelopeKeys keys, SubjectKeyStore store) {
            if (store == null) {
                throw new InvalidInputException("store", "must not be null");
            }
            return new KeyShredder() {
                @Override
                public int destroy(SubjectId subject, KeyScope scope) {
                    return keys != null ? keys.shred(subject, scope) : store.destroy(subject, scope);
                }

                @Override
                public boolean isDestroyed(SubjectId subject, KeyScope scope) {
                    return store.isDestroyed(subject, scope);
                }

                @Override
                public String toString() {
                    return "KeyShredder[" + (keys != null ? "envelope keys" : "key store") + "]";
                }
            };
        }
    }

    /**
     * Seals the subject's id for the erasure ledger, and opens it again to re-apply the erasure. The
     * key must outlive every backup of the main stores (a key kept in them would be rolled back by the
     * restore the ledger exists for) and must never be destroyed by an erasure.
     *
     * @since 0.1.0
     */
    public interface LedgerSealer {

        /**
         * Seals a subject's id, bound to the erasure request.
         *
         * @param requestId the request, bound into the seal
         * @param subject the subject
         * @return the sealed form, opaque text
         */
        String seal(String requestId, SubjectId subject);

        /**
         * Opens a sealed subject id.
         *
         * @param requestId the request it was sealed for
         * @param sealed the sealed form
         * @return the subject
         * @throws IntegrityException if it was not sealed by this key for this request
         */
        SubjectId open(String requestId, String sealed);

        /**
         * AES-256-GCM under a key derived from a kit secret that lives outside the main stores: the
         * sealing key is HKDF-SHA256-Expand(secret, {@value AesGcmSealer#INFO}), one block, so the
         * secret itself (e.g. the audit trail's subject-pseudonym key, which must outlive the audit
         * store and never changes) is never used directly. Sealed form: {@code el1.} and the
         * base64url of the 96-bit random nonce and the ciphertext with its 128-bit tag; the associated
         * data binds the request id, so a sealed subject moved into another entry does not open.
         *
         * @param secret a uniformly random secret of at least 32 bytes; it is copied
         * @return the sealer
         * @throws InvalidInputException if the secret is null, destroyed or shorter than 32 bytes
         */
        static LedgerSealer derivedFrom(SecretBytes secret) {
            if (secret == null || secret.isDestroyed() || secret.length() < 32) {
                throw new InvalidInputException("secret", "must be a live secret of at least 32 bytes");
            }
            return new AesGcmSealer(secret);
        }
    }

    /** The AES-GCM sealer of {@link LedgerSealer#derivedFrom}. */
    private static final class AesGcmSealer implements LedgerSealer {
        static final String INFO = "clickphone-privacy/erasure-ledger/subject/v1";
        private static final String PREFIX = "el1.";
        private static final int NONCE = 12;
        private static final int TAG_BITS = 128;
        private final SecretKeySpec key;
        private final SecureRandom random = new SecureRandom();

        AesGcmSealer(SecretBytes secret) {
            byte[] root = secret.revealBytes();
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(root, "HmacSHA256"));
                mac.update(INFO.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 1);
                byte[] derived = mac.doFinal();
                this.key = new SecretKeySpec(derived, "AES");
                Arrays.fill(derived, (byte) 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JCE lacks HmacSHA256", e);
            } finally {
                Arrays.fill(root, (byte) 0);
            }
        }

        @Override
        public String seal(String requestId, SubjectId subject) {
            if (requestId == null || subject == null) {
                throw new InvalidInputException("seal", "request id and subject must not be null");
            }
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(aad(requestId));
                byte[] sealed = cipher.doFinal(subject.value().getBytes(StandardCharsets.UTF_8));
                ByteBuffer out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed);
                return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JCE", e);
            }
        }

        @Override
        public SubjectId open(String requestId, String sealed) {
            if (requestId == null || sealed == null) {
                throw new InvalidInputException("open", "request id and sealed subject must not be null");
            }
            if (!sealed.startsWith(PREFIX)) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is not in format el1");
            }
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is not base64url");
            }
            if (bytes.length < NONCE + TAG_BITS / 8 + 1) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is too short");
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE));
                cipher.updateAAD(aad(requestId));
                byte[] clear = cipher.doFinal(bytes, NONCE, bytes.length - NONCE);
                return SubjectId.of(new String(clear, StandardCharsets.UTF_8));
            } catch (javax.crypto.AEADBadTagException e) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry does not open under this"
                        + " kit's ledger key for its request");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JCE", e);
            }
        }

        private static byte[] aad(String requestId) {
            return (INFO + "|" + requestId).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "LedgerSealer[AES-256-GCM, derived]";
        }
    }
}
