package ro.clickphone.privacy.core.policy;

/**
 * A technical or organisational security measure the policy names (GDPR art. 32).
 *
 * @param id upper-case identifier, e.g. {@code DATA_ACCESS_CONTROL}
 * @param description the measure in words
 *
 * @since 0.1.0
 */
public record SecurityMeasure(String id, String description) {
}
