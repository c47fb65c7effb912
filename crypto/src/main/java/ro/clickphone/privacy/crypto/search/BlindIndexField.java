package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.crypto.internal.CardNumbers;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * A blind index bound to one field, from {@link BlindIndex#field}: entity, field, normalization and
 * length are fixed, so every value of the field is indexed the same way by writers and readers.
 *
 * <pre>{@code
 * BlindIndexField email = kit.blindIndex().field("account", "notification_email", Normalization.EMAIL, 64);
 * String index = email.compute("Ana.Pop@Example.ro");   // 16 hex digits
 * }</pre>
 *
 * <p><b>Warning:</b> reveals equality, as {@link BlindIndex} says.
 *
 * <p>The index's {@link FieldGuard} is asked again at every {@link #compute} and {@link #candidates}, so
 * a field bound before the policy changed is refused once the policy in force no longer lets it be stored.
 *
 * <p><b>Versions.</b> {@link #compute} uses the current version of the {@link SearchKeys}; an equality
 * look-up uses {@link #candidates}, the values of the current and every older active version, so rows
 * written before a rotation are still found ({@code where email_idx in (:candidates)}) until a re-index
 * moved them and the old version was {@linkplain #retire retired}. A version 1 value is bare hex, as
 * since 0.1.0; a later version's value is {@code v<version>.} followed by the hex, which never looks like
 * bare hex (docs/FORMAT.md, "Blind indexes"). The version's key is derived with the version bound in,
 * so an index value relabelled to another version, or copied from another field, matches nothing.
 *
 * <p>Thread-safe: each thread keeps its own MAC, keyed once.
 *
 * @since 0.1.0
 */
public final class BlindIndexField {

    private final String entity;
    private final String field;
    private final Normalization normalization;
    private final int bits;
    /** The versions held, current (highest) first, then descending. */
    private final int[] versions;
    private final SecretKeySpec[] keys;
    /** One MAC per version and thread, keyed on first use. */
    private final ThreadLocal<Mac[]> macs;
    private final Retirement retirement;
    private final FieldGuard guard;

    BlindIndexField(String entity, String field, Normalization normalization, int bits,
            Map<Integer, SecretKeySpec> perVersion, Retirement retirement, FieldGuard guard) {
        this.guard = guard;
        this.entity = entity;
        this.field = field;
        this.normalization = normalization;
        this.bits = bits;
        this.retirement = retirement;
        int n = perVersion.size();
        this.versions = new int[n];
        this.keys = new SecretKeySpec[n];
        int i = 0;
        for (Map.Entry<Integer, SecretKeySpec> e : new java.util.TreeMap<>(perVersion).descendingMap().entrySet()) {
            versions[i] = e.getKey();
            keys[i] = e.getValue();
            i++;
        }
        this.macs = ThreadLocal.withInitial(() -> new Mac[n]);
    }

    private static Mac keyed(SecretKeySpec key) {
        return Jce.mac("HmacSHA256", key);
    }

    /**
     * The index of a value.
     *
     * @param value the value
     * @return {@code bits / 4} lower-case hex digits
     * @throws InvalidInputException if the value is null or does not fit the normalization; messages
     *     never repeat the value
     * @throws PolicyViolationException if the value is a payment card number (13 to 19 digits passing
     *     the Luhn check): an index of card numbers is card data, which never reaches ClickPhone, and
     *     the card-number space is small enough to search through with the key; or if the index's
     *     guard refuses the field now (the kit's: the policy in force lists it as never stored, or no
     *     category declares it), though it was bound under an earlier policy version
     */
    public String compute(String value) {
        return index(0, normalized(value));
    }

    /**
     * The index values a stored row of this value may hold: under the current version first, then under
     * every older version held and not retired for this field, descending, without duplicates. The
     * parameter list of an equality look-up ({@code where email_idx in (:candidates)}).
     *
     * @param value the value searched for
     * @return one value per active version, current first; unmodifiable
     * @throws InvalidInputException as {@link #compute}
     * @throws PolicyViolationException as {@link #compute}
     * @since 0.1.0
     */
    public List<String> candidates(String value) {
        byte[] normalized = normalized(value);
        SortedSet<Integer> retired = retirement.retired();
        List<String> out = new ArrayList<>(versions.length);
        for (int i = 0; i < versions.length; i++) {
            if (i == 0 || !retired.contains(versions[i])) {
                out.add(index(i, normalized));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Which version wrote a stored index value, read from its form (bare hex of this field's length is
     * version 1; {@code v<n>.} and the hex is version {@code n}). The form is not authenticated (an index
     * cannot be checked without the value): a value of the right form that no version computed still
     * answers a version, and it matches no look-up.
     *
     * @param indexValue a stored index value
     * @return its version, whether held, retired or not; empty if it is not of this field's forms
     * @throws InvalidInputException if the value is null; messages never repeat it
     * @since 0.1.0
     */
    public OptionalInt versionOf(String indexValue) {
        if (indexValue == null) {
            throw new InvalidInputException("indexValue", "must not be null");
        }
        int hexDigits = bits / 4;
        int start = 0;
        int version = 1;
        if (indexValue.length() != hexDigits) {
            int dot = indexValue.indexOf('.');
            if (!indexValue.startsWith("v") || dot < 2 || dot > 5 || indexValue.length() != dot + 1 + hexDigits
                    || indexValue.charAt(1) == '0') {
                return OptionalInt.empty();
            }
            version = 0;
            for (int i = 1; i < dot; i++) {
                char c = indexValue.charAt(i);
                if (c < '0' || c > '9') {
                    return OptionalInt.empty();
                }
                version = version * 10 + (c - '0');
            }
            if (version < 2) {
                return OptionalInt.empty();
            }
            start = dot + 1;
        }
        for (int i = start; i < indexValue.length(); i++) {
            char c = indexValue.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(version);
    }

    /**
     * Whether a stored index value is of the current version's form (see {@link #versionOf}; not
     * authenticated either).
     *
     * @param indexValue a stored index value
     * @return true if it names the current version
     * @throws InvalidInputException if the value is null
     * @since 0.1.0
     */
    public boolean isCurrent(String indexValue) {
        OptionalInt version = versionOf(indexValue);
        return version.isPresent() && version.getAsInt() == versions[0];
    }

    /**
     * The version {@link #compute} uses.
     *
     * @return the keys' current version
     * @since 0.1.0
     */
    public int currentVersion() {
        return versions[0];
    }

    /**
     * The versions whose values still match: held by the keys and not retired for this field.
     *
     * @return the active versions, ascending, unmodifiable; always holds the current one
     * @since 0.1.0
     */
    public SortedSet<Integer> activeVersions() {
        return retirement.active(versions);
    }

    /**
     * Retires a version for this field's blind index (entity and field id, every normalization and length
     * bound from the same {@link BlindIndex}) on this instance, at once: its values are no longer among the
     * {@link #candidates}, so look-ups stop matching rows still under it. The field's deterministic values
     * ({@link DeterministicField}) are not touched. Call it once no row holds it (the re-index job does);
     * record it with {@link SearchKeys#withRetiredBlindIndex} so that other instances and restarts do the
     * same. Retiring a retired or not-held version changes nothing.
     *
     * @param version the version to retire
     * @throws InvalidInputException if the version is out of range or the current one
     * @since 0.1.0
     */
    public void retire(int version) {
        retirement.retire(entity, field, version);
    }

    private byte[] normalized(String value) {
        guard.check(entity, field);
        byte[] normalized = normalization.apply(value).getBytes(StandardCharsets.UTF_8);
        if (CardNumbers.looksLikeCardNumber(normalized)) {
            throw new PolicyViolationException("Blind index " + entity + "." + field + " refuses payment card numbers:"
                    + " card data never reaches ClickPhone (PayU handles it)");
        }
        return normalized;
    }

    /** The index of a normalized value under the {@code i}-th version held (0 = current). */
    private String index(int i, byte[] normalized) {
        Mac[] perThread = macs.get();
        Mac mac = perThread[i];
        if (mac == null) {
            mac = keyed(keys[i]);
            perThread[i] = mac;
        }
        byte[] tag = mac.doFinal(normalized);
        String hex = HexFormat.of().formatHex(tag, 0, bits / 8) + (bits % 8 == 0 ? ""
                : HexFormat.of().toHexDigits(tag[bits / 8]).substring(0, 1));
        return versions[i] == 1 ? hex : "v" + versions[i] + "." + hex;
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
     * How values are normalized.
     *
     * @return the normalization
     */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * How many bits of the MAC are kept.
     *
     * @return the bits
     */
    public int bits() {
        return bits;
    }

    @Override
    public String toString() {
        return "BlindIndexField[" + entity + "." + field + ", " + normalization + ", " + bits + " bits, current version "
                + versions[0] + "]";
    }
}
