package ro.clickphone.privacy.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import ro.clickphone.privacy.spi.IntegrityException;

/**
 * AES-GCM-SIV (RFC 8452) through BouncyCastle's {@link GCMSIVBlockCipher}, 96-bit nonces, 128-bit
 * tags. Proven by the Wycheproof {@code aes_gcm_siv} vectors. A cipher per call: BouncyCastle's
 * GCM-SIV keeps per-message state.
 */
final class AesGcmSiv {

    private AesGcmSiv() {
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
        cipher.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
        int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM-SIV encryption failed", e);
        }
        return out;
    }

    /** Any failure is one {@link IntegrityException}. */
    static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed, int offset, int length) {
        try {
            GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
            cipher.init(false, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
            byte[] out = new byte[cipher.getOutputSize(length)];
            int n = cipher.processBytes(sealed, offset, length, out, 0);
            n += cipher.doFinal(out, n);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw FieldEncryptor.undecryptable();
        }
    }
}
