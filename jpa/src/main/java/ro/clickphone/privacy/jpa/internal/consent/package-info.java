/**
 * The JPA consent store: {@link ro.clickphone.privacy.jpa.internal.consent.JpaConsentStore} and its entities
 * ({@code cpp_consent_event}, {@code cpp_consent_actor_item}, migration V2), holding the ledger's sealed,
 * pseudonymous stored form verbatim. Not an API: applications get the store from {@code JpaStores.create}.
 */
package ro.clickphone.privacy.jpa.internal.consent;
