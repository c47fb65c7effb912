/**
 * The JPA register of personal data breaches ({@code IncidentStore}): its entities, keys and queries. Not an API.
 */
package ro.clickphone.privacy.jpa.internal.incident;
