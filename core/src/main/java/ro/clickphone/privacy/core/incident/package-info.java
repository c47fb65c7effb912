/**
 * The incident register: personal data breaches reported and updated in versions, their
 * notification deadlines (the authority's 72 hours, Regulation (EU) No 611/2013's 24 hours and
 * 3 days, the customers' 24 hours), the notices to the authority and the cooperation with it, the
 * breach notices to the subjects, and the report to the authority as JSON or Markdown. Reached
 * through {@code kit.incidents()}; the implementation is in {@code core.incident.internal}.
 */
package ro.clickphone.privacy.core.incident;
