package ro.clickphone.privacy.crypto.search;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * AES-SIV (RFC 5297), deterministic authenticated encryption, built from BouncyCastle's CMAC (the
 * S2V pseudo-random function) and the JCE's AES-CTR, since BouncyCastle 1.87 has AES-GCM-SIV but no
 * AES-SIV. Proven by every Wycheproof {@code aes_siv_cmac} vector (256-, 384- and 512-bit keys).
 *
 * <p>The key is two AES keys of equal length: the first for S2V, the second for CTR. The output is
 * the 16-byte synthetic IV followed by the ciphertext. One associated-data component is supported,
 * which is all the SDK uses.
 *
 * <p><b>Warning:</b> deterministic: equal plaintexts under equal keys and associated data give
 * equal ciphertexts, which reveals equality. That is its purpose (look-ups) and its leak.
 *
 * <p>Thread-safe: each thread keeps its own CMAC and CTR cipher, keyed when the instance is made.
 */
final class AesSiv {

    private static final int BLOCK = 16;

    private final KeyParameter macKey;
    private final SecretKeySpec ctrKey;
    /** Per thread, keyed once: the CMAC resets after each tag, the CTR cipher is re-initialized with the same key. */
    private final ThreadLocal<CMac> cmac;
    private final ThreadLocal<Cipher> ctr = ThreadLocal.withInitial(() -> Jce.cipher("AES/CTR/NoPadding"));

    /**
     * AES-SIV under one key, for many calls.
     *
     * @param key two AES keys of equal length: 32, 48 or 64 bytes
     */
    AesSiv(byte[] key) {
        checkKey(key);
        int half = key.length / 2;
        byte[] first = Arrays.copyOfRange(key, 0, half);
        this.macKey = new KeyParameter(first);
        Arrays.fill(first, (byte) 0);
        this.ctrKey = new SecretKeySpec(key, half, half, "AES");
        this.cmac = ThreadLocal.withInitial(() -> {
            CMac mac = new CMac(AESEngine.newInstance());
            mac.init(macKey);
            return mac;
        });
    }

    private static void checkKey(byte[] key) {
        if (key == null || (key.length != 32 && key.length != 48 && key.length != 64)) {
            throw new InvalidInputException("key", "must be 32, 48 or 64 bytes (two AES keys)");
        }
    }

    /** One-off encryption, as the vector tests use it. */
    static byte[] encrypt(byte[] key, byte[] associatedData, byte[] plaintext) {
        return new AesSiv(key).encrypt(associatedData, plaintext);
    }

    /** One-off decryption, as the vector tests use it. */
    static byte[] decrypt(byte[] key, byte[] associatedData, byte[] ciphertext) {
        return new AesSiv(key).decrypt(associatedData, ciphertext);
    }

    byte[] encrypt(byte[] associatedData, byte[] plaintext) {
        byte[] v = s2v(associatedData, plaintext);
        byte[] c = ctr(v, plaintext, 0, plaintext.length);
        byte[] out = Arrays.copyOf(v, BLOCK + c.length);
        System.arraycopy(c, 0, out, BLOCK, c.length);
        return out;
    }

    byte[] decrypt(byte[] associatedData, byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < BLOCK) {
            throw new IntegrityException("The value could not be decrypted");
        }
        byte[] v = Arrays.copyOf(ciphertext, BLOCK);
        byte[] p = ctr(v, ciphertext, BLOCK, ciphertext.length - BLOCK);
        byte[] t = s2v(associatedData, p);
        if (!MessageDigest.isEqual(t, v)) {
            Arrays.fill(p, (byte) 0);
            throw new IntegrityException("The value could not be decrypted");
        }
        return p;
    }

    private byte[] s2v(byte[] associatedData, byte[] plaintext) {
        CMac cmac = this.cmac.get();
        byte[] d = mac(cmac, new byte[BLOCK], 0, BLOCK);
        d = xor(dbl(d), mac(cmac, associatedData, 0, associatedData.length));
        byte[] t;
        if (plaintext.length >= BLOCK) {
            t = plaintext.clone();
            int offset = t.length - BLOCK;
            for (int i = 0; i < BLOCK; i++) {
                t[offset + i] ^= d[i];
            }
        } else {
            byte[] padded = new byte[BLOCK];
            System.arraycopy(plaintext, 0, padded, 0, plaintext.length);
            padded[plaintext.length] = (byte) 0x80;
            t = xor(dbl(d), padded);
        }
        return mac(cmac, t, 0, t.length);
    }

    private static byte[] mac(CMac cmac, byte[] input, int offset, int length) {
        cmac.update(input, offset, length);
        byte[] out = new byte[BLOCK];
        cmac.doFinal(out, 0);
        return out;
    }

    /** Doubling in GF(2^128) (RFC 5297 §2.3). */
    private static byte[] dbl(byte[] block) {
        byte[] out = new byte[BLOCK];
        int carry = 0;
        for (int i = BLOCK - 1; i >= 0; i--) {
            int b = block[i] & 0xff;
            out[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if ((block[0] & 0x80) != 0) {
            out[BLOCK - 1] ^= (byte) 0x87;
        }
        return out;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** AES-CTR from Q = V with the 31st and 63rd bits from the right cleared (RFC 5297 §2.6). */
    private byte[] ctr(byte[] v, byte[] input, int offset, int length) {
        byte[] q = v.clone();
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        Cipher cipher = ctr.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, ctrKey, new IvParameterSpec(q));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            throw Jce.impossible("AES/CTR/NoPadding", e);
        }
    }
}
