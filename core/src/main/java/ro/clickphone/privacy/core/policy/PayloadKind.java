package ro.clickphone.privacy.core.policy;

/**
 * What a notification's payload field holds, which decides the Java values it takes and how it is
 * written in the message (in the subject's language, times in the policy's time zone).
 *
 * @since 0.1.0
 */
public enum PayloadKind {

    /** A phone number (a {@code String}, international or Romanian national); may be shown masked. */
    PHONE(true),
    /** An IPv4 or IPv6 literal (a {@code String}); may be shown masked. */
    IP_ADDRESS(true),
    /**
     * A sum of money in lei ({@code BigDecimal}, {@code BigInteger}, {@code Long} or {@code Integer};
     * never a binary floating-point number), written with two decimals.
     */
    AMOUNT(false),
    /**
     * An instant ({@code Instant}, {@code ZonedDateTime} or {@code OffsetDateTime}), written as a date and
     * time in the policy's time zone.
     */
    DATE_TIME(false),
    /** A calendar day ({@code LocalDate}). */
    DATE(false),
    /** A length of time ({@code Duration}, not negative), such as the length of a recording. */
    DURATION(false),
    /** A whole number, not negative ({@code Integer}, {@code Long} or {@code BigInteger}). */
    COUNT(false),
    /** Free text ({@code String}, at most 2000 characters); may be shown masked (its first character). */
    TEXT(true),
    /** An {@code https} link ({@code String} or {@code URI}), without user information. */
    URL(false),
    /**
     * Categories of data ({@code DataCategory} values or their ids, in a {@code Collection}), each one
     * the policy declares; written with their names.
     */
    CATEGORY_LIST(false),
    /** A yes-or-no fact ({@code Boolean}), for a template's optional sentence. */
    FLAG(false);

    private final boolean maskable;

    PayloadKind(boolean maskable) {
        this.maskable = maskable;
    }

    /**
     * Whether a field of this kind may be declared {@code masked}.
     *
     * @return {@code true} for phone numbers, IP addresses and text
     */
    public boolean maskable() {
        return maskable;
    }
}
