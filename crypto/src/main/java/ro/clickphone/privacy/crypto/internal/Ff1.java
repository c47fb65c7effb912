package ro.clickphone.privacy.crypto.internal;

import java.math.BigInteger;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * FF1 format-preserving encryption (NIST SP 800-38G Rev. 1, algorithms 7 and 8) over the JCE's
 * AES, which runs on the AES-NI intrinsics, where BouncyCastle's {@code FPEFF1Engine} runs software
 * AES and {@code BigInteger} arithmetic.
 *
 * <p>Two paths compute the same function. When {@code radix^v} (the longer half) stays below
 * 2<sup>53</sup>, both halves are kept as {@code long} numbers for all ten rounds: no numeral
 * strings, no {@code BigInteger}. Otherwise the rounds follow the standard's text with
 * {@code BigInteger}. The CBC-MAC over {@code P || Q} is computed once for the blocks that do not
 * change between rounds (P and the tweak), so a round costs one AES block when {@code b < 16}.
 * Proven by the NIST samples, the Wycheproof {@code aes_ff1_base10_test.json} vectors and agreement
 * with BouncyCastle on random inputs (see the tests).
 *
 * <p>Rev. 1's minimum domain is enforced: {@code radix^n >= 1 000 000}. Thread-safe: each thread
 * gets its own cipher and buffers.
 */
public final class Ff1 {

    /** The smallest domain SP 800-38G Rev. 1 allows: {@code radix^n} must reach it. */
    public static final int MIN_DOMAIN = 1_000_000;
    /** The largest radix the standard allows. */
    public static final int MAX_RADIX = 1 << 16;
    /** The longest input accepted, in numerals (the standard allows more; nobody needs it here). */
    public static final int MAX_LENGTH = 4096;
    /** The longest tweak accepted, in bytes. */
    public static final int MAX_TWEAK = 256;

    private static final long FAST_LIMIT = 1L << 53;

    private final int radix;
    private final int keyBits;
    private final ThreadLocal<State> state;

    private Ff1(byte[] key, int radix) {
        this.radix = radix;
        SecretKeySpec aesKey = new SecretKeySpec(key, "AES");
        this.keyBits = key.length * 8;
        this.state = ThreadLocal.withInitial(() -> new State(aesKey));
    }

