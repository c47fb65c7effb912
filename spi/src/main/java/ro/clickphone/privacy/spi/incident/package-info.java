/**
 * The incident plugin: {@link ro.clickphone.privacy.spi.incident.IncidentStore} keeps the register
 * of personal data breaches (GDPR art. 33(5)): every version of every incident, never overwritten,
 * the notices sent to the supervisory authority, the log of cooperation with it, and the notices
 * to the affected subjects, planned and sent.
 */
package ro.clickphone.privacy.spi.incident;
