/**
 * The JPA rights-request store (requests and their human-review tasks) and the JPA erasure ledger: their
 * entities, the text encoding of their nested values, and their queries. Not an API.
 */
package ro.clickphone.privacy.jpa.internal.rights;
