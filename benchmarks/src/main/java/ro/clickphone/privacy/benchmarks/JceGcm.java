package ro.clickphone.privacy.benchmarks;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The raw JCE AES-GCM baseline of the field benchmarks, per thread, as a careful user of the JCE would
 * keep it: one {@code Cipher} and one {@code SecureRandom} per thread, a fresh random 96-bit nonce per
 * encryption, output {@code nonce ‖ ciphertext ‖ tag}.
 */
@State(Scope.Thread)
public class JceGcm {

    private final SecureRandom random = new SecureRandom();
    private final Cipher cipher;

    /** Creates the thread's cipher. */
    public JceGcm() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encrypts under a fresh random nonce.
     *
     * @param key the AES key
     * @param aad the associated data
     * @param plaintext the plaintext
     * @return nonce, ciphertext and tag
     * @throws GeneralSecurityException never in practice
     */
    byte[] encrypt(SecretKeySpec key, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] out = new byte[12 + plaintext.length + 16];
        System.arraycopy(nonce, 0, out, 0, 12);
        cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
    }

    /**
     * Decrypts what {@link #encrypt} made.
     *
     * @param key the AES key
     * @param aad the associated data
     * @param sealed nonce, ciphertext and tag
     * @return the plaintext
     * @throws GeneralSecurityException if the tag does not verify
     */
    byte[] decrypt(SecretKeySpec key, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }
}
