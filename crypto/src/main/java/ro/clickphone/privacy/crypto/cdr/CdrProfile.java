package ro.clickphone.privacy.crypto.cdr;

import java.time.ZoneId;
import java.util.Optional;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;

/**
 * Which technique the {@link CdrPseudonymizer} applies to which field of a
 * {@link CallDetailRecord}. Whatever the profile does not name is <b>dropped</b>: a field reaches
 * the output only when the profile says how.
 *
 * <pre>{@code
 * CdrProfile profile = CdrProfile.builder("analytics")
 *         .numbers(NumberTechnique.ff1(3))
 *         .deviceIp(IpTechnique.cryptoPan())
 *         .startTime(TimeGranularity.HOUR)
 *         .durations(DurationBuckets.callDurations())
 *         .build();
 * }</pre>
 *
 * @param context the pseudonymization context (its keys are the context's own)
 * @param defaultRegion the region of numbers logged in national form
 * @param zone the zone days and weeks are cut in
 * @param caller what happens to the caller
 * @param callee what happens to the callee
 * @param forwardedTo what happens to the forwarding number
 * @param smsDestination what happens to the SMS destination
 * @param deviceIp what happens to the device IP
 * @param keepStart whether the start time stays (cut to {@code startGranularity} if present)
 * @param startGranularity how coarsely the start time is cut, if at all
 * @param keepDuration whether the duration stays (bucketed by {@code durationBuckets} if present)
 * @param durationBuckets the duration buckets, if any
 *
 * @since 0.1.0
 */
