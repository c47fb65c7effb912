package ro.clickphone.privacy.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Streaming encryption of large values (voicemail audio, fax documents) in constant memory:
 * segmented AES-256-GCM in the manner of Tink's streaming AEAD. Each stream gets its own key,
 * derived with HKDF-SHA256 from the subject's data key and a random salt; each segment (64 KiB of
 * plaintext) is sealed with a nonce made of a random prefix, the segment's index and a last-segment
 * flag, so that reordered, removed, duplicated or truncated segments fail. The format is in
 * {@code docs/FORMAT.md}.
 *
 * <pre>{@code
 * try (OutputStream out = streams.encrypt(subject, voicemail, Files.newOutputStream(file))) {
 *     audio.transferTo(out);
 * }
 * try (InputStream in = streams.decrypt(subject, voicemail, Files.newInputStream(file))) {
 *     in.transferTo(player);
 * }
 * }</pre>
 *
 * <p><b>Security guarantees:</b> as {@link FieldEncryptor}, per segment; plus: the plaintext read
 * back is a prefix of the original only if every segment up to there verified, and the end of the
 * stream is authenticated, so a truncated stream fails at its end. <b>Warning:</b> a decrypting
 * stream hands out each segment once it verified, before later segments are checked: a consumer must
 * treat what it read as untrusted until the stream ends without an exception.
 *
 * <p>Thread-safe; each stream it returns is for one thread.
 *
 * @since 0.1.0
 */
public final class StreamEncryptor {

    /** Plaintext bytes per segment. */
    public static final int SEGMENT_BYTES = 64 * 1024;
    static final byte ALG_SEGMENTED_GCM = 1;
    private static final int TAG_BYTES = 16;
    private static final int SALT_BYTES = 16;
    private static final int PREFIX_BYTES = 7;
    private static final byte[] DOMAIN = "clickphone-stream/v1".getBytes(StandardCharsets.US_ASCII);

    private final EnvelopeKeys keys;
    private final FieldContextGuard guard;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates a stream encryptor over per-subject keys that takes every well-formed context.
     *
     * @param keys the envelope keys
     * @throws InvalidInputException if {@code keys} is null
     */
    public StreamEncryptor(EnvelopeKeys keys) {
        this(keys, FieldContextGuard.none());
    }

