/**
 * The JPA audit log: {@link ro.clickphone.privacy.jpa.internal.audit.JpaAuditLogStore} and its entities
 * ({@code cpp_audit_record}, {@code cpp_audit_category}, {@code cpp_audit_detail}, {@code cpp_audit_checkpoint},
 * migration V2). Not an API: applications get the store from {@code JpaStores.create}.
 */
package ro.clickphone.privacy.jpa.internal.audit;
