package ro.clickphone.privacy.spi;

import java.time.Instant;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A worker's claim on the items it is about to process: a retention sweeper's records, a
 * notification dispatcher's outbox messages. The items are its own from {@code from} until
 * {@code until}; after that another worker may claim them again (the first one crashed, or was too
 * slow and must stop).
 *
 * @param owner who holds the lease: one id per sweep or dispatcher (letters, digits, {@code . _ : -}, at most 64)
 * @param from when the lease was taken, the sweeper's now
 * @param until when it expires; after {@code from}
 *
 * @since 0.1.0
 */
public record Lease(String owner, Instant from, Instant until) {

    private static final Syntax OWNER = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 64);

    /**
     * Validates the components.
     *
     * @param owner the owner, as the type describes it
     * @param from the start, as the type describes it
     * @param until the expiry, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, or {@code until} is not after {@code from}
     */
    public Lease {
        Checks.identifier(owner, "lease.owner", OWNER, "letters, digits, . _ : -, at most 64");
        Checks.notNull(from, "lease.from");
        Checks.notNull(until, "lease.until");
        if (!until.isAfter(from)) {
            throw new InvalidInputException("lease.until", "must be after lease.from");
        }
    }

    /**
     * Whether the lease still holds at an instant.
     *
     * @param now the instant
     * @return {@code true} if {@code now} is before {@link #until()}
     * @throws InvalidInputException if {@code now} is null
     */
    public boolean holdsAt(Instant now) {
        return Checks.notNull(now, "now").isBefore(until);
    }
}
