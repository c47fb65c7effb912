package ro.clickphone.privacy.core.rights;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.ReviewDecision;
import ro.clickphone.privacy.spi.rights.ReviewState;

/**
 * A human review's details opened for its reviewer ({@link Rights#reviewDetails}): the automated
 * decision's reference, the subject's point of view and, once decided, the decision and the reviewer's
 * rationale. The texts are the subject's personal data: {@link #toString()} names the task, the request,
 * the state and the decision only. Immutable.
 *
 * @param taskId the review task's id
 * @param requestId the HUMAN_REVIEW request it belongs to
 * @param state where the review stands
 * @param decisionRef the platform's reference of the automated decision
 * @param viewpoint the subject's point of view, opened
 * @param decision the decision, once decided
 * @param rationale the reviewer's reasons, opened, once decided
 * @since 0.1.0
 */
public record ReviewDetails(String taskId, String requestId, ReviewState state, String decisionRef, String viewpoint,
        Optional<ReviewDecision> decision, Optional<String> rationale) {

    /**
     * Checks the components.
     *
     * @param taskId the review task's id
     * @param requestId the HUMAN_REVIEW request it belongs to
     * @param state where the review stands
     * @param decisionRef the platform's reference of the automated decision
     * @param viewpoint the subject's point of view, opened
     * @param decision the decision, once decided
     * @param rationale the reviewer's reasons, opened, once decided
     * @throws InvalidInputException if a component is null
     */
    public ReviewDetails {
        if (taskId == null || requestId == null || state == null || decisionRef == null || viewpoint == null
                || decision == null || rationale == null) {
            throw new InvalidInputException("reviewDetails", "no component may be null");
        }
    }

    /**
     * The task, request, state and decision; never the decision's reference, the point of view or the
     * rationale.
     *
     * @return a text without personal data
     */
    @Override
    public String toString() {
        return "ReviewDetails[" + taskId + ", " + requestId + ", " + state + ", decision="
                + decision.map(Enum::name).orElse("none") + ", texts hidden]";
    }
}
