package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** The CDR rows' instant reader and writer give exactly what the JDK's {@link Instant} gives. */
class InstantsTest {

    private static String jdkParse(String text) {
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static String ourParse(String text) {
        try {
            return Instants.parse(text).toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    @Test
    void randomInstants_formatAndParse_asTheJdkDoes() {
        RandomCases.run(20_000, random -> {
            long seconds = switch (random.nextInt(4)) {
                case 0 -> random.nextLong(-40_000_000_000L, 260_000_000_000L);
                case 1 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
                default -> random.nextLong(0, 4_200_000_000L);
            };
            int nano = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String text = instant.toString();
            assertEquals(text, Instants.format(instant));
            assertEquals(instant, Instants.parse(text));
            // fractions of any length from 1 to 9 digits, as the JDK reads them
            int cut = random.nextInt(1, 10);
            String shorter = text.length() > 21 && text.charAt(19) == '.' && text.length() - 21 >= cut
                    ? text.substring(0, 20 + cut) + "Z" : text;
            assertEquals(jdkParse(shorter), ourParse(shorter));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T07:23:41Z", "2026-11-29T07:23:41.5Z", "2026-11-29T07:23:41.123456789Z",
        "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z",
        "2026-11-29T23:59:60Z", "2026-11-29t07:23:41z", "2026-11-29T07:23:41+02:00", "2026-11-29T07:23:41.Z",
        "2026-11-29T07:23:41.1234567890Z", "2026-11-29 07:23:41Z", "2026-11-29T07:23Z", "0999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-11-29T07:23:4١Z", "２026-11-29T07:23:41Z",
        "2026-1-29T07:23:41Z", "2026-11-29T07:23:41.-1Z", "2026-11-29T07:23:41.+1Z", "", "Z"})
    void oddAndMalformedInputs_areReadAsTheJdkReadsThem(String text) {
        assertEquals(jdkParse(text), ourParse(text));
    }
}
