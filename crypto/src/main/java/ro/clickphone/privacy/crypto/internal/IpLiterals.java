package ro.clickphone.privacy.crypto.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
        int lastColon = value.lastIndexOf(':');
        if (value.indexOf('.') >= 0) {
            parseIpv4(value.substring(lastColon + 1), argument);
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            throw new InvalidInputException(argument, "is not an IPv6 literal");
        }
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
