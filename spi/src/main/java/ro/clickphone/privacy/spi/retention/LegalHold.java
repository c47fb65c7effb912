package ro.clickphone.privacy.spi.retention;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A legal hold: while it stands, no record within its scope is disposed of, however overdue ("în
 * cazul în care au loc investigații, termenele se prelungesc pe durata necesară"). Releasing it
 * makes the records it kept due again at once when their date has passed.
 *
 * <p>{@link #toString()} prints the id, the scope's kind and whether it stands; never the reason or
 * the case reference, which may name people.
 *
 * @param id the hold's id: letters, digits and {@code -}, at most 64 characters
 * @param scope what the hold keeps
 * @param reason why, in a few words (at most 500 characters)
 * @param caseReference the investigation or proceeding (at most 200 characters)
 * @param placedAt when the hold was placed
 * @param releasedAt when it was released, if it was
 *
 * @since 0.1.0
 */
public record LegalHold(String id, HoldScope scope, String reason, String caseReference, Instant placedAt,
        Optional<Instant> releasedAt) {

    private static final Syntax ID = Syntax.of("A-Za-z0-9", "A-Za-z0-9-", 1, 64);

    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @param scope the scope, as the type describes it
     * @param reason the reason, as the type describes it
     * @param caseReference the case reference, as the type describes it
     * @param placedAt the placing time, as the type describes it
     * @param releasedAt the release time, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, or the release is before
     *     the placing; the message names the component, never its value
     */
    public LegalHold {
        Checks.identifier(id, "hold.id", ID, "letters, digits and -, at most 64");
        Checks.notNull(scope, "hold.scope");
        Checks.text(reason, "hold.reason", 500);
        Checks.text(caseReference, "hold.caseReference", 200);
        Checks.notNull(placedAt, "hold.placedAt");
        Checks.notNull(releasedAt, "hold.releasedAt");
        if (releasedAt.filter(placedAt::isAfter).isPresent()) {
            throw new InvalidInputException("hold.releasedAt", "must not be before the hold was placed");
        }
    }

    /**
     * Whether the hold stands.
     *
     * @return {@code true} until released
     */
    public boolean isActive() {
        return releasedAt.isEmpty();
    }

    /**
     * This hold, released.
     *
     * @param at when
     * @return the released hold
     * @throws InvalidInputException if {@code at} is null or before the placing, or the hold was released already
     */
    public LegalHold released(Instant at) {
        Checks.notNull(at, "at");
        if (!isActive()) {
            throw new InvalidInputException("hold", "was released already");
        }
        return new LegalHold(id, scope, reason, caseReference, placedAt, Optional.of(at));
    }

    /**
     * The id, the scope and whether the hold stands.
     *
     * @return e.g. {@code LegalHold[h-1, HoldScope[SUBJECT], active]}
     */
    @Override
    public String toString() {
        return "LegalHold[" + id + ", " + scope + ", " + (isActive() ? "active" : "released") + "]";
    }
}
