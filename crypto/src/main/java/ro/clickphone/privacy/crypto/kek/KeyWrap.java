package ro.clickphone.privacy.crypto.kek;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 */
final class KeyWrap {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

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
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(kekId, version));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return new WrappedKey(kekId, version, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("KEK " + kekId + " v" + version + " cannot wrap", false, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static SecretBytes unwrap(SecretKey kek, WrappedKey wrapped) {
        byte[] bytes = wrapped.bytes();
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8 + 1) {
            throw new IntegrityException("The wrapped key failed its integrity check");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(wrapped.kekId(), wrapped.kekVersion()));
            plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return SecretBytes.copyOf(plain);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("The wrapped key failed its integrity check");
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("KEK " + wrapped.kekId() + " v" + wrapped.kekVersion()
                    + " cannot unwrap", false, e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
