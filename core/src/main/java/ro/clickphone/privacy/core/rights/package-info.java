/**
 * The rights of the data subject ({@code kit.rights()}): requests ({@link ro.clickphone.privacy.core.rights.RightsRequest})
 * with their deadlines ({@link ro.clickphone.privacy.core.rights.RightsDeadlines}, Romanian public
 * holidays as replaceable data), verified, carried out at every registered source with their progress
 * persisted, exported as one streamed JSON document, erased as the law allows, and answered.
 * Settings in {@link ro.clickphone.privacy.core.rights.RightsSettings}.
 */
package ro.clickphone.privacy.core.rights;
