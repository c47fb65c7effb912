package ro.clickphone.privacy.jpa.internal.rights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The text form of the nested parts of a stored value (sets, lists, small records) in one column: each part
 * written as its length in {@code char}s, a colon and the part itself ({@code 7:TRAFFIC7:CONTACT}), so any
 * text round-trips exactly, without escaping. A column that does not parse (a row edited by hand) is an
 * {@link InvalidInputException} naming the column, never its value.
 */
public final class Codec {

    private Codec() {
    }

    /**
     * Joins parts.
     *
     * @param parts the parts
     * @return the text
     */
    public static String join(Collection<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(part.length()).append(':').append(part);
        }
        return out.toString();
    }

    /**
     * Joins parts.
     *
     * @param parts the parts
     * @return the text
     */
    public static String join(String... parts) {
        return join(List.of(parts));
    }

    /**
     * Joins parts, each made from an element.
     *
     * @param elements the elements
     * @param part makes an element's part
     * @param <T> the element type
     * @return the text
     */
    public static <T> String joinEach(Collection<T> elements, Function<T, String> part) {
        List<String> parts = new ArrayList<>(elements.size());
        for (T element : elements) {
            parts.add(part.apply(element));
        }
        return join(parts);
    }

    /**
     * Splits a text written by {@link #join}.
     *
     * @param text the text
     * @param column the column, for the error
     * @return the parts
     * @throws InvalidInputException if the text is not as {@link #join} writes it
     */
    public static List<String> split(String text, String column) {
        if (text == null) {
            throw malformed(column);
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int colon = text.indexOf(':', i);
            if (colon <= i || colon - i > 9) {
                throw malformed(column);
            }
            int length = 0;
            for (int k = i; k < colon; k++) {
                char c = text.charAt(k);
                if (c < '0' || c > '9') {
                    throw malformed(column);
                }
                length = length * 10 + (c - '0');
            }
            int end = colon + 1 + length;
            if (end > text.length()) {
                throw malformed(column);
            }
            parts.add(text.substring(colon + 1, end));
            i = end;
        }
        return parts;
    }

    /**
     * Splits a text of a fixed number of parts.
     *
     * @param text the text
     * @param count how many parts it must have
     * @param column the column
     * @return the parts
     */
    public static List<String> split(String text, int count, String column) {
        List<String> parts = split(text, column);
        if (parts.size() != count) {
            throw malformed(column);
        }
        return parts;
    }

    /**
     * An optional part: {@code -} when absent, {@code +} and the value when present.
     *
     * @param value the value
     * @return the part
     */
    public static String optional(Optional<String> value) {
        return value.map(v -> "+" + v).orElse("-");
    }

    /**
     * Reads an optional part.
     *
     * @param part the part
     * @param column the column
     * @return the value
     */
    public static Optional<String> optional(String part, String column) {
        if (part.equals("-")) {
            return Optional.empty();
        }
        if (part.startsWith("+")) {
            return Optional.of(part.substring(1));
        }
        throw malformed(column);
    }

    /**
     * An instant as a part, exactly (ISO-8601 with every digit).
     *
     * @param instant the instant
     * @return the part
     */
    public static String instant(Instant instant) {
        return instant.toString();
    }

    /**
     * Decodes a value, turning any parse failure (a number, an enum name, a date) into an {@link
     * InvalidInputException} that names the column; the SPI's own validation errors pass unchanged.
     *
     * @param column the column
     * @param decode the decoding
     * @param <T> the value
     * @return the value
     */
    public static <T> T decode(String column, Supplier<T> decode) {
        try {
            return decode.get();
        } catch (PrivacyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed(column);
        }
    }

    /**
     * The error for a column that does not hold what the store writes.
     *
     * @param column the column
     * @return the exception
     */
    public static InvalidInputException malformed(String column) {
        return new InvalidInputException(column, "is not as the JPA store writes it (was the row edited?)");
    }
}
