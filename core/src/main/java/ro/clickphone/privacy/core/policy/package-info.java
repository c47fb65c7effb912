/**
 * The privacy policy as data: what personal data the operator collects, why, on which legal basis,
 * who receives it, how long it is kept, which keys protect it and which notifications it sends.
 *
 * <p>A {@link ro.clickphone.privacy.core.policy.Policy} is one version of a policy document, loaded
 * and validated from JSON ({@link ro.clickphone.privacy.core.policy.Policy#clickPhoneDefault()} for
 * ClickPhone's own). A {@link ro.clickphone.privacy.core.policy.PolicyArchive} keeps every version,
 * as the policy promises, and says which purposes changed materially since a given version. The
 * {@link ro.clickphone.privacy.core.policy.RecordOfProcessing} (GDPR art. 30) is generated from a
 * policy. The document format is described in {@code docs/POLICY-FORMAT.md}.
 */
package ro.clickphone.privacy.core.policy;
