/**
 * The JPA retention store: retention tags and disposal proofs ({@code cpp_retention_tag}), legal holds
 * ({@code cpp_retention_hold}) and subjects' events ({@code cpp_retention_event}), migration V4. Sweeper
 * batches are claimed with {@code FOR UPDATE SKIP LOCKED} and leases. Not an API.
 */
package ro.clickphone.privacy.jpa.internal.retention;
