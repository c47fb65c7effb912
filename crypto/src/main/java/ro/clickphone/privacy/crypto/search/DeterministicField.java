package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Base64Url;
import ro.clickphone.privacy.crypto.internal.CardNumbers;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Deterministic encryption bound to one field, from {@link DeterministicEncryptor#field}: entity,
 * field and normalization are fixed, and the field's AES-SIV key is derived once.
 *
 * <pre>{@code
 * DeterministicField email = kit.deterministic().field("account", "notification_email", Normalization.EMAIL);
 * String stored = email.encrypt("Ana@Example.ro");
 * String value = email.decrypt(stored);   // "ana@example.ro"
 * }</pre>
 *
 * <p>The normalization applies to what is encrypted; it is not part of the key or the associated
 * data, so a value written under one normalization decrypts under a binding with another (the
 * entity and field are what a ciphertext is bound to). Equality look-ups still need the writer's
 * normalization, which is why it is fixed here.
 *
 * <p><b>Warning:</b> deterministic, hence reveals equality, as {@link DeterministicEncryptor} says.
 *
 * <p>The encryptor's {@link FieldGuard} is asked again at every call, so a field bound before the
 * policy changed is refused once the policy in force no longer lets it be written (or read).
 *
 * <p><b>Versions.</b> {@link #encrypt} uses the current version of the {@link SearchKeys}; {@link #decrypt}
 * reads every active version (held, not retired for this field), named by the ciphertext; an equality
 * look-up uses {@link #candidates}. A version 1 ciphertext is format {@code 0x01}, byte for byte as since
 * 0.1.0; a later version's is format {@code 0x02} with the version in its header, which is also in the
 * associated data and the key derivation, so a ciphertext relabelled to another version, or moved to
 * another field, fails with {@link IntegrityException} (docs/FORMAT.md, "Deterministic ciphertext").
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DeterministicField {

    private static final byte FORMAT_V1 = 1;
    private static final byte FORMAT_V2 = 2;
    private static final byte ALG_AES_SIV_512 = 1;
    private static final int HEADER_V2 = 6;
    private static final String PREFIX = DeterministicEncryptor.PREFIX;

    private final String entity;
    private final String field;
    private final Normalization normalization;
    /** The versions held, current (highest) first, then descending, and their ciphers. */
    private final int[] versions;
    private final AesSiv[] sivs;
    private final byte[] associatedData;
    private final Retirement retirement;
    private final FieldGuard guard;

    DeterministicField(String entity, String field, Normalization normalization, Map<Integer, AesSiv> perVersion,
            byte[] associatedData, Retirement retirement, FieldGuard guard) {
        this.guard = guard;
        this.entity = entity;
        this.field = field;
        this.normalization = normalization;
        this.associatedData = associatedData;
        this.retirement = retirement;
        int n = perVersion.size();
        this.versions = new int[n];
        this.sivs = new AesSiv[n];
        int i = 0;
        for (Map.Entry<Integer, AesSiv> e : new TreeMap<>(perVersion).descendingMap().entrySet()) {
            versions[i] = e.getKey();
            sivs[i] = e.getValue();
            i++;
        }
    }

    /**
     * Encrypts a value deterministically.
     *
     * @param value the value
     * @return {@value DeterministicEncryptor#PREFIX} and unpadded Base64url
     * @throws InvalidInputException if the value is null, too long or does not fit the normalization;
     *     messages never repeat the value
     * @throws PolicyViolationException if the value is a payment card number (13 to 19 digits passing
     *     the Luhn check): card data never reaches ClickPhone, and no deterministic field is declared for
     *     it; or if the encryptor's guard refuses writing the field now (the kit's: the policy in force
     *     lists it as never stored, or no category declares it)
     */
    public String encrypt(String value) {
        return seal(0, plain(value));
    }

    /**
     * The ciphertexts a stored row of this value may hold: under the current version first, then under
     * every older version held and not retired for this field, descending, without duplicates. The
     * parameter list of an equality look-up ({@code where email_det in (:candidates)}).
     *
     * @param value the value searched for
     * @return one ciphertext per active version, current first; unmodifiable
     * @throws InvalidInputException as {@link #encrypt}
     * @throws PolicyViolationException as {@link #encrypt}
     * @since 0.1.0
     */
    public List<String> candidates(String value) {
        byte[] plain = plain(value);
        SortedSet<Integer> retired = retirement.retired();
        List<String> out = new ArrayList<>(versions.length);
        for (int i = 0; i < versions.length; i++) {
            if (i == 0 || !retired.contains(versions[i])) {
                out.add(seal(i, plain));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Which version wrote a stored ciphertext, read from its header (format {@code 0x01} is version 1,
     * format {@code 0x02} names its version). The header is authenticated only by {@link #decrypt}: a
     * ciphertext of the right form whose header was changed still answers a version here, and fails
     * to decrypt.
     *
     * @param ciphertext a stored ciphertext
     * @return its version, whether held, retired or not; empty if it is not a deterministic ciphertext of
     *     a known format
     * @throws InvalidInputException if the ciphertext is null
     * @since 0.1.0
     */
    public OptionalInt versionOf(String ciphertext) {
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "must not be null");
        }
        try {
            return OptionalInt.of(version(bytes(ciphertext)));
        } catch (InvalidInputException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Whether a stored ciphertext names the current version (see {@link #versionOf}).
     *
     * @param ciphertext a stored ciphertext
     * @return true if its header names the current version
     * @throws InvalidInputException if the ciphertext is null
     * @since 0.1.0
     */
    public boolean isCurrent(String ciphertext) {
        OptionalInt version = versionOf(ciphertext);
        return version.isPresent() && version.getAsInt() == versions[0];
    }

    /**
     * The version {@link #encrypt} uses.
     *
     * @return the keys' current version
     * @since 0.1.0
     */
    public int currentVersion() {
        return versions[0];
    }

    /**
     * The versions that still decrypt and match: held by the keys and not retired for this field.
     *
     * @return the active versions, ascending, unmodifiable; always holds the current one
     * @since 0.1.0
     */
    public SortedSet<Integer> activeVersions() {
        return retirement.active(versions);
    }

    /**
     * Retires a version for this field's deterministic encryption (entity and field id, every normalization
     * bound from the same {@link DeterministicEncryptor}) on this instance, at once: its ciphertexts no
     * longer decrypt and are no longer among the {@link #candidates}. The field's blind index values
     * ({@link BlindIndexField}) are not touched. Call it once no row holds it (the re-index job does);
     * record it with {@link SearchKeys#withRetiredDeterministic} so that other instances and restarts do
     * the same.
     * Retiring a retired or not-held version changes nothing.
     *
     * @param version the version to retire
     * @throws InvalidInputException if the version is out of range or the current one
     * @since 0.1.0
     */
    public void retire(int version) {
        retirement.retire(entity, field, version);
    }

    private byte[] plain(String value) {
        guard.check(entity, field);
        byte[] plain = normalization.apply(value).getBytes(StandardCharsets.UTF_8);
        if (plain.length > FieldEncryptor.MAX_PLAINTEXT_BYTES) {
            throw new InvalidInputException("value", "must be at most " + FieldEncryptor.MAX_PLAINTEXT_BYTES + " bytes");
        }
        if (CardNumbers.looksLikeCardNumber(plain)) {
            throw new PolicyViolationException("Deterministic field " + entity + "." + field + " refuses payment card"
                    + " numbers: card data never reaches ClickPhone (PayU handles it)");
        }
        return plain;
    }

    /** Encrypts under the {@code i}-th version held (0 = current). */
    private String seal(int i, byte[] plain) {
        int version = versions[i];
        byte[] header = version == 1 ? new byte[] {FORMAT_V1, ALG_AES_SIV_512} : headerV2(version);
        byte[] sealed = sivs[i].encrypt(version == 1 ? associatedData : associatedDataV2(header), plain);
        byte[] out = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, out, header.length, sealed.length);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static byte[] headerV2(int version) {
        return new byte[] {FORMAT_V2, ALG_AES_SIV_512, (byte) (version >>> 24), (byte) (version >>> 16),
            (byte) (version >>> 8), (byte) version};
    }

    /** {@code entity 0x00 field 0x00 header}: the version 2+ associated data. */
    private byte[] associatedDataV2(byte[] header) {
        byte[] ad = Arrays.copyOf(associatedData, associatedData.length + 1 + header.length);
        System.arraycopy(header, 0, ad, associatedData.length + 1, header.length);
        return ad;
    }

    /** The stored bytes, strictly decoded; refuses what is not a deterministic ciphertext. */
    private static byte[] bytes(String ciphertext) {
        if (!ciphertext.startsWith(PREFIX)) {
            throw new InvalidInputException("ciphertext", "is not a deterministic ciphertext (no " + PREFIX + " prefix)");
        }
        if (ciphertext.length() > PREFIX.length() + (FieldEncryptor.MAX_PLAINTEXT_BYTES + 64) * 4 / 3) {
            throw new InvalidInputException("ciphertext", "is larger than any deterministic ciphertext");
        }
        try {
            return Base64Url.decodeStrict(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("ciphertext", "is not unpadded Base64url after the prefix");
        }
    }

    /** The version a header names; refuses an unknown or truncated format. */
    private static int version(byte[] bytes) {
        if (bytes.length >= 2 + 16 && bytes[0] == FORMAT_V1 && bytes[1] == ALG_AES_SIV_512) {
            return 1;
        }
        if (bytes.length >= HEADER_V2 + 16 && bytes[0] == FORMAT_V2 && bytes[1] == ALG_AES_SIV_512) {
            int version = (bytes[2] & 0xff) << 24 | (bytes[3] & 0xff) << 16 | (bytes[4] & 0xff) << 8 | (bytes[5] & 0xff);
            if (version >= 2 && version <= SearchKeys.MAX_VERSION) {
                return version;
            }
        }
        throw new InvalidInputException("ciphertext", "is truncated or of an unknown format, algorithm or version");
    }

    /**
     * Decrypts a value of this field.
     *
     * @param ciphertext {@value DeterministicEncryptor#PREFIX} and unpadded Base64url
     * @return the normalized value
     * @throws InvalidInputException if the ciphertext is malformed
     * @throws IntegrityException if it does not decrypt for this entity, field and version
     * @throws KeyUnavailableException (not retryable) if its version is retired for this field or not
     *     held by the keys
     * @throws PolicyViolationException if the encryptor's guard refuses reading the field now (the
     *     kit's: no policy version in force up to now let it be stored)
     */
    public String decrypt(String ciphertext) {
        guard.checkRead(entity, field);
        if (ciphertext == null) {
            throw new InvalidInputException("ciphertext", "is not a deterministic ciphertext (no " + PREFIX + " prefix)");
        }
        byte[] bytes = bytes(ciphertext);
        int version = version(bytes);
        int i = indexOf(version);
        if (i < 0) {
            throw new KeyUnavailableException("Search key version " + version + " of " + entity + "." + field
                    + " is not held; give it to SearchKeys.withVersion(...)", false, null);
        }
        if (i > 0 && retirement.isRetired(version)) {
            throw new KeyUnavailableException("Search key version " + version + " of " + entity + "." + field
                    + " is retired: its values no longer decrypt (re-index before retiring)", false, null);
        }
        int header = version == 1 ? 2 : HEADER_V2;
        byte[] plain = sivs[i].decrypt(version == 1 ? associatedData
                : associatedDataV2(Arrays.copyOfRange(bytes, 0, HEADER_V2)), Arrays.copyOfRange(bytes, header, bytes.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private int indexOf(int version) {
        for (int i = 0; i < versions.length; i++) {
            if (versions[i] == version) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The entity (table) name.
     *
     * @return the entity
     */
    public String entity() {
        return entity;
    }

    /**
     * The field (column) name.
     *
     * @return the field
     */
    public String field() {
        return field;
    }

    /**
     * How values are normalized before encryption.
     *
     * @return the normalization
     */
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String toString() {
        return "DeterministicField[" + entity + "." + field + ", " + normalization + ", AES-SIV, current version "
                + versions[0] + "]";
    }
}
