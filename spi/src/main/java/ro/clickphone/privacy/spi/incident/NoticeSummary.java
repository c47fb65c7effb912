package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The notices to subjects about one incident, counted: what the deadline scan needs without reading
 * every notice (a breach of a million subscribers has a million).
 *
 * @param planned how many notices are planned, sent or not
 * @param sent how many of them were sent
 * @param firstSentAt when the earliest was sent, if any was
 * @param lastSentAt when the latest was sent, if any was
 *
 * @since 0.1.0
 */
public record NoticeSummary(long planned, long sent, Optional<Instant> firstSentAt, Optional<Instant> lastSentAt) {

    /** No notice planned. */
    public static final NoticeSummary NONE = new NoticeSummary(0, 0, Optional.empty(), Optional.empty());

    /**
     * Validates the components.
     *
     * @param planned the count planned, as the type describes it
     * @param sent the count sent, as the type describes it
     * @param firstSentAt the earliest sending, as the type describes it
     * @param lastSentAt the latest sending, as the type describes it
     * @throws InvalidInputException if a component is null, a count negative, more are sent than
     *     planned, the times are present other than exactly when one was sent, or the first is after
     *     the last
     */
    public NoticeSummary {
        if (planned < 0 || sent < 0 || sent > planned) {
            throw new InvalidInputException("noticeSummary.sent", "must be between 0 and the notices planned");
        }
        if (firstSentAt == null || lastSentAt == null) {
            throw new InvalidInputException("noticeSummary.sentAt", "must not be null");
        }
        if (firstSentAt.isPresent() != (sent > 0) || lastSentAt.isPresent() != (sent > 0)) {
            throw new InvalidInputException("noticeSummary.sentAt", "is present exactly when a notice was sent");
        }
        if (firstSentAt.isPresent() && firstSentAt.get().isAfter(lastSentAt.get())) {
            throw new InvalidInputException("noticeSummary.firstSentAt", "must not be after noticeSummary.lastSentAt");
        }
    }

    /**
     * Whether every planned notice was sent, and at least one was planned.
     *
     * @return {@code true} if some were planned and all of them sent
     */
    public boolean allSent() {
        return planned > 0 && sent == planned;
    }
}
