package ro.clickphone.privacy.crypto.internal;

import java.net.IDN;
import java.util.Locale;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Strict e-mail addresses: one {@code @}, a dot-atom local part of ASCII characters (RFC 5322,
 * no quoted strings, no comments), a domain of at least two labels, given in ASCII or as an
 * internationalized name (converted to its ASCII form). Both parts lower-cased in
 * {@link Locale#ROOT}, so the Turkish dotless i cannot split one address into two.
 */
public final class EmailAddresses {

    /** The longest address accepted (RFC 5321's path limit less the brackets). */
    public static final int MAX_INPUT = 254;
    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-";

    private EmailAddresses() {
    }

    /**
     * An address split into its normalized parts.
     *
     * @param local the local part, lower case
     * @param domain the domain, lower-case ASCII
     */
    public record Parsed(String local, String domain) {

        @Override
        public String toString() {
            return "Parsed[e-mail address]";
        }
    }

    /**
     * Parses and normalizes an address.
     *
     * @param value the address, surrounding white space ignored
     * @param argument the argument name for messages
     * @return the parts
     * @throws InvalidInputException if it is empty, too long, has no or several {@code @}, a local
     *     part outside ASCII dot-atoms or longer than 64, or a malformed domain; messages never
     *     repeat the address
     */
    public static Parsed parse(String value, String argument) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(argument, "must not be empty");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_INPUT) {
            throw new InvalidInputException(argument, "is longer than " + MAX_INPUT + " characters");
        }
        int at = trimmed.indexOf('@');
        if (at < 0 || at != trimmed.lastIndexOf('@')) {
            throw new InvalidInputException(argument, "is not an e-mail address (needs exactly one @)");
        }
        String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
        if (local.isEmpty() || local.length() > 64 || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            throw new InvalidInputException(argument, "has a malformed local part (1 to 64 characters, no leading,"
                    + " trailing or double dots)");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c != '.' && ATEXT.indexOf(c) < 0) {
                throw new InvalidInputException(argument, "has a local part with a character outside ASCII letters,"
                        + " digits and RFC 5322 symbols at position " + i);
            }
        }
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(argument, "has a malformed domain");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 || domain.length() > 253) {
            throw new InvalidInputException(argument, "has a malformed domain (at least two labels)");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidInputException(argument, "has a malformed domain (empty or overlong label)");
            }
        }
        return new Parsed(local, domain);
    }
}
