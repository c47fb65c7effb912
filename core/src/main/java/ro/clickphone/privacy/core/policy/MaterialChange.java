package ro.clickphone.privacy.core.policy;

import ro.clickphone.privacy.spi.Purpose;

/**
 * A material change of a purpose in this policy version compared with the previous one. Consent
 * given under an earlier version no longer covers the purpose: the subject is asked again.
 *
 * <p>A change that diminishes the subject's rights goes further: the policy promises "Drepturile
 * dvs. în baza acestei politici de confidențialitate nu vor fi diminuate fără consimțământul dvs.
 * explicit", so processing for the purpose, whatever its legal basis, waits for the subject's fresh
 * grant under this version or a later one. A purpose on a legal obligation or vital interests cannot
 * carry the mark (the loader refuses it): that processing does not wait for consent.
 *
 * @param purpose the purpose that changed
 * @param summary what changed
 * @param diminishesRights whether the change diminishes the subject's rights under the policy
 *
 * @since 0.1.0
 */
public record MaterialChange(Purpose purpose, String summary, boolean diminishesRights) {

    /**
     * A material change that does not diminish rights.
     *
     * @param purpose the purpose that changed
     * @param summary what changed
     */
    public MaterialChange(Purpose purpose, String summary) {
        this(purpose, summary, false);
    }
}