public record CdrProfile(String context, String defaultRegion, ZoneId zone, NumberTechnique caller,
        NumberTechnique callee, NumberTechnique forwardedTo, NumberTechnique smsDestination, IpTechnique deviceIp,
        boolean keepStart, Optional<TimeGranularity> startGranularity, boolean keepDuration,
        Optional<DurationBuckets> durationBuckets) {


    /**
     * Validates the profile.
     *
     * @param context the context
     * @param defaultRegion the region
     * @param zone the zone
     * @param caller the caller technique
     * @param callee the callee technique
     * @param forwardedTo the forwarding technique
     * @param smsDestination the SMS destination technique
     * @param deviceIp the IP technique
     * @param keepStart whether the start stays
     * @param startGranularity the start granularity
     * @param keepDuration whether the duration stays
     * @param durationBuckets the buckets
     * @throws InvalidInputException if a component is null or malformed
     */
    public CdrProfile {
        if (!Names.isName(context)) {
            throw new InvalidInputException("context", "must be a lower-case name such as analytics");
        }
        // The region rule is PhoneOptions', the public one: the CDR model reaches no crypto internals.
        PhoneOptions.defaults().withDefaultRegion(defaultRegion);
        if (zone == null || caller == null || callee == null || forwardedTo == null || smsDestination == null
                || deviceIp == null || startGranularity == null || durationBuckets == null) {
            throw new InvalidInputException("profile", "components must not be null");
        }
    }

    /**
     * This profile applied in another pseudonymization context: the same techniques under that
     * context's keys.
     *
     * @param otherContext a lower-case name
     * @return the profile in that context (this one if it is the same)
     * @throws InvalidInputException if the context is malformed
     */
    public CdrProfile inContext(String otherContext) {
        if (context.equals(otherContext)) {
            return this;
        }
        return new CdrProfile(otherContext, defaultRegion, zone, caller, callee, forwardedTo, smsDestination, deviceIp,
                keepStart, startGranularity, keepDuration, durationBuckets);
    }

    /**
     * Starts a profile for a context; every field is dropped until a technique is named.
     *
     * @param context a lower-case name such as {@code analytics}
     * @return the builder
     * @throws InvalidInputException if the context is malformed
     */
    public static Builder builder(String context) {
        if (!Names.isName(context)) {
            throw new InvalidInputException("context", "must be a lower-case name such as analytics");
        }
        return new Builder(context);
    }

    /** Builds a {@link CdrProfile}; each option can be given once. Not thread-safe. */
    public static final class Builder {

        private final String context;
        private String defaultRegion;
        private ZoneId zone;
        private NumberTechnique caller;
        private NumberTechnique callee;
        private NumberTechnique forwardedTo;
        private NumberTechnique smsDestination;
        private IpTechnique deviceIp;
        private Boolean keepStart;
        private TimeGranularity startGranularity;
        private Boolean keepDuration;
        private DurationBuckets durationBuckets;

        private Builder(String context) {
            this.context = context;
        }

        private static <T> T once(T current, T value, String name) {
            if (value == null) {
                throw new InvalidInputException(name, "must not be null");
            }
            if (current != null) {
                throw new ConfigurationException("The " + name + " technique was already set");
            }
            return value;
        }

        /**
         * The same technique for all four number fields (caller, callee, forwarding, SMS destination).
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if one of them was already set
         */
        public Builder numbers(NumberTechnique technique) {
            caller(technique);
            callee(technique);
            forwardedTo(technique);
            return smsDestination(technique);
        }

        /**
         * The caller's technique.
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder caller(NumberTechnique technique) {
            caller = once(caller, technique, "caller");
            return this;
        }

        /**
         * The callee's technique.
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder callee(NumberTechnique technique) {
            callee = once(callee, technique, "callee");
            return this;
        }

        /**
         * The forwarding number's technique.
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder forwardedTo(NumberTechnique technique) {
            forwardedTo = once(forwardedTo, technique, "forwardedTo");
            return this;
        }

        /**
         * The SMS destination's technique.
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder smsDestination(NumberTechnique technique) {
            smsDestination = once(smsDestination, technique, "smsDestination");
            return this;
        }

        /**
         * The device IP's technique.
         *
         * @param technique the technique
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder deviceIp(IpTechnique technique) {
            deviceIp = once(deviceIp, technique, "deviceIp");
            return this;
        }

        /**
         * Keeps the start time, cut to a granularity.
         *
         * @param granularity hour, day or week
         * @return this builder
         * @throws ConfigurationException if the start time's treatment was already set
         */
        public Builder startTime(TimeGranularity granularity) {
            keepStart = once(keepStart, Boolean.TRUE, "startTime");
            startGranularity = once(null, granularity, "startTime");
            return this;
        }

        /**
         * Keeps the start time exactly.
         *
         * @return this builder
         * @throws ConfigurationException if the start time's treatment was already set
         */
        public Builder exactStartTime() {
            keepStart = once(keepStart, Boolean.TRUE, "startTime");
            return this;
        }

        /**
         * Keeps durations, bucketed.
         *
         * @param buckets the buckets
         * @return this builder
         * @throws ConfigurationException if the duration's treatment was already set
         */
        public Builder durations(DurationBuckets buckets) {
            keepDuration = once(keepDuration, Boolean.TRUE, "duration");
            durationBuckets = once(null, buckets, "duration");
            return this;
        }

        /**
         * Keeps durations exactly, in whole seconds.
         *
         * @return this builder
         * @throws ConfigurationException if the duration's treatment was already set
         */
        public Builder exactDurations() {
            keepDuration = once(keepDuration, Boolean.TRUE, "duration");
            return this;
        }

        /**
         * The region of numbers logged in national form. Optional: {@code RO}.
         *
         * @param region a region code
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder defaultRegion(String region) {
            defaultRegion = once(defaultRegion, region, "defaultRegion");
            return this;
        }

        /**
         * The zone days and weeks are cut in. Optional: {@code Europe/Bucharest}.
         *
         * @param zoneId the zone
         * @return this builder
         * @throws ConfigurationException if already set
         */
        public Builder zone(ZoneId zoneId) {
            zone = once(zone, zoneId, "zone");
            return this;
        }

        /**
         * Builds the profile.
         *
         * @return the profile
         * @throws InvalidInputException if the region is unknown
         */
        public CdrProfile build() {
            return new CdrProfile(context, defaultRegion == null ? "RO" : defaultRegion,
                    zone == null ? ZoneId.of("Europe/Bucharest") : zone, orDrop(caller), orDrop(callee),
                    orDrop(forwardedTo), orDrop(smsDestination), deviceIp == null ? IpTechnique.drop() : deviceIp,
                    keepStart != null, Optional.ofNullable(startGranularity), keepDuration != null,
                    Optional.ofNullable(durationBuckets));
        }

        private static NumberTechnique orDrop(NumberTechnique technique) {
            return technique == null ? NumberTechnique.drop() : technique;
        }
    }
}
