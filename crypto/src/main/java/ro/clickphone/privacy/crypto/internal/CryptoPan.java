package ro.clickphone.privacy.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Crypto-PAn prefix-preserving address pseudonymization (Xu, Fan, Ammar, Moon, 2002): bit
 * {@code i} of the output is bit {@code i} of the input XOR the first bit of
 * {@code AES(first i input bits || the pad's remaining bits)}. Two addresses sharing exactly a
 * {@code k}-bit prefix map to pseudonyms sharing exactly a {@code k}-bit prefix.
 *
 * <p>The key layout is the reference implementation's: 32 bytes, the first 16 the AES-128 key, the
 * last 16 encrypted under it to form the pad. IPv4 follows the reference exactly (its sample trace
 * is the test); IPv6 is the same construction over 128 bits. The 32 (or 128) PRF inputs do not
 * depend on each other, so one JCE call encrypts them all. Decryption goes bit by bit, as it must.
 *
 * <p>Thread-safe: each thread gets its own cipher and buffers.
 */
public final class CryptoPan {

    private final byte[] pad;
    private final ThreadLocal<State> state;

    private CryptoPan(byte[] key) {
        SecretKeySpec aes = new SecretKeySpec(key, 0, 16, "AES");
        this.state = ThreadLocal.withInitial(() -> new State(aes));
        try {
            this.pad = Jce.encrypting("AES/ECB/NoPadding", aes).doFinal(key, 16, 16);
        } catch (GeneralSecurityException e) {
            throw Jce.impossible("AES/ECB/NoPadding on one block", e);
        }
    }

    /**
     * Creates the pseudonymizer.
     *
     * @param key 32 bytes: AES-128 key, then the pad seed; copied
     * @return the pseudonymizer
     * @throws InvalidInputException if the key is not 32 bytes
     */
    public static CryptoPan create(byte[] key) {
        if (key == null || key.length != 32) {
            throw new InvalidInputException("key", "must be 32 bytes (AES-128 key and pad seed)");
        }
        return new CryptoPan(key);
    }

    /**
     * Pseudonymizes an address.
     *
     * @param address 4 (IPv4) or 16 (IPv6) bytes, network order; not changed
     * @return the pseudonym, as many bytes
     * @throws InvalidInputException if the address is not 4 or 16 bytes
     */
    public byte[] anonymize(byte[] address) {
        int bits = bits(address);
        State s = state.get();
        byte[] in = s.inputs(bits);
        int len = address.length;
        for (int pos = 0; pos < bits; pos++) {
            int off = pos * 16;
            int full = pos >>> 3;
            System.arraycopy(address, 0, in, off, full);
            int rest = pos & 7;
            if (rest != 0) {
                int mask = (0xFF << (8 - rest)) & 0xFF;
                in[off + full] = (byte) ((address[full] & mask) | (pad[full] & ~mask));
                full++;
            }
            System.arraycopy(pad, full, in, off + full, len - full);
        }
        byte[] out = s.encrypt(bits);
        byte[] result = address.clone();
        for (int pos = 0; pos < bits; pos++) {
            int bit = (out[pos * 16] >>> 7) & 1;
            result[pos >>> 3] ^= (byte) (bit << (7 - (pos & 7)));
        }
        return result;
    }

    /**
     * Recovers an address from its pseudonym, bit by bit.
     *
     * @param pseudonym 4 or 16 bytes made by {@link #anonymize(byte[])} under the same key
     * @return the address
     * @throws InvalidInputException if the pseudonym is not 4 or 16 bytes
     */
    public byte[] deanonymize(byte[] pseudonym) {
        int bits = bits(pseudonym);
        State s = state.get();
        byte[] original = new byte[pseudonym.length];
        byte[] block = pad.clone();
        byte[] out = new byte[16];
        for (int pos = 0; pos < bits; pos++) {
            int full = pos >>> 3;
            int rest = pos & 7;
            System.arraycopy(original, 0, block, 0, full);
            if (rest != 0) {
                int mask = (0xFF << (8 - rest)) & 0xFF;
                block[full] = (byte) ((original[full] & mask) | (pad[full] & ~mask));
            }
            s.encryptOne(block, out);
            int bit = ((out[0] >>> 7) & 1) ^ ((pseudonym[full] >>> (7 - rest)) & 1);
            original[full] |= (byte) (bit << (7 - rest));
            System.arraycopy(pad, 0, block, 0, 16);
        }
        return original;
    }

    private static int bits(byte[] address) {
        if (address == null || (address.length != 4 && address.length != 16)) {
            throw new InvalidInputException("address", "must be 4 (IPv4) or 16 (IPv6) bytes");
        }
        return address.length * 8;
    }

    @Override
    public String toString() {
        return "CryptoPan[AES-128]";
    }

    /** One thread's cipher and the block buffers, pre-filled with the pad. */
    private final class State {

        private final Cipher cipher;
        private final byte[] in4 = new byte[32 * 16];
        private final byte[] in16 = new byte[128 * 16];
        private final byte[] out = new byte[128 * 16];

        State(SecretKeySpec key) {
            cipher = Jce.encrypting("AES/ECB/NoPadding", key);
            for (int off = 0; off < in16.length; off += 16) {
                System.arraycopy(pad, 0, in16, off, 16);
                if (off < in4.length) {
                    System.arraycopy(pad, 0, in4, off, 16);
                }
            }
        }

        byte[] inputs(int bits) {
            return bits == 32 ? in4 : in16;
        }

        byte[] encrypt(int bits) {
            byte[] in = inputs(bits);
            try {
                cipher.update(in, 0, bits * 16, out, 0);
            } catch (GeneralSecurityException e) {
                throw Jce.impossible("AES/ECB/NoPadding on whole blocks", e);
            }
            return out;
        }

        void encryptOne(byte[] block, byte[] result) {
            try {
                cipher.update(block, 0, 16, result, 0);
            } catch (GeneralSecurityException e) {
                throw Jce.impossible("AES/ECB/NoPadding on whole blocks", e);
            }
        }
    }
}
