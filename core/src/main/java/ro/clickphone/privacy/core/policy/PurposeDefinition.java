package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;

/**
 * A purpose of processing as the policy declares it.
 *
 * @param purpose the purpose
 * @param name a short human name
 * @param description what the processing does
 * @param legalBasis the lawful basis of GDPR art. 6(1)
 * @param legalReference the law or article behind the basis (e.g. {@code Codul fiscal}), or a
 *     reference to the contract
 * @param mandatory whether the processing is necessary and the subject cannot opt out of it; never
 *     true for a consent-based purpose
 * @param objection what an objection does; {@link ObjectionRule#NONE} unless the basis allows
 *     objection (art. 6(1)(e) or (f))
 * @param dataSubjects the ids of the {@link SubjectCategoryDefinition categories of data subjects}
 * @param categories the categories of data processed for the purpose
 * @param recipients the recipients the data may be disclosed to for the purpose
 * @param continuesWhenRestricted whether processing continues while the subject's processing is
 *     restricted (GDPR art. 18): set only on contract purposes the policy exempts, such as security
 *     alerts and contract notices; purposes on a legal obligation always continue
 * @param balancingTest for a purpose on legitimate interests, the balancing of the controller's
 *     interest against the subject's (GDPR art. 6(1)(f)); empty for every other basis
 *
 * @since 0.1.0
 */
public record PurposeDefinition(Purpose purpose, String name, String description, LegalBasis legalBasis,
        String legalReference, boolean mandatory, ObjectionRule objection, List<String> dataSubjects,
        List<DataCategory> categories, List<Recipient> recipients, boolean continuesWhenRestricted,
        Optional<String> balancingTest) {

    /**
     * Copies the lists so the definition stays immutable.
     *
     * @param purpose the purpose
     * @param name the name
     * @param description the description
     * @param legalBasis the legal basis
     * @param legalReference the legal reference
     * @param mandatory whether it is mandatory
     * @param objection the objection rule
     * @param dataSubjects the data subject category ids
     * @param categories the data categories
     * @param recipients the recipients
     * @param continuesWhenRestricted whether processing continues under a restriction
     * @param balancingTest the balancing test, for a purpose on legitimate interests
     * @throws InvalidInputException if a list or the balancing test is null,
     *     or a list holds null
     */
    public PurposeDefinition {
        dataSubjects = Lists.copy(dataSubjects, "purpose.dataSubjects");
        categories = Lists.copy(categories, "purpose.categories");
        recipients = Lists.copy(recipients, "purpose.recipients");
        if (balancingTest == null) {
            throw new InvalidInputException("purpose.balancingTest",
                    "must not be null; use Optional.empty()");
        }
    }

    /**
     * Whether processing for this purpose needs the subject's consent.
     *
     * @return {@code true} if the legal basis is consent
     */
    public boolean requiresConsent() {
        return legalBasis.requiresConsent();
    }

    /**
     * Whether the subject can stop processing for this purpose, by withdrawing consent or by objecting.
     *
     * @return {@code true} for consent-based purposes and for purposes with an absolute objection right
     */
    public boolean subjectCanStop() {
        return requiresConsent() || objection == ObjectionRule.ABSOLUTE;
    }
}