    /**
     * Creates an FF1 instance.
     *
     * @param key an AES key of 16, 24 or 32 bytes; copied
     * @param radix 2 to {@value #MAX_RADIX}
     * @return the instance
     * @throws InvalidInputException if the key length or the radix is not allowed
     */
    public static Ff1 create(byte[] key, int radix) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new InvalidInputException("key", "must be an AES key of 16, 24 or 32 bytes");
        }
        if (radix < 2 || radix > MAX_RADIX) {
            throw new InvalidInputException("radix", "must be between 2 and " + MAX_RADIX);
        }
        return new Ff1(key, radix);
    }

    /**
     * The radix of the numerals.
     *
     * @return the radix
     */
    public int radix() {
        return radix;
    }

    /**
     * The fewest numerals an input may have for this radix (Rev. 1's minimum domain).
     *
     * @return the minimum length
     */
    public int minLength() {
        return minLength(radix);
    }

    /**
     * The fewest numerals an input of a radix may have: the least {@code n} with
     * {@code radix^n >= 1 000 000}, and at least 2.
     *
     * @param radix the radix
     * @return the minimum length
     */
    public static int minLength(int radix) {
        int n = 0;
        long domain = 1;
        while (domain < MIN_DOMAIN) {
            domain *= radix;
            n++;
        }
        return Math.max(2, n);
    }

    /**
     * Encrypts numerals.
     *
     * @param numerals each from 0 to radix - 1, at least {@link #minLength()} of them; not changed
     * @param tweak the tweak, up to {@value #MAX_TWEAK} bytes, may be empty
     * @return the ciphertext numerals, as many as given
     * @throws InvalidInputException if the length, a numeral or the tweak is out of range
     */
    public int[] encrypt(int[] numerals, byte[] tweak) {
        return crypt(numerals, tweak, true);
    }

    /**
     * Decrypts numerals.
     *
     * @param numerals each from 0 to radix - 1, at least {@link #minLength()} of them; not changed
     * @param tweak the tweak the numerals were encrypted with
     * @return the plaintext numerals
     * @throws InvalidInputException if the length, a numeral or the tweak is out of range
     */
    public int[] decrypt(int[] numerals, byte[] tweak) {
        return crypt(numerals, tweak, false);
    }

    /**
     * Encrypts a number of {@code length} numerals given as its value ({@code NUM_radix}), the fast
     * path for short inputs such as phone numbers.
     *
     * @param value from 0 to {@code radix^length - 1}
     * @param length the number of numerals, at least {@link #minLength()}, with {@code radix^length}
     *     below 2<sup>62</sup>
     * @param tweak the tweak
     * @return the ciphertext's value, from 0 to {@code radix^length - 1}
     * @throws InvalidInputException if an argument is out of range
     */
    public long encrypt(long value, int length, byte[] tweak) {
        return cryptValue(value, length, tweak, true);
    }

    /**
     * Decrypts a number given as its value; the inverse of {@link #encrypt(long, int, byte[])}.
     *
     * @param value from 0 to {@code radix^length - 1}
     * @param length the number of numerals
     * @param tweak the tweak
     * @return the plaintext's value
     * @throws InvalidInputException if an argument is out of range
     */
    public long decrypt(long value, int length, byte[] tweak) {
        return cryptValue(value, length, tweak, false);
    }

    /**
     * Maps text over an alphabet to numerals: the i-th character of the alphabet stands for i.
     * Checks every character before mapping any.
     *
     * @param text the text
     * @param alphabet distinct characters, as many as the radix
     * @return the numerals
     * @throws InvalidInputException if the text holds a character outside the alphabet; the message
     *     does not repeat it
     */
    public static int[] numerals(String text, String alphabet) {
        if (text == null || alphabet == null) {
            throw new InvalidInputException("text", "must not be null");
        }
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            int index = alphabet.indexOf(text.charAt(i));
            if (index < 0) {
                throw new InvalidInputException("text", "holds a character outside the alphabet at position " + i);
            }
            out[i] = index;
        }
        return out;
    }

    /**
     * Maps numerals back to text over an alphabet.
     *
     * @param numerals the numerals, each an index into the alphabet
     * @param alphabet the alphabet
     * @return the text
     */
    public static String text(int[] numerals, String alphabet) {
        StringBuilder out = new StringBuilder(numerals.length);
        for (int x : numerals) {
            out.append(alphabet.charAt(x));
        }
        return out.toString();
    }

    private long cryptValue(long value, int length, byte[] tweak, boolean encrypt) {
        checkLength(length);
        checkTweak(tweak);
        long domain = power(radix, length);
        if (domain < 0 || domain > (1L << 62)) {
            throw new InvalidInputException("length", "is too long for a numeric value; give numerals instead");
        }
        if (value < 0 || value >= domain) {
            throw new InvalidInputException("value", "must be between 0 and radix^length - 1");
        }
        int u = length / 2;
        int v = length - u;
        long modV = power(radix, v);
        long[] halves = fast(value / modV, value % modV, u, v, tweak, encrypt);
        return halves[0] * modV + halves[1];
    }

    private int[] crypt(int[] numerals, byte[] tweak, boolean encrypt) {
        if (numerals == null) {
            throw new InvalidInputException("numerals", "must not be null");
        }
        int n = numerals.length;
        checkLength(n);
        checkTweak(tweak);
        for (int x : numerals) {
            if (x < 0 || x >= radix) {
                throw new InvalidInputException("numerals", "hold a numeral outside 0 to radix - 1");
            }
        }
        int u = n / 2;
        int v = n - u;
        long modV = power(radix, v);
        if (modV > 0 && modV <= FAST_LIMIT) {
            long[] halves = fast(num(numerals, 0, u), num(numerals, u, n), u, v, tweak, encrypt);
            int[] out = new int[n];
            str(halves[0], out, 0, u);
            str(halves[1], out, u, n);
            return out;
        }
        return slow(numerals, u, v, tweak, encrypt);
    }

    private void checkLength(int n) {
        if (n < minLength() || n > MAX_LENGTH) {
            throw new InvalidInputException("numerals", "must number between " + minLength() + " and " + MAX_LENGTH
                    + " for radix " + radix + " (FF1 needs radix^n >= " + MIN_DOMAIN + ")");
        }
    }

    private static void checkTweak(byte[] tweak) {
        if (tweak == null || tweak.length > MAX_TWEAK) {
            throw new InvalidInputException("tweak", "must be given (it may be empty) and at most " + MAX_TWEAK
                    + " bytes");
        }
    }

    /** The ten rounds on two machine-word halves; {@code radix^v <= 2^53}. */
    private long[] fast(long a, long b, int u, int v, byte[] tweak, boolean encrypt) {
        State s = state.get();
        int n = u + v;
        long modU = power(radix, u);
        long modV = power(radix, v);
        int bytes = Math.max(1, (64 - Long.numberOfLeadingZeros(modV - 1) + 7) / 8);
        int d = 4 * ((bytes + 3) / 4) + 4;
        byte[] q = s.prepare(radix, u, n, tweak, bytes);
        for (int round = 0; round < 10; round++) {
            int i = encrypt ? round : 9 - round;
            long m = (i & 1) == 0 ? modU : modV;
            long feed = encrypt ? b : a;
            q[q.length - bytes - 1] = (byte) i;
            for (int k = 0; k < bytes; k++) {
                q[q.length - 1 - k] = (byte) (feed >>> (8 * k));
            }
            byte[] r = s.macFrom(q, s.varFrom);
            long y = s.expandMod(r, d, m);
            if (encrypt) {
                long c = a + y;
                c = c >= m ? c - m : c;
                a = b;
                b = c;
            } else {
                long c = b - y;
                c = c < 0 ? c + m : c;
                b = a;
                a = c;
            }
        }
        return new long[] {a, b};
    }

    /** The ten rounds as the standard writes them, with BigInteger. */
    private int[] slow(int[] numerals, int u, int v, byte[] tweak, boolean encrypt) {
        State s = state.get();
        int n = u + v;
        int bytes = byteLength(v);
        int d = 4 * ((bytes + 3) / 4) + 4;
        BigInteger big = BigInteger.valueOf(radix);
        BigInteger modU = big.pow(u);
        BigInteger modV = big.pow(v);
        BigInteger a = bigNum(numerals, 0, u);
        BigInteger b = bigNum(numerals, u, n);
        byte[] q = s.prepare(radix, u, n, tweak, bytes);
        for (int round = 0; round < 10; round++) {
            int i = encrypt ? round : 9 - round;
            BigInteger m = (i & 1) == 0 ? modU : modV;
            BigInteger feed = encrypt ? b : a;
            q[q.length - bytes - 1] = (byte) i;
            byte[] feedBytes = feed.toByteArray();
            int copy = Math.min(feedBytes.length, bytes);
            Arrays.fill(q, q.length - bytes, q.length, (byte) 0);
            System.arraycopy(feedBytes, feedBytes.length - copy, q, q.length - copy, copy);
            byte[] r = s.macFrom(q, s.varFrom);
            BigInteger y = new BigInteger(1, s.expand(r, d));
            if (encrypt) {
                BigInteger c = a.add(y).mod(m);
                a = b;
                b = c;
            } else {
                BigInteger c = b.subtract(y).mod(m);
                b = a;
                a = c;
            }
        }
        int[] out = new int[n];
        bigStr(a, out, 0, u);
        bigStr(b, out, u, n);
        return out;
    }

    /** b = ceil(ceil(v * log2(radix)) / 8), computed exactly as the byte length of radix^v - 1. */
    private int byteLength(int v) {
        BigInteger max = BigInteger.valueOf(radix).pow(v).subtract(BigInteger.ONE);
        return Math.max(1, (max.bitLength() + 7) / 8);
    }

    private long num(int[] x, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * radix + x[i];
        }
        return value;
    }

    private void str(long value, int[] out, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            out[i] = (int) (value % radix);
            value /= radix;
        }
    }

    private BigInteger bigNum(int[] x, int from, int to) {
        BigInteger big = BigInteger.valueOf(radix);
        BigInteger value = BigInteger.ZERO;
        for (int i = from; i < to; i++) {
            value = value.multiply(big).add(BigInteger.valueOf(x[i]));
        }
        return value;
    }

    private void bigStr(BigInteger value, int[] out, int from, int to) {
        BigInteger big = BigInteger.valueOf(radix);
        for (int i = to - 1; i >= from; i--) {
            BigInteger[] qr = value.divideAndRemainder(big);
            out[i] = qr[1].intValue();
            value = qr[0];
        }
    }

    private static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            if (result > Long.MAX_VALUE / base) {
                return -1;
            }
            result *= base;
        }
        return result;
    }

    @Override
    public String toString() {
        return "Ff1[radix " + radix + ", AES-" + keyBits + "]";
    }

    /** One thread's cipher, Q buffer and the CBC-MAC state over the blocks that do not change. */
    private static final class State {

        private final Cipher aes;
        private final byte[] block = new byte[16];
        private final byte[] chain = new byte[16];
        private final byte[] constantChain = new byte[16];
        private final byte[] extra = new byte[16];
        private byte[] q = new byte[0];
        /** Where the blocks of Q that change between rounds begin. */
        int varFrom;
        private int lastRadix = -1;
        private int lastU = -1;
        private int lastN = -1;
        private int lastBytes = -1;
        private byte[] lastTweak;

        State(SecretKeySpec key) {
            aes = Jce.encrypting("AES/ECB/NoPadding", key);
        }

        /**
         * Lays out Q = T || 0^((-t-b-1) mod 16) || [i] || [NUM(B)]^b and MACs P and the whole blocks
         * of Q before the last {@code b + 1} bytes; reuses both when the parameters repeat.
         */
        byte[] prepare(int radix, int u, int n, byte[] tweak, int bytes) {
            if (radix == lastRadix && u == lastU && n == lastN && bytes == lastBytes
                    && Arrays.equals(tweak, lastTweak)) {
                return q;
            }
            int t = tweak.length;
            int pad = Math.floorMod(-t - bytes - 1, 16);
            q = new byte[t + pad + 1 + bytes];
            System.arraycopy(tweak, 0, q, 0, t);
            byte[] p = {1, 2, 1, (byte) (radix >>> 16), (byte) (radix >>> 8), (byte) radix, 10, (byte) u,
                (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n,
                (byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
            encryptBlock(p, 0, constantChain);
            varFrom = q.length - ((bytes + 1 + 15) / 16) * 16;
            for (int off = 0; off < varFrom; off += 16) {
                for (int k = 0; k < 16; k++) {
                    block[k] = (byte) (constantChain[k] ^ q[off + k]);
                }
                encryptBlock(block, 0, constantChain);
            }
            lastRadix = radix;
            lastU = u;
            lastN = n;
            lastBytes = bytes;
            lastTweak = tweak.clone();
            return q;
        }

        /** R: continues the CBC-MAC from the constant blocks over Q from {@code from}. */
        byte[] macFrom(byte[] q, int from) {
            System.arraycopy(constantChain, 0, chain, 0, 16);
            for (int off = from; off < q.length; off += 16) {
                for (int k = 0; k < 16; k++) {
                    block[k] = (byte) (chain[k] ^ q[off + k]);
                }
                encryptBlock(block, 0, chain);
            }
            return chain;
        }

        /** S: the first d bytes of R || CIPH(R xor [1]) || CIPH(R xor [2]) || ... */
        byte[] expand(byte[] r, int d) {
            byte[] s = new byte[d];
            System.arraycopy(r, 0, s, 0, Math.min(16, d));
            for (int j = 1; j * 16 < d; j++) {
                System.arraycopy(r, 0, block, 0, 16);
                block[12] ^= (byte) (j >>> 24);
                block[13] ^= (byte) (j >>> 16);
                block[14] ^= (byte) (j >>> 8);
                block[15] ^= (byte) j;
                encryptBlock(block, 0, extra);
                System.arraycopy(extra, 0, s, j * 16, Math.min(16, d - j * 16));
            }
            return s;
        }

        /** NUM(S) mod m for m <= 2^53, without BigInteger. */
        long expandMod(byte[] r, int d, long m) {
            if (d == 8) {
                return Long.remainderUnsigned(getLong(r, 0), m);
            }
            byte[] s = d <= 16 ? r : expand(r, d);
            long rem = 0;
            if (m <= 0xFFFF_FFFFL) {
                int off = 0;
                int head = d % 4;
                for (int k = 0; k < head; k++) {
                    rem = ((rem << 8) | (s[off++] & 0xFF)) % m;
                }
                for (; off < d; off += 4) {
                    long word = ((s[off] & 0xFFL) << 24) | ((s[off + 1] & 0xFF) << 16) | ((s[off + 2] & 0xFF) << 8)
                            | (s[off + 3] & 0xFF);
                    rem = Long.remainderUnsigned((rem << 32) | word, m);
                }
                return rem;
            }
            for (int off = 0; off < d; off++) {
                rem = ((rem << 8) | (s[off] & 0xFF)) % m;
            }
            return rem;
        }

        private static long getLong(byte[] b, int off) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (b[off + k] & 0xFF);
            }
            return v;
        }

        private void encryptBlock(byte[] in, int off, byte[] out) {
            try {
                aes.update(in, off, 16, out, 0);
            } catch (ShortBufferException e) {
                throw Jce.impossible("AES/ECB/NoPadding on one block", e);
            }
        }
    }
}
