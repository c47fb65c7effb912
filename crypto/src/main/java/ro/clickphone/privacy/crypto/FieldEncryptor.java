package ro.clickphone.privacy.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.crypto.internal.Base64Url;
import ro.clickphone.privacy.crypto.internal.CardNumbers;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.crypto.internal.ReservedFields;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Field-level encryption with per-subject keys: AES-256-GCM through the JCE, a random 96-bit nonce
 * per value, a 128-bit tag, and the subject, entity, field and ciphertext header as associated data.
 * The ciphertext format is versioned and self-describing (format, algorithm, key scope, key version,
 * nonce) and documented byte by byte in {@code docs/FORMAT.md}.
 *
 * <pre>{@code
 * FieldContext email = FieldContext.of("account", "notification_email", KeyScope.of("profile"));
 * String stored = fields.encrypt(subject, email, "ana@example.ro");   // "cpf." + Base64url
 * String back = fields.decrypt(subject, email, stored);
 * }</pre>
 *
 * <p><b>Security guarantees:</b> confidentiality and integrity of each value under its subject's
 * key; a value moved to another subject, entity or field fails to decrypt, and with
 * {@link FieldContext#withRecordId(String)} also one moved to another row of the same subject;
 * after the subject's key scope is shredded, every value under it fails with
 * {@link KeyDestroyedException}. Decryption failures carry one message whatever went wrong
 * (an edited header byte included), so the API is no oracle.
 *
 * <p><b>Warning:</b> random 96-bit nonces: at most 2<sup>32</sup> values may be encrypted under one
 * data key, i.e. one (subject, key scope, key version) (NIST SP 800-38D, §8.3). The key manager counts
 * every encryption and moves new values to a new key version when the scope's {@link RotationPolicy}
 * says so (by default at 2<sup>32</sup> values or 365 days; see {@link EnvelopeKeys}); with
 * {@link RotationPolicy#none()} nothing is counted and the bound is the caller's to keep. An encryption
 * may then throw the subject key store's {@link ro.clickphone.privacy.spi.StoreException} when the
 * store cannot be reached to reserve more uses. Equal
 * plaintexts give unequal ciphertexts, so an encrypted field cannot be searched; use a blind index
 * for that.
 *
 * <p>An encryptor made with a {@link FieldContextGuard} asks it about every context, at every call;
 * the kit's ({@code kit.fields()}) refuses what its policy in force does not let be stored.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FieldEncryptor {

    /** The prefix of the string form of a ciphertext. */
    public static final String PREFIX = "cpf.";
    /** The format version this encryptor writes. */
    static final int NONCE_BYTES = 12;
    /** The largest plaintext accepted, in bytes. Larger values go through streaming encryption. */
    public static final int MAX_PLAINTEXT_BYTES = 64 * 1024;
    /** The largest binary ciphertext of a field. */
    private static final int MAX_CIPHERTEXT_BYTES = MAX_PLAINTEXT_BYTES + 128;

    static {
        ReservedFields.install(new ReservedFields.Door() {
            @Override
            public byte[] encrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] plaintext) {
                return fields.encryptAny(subject, context, plaintext);
            }

            @Override
            public byte[] decrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] ciphertext) {
                return fields.decryptAny(subject, context, ciphertext);
            }

            @Override
            public byte[] lookup(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] value) {
                return fields.lookup(subject, context, value);
            }
        });
    }

    private final EnvelopeKeys keys;
    private final FieldContextGuard guard;

    /**
     * Creates an encryptor over per-subject keys that takes every well-formed context. A context
     * {@linkplain FieldContext#withCardNumbersAllowed() declared for card numbers} may hold them.
     *
     * @param keys the envelope keys
     * @throws InvalidInputException if {@code keys} is null
     */
    public FieldEncryptor(EnvelopeKeys keys) {
        this(keys, FieldContextGuard.none());
    }

    /**
     * Creates an encryptor over per-subject keys that asks a guard about every context it is given:
     * {@link FieldContextGuard#checkWrite} before each encryption and re-encryption,
     * {@link FieldContextGuard#checkRead} before each decryption. The kit's encryptor
     * ({@code kit.fields()}) has a guard that asks the policy in force: a context, however it was
     * built, whose field the policy lists as never stored or no category with the context's key
     * scope declares, or that is declared for card numbers while the policy lists card data as
     * never stored, is refused. The guard does not enter the ciphertext: a value written with a
     * guard decrypts without one, and back.
     *
     * @param keys the envelope keys
     * @param guard asked on every call; thread-safe
     * @throws InvalidInputException if an argument is null
     */
    public FieldEncryptor(EnvelopeKeys keys, FieldContextGuard guard) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (guard == null) {
            throw new InvalidInputException("guard", "must not be null; FieldContextGuard.none() takes every context");
        }
        this.keys = keys;
        this.guard = guard;
    }

    static IntegrityException undecryptable() {
        return new IntegrityException("The value could not be decrypted for this subject and field");
    }

    // --- encrypt ---------------------------------------------------------------------------------

    /**
     * Encrypts bytes.
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param plaintext the value, at most {@value #MAX_PLAINTEXT_BYTES} bytes
     * @return the ciphertext in binary form
     * @throws InvalidInputException if an argument is null or the value is too large
     * @throws PolicyViolationException if the value is a payment card number and the field is not
     *     declared for one, or this encryptor's guard refuses writing in the context (the kit's: the
     *     policy in force lists the field as never stored, no category with the context's key scope
     *     declares it, or it is declared for card numbers while card data is never stored)
     * @throws KeyDestroyedException if the subject's key scope was shredded
     */
    public byte[] encrypt(SubjectId subject, FieldContext context, byte[] plaintext) {
        refuseReserved(context);
        if (context != null) {
            guard.checkWrite(context);
        }
        return encryptAny(subject, context, plaintext);
    }

    /** {@link #encrypt(SubjectId, FieldContext, byte[])} for any entity, reserved ones included. */
    private byte[] encryptAny(SubjectId subject, FieldContext context, byte[] plaintext) {
        checkPlaintext(subject, context, plaintext);
        return sealNew(subject, context, plaintext);
    }

    /** The checks every encryption makes of its arguments and value. */
    private static void checkPlaintext(SubjectId subject, FieldContext context, byte[] plaintext) {
        check(subject, context);
        if (plaintext == null) {
            throw new InvalidInputException("plaintext", "must not be null");
        }
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new InvalidInputException("plaintext", "must be at most " + MAX_PLAINTEXT_BYTES
                    + " bytes; use streaming encryption for larger values");
        }
        if (!context.cardNumbersAllowed() && CardNumbers.looksLikeCardNumber(plaintext)) {
            throw new PolicyViolationException("Field " + context.entity() + "." + context.field()
                    + " is not declared for payment card numbers: card data never reaches ClickPhone (PayU handles it)");
        }
    }

    /**
     * Encrypts under the subject's current key with a fresh nonce. The key and its cipher come from
     * the thread's table ({@link EnvelopeKeys#thread()}), which the key manager empties when a shred,
     * retirement or rotation returns and whose entries it drops after the staleness bound.
     */
    private byte[] sealNew(SubjectId subject, FieldContext context, byte[] plaintext) {
        ThreadKeys t = keys.thread();
        ThreadKeys.Entry entry = keys.currentEntry(t, subject, context.scope());
        byte[] out = new byte[sealedLength(context, plaintext.length)];
        sealWith(t, entry, subject, context, plaintext, out, null);
        keys.meters().of(context.scope()).fieldEncrypted();
        return out;
    }

    private static int sealedLength(FieldContext context, int plaintextLength) {
        return CiphertextHeader.length(context.scope().name()) + NONCE_BYTES + plaintextLength + AesGcm.TAG_BYTES;
    }

    /**
     * Encrypts with a given key and nonce (the golden-vector tests call this), through a table of
     * its own that keeps nothing.
     */
    static byte[] seal(SubjectId subject, FieldContext context, EnvelopeKeys.DataKey key, byte[] nonce,
            byte[] plaintext) {
        ThreadKeys t = new ThreadKeys(0, null, () -> {
            throw new IllegalStateException("a given nonce is used");
        }, 0);
        ThreadKeys.Entry entry = t.put(subject, context.scope(), ThreadKeys.CURRENT, key);
        byte[] out = new byte[sealedLength(context, plaintext.length)];
        sealWith(t, entry, subject, context, plaintext, out, nonce);
        return out;
    }

    /**
     * Writes header, nonce and sealed value at the start of {@code out} (at least
     * {@link #sealedLength} long): the associated data is built in the thread's buffer, the nonce
     * is the given one or, if null, the thread's next, so that an encryption allocates little
     * beyond its output.
     */
    private static void sealWith(ThreadKeys t, ThreadKeys.Entry entry, SubjectId subject, FieldContext context,
            byte[] plaintext, byte[] out, byte[] nonce) {
        byte format = format(context);
        int headerLength = CiphertextHeader.write(out, format, context.algorithm().id(), context.scope().name(),
                entry.key.version);
        if (nonce == null) {
            t.nonce(out, headerLength);
        } else {
            System.arraycopy(nonce, 0, out, headerLength, NONCE_BYTES);
        }
        int aadLength = t.aad(subject, entry, context, out, headerLength, format);
        if (context.algorithm() == FieldAlgorithm.AES_256_GCM) {
            AesGcm.sealInto(t.cipher(entry), entry.key.key, out, headerLength, t.aad, aadLength, plaintext, out,
                    headerLength + NONCE_BYTES);
        } else {
            byte[] raw = entry.key.key.getEncoded();
            try {
                byte[] sealed = AesGcmSiv.seal(raw, Arrays.copyOfRange(out, headerLength, headerLength + NONCE_BYTES),
                        Arrays.copyOf(t.aad, aadLength), plaintext);
                System.arraycopy(sealed, 0, out, headerLength + NONCE_BYTES, sealed.length);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** The format a context writes: version 2 binds a record id, version 1 does not. */
    private static byte format(FieldContext context) {
        return context.recordId().isPresent() ? CiphertextHeader.FORMAT_V2 : CiphertextHeader.FORMAT_V1;
    }

    /**
     * Encrypts text (UTF-8).
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param plaintext the value
     * @return {@value #PREFIX} followed by the binary form in unpadded Base64url
     * @throws InvalidInputException if an argument is null or the value is too large
     * @throws PolicyViolationException if the value is a payment card number and the field is not
     *     declared for one, or this encryptor's guard refuses writing in the context
     * @throws KeyDestroyedException if the subject's key scope was shredded
     */
    public String encrypt(SubjectId subject, FieldContext context, String plaintext) {
        if (plaintext == null) {
            throw new InvalidInputException("plaintext", "must not be null");
        }
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        refuseReserved(context);
        if (context != null) {
            guard.checkWrite(context);
        }
        checkPlaintext(subject, context, bytes);
        ThreadKeys t = keys.thread();
        ThreadKeys.Entry entry = keys.currentEntry(t, subject, context.scope());
        int length = sealedLength(context, bytes.length);
        byte[] binary = t.binary(length);
        try {
            sealWith(t, entry, subject, context, bytes, binary, null);
            String text = text(t, binary, length);
            keys.meters().of(context.scope()).fieldEncrypted();
            return text;
        } finally {
            t.giveBackBinary(binary);
        }
    }

    /** {@value #PREFIX} and the unpadded Base64url of {@code binary[0, length)}, built in the thread's buffer. */
    private static String text(ThreadKeys t, byte[] binary, int length) {
        int chars = PREFIX.length() + Base64Url.encodedLength(length);
        byte[] text = t.text(chars);
        try {
            text[0] = 'c';
            text[1] = 'p';
            text[2] = 'f';
            text[3] = '.';
            Base64Url.encode(binary, 0, length, text, PREFIX.length());
            return new String(text, 0, chars, StandardCharsets.ISO_8859_1);
        } finally {
            t.giveBackText(text);
        }
    }

    // --- decrypt ---------------------------------------------------------------------------------

    /**
     * Decrypts the binary form.
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param ciphertext the binary form
     * @return the plaintext
     * @throws InvalidInputException if an argument is null, or the ciphertext is empty or larger
     *     than any field ciphertext
     * @throws IntegrityException if it does not decrypt under this subject and context, whatever the
     *     reason (an edited or unknown header byte, a truncation, another subject, record or field):
     *     always the same message
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws KeyUnavailableException if the key-encryption key cannot be reached (retryable), or the
     *     provider no longer holds the KEK version the data key is wrapped under (not retryable)
     * @throws PolicyViolationException if this encryptor's guard refuses reading in the context (the
     *     kit's: no policy version in force up to now allowed writing in it, e.g. a field never
     *     stored; a field an earlier version allowed stays readable after it became never stored)
     */
    public byte[] decrypt(SubjectId subject, FieldContext context, byte[] ciphertext) {
        refuseReserved(context);
        if (context != null) {
            guard.checkRead(context);
        }
        return decryptAny(subject, context, ciphertext);
    }

    /**
     * {@link #decrypt(SubjectId, FieldContext, byte[])} for any entity, reserved ones included,
     * counted: a value that fails to decrypt (integrity, a destroyed or unavailable key) as a failure.
     */
    private byte[] decryptAny(SubjectId subject, FieldContext context, byte[] ciphertext) {
        check(subject, context);
        try {
            byte[] plain = openAny(subject, context, ciphertext);
            keys.meters().of(context.scope()).fieldDecrypted();
            return plain;
        } catch (IntegrityException | KeyUnavailableException e) {
            keys.meters().of(context.scope()).fieldDecryptionFailed();
            throw e;
        }
    }

    private byte[] openAny(SubjectId subject, FieldContext context, byte[] ciphertext) {
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        checkCiphertextLength(ciphertext.length);
        ThreadKeys t = keys.thread();
        long header = parseHeader(context, ciphertext, ciphertext.length);
        ThreadKeys.Entry entry = keyOf(t, subject, context, header);
        int headerLength = headerLength(header);
        int aadLength = t.aad(subject, entry, context, ciphertext, headerLength, format(header));
        int offset = headerLength + NONCE_BYTES;
        if (algorithm(header) == FieldAlgorithm.AES_256_GCM.id()) {
            byte[] out = new byte[ciphertext.length - offset - AesGcm.TAG_BYTES];
            try {
                AesGcm.openInto(t.cipher(entry), entry.key.key, ciphertext, headerLength, t.aad, aadLength,
                        ciphertext, offset, ciphertext.length - offset, out, 0);
            } catch (RuntimeException e) {
                // A provider may write the plaintext before it checks the tag (BouncyCastle does).
                Arrays.fill(out, (byte) 0);
                throw e;
            }
            return out;
        }
        return openSiv(t, entry, ciphertext, ciphertext.length, headerLength, aadLength);
    }

    private static void checkCiphertextLength(int length) {
        if (length == 0) {
            throw new InvalidInputException("ciphertext", "is empty");
        }
        if (length > MAX_CIPHERTEXT_BYTES) {
            throw new InvalidInputException("ciphertext", "is larger than any field ciphertext");
        }
    }

    private static byte[] openSiv(ThreadKeys t, ThreadKeys.Entry entry, byte[] c, int length, int headerLength,
            int aadLength) {
        int offset = headerLength + NONCE_BYTES;
        byte[] raw = entry.key.key.getEncoded();
        try {
            return AesGcmSiv.open(raw, Arrays.copyOfRange(c, headerLength, offset), Arrays.copyOf(t.aad, aadLength), c,
                    offset, length - offset);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The key a parsed header names, for the subject, from the thread's table or the key manager. No
     * such version for the subject is the same answer as any other mismatch, so that probing reveals
     * nothing; a shredded key surfaces as it is, and so does any other unavailable key (a retired
     * or unknown KEK version), which is an operations fault.
     */
    private ThreadKeys.Entry keyOf(ThreadKeys t, SubjectId subject, FieldContext context, long header) {
        try {
            return keys.versionEntry(t, subject, context.scope(), version(header));
        } catch (KeyDestroyedException e) {
            throw e;
        } catch (EnvelopeKeys.NoSuchVersion e) {
            throw undecryptable();
        }
    }

    /**
     * Parses the header of {@code c[0, length)} against the context without allocating (the scope
     * is compared byte by byte): the format version, algorithm, scope length and key version
     * (docs/FORMAT.md); a header that is malformed, names another scope, or binds a record id the
     * context has not, is the same answer as any other mismatch, so that no header byte is an oracle.
     *
     * @return the key version, algorithm id, format version and header length, packed
     */
    private static long parseHeader(FieldContext context, byte[] c, int length) {
        if (length < CiphertextHeader.FIXED_BYTES) {
            throw undecryptable();
        }
        byte format = c[0];
        if (format != CiphertextHeader.FORMAT_V1 && (format != CiphertextHeader.FORMAT_V2
                || context.recordId().isEmpty())) {
            throw undecryptable();
        }
        byte algorithm = c[1];
        if (algorithm != FieldAlgorithm.AES_256_GCM.id() && algorithm != FieldAlgorithm.AES_256_GCM_SIV.id()) {
            throw undecryptable();
        }
        int scopeLength = c[2];
        String scope = context.scope().name();
        int headerLength = CiphertextHeader.FIXED_BYTES + scopeLength + 4;
        if (scopeLength != scope.length() || length < headerLength + NONCE_BYTES + AesGcm.TAG_BYTES) {
            throw undecryptable();
        }
        int differ = 0;
        for (int i = 0; i < scopeLength; i++) {
            differ |= c[CiphertextHeader.FIXED_BYTES + i] ^ (byte) scope.charAt(i);
        }
        int v = CiphertextHeader.FIXED_BYTES + scopeLength;
        int version = (c[v] & 0xff) << 24 | (c[v + 1] & 0xff) << 16 | (c[v + 2] & 0xff) << 8 | c[v + 3] & 0xff;
        if (differ != 0 || version < 1) {
            throw undecryptable();
        }
        return (long) version << 32 | (algorithm & 0xffL) << 16 | (format & 0xffL) << 8 | headerLength;
    }

    private static int version(long header) {
        return (int) (header >>> 32);
    }

    private static byte algorithm(long header) {
        return (byte) (header >>> 16);
    }

    private static byte format(long header) {
        return (byte) (header >>> 8);
    }

    private static int headerLength(long header) {
        return (int) (header & 0xff);
    }

    /**
     * Decrypts the string form.
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param ciphertext {@value #PREFIX} and canonical unpadded Base64url (no padding, no whitespace,
     *     zero bits after the last byte)
     * @return the plaintext
     * @throws InvalidInputException if an argument is null, or the text has no {@value #PREFIX}
     *     prefix, is not canonical unpadded Base64url, or is too large
     * @throws IntegrityException if it does not decrypt under this subject and context
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws KeyUnavailableException if the key-encryption key cannot be reached (retryable)
     * @throws PolicyViolationException if this encryptor's guard refuses reading in the context
     */
    public String decrypt(SubjectId subject, FieldContext context, String ciphertext) {
        checkText(ciphertext);
        ThreadKeys t = keys.thread();
        byte[] binary = t.binary(Math.max(0, Base64Url.decodedLength(ciphertext.length() - PREFIX.length())));
        try {
            String plain = decryptText(t, subject, context, ciphertext, binary);
            keys.meters().of(context.scope()).fieldDecrypted();
            return plain;
        } catch (IntegrityException | KeyUnavailableException e) {
            // Thrown after the context was checked (decryptText checks it before any key is read).
            if (context != null) {
                keys.meters().of(context.scope()).fieldDecryptionFailed();
            }
            throw e;
        } finally {
            t.giveBackBinary(binary);
        }
    }

    /**
     * {@link #decrypt(SubjectId, FieldContext, String)} with the text decoded into {@code binary},
     * which is this call's alone (lent by the thread's table), whatever the guard, key store or KEK
     * provider do on this thread meanwhile.
     */
    private String decryptText(ThreadKeys t, SubjectId subject, FieldContext context, String ciphertext,
            byte[] binary) {
        int length = Base64Url.decodeStrict(ciphertext, PREFIX.length(), binary);
        if (length < 0) {
            throw notCanonical();
        }
        refuseReserved(context);
        if (context != null) {
            guard.checkRead(context);
        }
        check(subject, context);
        checkCiphertextLength(length);
        long header = parseHeader(context, binary, length);
        // The epoch is read again after the guard, right before the table: a shred that returned
        // while the guard ran empties the table here, so the look-up goes to the key manager.
        keys.thread();
        ThreadKeys.Entry entry = keyOf(t, subject, context, header);
        int headerLength = headerLength(header);
        int aadLength = t.aad(subject, entry, context, binary, headerLength, format(header));
        int offset = headerLength + NONCE_BYTES;
        if (algorithm(header) == FieldAlgorithm.AES_256_GCM.id()) {
            int capacity = length - offset - AesGcm.TAG_BYTES;
            byte[] plain = t.plain(capacity);
            try {
                int n = AesGcm.openInto(t.cipher(entry), entry.key.key, binary, headerLength, t.aad, aadLength,
                        binary, offset, length - offset, plain, 0);
                return new String(plain, 0, n, StandardCharsets.UTF_8);
            } finally {
                // Also after a failed tag check: a provider may write the plaintext before it checks
                // the tag (BouncyCastle does).
                Arrays.fill(plain, 0, Math.max(0, capacity), (byte) 0);
                t.giveBackPlain(plain);
            }
        }
        byte[] plain = openSiv(t, entry, binary, length, headerLength, aadLength);
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Re-encrypts a value under the subject's current key version (after {@link EnvelopeKeys#rotate}).
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param ciphertext the string form under any version
     * @return the string form under the current key version and in the format the context writes
     *     (bound to its record id, if it has one); the same text if it already is
     * @throws InvalidInputException if the ciphertext is malformed
     * @throws IntegrityException if it does not decrypt under this subject and context
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws PolicyViolationException if this encryptor's guard refuses writing in the context: a
     *     value that may no longer be stored is erased, not renewed under a new key
     */
    public String reencrypt(SubjectId subject, FieldContext context, String ciphertext) {
        check(subject, context);
        refuseReserved(context);
        guard.checkWrite(context);
        byte[] binary = binary(ciphertext);
        Header h = Header.parse(binary);
        if (h.keyVersion == keys.current(subject, context.scope()).version && h.format == format(context)) {
            decrypt(subject, context, binary);
            return ciphertext;
        }
        byte[] plain = decrypt(subject, context, binary);
        // Re-encryption keeps what was stored: the card-number check applies to new values only.
        byte[] sealed = sealNew(subject, context, plain);
        Arrays.fill(plain, (byte) 0);
        return text(keys.thread(), sealed, sealed.length);
    }

    /**
     * Whether a value is already what {@link #reencrypt} would leave unchanged: under the subject's current
     * data key version in the context's scope, and in the format the context writes. Reads the header only,
     * without decrypting: the answer is about the value's form, not its integrity (a re-encryption job uses
     * it to skip current rows and to count the rows still to move).
     *
     * @param subject whose value it is
     * @param context where it lives
     * @param ciphertext the string form
     * @return true if the header names the current key version and the context's format
     * @throws InvalidInputException if an argument is null or the ciphertext is not a field ciphertext
     * @throws IntegrityException if its header is not one this encryptor reads
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws KeyUnavailableException if the key-encryption key cannot be reached (retryable)
     * @since 0.1.0
     */
    public boolean isCurrent(SubjectId subject, FieldContext context, String ciphertext) {
        check(subject, context);
        Header h = Header.parse(binary(ciphertext));
        return h.keyVersion == keys.current(subject, context.scope()).version && h.format == format(context);
    }

    /**
     * The data key version a value's header names, without decrypting (not authenticated until the value
     * is decrypted): to tell which rows still hold a version before it is retired.
     *
     * @param ciphertext the string form
     * @return the key version in its header
     * @throws InvalidInputException if the ciphertext is null or not a field ciphertext
     * @throws IntegrityException if its header is not one this encryptor reads
     * @since 0.1.0
     */
    public int keyVersion(String ciphertext) {
        return Header.parse(binary(ciphertext)).keyVersion;
    }

    /** The checks of a string form before it is decoded: present, prefixed, not too large. */
    private static void checkText(String ciphertext) {
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        if (!ciphertext.startsWith(PREFIX)) {
            throw new InvalidInputException("ciphertext", "is not a field ciphertext (no " + PREFIX + " prefix)");
        }
        if (ciphertext.length() > PREFIX.length() + MAX_CIPHERTEXT_BYTES * 4 / 3 + 4) {
            throw new InvalidInputException("ciphertext", "is larger than any field ciphertext");
        }
    }

    private static InvalidInputException notCanonical() {
        return new InvalidInputException("ciphertext", "is not canonical unpadded Base64url after the prefix");
    }

    private static byte[] binary(String ciphertext) {
        checkText(ciphertext);
        try {
            return Base64Url.decodeStrict(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw notCanonical();
        }
    }

    /**
     * The token vault's values are read only through its tokenizer, which authorises and audits
     * each reversal: a kit holder naming the vault's entity must not read them around it.
     */
    private static void refuseReserved(FieldContext context) {
        if (context != null && ReservedFields.TOKEN_VAULT.equals(context.entity())) {
            throw new InvalidInputException("context.entity", "token_vault is reserved for the token vault, whose"
                    + " values are revealed only through VaultTokenizer.reidentify (authorised and audited)");
        }
    }

    private static void check(SubjectId subject, FieldContext context) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (context == null) {
            throw new InvalidInputException("context", "must not be null");
        }
    }

    /** The parsed header of a binary ciphertext. */
    private static final class Header {
        final byte format;
        final FieldAlgorithm algorithm;
        final String scope;
        final int keyVersion;
        final int length;

        private Header(byte format, FieldAlgorithm algorithm, String scope, int keyVersion, int length) {
            this.format = format;
            this.algorithm = algorithm;
            this.scope = scope;
            this.keyVersion = keyVersion;
            this.length = length;
        }

        static Header parse(byte[] c) {
            if (c.length == 0) {
                throw new InvalidInputException("ciphertext", "is empty");
            }
            if (c.length > MAX_CIPHERTEXT_BYTES) {
                throw new InvalidInputException("ciphertext", "is larger than any field ciphertext");
            }
            CiphertextHeader.Parsed h;
            try {
                h = CiphertextHeader.parse(c, NONCE_BYTES + AesGcm.TAG_BYTES,
                        format -> format == CiphertextHeader.FORMAT_V1 || format == CiphertextHeader.FORMAT_V2,
                        id -> FieldAlgorithm.ofId((byte) id) != null);
            } catch (InvalidInputException e) {
                // A stored value whose header was edited: the same answer as any other mismatch
                // (docs/FORMAT.md), so that no header byte is an oracle.
                throw undecryptable();
            }
            return new Header(h.format(), FieldAlgorithm.ofId(h.algorithm()), h.scope(), h.keyVersion(), h.length());
        }
    }

    // --- keyed look-up -----------------------------------------------------------------------------

    /**
     * A keyed look-up value of one of a subject's values (the token vault finds a value's token
     * with it): HMAC-SHA256 under a key derived with HKDF (info
     * {@code clickphone-lookup/v1|entity|field|scope}) from the subject's first data key version in
     * the context's scope. Equal values of one subject and context give equal look-ups, through
     * later key rotations too.
     *
     * <p><b>Security guarantees:</b> the look-up key lives and dies with the subject's data key:
     * once the key scope is shredded, no one can recompute a look-up, so a stored look-up cannot be
     * matched against guessed values (10^8 phone numbers) from any backup, whoever holds the
     * pseudonymization or search root keys.
     *
     * <p><b>Warning:</b> deterministic: it reveals equality of one subject's values within a context.
     * Not public: whoever could compute it could test guessed values against a vault row's look-up
     * without an audit entry; the token vault reaches it through {@link ReservedFields}.
     *
     * @param subject whose value it is
     * @param context where it lives (its scope chooses the data key)
     * @param value the value
     * @return 32 bytes
     * @throws InvalidInputException if an argument is null
     * @throws KeyDestroyedException if the subject's key scope was shredded
     * @throws KeyUnavailableException if the key-encryption key cannot be reached (retryable)
     */
    byte[] lookup(SubjectId subject, FieldContext context, byte[] value) {
        check(subject, context);
        if (value == null) {
            throw new InvalidInputException("value", "must not be null");
        }
        keys.current(subject, context.scope());
        byte[] first = keys.version(subject, context.scope(), 1).key.getEncoded();
        byte[] derived = null;
        try {
            byte[] info = ("clickphone-lookup/v1|" + context.entity() + "|" + context.field() + "|"
                    + context.scope().name()).getBytes(StandardCharsets.US_ASCII);
            derived = Hkdf.derive(first, null, info, 32);
            return Jce.mac("HmacSHA256", new SecretKeySpec(derived, "HmacSHA256"), keys.jceProvider()).doFinal(value);
        } finally {
            Arrays.fill(first, (byte) 0);
            if (derived != null) {
                Arrays.fill(derived, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "FieldEncryptor[" + keys + "]";
    }
}
