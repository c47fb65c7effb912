package ro.clickphone.privacy.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
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
 * data key, i.e. one (subject, key scope, key version) (NIST SP 800-38D, §8.3); rotate a subject's key
 * ({@link EnvelopeKeys#rotate}) long before that. The SDK does not count encryptions yet. Equal
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
    private static final byte[] AAD_DOMAIN = "clickphone-field/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_DOMAIN_V2 = "clickphone-field/v2".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

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
        return sealNew(subject, context, plaintext);
    }

    /** Encrypts under the subject's current key with a fresh nonce. */
    private byte[] sealNew(SubjectId subject, FieldContext context, byte[] plaintext) {
        EnvelopeKeys.DataKey key = keys.current(subject, context.scope());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        return seal(subject, context, key, nonce, plaintext);
    }

    /**
     * Encrypts with a given key and nonce (the golden-vector tests call this): writes header, nonce
     * and sealed value straight into the output, with the associated data built in a per-thread
     * buffer, so that an encryption allocates its output and little else.
     */
    static byte[] seal(SubjectId subject, FieldContext context, EnvelopeKeys.DataKey key, byte[] nonce,
            byte[] plaintext) {
        String scope = context.scope().name();
        int headerLength = CiphertextHeader.length(scope);
        byte[] out = new byte[headerLength + NONCE_BYTES + plaintext.length + AesGcm.TAG_BYTES];
        CiphertextHeader.write(out, format(context), context.algorithm().id(), scope, key.version);
        System.arraycopy(nonce, 0, out, headerLength, NONCE_BYTES);
        Scratch scratch = SCRATCH.get();
        int aadLength = scratch.aad(subject, context, out, headerLength, format(context));
        if (context.algorithm() == FieldAlgorithm.AES_256_GCM) {
            AesGcm.sealInto(key.key, out, headerLength, scratch.buffer, aadLength, plaintext, out,
                    headerLength + NONCE_BYTES);
        } else {
            byte[] raw = key.key.getEncoded();
            try {
                byte[] sealed = AesGcmSiv.seal(raw, nonce, Arrays.copyOf(scratch.buffer, aadLength), plaintext);
                System.arraycopy(sealed, 0, out, headerLength + NONCE_BYTES, sealed.length);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        return out;
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
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(encrypt(subject, context, plaintext.getBytes(StandardCharsets.UTF_8)));
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

    /** {@link #decrypt(SubjectId, FieldContext, byte[])} for any entity, reserved ones included. */
    private byte[] decryptAny(SubjectId subject, FieldContext context, byte[] ciphertext) {
        check(subject, context);
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        Header h = Header.parse(ciphertext);
        if (!h.scope.equals(context.scope().name())
                || h.format == CiphertextHeader.FORMAT_V2 && context.recordId().isEmpty()) {
            throw undecryptable();
        }
        EnvelopeKeys.DataKey key;
        try {
            key = keys.version(subject, context.scope(), h.keyVersion);
        } catch (KeyDestroyedException e) {
            throw e;
        } catch (EnvelopeKeys.NoSuchVersion e) {
            // No such key version for this subject: the value is not this subject's. Same answer
            // as any other mismatch, so that probing reveals nothing. Any other unavailable key
            // (a retired or unknown KEK version) is an operations fault and surfaces as it is.
            throw undecryptable();
        }
        Scratch scratch = SCRATCH.get();
        // A version 1 value carries no record id: it still reads under a context that has one.
        int aadLength = scratch.aad(subject, context, ciphertext, h.length, h.format);
        int offset = h.length + NONCE_BYTES;
        if (h.algorithm == FieldAlgorithm.AES_256_GCM) {
            return AesGcm.openFrom(key.key, ciphertext, h.length, scratch.buffer, aadLength, ciphertext, offset,
                    ciphertext.length - offset);
        }
        byte[] raw = key.key.getEncoded();
        try {
            return AesGcmSiv.open(raw, Arrays.copyOfRange(ciphertext, h.length, offset),
                    Arrays.copyOf(scratch.buffer, aadLength), ciphertext, offset, ciphertext.length - offset);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
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
        return new String(decrypt(subject, context, binary(ciphertext)), StandardCharsets.UTF_8);
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
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealNew(subject, context, plain));
    }

    private static byte[] binary(String ciphertext) {
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        if (!ciphertext.startsWith(PREFIX)) {
            throw new InvalidInputException("ciphertext", "is not a field ciphertext (no " + PREFIX + " prefix)");
        }
        if (ciphertext.length() > PREFIX.length() + (MAX_PLAINTEXT_BYTES + 128) * 4 / 3 + 4) {
            throw new InvalidInputException("ciphertext", "is larger than any field ciphertext");
        }
        try {
            return Base64Url.decodeStrict(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("ciphertext", "is not canonical unpadded Base64url after the prefix");
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

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * A per-thread buffer for the associated data: {@code clickphone-field/v1}, a zero byte, the
     * length-prefixed subject id, entity and field (UTF-8), then the header; in format version 2,
     * {@code clickphone-field/v2} and the length-prefixed record id after the field.
     */
    private static final class Scratch {
        byte[] buffer = new byte[256];
        private int length;

        int aad(SubjectId subject, FieldContext context, byte[] header, int headerLength, byte format) {
            length = 0;
            byte[] domain = format == CiphertextHeader.FORMAT_V2 ? AAD_DOMAIN_V2 : AAD_DOMAIN;
            put(domain, 0, domain.length);
            ensure(1);
            buffer[length++] = 0;
            putString(subject.value());
            putString(context.entity());
            putString(context.field());
            if (format == CiphertextHeader.FORMAT_V2) {
                putString(context.recordId().orElseThrow());
            }
            put(header, 0, headerLength);
            return length;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
            }
        }

        private void put(byte[] bytes, int offset, int count) {
            ensure(count);
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }

        private void putInt(int v) {
            ensure(4);
            buffer[length++] = (byte) (v >>> 24);
            buffer[length++] = (byte) (v >>> 16);
            buffer[length++] = (byte) (v >>> 8);
            buffer[length++] = (byte) v;
        }

        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): ASCII without an allocation
        private void putString(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    putInt(utf8.length);
                    put(utf8, 0, utf8.length);
                    return;
                }
            }
            putInt(n);
            ensure(n);
            s.getBytes(0, n, buffer, length);
            length += n;
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
            if (c.length > MAX_PLAINTEXT_BYTES + 128) {
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
            return Jce.mac("HmacSHA256", new SecretKeySpec(derived, "HmacSHA256")).doFinal(value);
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
