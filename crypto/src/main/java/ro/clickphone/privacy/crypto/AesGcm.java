package ro.clickphone.privacy.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.spi.IntegrityException;

/**
 * AES-GCM through the JCE (which has AES-NI and CLMUL intrinsics), 128-bit tags, with one
 * {@link Cipher} per thread: creating a cipher costs more than encrypting a field.
 */
final class AesGcm {

    static final int TAG_BYTES = 16;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesGcm::newCipher);

    private AesGcm() {
    }

    private static Cipher newCipher() {
        return Jce.cipher("AES/GCM/NoPadding");
    }

    /** Encrypts into {@code out} at {@code outOffset}; the nonce and associated data are read in place. */
    static void sealInto(SecretKey key, byte[] nonce, int nonceOffset, byte[] aad, int aadLength, byte[] plaintext,
            byte[] out, int outOffset) {
        sealInto(CIPHER.get(), key, nonce, nonceOffset, aad, aadLength, plaintext, out, outOffset);
    }

    /** {@link #sealInto(SecretKey, byte[], int, byte[], int, byte[], byte[], int)} with a cipher of the caller's. */
    static void sealInto(Cipher cipher, SecretKey key, byte[] nonce, int nonceOffset, byte[] aad, int aadLength,
            byte[] plaintext, byte[] out, int outOffset) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, 12));
            cipher.updateAAD(aad, 0, aadLength);
            cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw Jce.impossible("AES-GCM encryption with a 256-bit key and a 96-bit nonce", e);
        }
    }

    /** Decrypts with the nonce and associated data read in place; any failure is one {@link IntegrityException}. */
    static byte[] openFrom(SecretKey key, byte[] nonce, int nonceOffset, byte[] aad, int aadLength, byte[] sealed,
            int offset, int length) {
        Cipher cipher = CIPHER.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, 12));
            cipher.updateAAD(aad, 0, aadLength);
            return cipher.doFinal(sealed, offset, length);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw FieldEncryptor.undecryptable();
        }
    }

    /**
     * Decrypts into {@code out} at {@code outOffset} with a cipher of the caller's, the nonce and
     * associated data read in place; any failure is one {@link IntegrityException}.
     *
     * @return the plaintext's length
     */
    static int openInto(Cipher cipher, SecretKey key, byte[] nonce, int nonceOffset, byte[] aad, int aadLength,
            byte[] sealed, int offset, int length, byte[] out, int outOffset) {
        if (length < TAG_BYTES) {
            throw FieldEncryptor.undecryptable();
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce, nonceOffset, 12));
            cipher.updateAAD(aad, 0, aadLength);
            return cipher.doFinal(sealed, offset, length, out, outOffset);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw FieldEncryptor.undecryptable();
        }
    }
}
