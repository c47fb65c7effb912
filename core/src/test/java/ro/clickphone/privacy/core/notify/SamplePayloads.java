package ro.clickphone.privacy.core.notify;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.spi.DataCategory;

/**
 * A payload for every notification type, built from the policy's declaration: one value per field,
 * each distinct (so a test can tell which field a text came from) and shaped like the real thing.
 */
public final class SamplePayloads {

    /** The instant every DATE_TIME field holds: 12:00 in Bucharest (EET, UTC+2). */
    public static final Instant WINTER = Instant.parse("2026-03-05T10:00:00Z");

    private SamplePayloads() {
    }

    /** The phone number of the i-th PHONE field. */
    public static String phone(int i) {
        return "+4072" + (1234560 + i);
    }

    /** The IP address of the i-th IP_ADDRESS field. */
    public static String ip(int i) {
        return "192.168.10." + (70 + i);
    }

    /**
     * A payload with every field of a type (optional ones too, when {@code withOptional}).
     *
     * @param type the type
     * @param withOptional whether to fill the optional fields
     * @return the payload, in declaration order
     */
    public static Map<String, Object> of(NotificationTypeDefinition type, boolean withOptional) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        for (PayloadField field : type.payload()) {
            i++;
            if (field.optional() && !withOptional) {
                continue;
            }
            out.put(field.name(), switch (field.kind()) {
                case PHONE -> phone(i);
                case IP_ADDRESS -> ip(i);
                case AMOUNT -> new BigDecimal("1234.5").add(BigDecimal.valueOf(i));
                case DATE_TIME -> WINTER;
                case DATE -> LocalDate.of(2026, 4, i);
                case DURATION -> Duration.ofSeconds(120 + i);
                case COUNT -> 1230L + i;
                // the renderer's coded fields take a code of their label file, not free text
                case TEXT -> field.name().equals("requestType") ? "ACCESS"
                        : field.name().equals("refusalReason") ? "LEGAL_RETENTION" : "Text-" + field.name() + " " + i;
                case URL -> URI.create("https://www.clickphone.ro/r/" + field.name() + i);
                case CATEGORY_LIST -> List.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC"));
                case FLAG -> Boolean.TRUE;
            });
        }
        return out;
    }
}
