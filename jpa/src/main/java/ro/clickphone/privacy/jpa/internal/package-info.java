/**
 * The JPA plugin's implementation: the transaction runner every store uses ({@link
 * ro.clickphone.privacy.jpa.internal.JpaContext}), the one-row sequence counters, and, in sub-packages, each
 * store's entities and queries. Not an API.
 */
package ro.clickphone.privacy.jpa.internal;
