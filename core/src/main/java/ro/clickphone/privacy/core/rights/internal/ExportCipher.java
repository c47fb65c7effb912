package ro.clickphone.privacy.core.rights.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The encrypted export format ({@code docs/EXPORT-FORMAT.md}, "Encrypted delivery"), with JCE
 * primitives only: a 42-byte header, then AES-256-GCM ciphertext with its 16-byte tag; the key is
 * PBKDF2-HMAC-SHA256 of the canonical passphrase ({@link #canonical}: Crockford base-32, upper case,
 * without hyphens; UTF-8) with the header's salt and iteration count; the whole header is the
 * associated data, so no byte of the file can change unnoticed. A known-answer vector computed
 * outside Java ({@code export-encrypted-v1.kat.json} in core's test resources) freezes the bytes.
 *
 * <pre>
 * offset size
 *  0      8   magic "CPEXPORT" (ASCII)
 *  8      1   format version, 1
 *  9      1   key derivation, 1 = PBKDF2-HMAC-SHA256
 * 10      4   iterations, unsigned big-endian
 * 14     16   salt
 * 30     12   GCM nonce
 * 42      n   AES-256-GCM ciphertext, then its 16-byte tag
 * </pre>
 */
public final class ExportCipher {

    /** The file's first bytes. */
    static final byte[] MAGIC = "CPEXPORT".getBytes(StandardCharsets.US_ASCII);
    /** The format version this class writes and reads. */
    static final byte VERSION = 1;
    /** The key derivation: PBKDF2-HMAC-SHA256. */
    static final byte KDF_PBKDF2_SHA256 = 1;
    /** The iterations written (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int ITERATIONS = 600_000;
    /** The most iterations a file may ask for: a crafted header must not keep the reader busy for hours. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** The one message of every failure to open a file: the API is no oracle of what went wrong. */
    static final String CANNOT_OPEN = "the encrypted export cannot be opened: it is not an export of a known format,"
            + " it was altered or truncated, or the passphrase is wrong";
    /** The header's length. */
    public static final int HEADER_BYTES = 42;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int PASSPHRASE_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExportCipher() {
    }

    /**
     * A fresh passphrase: 32 characters of Crockford's base-32 (160 bits), in eight groups of four
     * joined by hyphens.
     *
     * @return the passphrase; the caller wipes it
     */
    public static char[] newPassphrase() {
        char[] out = new char[PASSPHRASE_CHARS + PASSPHRASE_CHARS / 4 - 1];
        int at = 0;
        for (int i = 0; i < PASSPHRASE_CHARS; i++) {
            if (i > 0 && i % 4 == 0) {
                out[at++] = '-';
            }
            out[at++] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return out;
    }

    /**
     * A stream that encrypts what is written to it into {@code sink}, starting with the header.
     * {@link Encrypting#finish()} writes the tag; the sink is never closed by it.
     *
     * @param sink where the file goes
     * @param passphrase the passphrase; not kept
     * @return the encrypting stream
     * @throws IOException if the header cannot be written
     */
    public static Encrypting encrypting(OutputStream sink, char[] passphrase) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        return encrypting(sink, passphrase, ITERATIONS, salt, nonce);
    }

    /**
     * As {@link #encrypting(OutputStream, char[])} with given parameters: for known-answer tests only
     * (a salt or nonce used twice under one passphrase breaks GCM).
     *
     * @param sink where the file goes
     * @param passphrase the passphrase; not kept
     * @param iterations the PBKDF2 iterations
     * @param salt 16 bytes
     * @param nonce 12 bytes
     * @return the encrypting stream
     * @throws IOException if the header cannot be written
     */
    static Encrypting encrypting(OutputStream sink, char[] passphrase, int iterations, byte[] salt, byte[] nonce)
            throws IOException {
        byte[] header = header(iterations, salt, nonce);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, passphrase, iterations, salt, nonce, header);
        sink.write(header);
        return new Encrypting(sink, cipher);
    }

    /**
     * The passphrase as the key derivation reads it: Crockford's base-32 canonical form, so that what
     * a subject types opens the file however it is written — upper or lower case, with or without the
     * hyphens or spaces between groups, {@code O} for {@code 0}, {@code I} or {@code L} for {@code 1}.
     * Other characters are kept (upper-cased), so a passphrase that is not base-32 simply does not open.
     *
     * @param passphrase the passphrase as handed off or typed
     * @return a new array, the caller wipes it
     */
    public static char[] canonical(char[] passphrase) {
        char[] out = new char[passphrase.length];
        int n = 0;
        for (char c : passphrase) {
            if (c == '-' || c == ' ' || c == '\t') {
                continue;
            }
            char u = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (u == 'O') {
                u = '0';
            } else if (u == 'I' || u == 'L') {
                u = '1';
            }
            out[n++] = u;
        }
        char[] exact = Arrays.copyOf(out, n);
        Arrays.fill(out, '\0');
        return exact;
    }

    /**
     * Opens an encrypted export: see {@code ExportDelivery.decrypt}.
     *
     * @param encrypted the file's bytes
     * @param passphrase the passphrase
     * @return the document
     * @throws IOException if reading fails
     */
    public static InputStream decrypt(InputStream encrypted, char[] passphrase) throws IOException {
        if (encrypted == null || passphrase == null) {
            throw new InvalidInputException("decrypt", "the file and the passphrase must not be null");
        }
        byte[] header = encrypted.readNBytes(HEADER_BYTES);
        // one message whatever went wrong (STYLE: no oracle); the detail stays in a cause that is not
        // part of the API's contract, for a debugger only
        if (header.length < HEADER_BYTES || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw cannotOpen("no header");
        }
        if (header[8] != VERSION || header[9] != KDF_PBKDF2_SHA256) {
            throw cannotOpen("version or key derivation");
        }
        long iterations = Integer.toUnsignedLong(ByteBuffer.wrap(header, 10, 4).getInt());
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw cannotOpen("iterations out of range");
        }
        byte[] salt = Arrays.copyOfRange(header, 14, 14 + SALT_BYTES);
        byte[] nonce = Arrays.copyOfRange(header, 30, 30 + NONCE_BYTES);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, passphrase, (int) iterations, salt, nonce, header);
        byte[] body = encrypted.readAllBytes();
        try {
            return new ByteArrayInputStream(cipher.doFinal(body));
        } catch (AEADBadTagException e) {
            throw cannotOpen("tag");
        } catch (GeneralSecurityException e) {
            throw cannotOpen(e.getClass().getSimpleName());
        }
    }

    private static IntegrityException cannotOpen(String detail) {
        return new IntegrityException(CANNOT_OPEN, new Detail(detail));
    }

    /** Where opening failed, for a debugger; not part of the API, never shown to the caller as the message. */
    static final class Detail extends Exception {
        private static final long serialVersionUID = 1L;

        Detail(String detail) {
            super(detail, null, false, false);
        }
    }

    private static byte[] header(int iterations, byte[] salt, byte[] nonce) {
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).put(VERSION).put(KDF_PBKDF2_SHA256).putInt(iterations)
                .put(salt).put(nonce).array();
    }

    private static Cipher cipher(int mode, char[] passphrase, int iterations, byte[] salt, byte[] nonce,
            byte[] header) {
        char[] canonical = canonical(passphrase);
        PBEKeySpec spec = new PBEKeySpec(canonical, salt, iterations, 256);
        Arrays.fill(canonical, '\0');
        byte[] key = null;
        try {
            key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCE lacks PBKDF2WithHmacSHA256 or AES/GCM", e);
        } finally {
            // our copies only: the JCE's SecretKey and SecretKeySpec keep copies we cannot reach, and the
            // cipher holds the key until it is garbage; this narrows the window, it does not close it
            spec.clearPassword();
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** A stream that encrypts into a sink; {@link #finish()} ends the ciphertext with its tag. */
    public static final class Encrypting extends OutputStream {

        private final OutputStream sink;
        private final Cipher cipher;
        private boolean finished;

        private Encrypting(OutputStream sink, Cipher cipher) {
            this.sink = sink;
            this.cipher = cipher;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the encrypted export is finished");
            }
            byte[] out = cipher.update(b, off, len);
            if (out != null && out.length > 0) {
                sink.write(out);
            }
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        /**
         * Writes the last ciphertext bytes and the tag. Idempotent.
         *
         * @throws IOException if writing fails
         */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try {
                sink.write(cipher.doFinal());
            } catch (GeneralSecurityException e) {
                throw new IOException("the export cannot be encrypted", e);
            }
            sink.flush();
        }

        /** Does not close the sink: the owner of the file does. */
        @Override
        public void close() {
            finished = true;
        }
    }
}
