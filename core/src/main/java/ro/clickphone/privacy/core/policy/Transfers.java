package ro.clickphone.privacy.core.policy;

/**
 * What the policy says about transfers of personal data to third countries (GDPR chapter V).
 *
 * @param outsideEea whether any data leaves the European Economic Area; when false, every recipient
 *     and every processing location is in an EEA country, which the policy loader checks
 * @param statement the policy's own words on transfers
 *
 * @since 0.1.0
 */
public record Transfers(boolean outsideEea, String statement) {
}
