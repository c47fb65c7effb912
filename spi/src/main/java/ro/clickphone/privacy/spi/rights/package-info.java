/**
 * The rights of the data subject: the requests ({@link ro.clickphone.privacy.spi.rights.RequestRecord})
 * and their store ({@link ro.clickphone.privacy.spi.rights.RightsRequestStore}, with the human-review
 * tasks), the erasure ledger kept apart from the main stores
 * ({@link ro.clickphone.privacy.spi.rights.ErasureLedger}), the identity check that runs before any
 * data leaves or changes ({@link ro.clickphone.privacy.spi.rights.IdentityVerifier}) and the hook
 * that tells recipients about a rectification or erasure
 * ({@link ro.clickphone.privacy.spi.rights.RecipientNotifier}).
 */
package ro.clickphone.privacy.spi.rights;
