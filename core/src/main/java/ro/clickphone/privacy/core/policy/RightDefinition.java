package ro.clickphone.privacy.core.policy;

/**
 * A right of the data subject as the policy words it, with how to exercise it.
 *
 * @param right the right
 * @param description the policy's words
 * @param howToExercise the channel the policy names (the DPO's e-mail, the customer account)
 *
 * @since 0.1.0
 */
public record RightDefinition(DataSubjectRight right, String description, String howToExercise) {
}
