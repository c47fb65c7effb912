package ro.clickphone.privacy.crypto.mask;

import ro.clickphone.privacy.crypto.internal.EmailAddresses;
import ro.clickphone.privacy.crypto.internal.IpLiterals;
import ro.clickphone.privacy.crypto.internal.PhoneNumbers;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Masking for display and logs: enough of a value is left for a person to recognise their own
 * data or tell two records apart, never enough to recover it. Keyless and irreversible.
 *
 * <pre>{@code
 * Masking.phone("+40721234567", "RO");   // +40 7** *** *67
 * Masking.email("ion@example.ro");       // i***@example.ro
 * Masking.ip("192.168.1.10");            // 192.168.x.x
 * }</pre>
 *
 * <p><b>Warning:</b> masking is not pseudonymization: a masked value still narrows down who it is
 * (the country and the last digits of a number, the domain of an address). Use it for screens and
 * logs, not for data sets. Values that cannot be parsed are refused, never passed through;
 * {@link #mask(MaskStyle, String)} masks them fully instead.
 *
 * @since 0.1.0
 */
public final class Masking {

    /** What a fully masked value looks like. */
    public static final String FULL = "***";

    private Masking() {
    }

    /**
     * Masks a phone number: the country code, the first digit and the last two stay, in the
     * number's international grouping.
     *
     * @param number international, or national in {@code defaultRegion}
     * @param defaultRegion such as {@code RO}
     * @return the masked number, such as {@code +40 7** *** *67}
     * @throws InvalidInputException if it is not a valid number; the message does not repeat it
     */
    public static String phone(String number, String defaultRegion) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.parse(number, defaultRegion, "number");
        String formatted = PhoneNumbers.formatInternational(parsed);
        int nsnStart = formatted.indexOf(' ');
        char[] out = formatted.toCharArray();
        int digitsSeen = 0;
        int total = parsed.nationalNumber().length();
        for (int i = nsnStart + 1; i < out.length; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                if (digitsSeen != 0 && digitsSeen < total - 2) {
                    out[i] = '*';
                }
                digitsSeen++;
            }
        }
        return new String(out);
    }

    /**
     * Masks an e-mail address: the first character of the local part and the domain stay.
     *
     * @param address the address
     * @return the masked address, such as {@code i***@example.ro}
     * @throws InvalidInputException if it is not an address; the message does not repeat it
     */
    public static String email(String address) {
        EmailAddresses.Parsed parsed = EmailAddresses.parse(address, "address");
        return parsed.local().charAt(0) + FULL + "@" + parsed.domain();
    }

    /**
     * Masks an IP address: the first half of IPv4 and the first three groups of IPv6 stay.
     *
     * @param address an IPv4 or IPv6 literal
     * @return the masked address, such as {@code 192.168.x.x}
     * @throws InvalidInputException if it is not a literal; the message does not repeat it
     */
    public static String ip(String address) {
        byte[] bytes = IpLiterals.parse(address, "address");
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + ".x.x";
        }
        StringBuilder out = new StringBuilder();
        for (int group = 0; group < 3; group++) {
            out.append(Integer.toHexString(((bytes[2 * group] & 0xFF) << 8) | (bytes[2 * group + 1] & 0xFF))).append(':');
        }
        return out.append("x:x:x:x:x").toString();
    }

    /**
     * Masks free text such as a name: its first character stays.
     *
     * @param text the text
     * @return the masked text, such as {@code I***}, or {@value #FULL} if it is empty
     * @throws InvalidInputException if it is null
     */
    public static String text(String text) {
        if (text == null) {
            throw new InvalidInputException("text", "must not be null");
        }
        String stripped = text.strip();
        return stripped.isEmpty() ? FULL : stripped.substring(0, Character.charCount(stripped.codePointAt(0))) + FULL;
    }

    /**
     * Masks a value in a style, and masks it fully when it does not parse in that style: for
     * logs and serializers, which must never fail on a value nor let it through. National phone
     * numbers are read as Romanian.
     *
     * @param style the style
     * @param value the value, or null
     * @return the masked value, or null for null
     * @throws InvalidInputException if the style is null
     */
    public static String mask(MaskStyle style, String value) {
        return mask(style, value, "RO");
    }

    /**
     * Masks a value in a style, as {@link #mask(MaskStyle, String)}, reading national phone numbers
     * in a region.
     *
     * @param style the style
     * @param value the value, or null
     * @param region the region of national phone numbers, such as {@code RO}
     * @return the masked value, or null for null
     * @throws InvalidInputException if the style is null
     */
    public static String mask(MaskStyle style, String value, String region) {
        if (style == null) {
            throw new InvalidInputException("style", "must not be null");
        }
        if (value == null) {
            return null;
        }
        try {
            switch (style) {
                case PHONE:
                    return phone(value, region);
                case EMAIL:
                    return email(value);
                case IP:
                    return ip(value);
                case TEXT:
                    return text(value);
                default:
                    return FULL;
            }
        } catch (InvalidInputException e) {
            return FULL;
        }
    }
}