    /**
     * Creates a stream encryptor over per-subject keys that asks a guard about every context it is
     * given, as a {@link FieldEncryptor#FieldEncryptor(EnvelopeKeys, FieldContextGuard) guarded field
     * encryptor} does: {@link FieldContextGuard#checkWrite} before each encrypting stream is opened,
     * {@link FieldContextGuard#checkRead} before each decrypting stream is. The kit's stream encryptor
     * ({@code kit.streams()}) has the guard of {@code kit.fields()}, so a context for a field the
     * policy lists as never stored (SMS content), or that no category with the context's key scope
     * declares, is refused whoever built it. The guard does not enter the ciphertext.
     *
     * @param keys the envelope keys
     * @param guard asked on every call; thread-safe
     * @throws InvalidInputException if an argument is null
     */
    public StreamEncryptor(EnvelopeKeys keys, FieldContextGuard guard) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (guard == null) {
            throw new InvalidInputException("guard", "must not be null");
        }
        this.keys = keys;
        this.guard = guard;
    }

    /**
     * A stream that encrypts what is written to it into {@code sink}. Closing it writes the last
     * segment and closes the sink; a stream not closed is not a valid ciphertext.
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param sink where the ciphertext goes
     * @return the encrypting stream
     * @throws InvalidInputException if an argument is null, or the context carries a field option
     *     streams do not apply (another algorithm, card numbers allowed)
     * @throws PolicyViolationException if this encryptor's guard refuses to write in the context
     * @throws KeyDestroyedException if the subject's key scope was shredded
     */
    public OutputStream encrypt(SubjectId subject, FieldContext context, OutputStream sink) {
        if (subject == null || context == null || sink == null) {
            throw new InvalidInputException("stream", "subject, context and sink must not be null");
        }
        refuseFieldOptions(context);
        guard.checkWrite(context);
        // one use of the data key, counted like a field encryption (RotationPolicy): the segments are sealed
        // under a key derived from it, with a random salt
        EnvelopeKeys.DataKey key = keys.currentEntry(keys.thread(), subject, context.scope()).key;
        byte[] salt = new byte[SALT_BYTES];
        byte[] prefix = new byte[PREFIX_BYTES];
        random.nextBytes(salt);
        random.nextBytes(prefix);
        byte[] header = header(context, key.version, salt, prefix);
        Encrypting stream = new Encrypting(sink, segmentKey(key, salt), prefix, aad(subject, context, header), header);
        keys.meters().of(context.scope()).streamEncrypted();
        return stream;
    }

    /**
     * A stream that decrypts {@code source}, segment by segment.
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param source the ciphertext
     * @return the decrypting stream; its reads throw {@link IntegrityException} (wrapped in an
     *     {@link IOException}) if a segment fails to verify
     * @throws InvalidInputException if an argument is null, or the context carries a field option
     *     streams do not apply (another algorithm, card numbers allowed)
     * @throws PolicyViolationException if this encryptor's guard refuses to read in the context
     * @throws IntegrityException if the header is malformed or names another key scope
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws KeyUnavailableException (from its first read) if the key-encryption key cannot be
     *     reached, or the provider no longer holds the KEK version the data key is wrapped under
     */
    public InputStream decrypt(SubjectId subject, FieldContext context, InputStream source) {
        if (subject == null || context == null || source == null) {
            throw new InvalidInputException("stream", "subject, context and source must not be null");
        }
        refuseFieldOptions(context);
        guard.checkRead(context);
        Decrypting stream = new Decrypting(source, subject, context);
        keys.meters().of(context.scope()).streamDecrypted();
        return stream;
    }

    /**
     * Streams are always segmented AES-256-GCM, never scan for card numbers and bind no record id: a
     * context that asks for any of these would be silently ignored, so it is refused.
     */
    private static void refuseFieldOptions(FieldContext context) {
        if (context.algorithm() != FieldAlgorithm.AES_256_GCM) {
            throw new InvalidInputException("fieldContext.algorithm", "is a field option; streams are always"
                    + " segmented AES-256-GCM");
        }
        if (context.cardNumbersAllowed()) {
            throw new InvalidInputException("fieldContext.cardNumbersAllowed", "is a field option; streams do not"
                    + " scan for card numbers");
        }
        if (context.recordId().isPresent()) {
            throw new InvalidInputException("fieldContext.recordId", "is a field option; streams are not bound to"
                    + " a record id");
        }
    }

    private static byte[] header(FieldContext context, int keyVersion, byte[] salt, byte[] prefix) {
        String scope = context.scope().name();
        byte[] h = new byte[CiphertextHeader.length(scope) + SALT_BYTES + PREFIX_BYTES];
        int v = CiphertextHeader.write(h, ALG_SEGMENTED_GCM, scope, keyVersion);
        System.arraycopy(salt, 0, h, v, SALT_BYTES);
        System.arraycopy(prefix, 0, h, v + SALT_BYTES, PREFIX_BYTES);
        return h;
    }

    private static SecretKeySpec segmentKey(EnvelopeKeys.DataKey key, byte[] salt) {
        byte[] raw = key.key.getEncoded();
        byte[] derived = Hkdf.derive(raw, salt, DOMAIN, 32);
        try {
            return new SecretKeySpec(derived, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(derived, (byte) 0);
        }
    }

    private static byte[] aad(SubjectId subject, FieldContext context, byte[] header) {
        byte[] s = subject.value().getBytes(StandardCharsets.UTF_8);
        byte[] e = context.entity().getBytes(StandardCharsets.US_ASCII);
        byte[] f = context.field().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[DOMAIN.length + 1 + 12 + s.length + e.length + f.length + header.length];
        int p = 0;
        System.arraycopy(DOMAIN, 0, out, p, DOMAIN.length);
        p += DOMAIN.length + 1;
        for (byte[] part : new byte[][] {s, e, f}) {
            out[p] = (byte) (part.length >>> 24);
            out[p + 1] = (byte) (part.length >>> 16);
            out[p + 2] = (byte) (part.length >>> 8);
            out[p + 3] = (byte) part.length;
            System.arraycopy(part, 0, out, p + 4, part.length);
            p += 4 + part.length;
        }
        System.arraycopy(header, 0, out, p, header.length);
        return out;
    }

    private static GCMParameterSpec nonce(byte[] prefix, int index, boolean last) {
        byte[] n = new byte[12];
        System.arraycopy(prefix, 0, n, 0, PREFIX_BYTES);
        n[7] = (byte) (index >>> 24);
        n[8] = (byte) (index >>> 16);
        n[9] = (byte) (index >>> 8);
        n[10] = (byte) index;
        n[11] = (byte) (last ? 1 : 0);
        return new GCMParameterSpec(TAG_BYTES * 8, n);
    }

    private static Cipher gcm() {
        return Jce.cipher("AES/GCM/NoPadding");
    }

    /** Buffers one segment; a full segment is sealed only once more plaintext shows it is not the last. */
    private static final class Encrypting extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] aad;
        private final Cipher cipher = gcm();
        private final byte[] buffer = new byte[SEGMENT_BYTES];
        private final byte[] sealed = new byte[SEGMENT_BYTES + TAG_BYTES];
        private int filled;
        private int index;
        private boolean closed;

        Encrypting(OutputStream sink, SecretKeySpec key, byte[] prefix, byte[] aad, byte[] header) {
            super(sink);
            this.key = key;
            this.prefix = prefix;
            this.aad = aad;
            try {
                sink.write(header);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("The encrypting stream is closed");
            }
            while (len > 0) {
                if (filled == SEGMENT_BYTES) {
                    seal(false);
                }
                int n = Math.min(len, SEGMENT_BYTES - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            if (index == Integer.MAX_VALUE) {
                throw new IOException("The stream is longer than the format allows");
            }
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, nonce(prefix, index, last));
                cipher.updateAAD(aad);
                int n = cipher.doFinal(buffer, 0, filled, sealed, 0);
                out.write(sealed, 0, n);
            } catch (GeneralSecurityException e) {
                throw new IOException("Segment encryption failed", e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
                Arrays.fill(buffer, (byte) 0);
            } finally {
                out.close();
            }
        }
    }

    /** Reads and verifies one segment at a time; a segment is the last if the source ends after it. */
    private final class Decrypting extends InputStream {
        private final InputStream source;
        private final SubjectId subject;
        private final FieldContext context;
        private final Cipher cipher = gcm();
        private final byte[] sealed = new byte[SEGMENT_BYTES + TAG_BYTES + 1];
        private byte[] plain = new byte[0];
        private int position;
        private int carried = -1;
        private int index;
        private boolean started;
        private boolean finished;
        private SecretKeySpec key;
        private byte[] prefix;
        private byte[] aad;

        Decrypting(InputStream source, SubjectId subject, FieldContext context) {
            this.source = source;
            this.subject = subject;
            this.context = context;
        }

        private void start() throws IOException {
            started = true;
            byte[] fixed = new byte[CiphertextHeader.FIXED_BYTES];
            readFully(fixed, 0, fixed.length);
            int scopeLength = fixed[2];
            if (scopeLength < 1 || scopeLength > CiphertextHeader.MAX_SCOPE_LENGTH) {
                throw new IOException(undecryptable());
            }
            byte[] header = Arrays.copyOf(fixed, fixed.length + scopeLength + 4 + SALT_BYTES + PREFIX_BYTES);
            readFully(header, fixed.length, header.length - fixed.length);
            CiphertextHeader.Parsed parsed;
            try {
                parsed = CiphertextHeader.parse(header, SALT_BYTES + PREFIX_BYTES, id -> id == ALG_SEGMENTED_GCM);
            } catch (InvalidInputException e) {
                throw new IOException(undecryptable());
            }
            if (!parsed.scope().equals(context.scope().name())) {
                throw new IOException(undecryptable());
            }
            int version = parsed.keyVersion();
            int v = parsed.length() - 4;
            EnvelopeKeys.DataKey dataKey;
            try {
                dataKey = keys.version(subject, context.scope(), version);
            } catch (EnvelopeKeys.NoSuchVersion e) {
                // No such key version for this subject: the stream is not this subject's. Any other
                // unavailable key (a retired or unknown KEK version) surfaces as it is.
                throw new IOException(undecryptable());
            }
            key = segmentKey(dataKey, Arrays.copyOfRange(header, v + 4, v + 4 + SALT_BYTES));
            prefix = Arrays.copyOfRange(header, v + 4 + SALT_BYTES, header.length);
            aad = aad(subject, context, header);
        }

        private void readFully(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = source.read(b, off, len);
                if (n < 0) {
                    throw new IOException(undecryptable());
                }
                off += n;
                len -= n;
            }
        }

        /**
         * Reads one sealed segment plus one byte of look-ahead, which tells whether it is the last,
         * and verifies it; returns false at the end of the stream.
         */
        private boolean nextSegment() throws IOException {
            if (finished) {
                return false;
            }
            int have = 0;
            if (carried >= 0) {
                sealed[0] = (byte) carried;
                have = 1;
                carried = -1;
            }
            int want = SEGMENT_BYTES + TAG_BYTES + 1;
            while (have < want) {
                int n = source.read(sealed, have, want - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
            boolean last = have < want;
            int length = last ? have : have - 1;
            if (!last) {
                carried = sealed[want - 1] & 0xff;
            }
            if (length < TAG_BYTES) {
                throw new IOException(undecryptable());
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, nonce(prefix, index, last));
                cipher.updateAAD(aad);
                plain = cipher.doFinal(sealed, 0, length);
            } catch (GeneralSecurityException e) {
                throw new IOException(undecryptable());
            }
            position = 0;
            index++;
            finished = last;
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!started) {
                start();
            }
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (!nextSegment()) {
                    return -1;
                }
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(plain, (byte) 0);
            source.close();
        }
    }

    private static IntegrityException undecryptable() {
        return new IntegrityException("The stream could not be decrypted for this subject and field");
    }

    @Override
    public String toString() {
        return "StreamEncryptor[segmented AES-256-GCM, " + SEGMENT_BYTES + "-byte segments]";
    }
}
