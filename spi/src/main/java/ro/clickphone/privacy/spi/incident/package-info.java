/**
 * The incident plugin: {@link ro.clickphone.privacy.spi.incident.IncidentStore} keeps the register
 * of personal data breaches (GDPR art. 33(5)): every version of every incident, never overwritten
 * (with the text the breach notice tells the customers, the facts Regulation (EU) No 611/2013
 * Annex I asks for, and any public communication in place of individual notices), the notices sent
 * to the supervisory authority, the log of cooperation with it, and the notices to the affected
 * subjects, planned and sent, and counted.
 */
package ro.clickphone.privacy.spi.incident;
