package ro.clickphone.privacy.core.rights.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.internal.KitContexts;
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
import ro.clickphone.privacy.spi.rights.ErasureEntry;
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
 *     personal evidence under: {@link #CONSENT_EVIDENCE_CATEGORY}, the ledger's own choice
 *
 * @since 0.1.0
 */
public record ErasureParts(Supplier<Policy> policy, Clock clock, AuditTrail audit, RetentionStore retention,
        KeyShredder keys, TokenVaultStore vault, ContactDirectory contacts, ErasureLedger ledger, LedgerSealer sealer,
        DataCategory consentEvidenceCategory) {

    /**
     * The category the consent ledger encrypts its network and user-agent evidence under: the
     * ledger's own constant ({@link KitContexts#CONSENT_EVIDENCE_CATEGORY}), not a copy of it.
     */
    public static final DataCategory CONSENT_EVIDENCE_CATEGORY = DataCategory.of(KitContexts.CONSENT_EVIDENCE_CATEGORY);

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
     * Seals the subject's id for the erasure ledger, bound to the rest of the entry, and opens it
     * again to re-apply the erasure. The key must outlive every backup of the main stores (a key kept
     * in them would be rolled back by the restore the ledger exists for) and must never be destroyed
     * by an erasure.
     *
     * @since 0.1.0
     */
    public interface LedgerSealer {

        /**
         * Seals a subject's id for a ledger entry, bound to everything else the entry says: its
         * request id, {@code erasedAt}, the categories by source, the key scopes and
         * {@code vaultErased} (see {@link #associatedData}). Changing any of them, or moving the seal
         * into another entry, makes {@link #open} fail.
         *
         * @param subject the subject
         * @param requestId the entry's request id
         * @param erasedAt the entry's {@code erasedAt}
         * @param erased the entry's categories by source
         * @param shredded the entry's key scopes
         * @param vaultErased the entry's {@code vaultErased}
         * @return the sealed form, opaque text
         * @throws InvalidInputException if an argument is null
         */
        String seal(SubjectId subject, String requestId, Instant erasedAt, Map<String, Set<DataCategory>> erased,
                Set<KeyScope> shredded, boolean vaultErased);

        /**
         * Opens the sealed subject of an entry, checking that nothing in the entry changed since it
         * was sealed.
         *
         * @param entry the ledger entry
         * @return the subject
         * @throws SealedUnderAnotherKeyException if the seal names another key (another kit's, or a
         *     key the kit no longer has): nothing says the entry was changed
         * @throws IntegrityException if the entry or its seal was changed, or is not in this format
         */
        SubjectId open(ErasureEntry entry);

        /**
         * The canonical encoding of an entry's content that a seal is bound to: length-prefixed
         * UTF-8 strings of the info, the request id, {@code erasedAt} in epoch milliseconds, each
         * source (ordered by name) with its category ids (ordered), the key scope names (ordered),
         * and {@code vaultErased}. Unambiguous whatever the names contain.
         *
         * @param info the sealer's info string (its format and version)
         * @param requestId the request id
         * @param erasedAt when the erasure began
         * @param erased categories by source
         * @param shredded key scopes
         * @param vaultErased whether the vault mappings are erased
         * @return the bytes
         */
        static byte[] associatedData(String info, String requestId, Instant erasedAt,
                Map<String, Set<DataCategory>> erased, Set<KeyScope> shredded, boolean vaultErased) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            try {
                text(out, info);
                text(out, requestId);
                out.writeLong(erasedAt.toEpochMilli());
                TreeMap<String, Set<DataCategory>> sources = new TreeMap<>(erased);
                out.writeInt(sources.size());
                for (Map.Entry<String, Set<DataCategory>> e : sources.entrySet()) {
                    text(out, e.getKey());
                    TreeSet<String> ids = new TreeSet<>();
                    e.getValue().forEach(c -> ids.add(c.id()));
                    out.writeInt(ids.size());
                    for (String id : ids) {
                        text(out, id);
                    }
                }
                TreeSet<String> scopes = new TreeSet<>();
                shredded.forEach(s -> scopes.add(s.name()));
                out.writeInt(scopes.size());
                for (String scope : scopes) {
                    text(out, scope);
                }
                out.writeBoolean(vaultErased);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private static void text(DataOutputStream out, String value) throws IOException {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        /**
         * AES-256-GCM under a key derived from a kit secret that lives outside the main stores: the
         * sealing key is HKDF-SHA256(secret, no salt, {@value AesGcmSealer#KEY_INFO}, 32 bytes) and
         * the key id HKDF-SHA256(secret, no salt, {@value AesGcmSealer#ID_INFO}, 8 bytes), both through
         * BouncyCastle's HKDF, so the secret itself (e.g. the audit trail's subject-pseudonym key,
         * which must outlive the audit store and never changes) is never used directly. Sealed form:
         * {@code el2.}, the base64url key id, {@code .}, and the base64url of the 96-bit random nonce
         * and the ciphertext with its 128-bit tag; the associated data is
         * {@link #associatedData} of the whole entry, so a changed entry, or a seal moved into another
         * entry, does not open; a seal under another key is told apart by its key id.
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

    /**
     * A sealed subject names a key this kit does not have: the ledger entry was written by another
     * kit (or under a secret since replaced), which is not evidence that it was changed.
     *
     * @since 0.1.0
     */
    public static final class SealedUnderAnotherKeyException extends IntegrityException {

        private static final long serialVersionUID = 1L;

        /** Creates the exception; its message is fixed. */
        public SealedUnderAnotherKeyException() {
            super("The sealed subject of an erasure ledger entry names another ledger key than this kit's");
        }
    }

    /** The AES-GCM sealer of {@link LedgerSealer#derivedFrom}. */
    private static final class AesGcmSealer implements LedgerSealer {
        static final String KEY_INFO = "clickphone-privacy/erasure-ledger/subject/v2";
        static final String ID_INFO = "clickphone-privacy/erasure-ledger/key-id/v2";
        private static final String PREFIX = "el2.";
        private static final int NONCE = 12;
        private static final int TAG_BITS = 128;
        private final SecretKeySpec key;
        private final String keyId;
        private final SecureRandom random = new SecureRandom();

        AesGcmSealer(SecretBytes secret) {
            byte[] root = secret.revealBytes();
            byte[] derived = hkdf(root, KEY_INFO, 32);
            byte[] id = hkdf(root, ID_INFO, 8);
            try {
                this.key = new SecretKeySpec(derived, "AES");
                this.keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            } finally {
                Arrays.fill(derived, (byte) 0);
                Arrays.fill(root, (byte) 0);
            }
        }

        private static byte[] hkdf(byte[] root, String info, int length) {
            HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
            generator.init(new HKDFParameters(root, null, info.getBytes(StandardCharsets.UTF_8)));
            byte[] out = new byte[length];
            generator.generateBytes(out, 0, length);
            return out;
        }

        @Override
        public String seal(SubjectId subject, String requestId, Instant erasedAt, Map<String, Set<DataCategory>> erased,
                Set<KeyScope> shredded, boolean vaultErased) {
            if (subject == null || requestId == null || erasedAt == null || erased == null || shredded == null) {
                throw new InvalidInputException("seal", "arguments must not be null");
            }
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(LedgerSealer.associatedData(KEY_INFO, requestId, erasedAt, erased, shredded,
                        vaultErased));
                byte[] sealed = cipher.doFinal(subject.value().getBytes(StandardCharsets.UTF_8));
                ByteBuffer out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed);
                return PREFIX + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JCE", e);
            }
        }

        @Override
        public SubjectId open(ErasureEntry entry) {
            if (entry == null) {
                throw new InvalidInputException("entry", "must not be null");
            }
            String sealed = entry.sealedSubject();
            int dot = sealed.indexOf('.', PREFIX.length());
            if (!sealed.startsWith(PREFIX) || dot < 0) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is not in format el2");
            }
            if (!keyId.equals(sealed.substring(PREFIX.length(), dot))) {
                throw new SealedUnderAnotherKeyException();
            }
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
            } catch (IllegalArgumentException e) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is not base64url");
            }
            if (bytes.length < NONCE + TAG_BITS / 8 + 1) {
                throw new IntegrityException("The sealed subject of an erasure ledger entry is too short");
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE));
                cipher.updateAAD(LedgerSealer.associatedData(KEY_INFO, entry.requestId(), entry.erasedAt(),
                        entry.erased(), entry.shredded(), entry.vaultErased()));
                byte[] clear = cipher.doFinal(bytes, NONCE, bytes.length - NONCE);
                return SubjectId.of(new String(clear, StandardCharsets.UTF_8));
            } catch (javax.crypto.AEADBadTagException e) {
                throw new IntegrityException("An erasure ledger entry does not match its seal: the entry or the seal"
                        + " was changed");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JCE", e);
            }
        }

        @Override
        public String toString() {
            return "LedgerSealer[AES-256-GCM, HKDF-derived, key " + keyId + "]";
        }
    }
}
