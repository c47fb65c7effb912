package ro.clickphone.privacy.core;

import java.time.Clock;
import java.time.Instant;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The one entry point of the ClickPhone Privacy SDK. Built once with {@link #builder()}, it wires
 * the policy, the clock and the plugins, and gives one accessor per capability. Each later
 * capability (keys and field encryption, pseudonyms, consent, retention, rights, notifications,
 * incidents, audit) adds its accessor and its builder options here, so a user has one thing to
 * build and to pass around.
 *
 * <p>Immutable and thread-safe once built. No static state: two kits in one JVM are independent.
 *
 * <pre>{@code
 * PrivacyKit kit = PrivacyKit.builder()
 *         .policy(Policy.clickPhoneDefault())
 *         .clock(Clock.systemUTC())
 *         .build();
 * PurposeDefinition marketing = kit.policy().purpose(Purpose.of("MARKETING"));
 * }</pre>
 */
public final class PrivacyKit {

    private final PolicyArchive policies;
    private final Clock clock;

    private PrivacyKit(Builder builder) {
        this.policies = builder.policies;
        this.clock = builder.clock;
    }

    /**
     * Starts building a kit.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The policy version in force now, by the kit's clock in the policy's time zone.
     *
     * @return the policy in force
     * @throws ConfigurationException if the clock has moved back before the first archived version
     */
    public Policy policy() {
        Instant now = clock.instant();
        return policies.inForceAt(now).orElseThrow(() -> new ConfigurationException(
                "No policy version is in force at " + now + "; the earliest takes effect on "
                        + policies.versions().get(0).version().effectiveFrom()));
    }

    /**
     * Every archived version of the policy.
     *
     * @return the archive
     */
    public PolicyArchive policies() {
        return policies;
    }

    /**
     * The clock every capability reads the time from.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "PrivacyKit[policies=" + policies + ", clock=" + clock + "]";
    }

    /**
     * Builds a {@link PrivacyKit}. Each option is checked when it is given and can be given once;
     * {@link #build()} checks that the options fit together. A builder is not thread-safe; the kit is.
     */
    public static final class Builder {

        private PolicyArchive policies;
        private Clock clock;

        private Builder() {
        }

        /**
         * The policy, as a single version. Required, unless {@link #policies(PolicyArchive)} is given.
         *
         * @param policy the policy, e.g. {@link Policy#clickPhoneDefault()}
         * @return this builder
         * @throws InvalidInputException if {@code policy} is null
         * @throws ConfigurationException if a policy was already given
         */
        public Builder policy(Policy policy) {
            if (policy == null) {
                throw new InvalidInputException("policy", "must not be null");
            }
            return policies(PolicyArchive.of(policy));
        }

        /**
         * The policy, with its archived earlier versions. Required, unless {@link #policy(Policy)} is given.
         *
         * @param archive every version of the policy
         * @return this builder
         * @throws InvalidInputException if {@code archive} is null
         * @throws ConfigurationException if a policy was already given
         */
        public Builder policies(PolicyArchive archive) {
            if (archive == null) {
                throw new InvalidInputException("policies", "must not be null");
            }
            if (this.policies != null) {
                throw new ConfigurationException("The policy was already set; give policy(...) or policies(...) once");
            }
            this.policies = archive;
            return this;
        }

        /**
         * The clock to read the time from. Optional: {@link Clock#systemUTC()} by default. Tests
         * give a fixed clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws InvalidInputException if {@code clock} is null
         * @throws ConfigurationException if a clock was already given
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new InvalidInputException("clock", "must not be null");
            }
            if (this.clock != null) {
                throw new ConfigurationException("The clock was already set; give clock(...) once");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Builds the kit.
         *
         * @return an immutable, thread-safe kit
         * @throws ConfigurationException if no policy was given, or no policy version is in force
         *     at the clock's current time
         */
        public PrivacyKit build() {
            if (policies == null) {
                throw new ConfigurationException("No policy: call policy(Policy.clickPhoneDefault()) for ClickPhone's"
                        + " own, or policy(Policy.load(inputStream)) for an operator's own document");
            }
            if (clock == null) {
                clock = Clock.systemUTC();
            }
            PrivacyKit kit = new PrivacyKit(this);
            kit.policy();
            return kit;
        }
    }
}
