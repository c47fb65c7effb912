package ro.clickphone.privacy.crypto.kek;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * Wrapping of data keys with AES-256-GCM, shared by the built-in KEK providers:
 * {@code nonce (12) || ciphertext || tag (16)}, with {@code clickphone-kek/v1|<kekId>|<version>} as
 * associated data, so that a wrapped key presented under another KEK or version does not unwrap.
 * {@link #seal} and {@link #open} are the same format for a cipher of any JCA provider (the PKCS#11
 * provider runs them on a token); they leave the failures to their caller.
 */
final class KeyWrap {

    /** The length of the random nonce that starts every wrapped key. */
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** The JCA transformation of the format. */
    static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private KeyWrap() {
    }

    private static byte[] associatedData(String kekId, int version) {
        return ("clickphone-kek/v1|" + kekId + "|" + version).getBytes(StandardCharsets.US_ASCII);
    }

    static WrappedKey wrap(SecretKey kek, String kekId, int version, SecretBytes dataKey, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = dataKey.revealBytes();
        try {
            return seal(Cipher.getInstance(TRANSFORMATION), kek, kekId, version, nonce, plain);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("KEK " + kekId + " v" + version + " cannot wrap", false, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static SecretBytes unwrap(SecretKey kek, WrappedKey wrapped) {
        try {
            return open(Cipher.getInstance(TRANSFORMATION), kek, wrapped);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("The wrapped key failed its integrity check");
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("KEK " + wrapped.kekId() + " v" + wrapped.kekVersion()
                    + " cannot unwrap", false, e);
        }
    }

    /**
     * Wraps key material with a cipher of {@link #TRANSFORMATION}, in this class's format.
     *
     * @param cipher a fresh or reusable {@code AES/GCM/NoPadding} cipher of any provider
     * @param kek the KEK, a key of that cipher's provider
     * @param kekId the KEK id, bound as associated data
     * @param version the KEK version, bound as associated data
     * @param nonce 12 random bytes, never used twice with this KEK
     * @param plain the key material; not kept, not cleared
     * @return the wrapped key
     * @throws GeneralSecurityException as the cipher throws it
     */
    static WrappedKey seal(Cipher cipher, Key kek, String kekId, int version, byte[] nonce, byte[] plain)
            throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData(kekId, version));
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return new WrappedKey(kekId, version, Base64.getEncoder().encodeToString(out));
    }

    /**
     * Unwraps key material wrapped by {@link #seal}.
     *
     * @param cipher an {@code AES/GCM/NoPadding} cipher of any provider
     * @param kek the KEK of the wrapped key's id and version
     * @param wrapped the wrapped key
     * @return the key material
     * @throws IntegrityException if the wrapped form is too short to be one
     * @throws AEADBadTagException if the tag does not verify (changed, or another KEK or version)
     * @throws GeneralSecurityException as the cipher throws it otherwise
     */
    static SecretBytes open(Cipher cipher, Key kek, WrappedKey wrapped) throws GeneralSecurityException {
        byte[] bytes = wrapped.bytes();
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8 + 1) {
            throw new IntegrityException("The wrapped key failed its integrity check");
        }
        byte[] plain = null;
        try {
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(wrapped.kekId(), wrapped.kekVersion()));
            plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return SecretBytes.copyOf(plain);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
