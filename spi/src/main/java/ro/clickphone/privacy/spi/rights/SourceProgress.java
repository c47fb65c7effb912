package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * How far one source is in carrying out a request, persisted with the request so that running it
 * again resumes at the unfinished sources only: a source whose status is {@link SourceStatus#DONE} is
 * never called again for the request.
 *
 * @param source the source's name
 * @param status where it stands
 * @param attempts how many times it was tried
 * @param lastFailure the class of the last failure's exception (never its message), when the last
 *     try failed
 * @param doneAt when it was done
 * @param outcomes what it did, per category (empty until done)
 *
 * @since 0.1.0
 */
public record SourceProgress(String source, SourceStatus status, int attempts, Optional<String> lastFailure,
        Optional<Instant> doneAt, List<CategoryOutcome> outcomes) {

    /** A Java class name: never an exception's message, which may carry personal data. */
    private static final Syntax CLASS_NAME = Syntax.of("A-Za-z_$", "A-Za-z0-9_$.", 1, 256);

    /**
     * Checks and copies the components.
     *
     * @param source the source, as the type describes it
     * @param status the status, as the type describes it
     * @param attempts the attempts, as the type describes it
     * @param lastFailure the lastFailure, as the type describes it
     * @param doneAt the doneAt, as the type describes it
     * @param outcomes the outcomes, as the type describes it
     * @throws InvalidInputException if a component is null, the attempts are negative, a done source
     *     has no time, or the last failure is not a class name (a message would be)
     */
    public SourceProgress {
        Checks.text(source, "sourceProgress.source", 64);
        Checks.notNull(status, "sourceProgress.status");
        if (attempts < 0) {
            throw new InvalidInputException("sourceProgress.attempts", "must not be negative");
        }
        Checks.notNull(lastFailure, "sourceProgress.lastFailure");
        lastFailure.ifPresent(f -> Checks.identifier(f, "sourceProgress.lastFailure", CLASS_NAME,
                "an exception's class name (letters, digits, . _ $), at most 256"));
        Checks.notNull(doneAt, "sourceProgress.doneAt");
        if (status == SourceStatus.DONE && doneAt.isEmpty()) {
            throw new InvalidInputException("sourceProgress.doneAt", "must be present for a done source");
        }
        outcomes = Checks.noNulls(outcomes, "sourceProgress.outcomes");
    }

    /**
     * A source not tried yet.
     *
     * @param source its name
     * @return the progress
     */
    public static SourceProgress pending(String source) {
        return new SourceProgress(source, SourceStatus.PENDING, 0, Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * This source after a failed try.
     *
     * @param failure the exception's class name
     * @return the progress
     */
    public SourceProgress failed(String failure) {
        return new SourceProgress(source, SourceStatus.PENDING, attempts + 1, Optional.of(failure), Optional.empty(),
                List.of());
    }

    /**
     * This source done.
     *
     * @param at when
     * @param outcomes what it did
     * @return the progress
     */
    public SourceProgress done(Instant at, List<CategoryOutcome> outcomes) {
        return new SourceProgress(source, SourceStatus.DONE, attempts + 1, Optional.empty(), Optional.of(at),
                outcomes);
    }
}
