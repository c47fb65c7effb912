package ro.clickphone.privacy.crypto;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * When a per-subject data key version retires itself: after a number of messages (encryptions) or
 * an age, the next encryption of its (subject, key scope) goes under a new version automatically,
 * and values encrypted under the old one still decrypt. Set per key scope with
 * {@link KeySettings#withRotation(ro.clickphone.privacy.spi.KeyScope, RotationPolicy)}, or for every
 * scope with {@link KeySettings#withRotation(RotationPolicy)}; {@link #defaults()} applies otherwise.
 *
 * <p><b>The defaults and why</b> ({@link #defaults()}):
 * <ul>
 *   <li><b>{@value #DEFAULT_MAX_MESSAGES} messages</b> (2<sup>32</sup>): field values are sealed with
 *       AES-256-GCM under random 96-bit nonces, and NIST SP 800-38D, §8.3, allows at most
 *       2<sup>32</sup> invocations of the authenticated encryption function per key with random
 *       nonces (beyond that, the chance of a repeated nonce, which reveals the XOR of two plaintexts
 *       and lets the GHASH key be recovered, exceeds 2<sup>-32</sup>). The SDK counts reservations,
 *       which bound the encryptions made from above (uses an instance reserved but never made are
 *       counted too), so the bound holds with the limit set at the bound itself. AES-256-GCM-SIV
 *       fields share their scope's data key with AES-256-GCM fields and are counted against the same
 *       limit, although RFC 8452, §9, allows far more messages per key. A streaming encryption
 *       counts as one message: each stream seals its segments under a key of its own, derived with
 *       HKDF from the data key and a random 128-bit salt, so the data key itself only feeds the
 *       derivation.</li>
 *   <li><b>365 days</b> ({@link #DEFAULT_MAX_AGE}): NIST SP 800-57 Part 1 Rev. 5, §5.3.6, suggests
 *       an originator-usage period of at most two years for a symmetric data-encryption key; a
 *       year keeps well inside it and matches the yearly automatic rotation of the common cloud key
 *       services. A rotation costs one new wrapped key per (subject, scope) that writes again, and
 *       nothing for the values already stored (they keep their version until re-encrypted).</li>
 * </ul>
 *
 * <p><b>Warning:</b> {@link #none()} turns counting and ageing off for a scope: for benchmarks and
 * for scopes whose keys are rotated by other means (a scheduled {@link EnvelopeKeys#rotate} or
 * re-encryption job). Not recommended: nothing then stops a busy key from passing the
 * 2<sup>32</sup> bound. The age limit is enforced within the key cache's staleness bound (an
 * instance reads the key's creation time when it loads the key, at least once per staleness
 * period); the message limit exactly.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RotationPolicy {

    /** The default message limit: 2<sup>32</sup>, NIST SP 800-38D §8.3's bound for random 96-bit nonces. */
    public static final long DEFAULT_MAX_MESSAGES = 1L << 32;
    /** The default age limit: 365 days, inside NIST SP 800-57's two-year originator-usage period. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);
    /** The largest message limit: AES-GCM with random nonces may not go beyond 2<sup>32</sup>. */
    public static final long MAX_MESSAGES = 1L << 32;
    /** The shortest age limit. */
    public static final Duration MIN_AGE = Duration.ofSeconds(1);
    /** The longest age limit: 100 years. */
    public static final Duration MAX_AGE = Duration.ofDays(36_525);

    private static final RotationPolicy DEFAULTS = new RotationPolicy(DEFAULT_MAX_AGE, DEFAULT_MAX_MESSAGES);
    private static final RotationPolicy NONE = new RotationPolicy(null, 0);

    /** Null when ages are not limited. */
    private final Duration maxAge;
    /** 0 when messages are not limited. */
    private final long maxMessages;

    private RotationPolicy(Duration maxAge, long maxMessages) {
        this.maxAge = maxAge;
        this.maxMessages = maxMessages;
    }

    /**
     * The default policy: 2<sup>32</sup> messages or 365 days, whichever comes first.
     *
     * @return the policy
     */
    public static RotationPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * No limit at all: keys are neither counted nor aged. For benchmarks and special cases; not
     * recommended (see the class's warning).
     *
     * @return the policy
     */
    public static RotationPolicy none() {
        return NONE;
    }

    /**
     * A policy with both limits.
     *
     * @param maxAge how long after its creation a key version takes new values, {@link #MIN_AGE}
     *     to {@link #MAX_AGE}
     * @param maxMessages how many values a key version encrypts, 1 to {@value #MAX_MESSAGES}
     * @return the policy
     * @throws InvalidInputException if a limit is null or out of range
     */
    public static RotationPolicy of(Duration maxAge, long maxMessages) {
        return new RotationPolicy(checkAge(maxAge), checkMessages(maxMessages));
    }

    /**
     * A copy with another age limit (the message limit stays, or stays off).
     *
     * @param age how long after its creation a key version takes new values, {@link #MIN_AGE} to
     *     {@link #MAX_AGE}
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public RotationPolicy withMaxAge(Duration age) {
        return new RotationPolicy(checkAge(age), maxMessages);
    }

    /**
     * A copy with another message limit (the age limit stays, or stays off).
     *
     * @param messages how many values a key version encrypts, 1 to {@value #MAX_MESSAGES}
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public RotationPolicy withMaxMessages(long messages) {
        return new RotationPolicy(maxAge, checkMessages(messages));
    }

    private static Duration checkAge(Duration age) {
        if (age == null || age.compareTo(MIN_AGE) < 0 || age.compareTo(MAX_AGE) > 0) {
            throw new InvalidInputException("maxAge", "must be between 1 second and 100 years");
        }
        return age;
    }

    private static long checkMessages(long messages) {
        if (messages < 1 || messages > MAX_MESSAGES) {
            throw new InvalidInputException("maxMessages", "must be between 1 and " + MAX_MESSAGES
                    + " (NIST SP 800-38D's bound for AES-GCM with random nonces)");
        }
        return messages;
    }

    /**
     * The age limit.
     *
     * @return how long after its creation a key version takes new values; empty if ages are not limited
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * The message limit.
     *
     * @return how many values a key version encrypts; empty if messages are not limited
     */
    public OptionalLong maxMessages() {
        return maxMessages == 0 ? OptionalLong.empty() : OptionalLong.of(maxMessages);
    }

    /** The message limit, or {@link Long#MAX_VALUE} when messages are not counted: for the key manager. */
    long messageLimit() {
        return maxMessages == 0 ? Long.MAX_VALUE : maxMessages;
    }

    /** Whether encryptions are counted. */
    boolean counts() {
        return maxMessages != 0;
    }

    /** The age limit, or null: for the key manager. */
    Duration ageLimit() {
        return maxAge;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RotationPolicy p && maxMessages == p.maxMessages && Objects.equals(maxAge, p.maxAge);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maxMessages) * 31 + Objects.hashCode(maxAge);
    }

    @Override
    public String toString() {
        if (maxAge == null && maxMessages == 0) {
            return "RotationPolicy[none]";
        }
        return "RotationPolicy[maxAge=" + (maxAge == null ? "unlimited" : maxAge) + ", maxMessages="
                + (maxMessages == 0 ? "unlimited" : Long.toString(maxMessages)) + "]";
    }
}
