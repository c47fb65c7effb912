/**
 * The JPA outbox store ({@code cpp_outbox}, migration V4): appends that join the caller's
 * {@code EntityManager} transaction through a conditional insert, claims with {@code FOR UPDATE SKIP
 * LOCKED} and leases. Not an API.
 */
package ro.clickphone.privacy.jpa.internal.outbox;
