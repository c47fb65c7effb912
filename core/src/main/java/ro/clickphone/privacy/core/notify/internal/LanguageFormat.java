package ro.clickphone.privacy.core.notify.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How one language writes amounts, numbers, dates and lengths of time. Patterns are explicit, never
 * the JVM's locale defaults: the message reads the same on every server, and times are in the
 * policy's zone, never the JVM's.
 */
final class LanguageFormat {

    private static final LanguageFormat RO = new LanguageFormat("ro", Locale.forLanguageTag("ro-RO"), "", " lei");
    private static final LanguageFormat EN = new LanguageFormat("en", Locale.UK, "RON ", "");

    private final String language;
    private final Locale locale;
    private final String currencyBefore;
    private final String currencyAfter;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    private LanguageFormat(String language, Locale locale, String currencyBefore, String currencyAfter) {
        this.language = language;
        this.locale = locale;
        this.currencyBefore = currencyBefore;
        this.currencyAfter = currencyAfter;
        this.dateTime = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", locale);
        this.date = DateTimeFormatter.ofPattern("d MMMM yyyy", locale);
    }

    /** The format of a supported language ({@code ro} or {@code en}). */
    static LanguageFormat of(String language) {
        return switch (language) {
            case "ro" -> RO;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("unsupported language");
        };
    }

    String language() {
        return language;
    }

    /** A sum in lei with two decimals: {@code 1.234,50 lei}, {@code RON 1,234.50}. */
    String amount(BigDecimal value) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(locale));
        return currencyBefore + format.format(value) + currencyAfter;
    }

    /** A whole number with the language's grouping: {@code 1.234}, {@code 1,234}. */
    String count(BigInteger value) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(locale)).format(value);
    }

    /** An instant as a date and time in a zone: {@code 5 martie 2026, 12:00}. */
    String dateTime(Instant instant, ZoneId zone) {
        return dateTime.format(instant.atZone(zone));
    }

    /** A day: {@code 5 martie 2026}. */
    String date(LocalDate day) {
        return date.format(day);
    }

    /** A length of time: {@code 1 h 2 min 3 s}, {@code 45 s}. */
    String duration(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append(" h ");
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append(" min ");
        }
        return out.append(seconds).append(" s").toString();
    }
}
