package ro.clickphone.privacy.core.policy;

import ro.clickphone.privacy.spi.Purpose;

/**
 * A material change of a purpose in this policy version compared with the previous one. Consent
 * given under an earlier version no longer covers the purpose: the subject is asked again.
 *
 * @param purpose the purpose that changed
 * @param summary what changed
 *
 * @since 0.1.0
 */
public record MaterialChange(Purpose purpose, String summary) {
}
