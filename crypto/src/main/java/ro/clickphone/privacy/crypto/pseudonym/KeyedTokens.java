package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Hmacs;
import ro.clickphone.privacy.crypto.internal.PhoneNumbers;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * Keyed tokens of one context: HMAC-SHA256 of the (normalized) value under the context's own key,
 * truncated and written as {@code v<version>.<body>} in the context's {@link TokenFormat}. The same
 * value, key and format give the same token on every run and machine.
 *
 * <pre>{@code
 * KeyedTokens analytics = pseudonyms.tokens("analytics");
 * String token = analytics.token(Normalization.PHONE_E164, "+40721234567");   // v1.k3q...
 * }</pre>
 *
 * <p><b>Security guarantees:</b> without the root key a token reveals nothing about the value and
 * cannot be tested against guesses (a plain hash of a phone number can: there are only 10^9 of them);
 * tokens of different contexts cannot be joined.
 *
 * <p><b>Warning:</b> tokens are deterministic, so they reveal equality within a context: that is
 * what makes them useful for counting and joining. They cannot be reversed; when re-identification
 * is needed, use the {@link VaultTokenizer} or a reversible technique. A new key version makes new
 * tokens: tokens of two versions do not join.
 *
 * <p>Thread-safe; each thread keeps its own initialised MAC.
 *
 * @since 0.1.0
 */
public final class KeyedTokens {

    /** The longest value accepted, in characters. */
    public static final int MAX_INPUT = 4096;

    private final PseudonymKeys keys;
    private final String context;
    private final String technique;
    private final TokenFormat format;
    private final Map<Integer, ThreadLocal<Mac>> macs = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> currentMac;
    private final String currentPrefix;

    KeyedTokens(PseudonymKeys keys, String context, TokenFormat format) {
        this(keys, context, Technique.KEYED_TOKEN.label(), format);
    }

    KeyedTokens(PseudonymKeys keys, String context, String technique, TokenFormat format) {
        this.keys = keys;
        this.context = context;
        this.technique = technique;
        this.format = format;
        this.currentMac = macFor(keys.currentVersion());
        this.currentPrefix = "v" + keys.currentVersion() + ".";
    }

    private ThreadLocal<Mac> macFor(int version) {
        return keys.perVersion(macs, version, technique, context, Hmacs::perThread);
    }

    /**
     * The token of a value taken as it is (its UTF-8 bytes). Normalize first, or use
     * {@link #token(Normalization, String)}, when one value can be written several ways.
     *
     * @param value the value, 1 to {@value #MAX_INPUT} characters
     * @return the token, under the current key version
     * @throws InvalidInputException if the value is null, empty or too long
     */
    public String token(String value) {
        checkValue(value);
        return currentPrefix + body(currentMac.get(), value);
    }

    /**
     * The token of a normalized value.
     *
     * @param normalization how to normalize it first
     * @param value the value
     * @return the token, under the current key version
     * @throws InvalidInputException if the value does not fit the normalization; the message does
     *     not repeat it
     */
    public String token(Normalization normalization, String value) {
        if (normalization == null) {
            throw new InvalidInputException("normalization", "must not be null");
        }
        checkValue(value);
        return token(normalization.apply(value));
    }

    /**
     * The token of a phone number, normalized to E.164 with libphonenumber first, so that
     * {@code 0721 234 567} and {@code +40721234567} give one token.
     *
     * @param number the number, international or national in {@code defaultRegion}
     * @param defaultRegion the region of national numbers, such as {@code RO}
     * @return the token, under the current key version
     * @throws InvalidInputException if it is not a valid number (the rules of
     *     {@link PhonePseudonymizer#pseudonymize(String)}); the message does not repeat it
     */
    public String phoneToken(String number, String defaultRegion) {
        if (!PhoneNumbers.isSupportedRegion(defaultRegion)) {
            throw new InvalidInputException("defaultRegion", "must be a region code libphonenumber knows, such as RO");
        }
        return token(PhoneNumbers.parse(number, defaultRegion, "number").e164());
    }

    /**
     * The token a given key version makes of a value, to match data tokenized before a rotation.
     *
     * @param value the value, as for {@link #token(String)}
     * @param version a held key version
     * @return the token under that version
     * @throws InvalidInputException if the value is null, empty or too long
     * @throws KeyUnavailableException if the version is not held
     */
    public String tokenAtVersion(String value, int version) {
        checkValue(value);
        return "v" + version + "." + body(macFor(version).get(), value);
    }

    /**
     * The key version a token was made with.
     *
     * @param token a token of this format
     * @return its version
     * @throws InvalidInputException if it is not a token of this format
     */
    public int versionOf(String token) {
        if (token == null || token.length() < 3 || token.length() > 6 + format.characters() || token.charAt(0) != 'v') {
            throw new InvalidInputException("token", "is not a keyed token (v<version>.<body>)");
        }
        int dot = token.indexOf('.');
        if (dot < 2 || dot > 5 || token.length() - dot - 1 != format.characters()) {
            throw new InvalidInputException("token", "is not a keyed token of this format");
        }
        for (int i = 1; i < dot; i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                throw new InvalidInputException("token", "is not a keyed token (v<version>.<body>)");
            }
        }
        for (int i = dot + 1; i < token.length(); i++) {
            if (!format.alphabet().isCharacter(token.charAt(i))) {
                throw new InvalidInputException("token", "holds a character outside the token alphabet");
            }
        }
        return Integer.parseInt(token.substring(1, dot));
    }

    /**
     * The context of these tokens.
     *
     * @return the context name
     */
    public String context() {
        return context;
    }

    private String body(Mac mac, String value) {
        byte[] tag = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return format.alphabet().encode(tag, format.characters());
    }

    private static void checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("value", "must not be empty");
        }
        if (value.length() > MAX_INPUT) {
            throw new InvalidInputException("value", "is longer than " + MAX_INPUT + " characters");
        }
    }

    @Override
    public String toString() {
        return "KeyedTokens[" + context + ", " + format + ", version " + keys.currentVersion() + "]";
    }
}
