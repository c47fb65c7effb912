package ro.clickphone.privacy.crypto.internal;

import java.util.Arrays;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Strict IP address literals. Only dotted-quad IPv4 (no leading zeros, which some parsers read as
 * octal) and IPv6 in hex groups; no host names (never a DNS look-up), no zone ids. An IPv4-mapped
 * IPv6 address ({@code ::ffff:192.0.2.1}) is read as the IPv4 address it carries, so one host gets
 * one pseudonym whichever form a log used.
 */
public final class IpLiterals {

    /** The longest literal accepted. */
    public static final int MAX_INPUT = 45;

    private IpLiterals() {
    }

    /**
     * Parses a literal.
     *
     * @param value the literal
     * @param argument the argument name for messages
     * @return 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6
     * @throws InvalidInputException if the value is not a literal of either form; the message does
     *     not repeat it
     */
    public static byte[] parse(String value, String argument) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(argument, "must not be empty");
        }
        if (value.length() > MAX_INPUT) {
            throw new InvalidInputException(argument, "is longer than " + MAX_INPUT + " characters");
        }
        if (value.indexOf(':') < 0) {
            return parseIpv4(value, argument);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                throw new InvalidInputException(argument, "is not an IPv6 literal (hex groups and colons only, no zone)");
            }
        }
        return parseIpv6(value, argument);
    }

    /**
     * RFC 4291 section 2.2 text forms, parsed here and never by {@link java.net.InetAddress}: the JDK
     * resolves anything that does not start with a hex digit or a colon (such as {@code .1::1.2.3.4})
     * as a host name, which would send log data to DNS.
     */
    private static byte[] parseIpv6(String value, String argument) {
        int gap = value.indexOf("::");
        if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
            throw new InvalidInputException(argument, "is not an IPv6 literal (at most one ::)");
        }
        int[] head = groups(gap < 0 ? value : value.substring(0, gap), argument, gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(value.substring(gap + 2), argument, true);
        int given = head.length + tail.length;
        if (gap < 0 ? given != 8 : given > 7) {
            throw new InvalidInputException(argument, "is not an IPv6 literal (eight groups, or fewer with ::)");
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 8 - tail.length + i;
            out[2 * at] = (byte) (tail[i] >>> 8);
            out[2 * at + 1] = (byte) tail[i];
        }
        boolean mapped = out[10] == (byte) 0xFF && out[11] == (byte) 0xFF;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = out[i] == 0;
        }
        return mapped ? Arrays.copyOfRange(out, 12, 16) : out;
    }

    /**
     * The 16-bit groups of one side of {@code ::} (or of a whole literal without one); a dotted quad
     * may end the last side and counts as two groups.
     */
    private static int[] groups(String part, String argument, boolean last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        int[] out = new int[texts.length + 1];
        int count = 0;
        for (int i = 0; i < texts.length; i++) {
            String text = texts[i];
            if (last && i == texts.length - 1 && text.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(text, argument);
                out[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (text.isEmpty() || text.length() > 4) {
                throw new InvalidInputException(argument, "is not an IPv6 literal (groups of 1 to 4 hex digits)");
            }
            int group = 0;
            for (int k = 0; k < text.length(); k++) {
                int digit = Character.digit(text.charAt(k), 16);
                if (digit < 0) {
                    throw new InvalidInputException(argument, "is not an IPv6 literal (groups of 1 to 4 hex digits)");
                }
                group = group * 16 + digit;
            }
            out[count++] = group;
        }
        return Arrays.copyOf(out, count);
    }

    private static byte[] parseIpv4(String value, String argument) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidInputException(argument, "is not an IPv4 literal (four dotted decimal numbers)");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new InvalidInputException(argument, "is not an IPv4 literal (0 to 255, no leading zeros)");
            }
            int number = 0;
            for (int k = 0; k < part.length(); k++) {
                char c = part.charAt(k);
                if (c < '0' || c > '9') {
                    throw new InvalidInputException(argument, "is not an IPv4 literal (ASCII digits only)");
                }
                number = number * 10 + (c - '0');
            }
            if (number > 255) {
                throw new InvalidInputException(argument, "is not an IPv4 literal (0 to 255, no leading zeros)");
            }
            out[i] = (byte) number;
        }
        return out;
    }

    /**
     * Formats an address: dotted quad, or IPv6 in the RFC 5952 canonical form (lower case, longest
     * run of two or more zero groups as {@code ::}).
     *
     * @param address 4 or 16 bytes
     * @return the literal
     */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
