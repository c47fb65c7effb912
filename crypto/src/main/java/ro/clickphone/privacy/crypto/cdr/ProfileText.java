package ro.clickphone.privacy.crypto.cdr;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.crypto.pseudonym.TokenFormat;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The canonical text of a {@link CdrProfile}, as a {@link PseudonymizationSpec} carries and seals it:
 * one {@code name=value} line per component in a fixed order, after the line {@code cdr-profile/v1}.
 * Equal profiles have equal texts; {@link #decode} accepts exactly what {@link #encode} writes.
 */
final class ProfileText {

    static final String HEADER = "cdr-profile/v1";
    private static final List<String> KEYS = List.of("context", "region", "zone", "caller", "callee", "forwardedTo",
            "smsDestination", "deviceIp", "start", "duration");

    private ProfileText() {
    }

    static String encode(CdrProfile profile) {
        StringBuilder text = new StringBuilder(256).append(HEADER).append('\n');
        line(text, "context", profile.context());
        line(text, "region", profile.defaultRegion());
        line(text, "zone", profile.zone().getId());
        line(text, "caller", number(profile.caller()));
        line(text, "callee", number(profile.callee()));
        line(text, "forwardedTo", number(profile.forwardedTo()));
        line(text, "smsDestination", number(profile.smsDestination()));
        line(text, "deviceIp", ip(profile.deviceIp()));
        line(text, "start", !profile.keepStart() ? "drop"
                : profile.startGranularity().map(TimeGranularity::name).orElse("exact"));
        String duration;
        if (!profile.keepDuration()) {
            duration = "drop";
        } else if (profile.durationBuckets().isEmpty()) {
            duration = "exact";
        } else {
            StringBuilder bounds = new StringBuilder("buckets:");
            for (Duration bound : profile.durationBuckets().get().upperBounds()) {
                bounds.append(bound).append(',');
            }
            duration = bounds.substring(0, bounds.length() - 1);
        }
        line(text, "duration", duration);
        return text.toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(value).append('\n');
    }

    private static String number(NumberTechnique technique) {
        if (technique instanceof NumberTechnique.Ff1 ff1) {
            return "ff1:" + ff1.keepLeadingDigits();
        }
        if (technique instanceof NumberTechnique.Token token) {
            return "token:" + token.format().alphabet().name() + ":" + token.format().characters();
        }
        return technique instanceof NumberTechnique.Mask ? "mask" : "drop";
    }

    private static String ip(IpTechnique technique) {
        if (technique instanceof IpTechnique.CryptoPan) {
            return "crypto-pan";
        }
        if (technique instanceof IpTechnique.Truncate truncate) {
            return "truncate:" + truncate.ipv4Bits() + ":" + truncate.ipv6Bits();
        }
        return technique instanceof IpTechnique.Mask ? "mask" : "drop";
    }

    /**
     * The profile a text describes.
     *
     * @throws IntegrityException if the text is not one {@link #encode} writes (a spec edited or damaged)
     */
    static CdrProfile decode(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text == null ? new String[0] : text.split("\n", -1);
        if (lines.length != KEYS.size() + 2 || !HEADER.equals(lines[0]) || !lines[lines.length - 1].isEmpty()) {
            throw malformed();
        }
        for (int i = 0; i < KEYS.size(); i++) {
            String line = lines[i + 1];
            String key = KEYS.get(i);
            if (!line.startsWith(key + "=")) {
                throw malformed();
            }
            values.put(key, line.substring(key.length() + 1));
        }
        try {
            String start = values.get("start");
            String duration = values.get("duration");
            CdrProfile profile = new CdrProfile(values.get("context"), values.get("region"),
                    ZoneId.of(values.get("zone")), number(values.get("caller")), number(values.get("callee")),
                    number(values.get("forwardedTo")), number(values.get("smsDestination")),
                    ip(values.get("deviceIp")), !"drop".equals(start),
                    "drop".equals(start) || "exact".equals(start) ? Optional.empty()
                            : Optional.of(TimeGranularity.valueOf(start)),
                    !"drop".equals(duration), buckets(duration));
            if (!encode(profile).equals(text)) {
                throw malformed();
            }
            return profile;
        } catch (PrivacyException | DateTimeException | IllegalArgumentException e) {
            if (e instanceof IntegrityException integrity) {
                throw integrity;
            }
            throw malformed();
        }
    }

    private static NumberTechnique number(String value) {
        String[] parts = value.split(":", -1);
        switch (parts[0]) {
            case "ff1":
                return parts.length == 2 ? NumberTechnique.ff1(Integer.parseInt(parts[1])) : fail();
            case "token":
                return parts.length == 3
                        ? new NumberTechnique.Token(new TokenFormat(TokenFormat.Alphabet.valueOf(parts[1]),
                                Integer.parseInt(parts[2])))
                        : fail();
            case "mask":
                return parts.length == 1 ? NumberTechnique.mask() : fail();
            case "drop":
                return parts.length == 1 ? NumberTechnique.drop() : fail();
            default:
                return fail();
        }
    }

    private static IpTechnique ip(String value) {
        String[] parts = value.split(":", -1);
        switch (parts[0]) {
            case "crypto-pan":
                return parts.length == 1 ? IpTechnique.cryptoPan() : fail();
            case "truncate":
                return parts.length == 3
                        ? new IpTechnique.Truncate(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]))
                        : fail();
            case "mask":
                return parts.length == 1 ? IpTechnique.mask() : fail();
            case "drop":
                return parts.length == 1 ? IpTechnique.drop() : fail();
            default:
                return fail();
        }
    }

    private static Optional<DurationBuckets> buckets(String value) {
        if ("drop".equals(value) || "exact".equals(value)) {
            return Optional.empty();
        }
        if (!value.startsWith("buckets:")) {
            return fail();
        }
        List<Duration> bounds = new ArrayList<>();
        try {
            for (String bound : value.substring("buckets:".length()).split(",", -1)) {
                bounds.add(Duration.parse(bound));
            }
        } catch (DateTimeParseException e) {
            return fail();
        }
        return Optional.of(DurationBuckets.of(bounds.toArray(new Duration[0])));
    }

    private static <T> T fail() {
        throw malformed();
    }

    private static IntegrityException malformed() {
        return new IntegrityException("The spec's CDR profile is not one a kit wrote (edited or damaged)");
    }
}
