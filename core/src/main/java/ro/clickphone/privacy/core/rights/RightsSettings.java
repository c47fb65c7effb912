package ro.clickphone.privacy.core.rights;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.IdentityVerifier;
import ro.clickphone.privacy.spi.rights.RecipientNotifier;

/**
 * How {@code kit.rights()} works: who verifies identities, how recipients are told about a
 * rectification, erasure or restriction (GDPR art. 19), where completed erasures are recorded apart
 * from the main stores, which public holidays move a deadline, and how long a worker's claim on a
 * request lasts. Given to the kit builder as {@code .rights(settings)}; {@link #defaults()} without it.
 * Immutable; each {@code with...} returns a changed copy.
 *
 * <p>The erasure ledger is given here, not in the stores bundle, on purpose: restoring a backup of the
 * main stores must not roll it back, so it lives in another database or a file. Without one, erasure
 * requests are refused ({@link ro.clickphone.privacy.spi.ConfigurationException}) and every other right works.
 *
 * @since 0.1.0
 */
public final class RightsSettings {

    /** The default lease of a worker's claim on a request. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private static final Pattern WORKER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final IdentityVerifier verifier;
    private final RecipientNotifier recipients;
    private final ErasureLedger erasureLedger;
    private final PublicHolidays holidays;
    private final Duration lease;
    private final String workerId;

    private RightsSettings(IdentityVerifier verifier, RecipientNotifier recipients, ErasureLedger erasureLedger,
            PublicHolidays holidays, Duration lease, String workerId) {
        this.verifier = verifier;
        this.recipients = recipients;
        this.erasureLedger = erasureLedger;
        this.holidays = holidays;
        this.lease = lease;
        this.workerId = workerId;
    }

    /**
     * The defaults: {@link IdentityVerifier#accountSession()}, no recipient notifier (each recipient
     * to tell is then audited as not told), no erasure ledger, {@link PublicHolidays#romania()}, a
     * lease of {@link #DEFAULT_LEASE}, and a random worker id.
     *
     * @return the settings
     */
    public static RightsSettings defaults() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return new RightsSettings(IdentityVerifier.accountSession(), null, null, PublicHolidays.romania(),
                DEFAULT_LEASE, "worker-" + HexFormat.of().formatHex(random));
    }

    /**
     * These settings with another identity verifier.
     *
     * @param next the verifier
     * @return a new value
     * @throws InvalidInputException if {@code next} is null
     */
    public RightsSettings withVerifier(IdentityVerifier next) {
        return new RightsSettings(notNull(next, "verifier"), recipients, erasureLedger, holidays, lease, workerId);
    }

    /**
     * These settings with the hook that tells recipients about a rectification, erasure or restriction.
     *
     * @param next the notifier
     * @return a new value
     * @throws InvalidInputException if {@code next} is null
     */
    public RightsSettings withRecipientNotifier(RecipientNotifier next) {
        return new RightsSettings(verifier, notNull(next, "recipientNotifier"), erasureLedger, holidays, lease,
                workerId);
    }

    /**
     * These settings with the erasure ledger, kept apart from the main stores.
     *
     * @param next the ledger
     * @return a new value
     * @throws InvalidInputException if {@code next} is null
     */
    public RightsSettings withErasureLedger(ErasureLedger next) {
        return new RightsSettings(verifier, recipients, notNull(next, "erasureLedger"), holidays, lease, workerId);
    }

    /**
     * These settings with other public holidays (an operator's own, or {@link PublicHolidays#none()}).
     *
     * @param next the holidays
     * @return a new value
     * @throws InvalidInputException if {@code next} is null
     */
    public RightsSettings withHolidays(PublicHolidays next) {
        return new RightsSettings(verifier, recipients, erasureLedger, notNull(next, "holidays"), lease, workerId);
    }

    /**
     * These settings with another lease: how long a worker's claim on a request lasts before another
     * worker may take the request over.
     *
     * @param next the lease, from one second to one day
     * @return a new value
     * @throws InvalidInputException if {@code next} is null or out of range
     */
    public RightsSettings withLease(Duration next) {
        notNull(next, "lease");
        if (next.compareTo(Duration.ofSeconds(1)) < 0 || next.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("rightsSettings.lease", "must be from one second to one day");
        }
        return new RightsSettings(verifier, recipients, erasureLedger, holidays, next, workerId);
    }

    /**
     * These settings with another worker id: the owner of this kit's leases (a host name, a pod name).
     * Each run's lease is owned by the id's first 47 characters and a random part, so two runs of one
     * worker never take each other's lease for their own.
     *
     * @param next lower-case letters, digits and {@code . _ -}, at most 64
     * @return a new value
     * @throws InvalidInputException if {@code next} is null or malformed
     */
    public RightsSettings withWorkerId(String next) {
        notNull(next, "workerId");
        if (!WORKER.matcher(next).matches()) {
            throw new InvalidInputException("rightsSettings.workerId",
                    "must be lower-case letters, digits and . _ -, at most 64");
        }
        return new RightsSettings(verifier, recipients, erasureLedger, holidays, lease, next);
    }

    /**
     * The identity verifier.
     *
     * @return the verifier
     */
    public IdentityVerifier verifier() {
        return verifier;
    }

    /**
     * The recipient notifier.
     *
     * @return the notifier, or empty
     */
    public Optional<RecipientNotifier> recipientNotifier() {
        return Optional.ofNullable(recipients);
    }

    /**
     * The erasure ledger.
     *
     * @return the ledger, or empty
     */
    public Optional<ErasureLedger> erasureLedger() {
        return Optional.ofNullable(erasureLedger);
    }

    /**
     * The public holidays on which no deadline ends.
     *
     * @return the holidays
     */
    public PublicHolidays holidays() {
        return holidays;
    }

    /**
     * The lease of a worker's claim.
     *
     * @return the lease
     */
    public Duration lease() {
        return lease;
    }

    /**
     * The worker id this kit claims requests as.
     *
     * @return the id
     */
    public String workerId() {
        return workerId;
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException("rightsSettings." + name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RightsSettings[lease=" + lease + ", worker=" + workerId + ", recipientNotifier="
                + (recipients != null) + ", erasureLedger=" + (erasureLedger != null) + "]";
    }
}
