package ro.clickphone.privacy.core.policy;

/**
 * A category of data subjects (GDPR art. 30(1)(c)): customers, shipping recipients, the other
 * party of a call, web site visitors.
 *
 * @param id upper-case identifier, e.g. {@code CUSTOMER}
 * @param description who they are
 *
 * @since 0.1.0
 */
public record SubjectCategoryDefinition(String id, String description) {
}
