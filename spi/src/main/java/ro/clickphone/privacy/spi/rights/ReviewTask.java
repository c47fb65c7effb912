package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.util.Optional;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A human review of an automated decision that a subject contested (GDPR art. 22(3)): the decision
 * reviewed, the subject's point of view (sealed by the kit under the subject's key), who reviews it,
 * and the recorded decision. Immutable; versioned like {@link RequestRecord}.
 *
 * @param id the task's id: the request's id with {@code rv-} in place of {@code rr-}
 * @param requestId the HUMAN_REVIEW request it belongs to
 * @param subject whose decision
 * @param decisionRef the platform's reference of the automated decision (an organisational id)
 * @param sealedViewpoint the subject's point of view, sealed under the subject's key
 * @param state where it stands
 * @param assignee the reviewer's staff id, once assigned
 * @param decision the decision, once decided
 * @param sealedRationale the reviewer's reasons, sealed under the subject's key, once decided
 * @param decidedAt when it was decided
 * @param version the version, 1 when created
 *
 * @since 0.1.0
 */
public record ReviewTask(String id, String requestId, SubjectId subject, String decisionRef, String sealedViewpoint,
        ReviewState state, Optional<String> assignee, Optional<ReviewDecision> decision,
        Optional<String> sealedRationale, Optional<Instant> decidedAt, long version) {

    private static final Syntax ID = Syntax.of("r", "a-z0-9-", 35, 35);
    private static final Syntax REFERENCE = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 64);

    /**
     * Checks the components.
     *
     * @param id the id, as the type describes it
     * @param requestId the requestId, as the type describes it
     * @param subject the subject, as the type describes it
     * @param decisionRef the decisionRef, as the type describes it
     * @param sealedViewpoint the sealedViewpoint, as the type describes it
     * @param state the state, as the type describes it
     * @param assignee the assignee, as the type describes it
     * @param decision the decision, as the type describes it
     * @param sealedRationale the sealedRationale, as the type describes it
     * @param decidedAt the decidedAt, as the type describes it
     * @param version the version, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, or the state and the
     *     optional fields disagree, or the id's hex digits are not the request's
     */
    public ReviewTask {
        Checks.identifier(id, "reviewTask.id", ID, "rv- and 32 lower-case hex digits");
        Checks.identifier(requestId, "reviewTask.requestId", ID, "rr- and 32 lower-case hex digits");
        if (!id.startsWith("rv-") || !requestId.startsWith("rr-") || !RequestRecord.hex(id, 3)
                || !id.substring(3).equals(requestId.substring(3))) {
            throw new InvalidInputException("reviewTask.id", "must be rv- and the request's hex digits");
        }
        Checks.notNull(subject, "reviewTask.subject");
        Checks.identifier(decisionRef, "reviewTask.decisionRef", REFERENCE, "letters, digits, . _ : / -, at most 64");
        Checks.notNull(sealedViewpoint, "reviewTask.sealedViewpoint");
        Checks.notNull(state, "reviewTask.state");
        Checks.notNull(assignee, "reviewTask.assignee");
        Checks.notNull(decision, "reviewTask.decision");
        Checks.notNull(sealedRationale, "reviewTask.sealedRationale");
        Checks.notNull(decidedAt, "reviewTask.decidedAt");
        if ((state == ReviewState.DECIDED) != (decision.isPresent() && decidedAt.isPresent())) {
            throw new InvalidInputException("reviewTask.decision", "must be present exactly when decided");
        }
        if (state == ReviewState.ASSIGNED && assignee.isEmpty()) {
            throw new InvalidInputException("reviewTask.assignee", "must be present when assigned");
        }
        if (version < 1) {
            throw new InvalidInputException("reviewTask.version", "must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "ReviewTask[" + id + ", " + state + decision.map(d -> ", " + d).orElse("") + ", v" + version + "]";
    }
}
