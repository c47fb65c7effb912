package ro.clickphone.privacy.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.core.policy.PseudonymContextDefinition;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The CDR profiles {@code pseudonymize} knows by name, one per pseudonymization context of ClickPhone's
 * policy that a file export serves, and the small JSON format of a profile file:
 *
 * <pre>{@code
 * {
 *   "context": "analytics",
 *   "numbers": "ff1:3",
 *   "deviceIp": "crypto-pan",
 *   "start": "hour",
 *   "duration": "buckets"
 * }
 * }</pre>
 *
 * <p>Fields: {@code context} (required; a context the policy declares); {@code numbers} for the four
 * number columns, or {@code caller}, {@code callee}, {@code forwardedTo}, {@code smsDestination} one by
 * one ({@code ff1:N} keeping the country code and N national digits, {@code token}, {@code mask},
 * {@code drop}); {@code deviceIp} ({@code crypto-pan}, {@code truncate:V4BITS:V6BITS}, {@code mask},
 * {@code drop}); {@code start} ({@code hour}, {@code day}, {@code week}, {@code exact}, {@code drop});
 * {@code duration} ({@code buckets}, {@code exact}, {@code drop}); {@code defaultRegion} (default
 * {@code RO}); {@code zone} (default {@code Europe/Bucharest}). A field the profile does not name is
 * dropped. Errors name the field, never its value.
 *
 * <p>A profile must fit its context as the policy declares it ({@link #check}): every CDR column kept is
 * of a category the context declares (numbers, start and duration are {@code TRAFFIC}, the device IP
 * {@code NETWORK}), and a context whose pseudonyms may not be reversed (no re-identification reason)
 * takes no technique that the key reverses ({@code ff1}, {@code crypto-pan}).
 */
final class CdrProfiles {

    /** The built-in profiles, by name. */
    static final SortedMap<String, Map<String, String>> BUILT_IN = builtIn();

    private static final long MAX_BYTES = 64 * 1024;
    /** The category of the number, start and duration columns (and of record id, type, direction). */
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    /** The category of the device IP column. */
    static final DataCategory NETWORK = DataCategory.of("NETWORK");
    /**
     * Contexts no file profile may serve: ClickPhone's policy keeps the numbers of {@code partner_export}
     * in the token vault (subject keys and a store), which a file job does not have.
     */
    static final Set<String> VAULT_CONTEXTS = Set.of("partner_export");
    private static final List<String> NUMBER_FIELDS = List.of("caller", "callee", "forwardedTo", "smsDestination");
    private static final Set<String> FIELDS = Set.of("context", "numbers", "caller", "callee", "forwardedTo",
            "smsDestination", "deviceIp", "start", "duration", "defaultRegion", "zone");
    private static final Pattern FF1 = Pattern.compile("ff1:([0-9])");
    private static final Pattern TRUNCATE = Pattern.compile("truncate:([0-9]{1,2}):([0-9]{1,3})");
    private static final Pattern SHOWN_NAME = Pattern.compile("[A-Za-z_]{1,32}");

    private CdrProfiles() {
    }

    private static SortedMap<String, Map<String, String>> builtIn() {
        SortedMap<String, Map<String, String>> profiles = new TreeMap<>();
        profiles.put("analytics", Map.of("context", "analytics", "numbers", "ff1:3", "deviceIp", "crypto-pan",
                "start", "hour", "duration", "buckets"));
        profiles.put("fraud", Map.of("context", "fraud", "numbers", "ff1:3", "deviceIp", "crypto-pan",
                "start", "exact", "duration", "exact"));
        profiles.put("billing", Map.of("context", "billing", "numbers", "ff1:3", "start", "exact",
                "duration", "exact"));
        profiles.put("improvement", Map.of("context", "improvement", "numbers", "token", "deviceIp", "truncate:24:48",
                "start", "day", "duration", "buckets"));
        return Collections.unmodifiableSortedMap(profiles);
    }

    /**
     * The profile a {@code --profile} value names: a built-in name, else a profile file.
     *
     * @param nameOrFile the option's value
     * @return the profile
     * @throws BadInputException if it is neither, or the file is malformed
     */
    static CdrProfile resolve(String nameOrFile) {
        Map<String, String> builtIn = BUILT_IN.get(nameOrFile);
        if (builtIn != null) {
            return build(builtIn, "built-in profile " + nameOrFile);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.exists(file)) {
            throw new BadInputException("--profile: " + nameOrFile + " is neither a built-in profile "
                    + BUILT_IN.keySet() + " nor a file");
        }
        return build(read(file), "--profile " + file);
    }

    private static Map<String, String> read(Path file) {
        String where = "--profile " + file;
        JsonNode root = JsonFiles.read(file, "--profile", MAX_BYTES).root();
        if (root == null || !root.isObject()) {
            throw new BadInputException(where + ": must be a JSON object");
        }
        Map<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                String shown = SHOWN_NAME.matcher(field.getKey()).matches() ? field.getKey() : "(name not shown)";
                throw new BadInputException(where + ": unknown field " + shown + "; known fields are "
                        + new TreeSet<>(FIELDS));
            }
            if (!field.getValue().isTextual()) {
                throw new BadInputException(where + ": $." + field.getKey() + " must be a string");
            }
            fields.put(field.getKey(), field.getValue().asText());
        }
        return fields;
    }

    private static CdrProfile build(Map<String, String> fields, String where) {
        String context = fields.get("context");
        if (context == null) {
            throw new BadInputException(where + ": $.context is required (a pseudonymization context of the policy)");
        }
        try {
            CdrProfile.Builder builder = CdrProfile.builder(context);
            for (String field : NUMBER_FIELDS) {
                String value = fields.getOrDefault(field, fields.get("numbers"));
                if (value != null) {
                    numberSetter(builder, field).accept(number(value, where, fields.containsKey(field) ? field : "numbers"));
                }
            }
            ip(builder, fields.get("deviceIp"), where);
            start(builder, fields.get("start"), where);
            duration(builder, fields.get("duration"), where);
            if (fields.containsKey("defaultRegion")) {
                builder.defaultRegion(fields.get("defaultRegion"));
            }
            if (fields.containsKey("zone")) {
                builder.zone(zone(fields.get("zone"), where));
            }
            return builder.build();
        } catch (PrivacyException e) {
            // The SDK's messages name the rule, not the value.
            throw new BadInputException(where + ": " + e.getMessage(), e);
        }
    }

    private static Consumer<NumberTechnique> numberSetter(CdrProfile.Builder builder, String field) {
        return switch (field) {
            case "caller" -> builder::caller;
            case "callee" -> builder::callee;
            case "forwardedTo" -> builder::forwardedTo;
            default -> builder::smsDestination;
        };
    }

    private static NumberTechnique number(String value, String where, String field) {
        var ff1 = FF1.matcher(value);
        if (ff1.matches()) {
            return NumberTechnique.ff1(Integer.parseInt(ff1.group(1)));
        }
        return switch (value) {
            case "token" -> NumberTechnique.token();
            case "mask" -> NumberTechnique.mask();
            case "drop" -> NumberTechnique.drop();
            default -> throw new BadInputException(where + ": $." + field
                    + " must be ff1:N (N digits kept, 0 to 9), token, mask or drop");
        };
    }

    private static void ip(CdrProfile.Builder builder, String value, String where) {
        if (value == null) {
            return;
        }
        var truncate = TRUNCATE.matcher(value);
        if (truncate.matches()) {
            builder.deviceIp(new IpTechnique.Truncate(Integer.parseInt(truncate.group(1)),
                    Integer.parseInt(truncate.group(2))));
            return;
        }
        builder.deviceIp(switch (value) {
            case "crypto-pan" -> IpTechnique.cryptoPan();
            case "mask" -> IpTechnique.mask();
            case "drop" -> IpTechnique.drop();
            default -> throw new BadInputException(where
                    + ": $.deviceIp must be crypto-pan, truncate:V4BITS:V6BITS, mask or drop");
        });
    }

    private static void start(CdrProfile.Builder builder, String value, String where) {
        if (value == null || value.equals("drop")) {
            return;
        }
        switch (value) {
            case "exact" -> builder.exactStartTime();
            case "hour", "day", "week" -> builder.startTime(TimeGranularity.valueOf(value.toUpperCase(Locale.ROOT)));
            default -> throw new BadInputException(where + ": $.start must be hour, day, week, exact or drop");
        }
    }

    private static void duration(CdrProfile.Builder builder, String value, String where) {
        if (value == null || value.equals("drop")) {
            return;
        }
        switch (value) {
            case "exact" -> builder.exactDurations();
            case "buckets" -> builder.durations(DurationBuckets.callDurations());
            default -> throw new BadInputException(where + ": $.duration must be buckets, exact or drop");
        }
    }

    private static ZoneId zone(String value, String where) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new BadInputException(where + ": $.zone must be a time-zone id such as Europe/Bucharest", e);
        }
    }

    /**
     * Checks that a profile fits its context as the policy declares it.
     *
     * @param profile the profile
     * @param context the context's definition
     * @param where the profile's name or file, for messages
     * @throws BadInputException if the profile keeps a column of a category the context does not
     *     declare, reverses pseudonyms the context says may not be reversed, or serves a context a file
     *     job cannot
     */
    static void check(CdrProfile profile, PseudonymContextDefinition context, String where) {
        if (VAULT_CONTEXTS.contains(context.context())) {
            throw new BadInputException("--profile " + where + ": context " + context.context()
                    + " keeps its numbers in the token vault (subject keys and a store); a file job cannot serve it");
        }
        if (!context.categories().contains(TRAFFIC)) {
            throw new BadInputException("--profile " + where + ": context " + context.context()
                    + " does not declare TRAFFIC, the category of every CDR column");
        }
        if (!(profile.deviceIp() instanceof IpTechnique.Drop) && !context.categories().contains(NETWORK)) {
            throw new BadInputException("--profile " + where + ": $.deviceIp keeps a NETWORK value, a category context "
                    + context.context() + " does not declare; drop it");
        }
        if (context.reasons().isEmpty()) {
            for (int i = 0; i < NUMBER_FIELDS.size(); i++) {
                if (numbers(profile).get(i) instanceof NumberTechnique.Ff1) {
                    throw new BadInputException("--profile " + where + ": $." + NUMBER_FIELDS.get(i) + " is ff1, which"
                            + " the key reverses, and context " + context.context()
                            + " allows no re-identification; use token, mask or drop");
                }
            }
            if (profile.deviceIp() instanceof IpTechnique.CryptoPan) {
                throw new BadInputException("--profile " + where + ": $.deviceIp is crypto-pan, which the key reverses,"
                        + " and context " + context.context() + " allows no re-identification; use truncate, mask or drop");
            }
        }
    }

    private static List<NumberTechnique> numbers(CdrProfile profile) {
        return List.of(profile.caller(), profile.callee(), profile.forwardedTo(), profile.smsDestination());
    }

    /**
     * A one-line description of a profile, for the summary: techniques only, no key.
     *
     * @param profile the profile
     * @return e.g. {@code context analytics: numbers Ff1[keepLeadingDigits=3], device IP CryptoPan[] ...}
     */
    static String describe(CdrProfile profile) {
        return "context " + profile.context() + ": caller " + name(profile.caller()) + ", callee "
                + name(profile.callee()) + ", forwarded_to " + name(profile.forwardedTo()) + ", sms_destination "
                + name(profile.smsDestination()) + ", device_ip " + name(profile.deviceIp()) + ", start "
                + (!profile.keepStart() ? "dropped" : profile.startGranularity()
                        .map(g -> "cut to the " + g.name().toLowerCase(Locale.ROOT)).orElse("exact"))
                + ", duration " + (!profile.keepDuration() ? "dropped"
                        : profile.durationBuckets().isPresent() ? "in buckets" : "exact");
    }

    private static String name(Object technique) {
        if (technique instanceof NumberTechnique.Ff1 ff1) {
            return "FF1 keeping " + ff1.keepLeadingDigits() + " digits";
        }
        if (technique instanceof IpTechnique.Truncate t) {
            return "truncated to /" + t.ipv4Bits() + " and /" + t.ipv6Bits();
        }
        String simple = technique.getClass().getSimpleName();
        return switch (simple) {
            case "CryptoPan" -> "Crypto-PAn";
            case "Token" -> "keyed token";
            case "Mask" -> "masked";
            default -> "dropped";
        };
    }
}
