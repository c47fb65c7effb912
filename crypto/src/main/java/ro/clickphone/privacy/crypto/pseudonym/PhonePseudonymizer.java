package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.crypto.internal.Ff1;
import ro.clickphone.privacy.crypto.internal.PhoneNumbers;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Format-preserving phone pseudonyms: the number is parsed and validated with libphonenumber, the
 * country code and the configured leading digits stay, and the remaining digits are encrypted with
 * FF1 (NIST SP 800-38G) under the context's own key. The tweak binds the context, the country code
 * and the kept digits. The pseudonym is written in E.164, has the same length, the same country and
 * prefix, so pseudonymized CDRs still group by country and network.
 *
 * <pre>{@code
 * PhonePseudonymizer phones = pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
 * String pseudonym = phones.pseudonymize("+40 721 234 567");     // +40721xxxxxx
 * String number = phones.reidentify(pseudonym, 1, ReidentificationReason.of(actor, "FRAUD_INVESTIGATION"));
 * }</pre>
 *
 * <p><b>Security guarantees:</b> without the key, the encrypted digits of a pseudonym reveal
 * nothing about the number's digits beyond what is kept. FF1 is deterministic: one number gives one
 * pseudonym in a context, so pseudonyms join and count like the numbers did. Reversal needs the key
 * and goes through {@link #reidentify(String, int, ReidentificationReason)}, which the
 * {@link PseudonymAuthorizer} allows or refuses and records.
 *
 * <p><b>Warning:</b> a configuration that leaves fewer than 6 digits to encrypt is refused: FF1's
 * domain would be under a million values and could be enumerated. The more digits are kept, the
 * smaller the anonymity set of each pseudonym (with 3 of 9 digits kept, a million numbers share a
 * prefix). A pseudonym has a valid length and is often a valid, assigned number of another real
 * person: never call or text a number of a pseudonymized export. FF1 reverses anything under any key
 * into a valid-looking number, so a pseudonym must be reversed under the key version it was made
 * with: once a new version is held, a reversal that does not name its version is refused. Keep the
 * version with every export. Whoever can pseudonymize in a context can build its dictionary (10^8
 * Romanian mobile numbers take minutes), which reverses it without asking.
 *
 * <p>Thread-safe; FF1 keeps its cipher per thread.
 *
 * @since 0.1.0
 */
public final class PhonePseudonymizer {

    private static final int MIN_DIGITS = 6;

    private final PseudonymKeys keys;
    private final String context;
    private final PhoneOptions options;
    private final PseudonymAuthorizer authorizer;
    private final Map<Integer, Ff1> ciphers;
    private final Ff1 current;
    private final byte[] contextBytes;
    private final boolean forward;

    PhonePseudonymizer(PseudonymKeys keys, String context, PhoneOptions options, PseudonymAuthorizer authorizer) {
        int example = PhoneNumbers.exampleMobileLength(options.defaultRegion());
        if (example > 0 && example - options.keepLeadingDigits() < MIN_DIGITS) {
            throw new ConfigurationException("Keeping " + options.keepLeadingDigits() + " leading digits leaves "
                    + (example - options.keepLeadingDigits()) + " digits of a " + options.defaultRegion()
                    + " mobile number to encrypt; FF1 needs at least " + MIN_DIGITS + " (radix^length >= 1000000),"
                    + " a smaller domain can be enumerated. Keep fewer digits.");
        }
        this.keys = keys;
        this.context = context;
        this.options = options;
        this.authorizer = authorizer;
        this.ciphers = new ConcurrentHashMap<>();
        this.current = cipher(keys.currentVersion());
        this.contextBytes = (context + "|").getBytes(StandardCharsets.US_ASCII);
        this.forward = true;
    }

    private PhonePseudonymizer(PhonePseudonymizer both) {
        this.keys = both.keys;
        this.context = both.context;
        this.options = both.options;
        this.authorizer = both.authorizer;
        this.ciphers = both.ciphers;
        this.current = both.current;
        this.contextBytes = both.contextBytes;
        this.forward = false;
    }

    /** The same pseudonymizer without the forward direction, for a service bound to no actor. */
    PhonePseudonymizer reverseOnly() {
        return new PhonePseudonymizer(this);
    }

    private Ff1 cipher(int version) {
        return keys.perVersion(ciphers, version, Technique.FF1_PHONE.label(), context, key -> Ff1.create(key, 10));
    }

    /**
     * Pseudonymizes a number under the current key version.
     *
     * @param number international ({@code +40 721 234 567}) or national in the default region
     *     ({@code 0721 234 567}); ASCII digits and the usual punctuation only
     * @return the pseudonym in E.164
     * @throws InvalidInputException if the number is empty, too long, holds other characters (such
     *     as digits of other scripts), has an unknown country code, is not valid for its country, or
     *     leaves fewer than 6 digits to encrypt; messages never repeat the number
     * @throws PolicyViolationException if this pseudonymizer was taken from a service bound to no
     *     actor whose authorizer requires one: it only reverses
     */
    public String pseudonymize(String number) {
        if (!forward) {
            authorizer.recordUnboundRefusal(Technique.FF1_PHONE, context, Optional.empty());
            throw new PolicyViolationException("This phone pseudonymizer of context " + context + " only reverses:"
                    + " pseudonymizing needs a grant; take it from pseudonyms().as(actor)");
        }
        return crypt(PhoneNumbers.parse(number, options.defaultRegion(), "number"), current, true);
    }

    /**
     * Reverses a pseudonym when one key version is held. Once a second version is held this is
     * refused, since a pseudonym of another version would reverse to another person's number: use
     * {@link #reidentify(String, int, ReidentificationReason)}.
     *
     * @param pseudonym a pseudonym in E.164, as {@link #pseudonymize(String)} wrote it
     * @param reason who asks and why
     * @return the number in E.164
     * @throws InvalidInputException if the pseudonym is not in E.164 form or too short, the reason
     *     is null, or more than one key version is held
     * @throws PolicyViolationException if the authorizer refuses
     * @throws ro.clickphone.privacy.spi.PrivacyException whatever the authorizer throws: nothing is returned then
     */
    public String reidentify(String pseudonym, ReidentificationReason reason) {
        requireReason(reason);
        return reidentify(pseudonym, keys.onlyVersion(), reason);
    }

    /**
     * Reverses a pseudonym made under a key version. Allowed or refused by the authorizer, and
     * recorded with a keyed reference of the number, before the number is returned.
     *
     * @param pseudonym the pseudonym in E.164
     * @param version the key version it was made with
     * @param reason who asks and why
     * @return the number in E.164
     * @throws InvalidInputException if the pseudonym is malformed or the reason null
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if the version is not held
     * @throws PolicyViolationException if the authorizer refuses
     */
    public String reidentify(String pseudonym, int version, ReidentificationReason reason) {
        requireReason(reason);
        PhoneNumbers.Parsed parsed = PhoneNumbers.splitE164(pseudonym, "pseudonym");
        Ff1 cipher = cipher(version);
        digitsToEncrypt(parsed, "pseudonym");
        Reidentification request = new Reidentification(Technique.FF1_PHONE, context, version, reason,
                Optional.empty());
        authorizer.authorizeReidentification(request);
        String number = crypt(parsed, cipher, false);
        authorizer.recordReidentification(request, number);
        return number;
    }

    private static void requireReason(ReidentificationReason reason) {
        if (reason == null) {
            throw new InvalidInputException("reason", "must be given: re-identification is authorised and audited");
        }
    }

    private int digitsToEncrypt(PhoneNumbers.Parsed parsed, String argument) {
        int rest = parsed.nationalNumber().length() - options.keepLeadingDigits();
        if (rest < MIN_DIGITS) {
            throw new InvalidInputException(argument, "leaves " + Math.max(0, rest) + " digits to encrypt after keeping "
                    + options.keepLeadingDigits() + "; FF1 needs at least " + MIN_DIGITS
                    + " (a smaller domain can be enumerated)");
        }
        return rest;
    }

    private String crypt(PhoneNumbers.Parsed parsed, Ff1 cipher, boolean encrypt) {
        int rest = digitsToEncrypt(parsed, encrypt ? "number" : "pseudonym");
        String nsn = parsed.nationalNumber();
        int keep = options.keepLeadingDigits();
        long value = 0;
        for (int i = keep; i < nsn.length(); i++) {
            value = value * 10 + (nsn.charAt(i) - '0');
        }
        byte[] tweak = tweak(parsed.countryCode(), nsn, keep);
        long out = encrypt ? cipher.encrypt(value, rest, tweak) : cipher.decrypt(value, rest, tweak);
        String code = Integer.toString(parsed.countryCode());
        char[] result = new char[1 + code.length() + nsn.length()];
        result[0] = '+';
        code.getChars(0, code.length(), result, 1);
        int at = 1 + code.length();
        nsn.getChars(0, keep, result, at);
        for (int i = result.length - 1; i >= at + keep; i--) {
            result[i] = (char) ('0' + out % 10);
            out /= 10;
        }
        return new String(result);
    }

    /** context | country code | kept digits: a pseudonym cannot be moved to another country or prefix. */
    private byte[] tweak(int countryCode, String nsn, int keep) {
        String code = Integer.toString(countryCode);
        byte[] tweak = new byte[contextBytes.length + code.length() + 1 + keep];
        System.arraycopy(contextBytes, 0, tweak, 0, contextBytes.length);
        int at = contextBytes.length;
        for (int i = 0; i < code.length(); i++) {
            tweak[at++] = (byte) code.charAt(i);
        }
        tweak[at++] = '|';
        for (int i = 0; i < keep; i++) {
            tweak[at++] = (byte) nsn.charAt(i);
        }
        return tweak;
    }

    /**
     * The options in force.
     *
     * @return the options
     */
    public PhoneOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "PhonePseudonymizer[" + context + ", FF1, keeps " + options.keepLeadingDigits() + " digits, version "
                + keys.currentVersion() + (forward ? "" : ", reverse only") + "]";
    }
}
