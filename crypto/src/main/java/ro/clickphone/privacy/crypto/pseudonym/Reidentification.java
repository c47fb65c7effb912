package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * One re-identification, as handed to the {@link PseudonymAuthorizer} before the pseudonym is
 * reversed and again before the value is returned. Holds neither the pseudonym nor the value.
 *
 * @param technique the technique reversed
 * @param context the pseudonymization context
 * @param keyVersion the key version of the pseudonym; 0 for the token vault, whose tokens are random
 * @param reason who and why
 * @param subject the subject, where the technique knows it (the token vault does)
 *
 * @since 0.1.0
 */
public record Reidentification(Technique technique, String context, int keyVersion, ReidentificationReason reason,
        Optional<SubjectId> subject) {

    /**
     * Validates the event.
     *
     * @param technique the technique
     * @param context the context
     * @param keyVersion the key version
     * @param reason the reason
     * @param subject the subject
     * @throws InvalidInputException if a component is null
     */
    public Reidentification {
        if (technique == null || context == null || reason == null || subject == null) {
            throw new InvalidInputException("reidentification", "components must not be null");
        }
    }
}
