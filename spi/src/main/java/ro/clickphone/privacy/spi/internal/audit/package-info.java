/**
 * The audit trail's own way to make the records it computed, without validating again what it
 * produced itself. Not API: exported to core alone, and {@link
 * ro.clickphone.privacy.spi.internal.audit.TrustedAuditRecords#forTrail()} answers only core's
 * {@code AuditTrail}.
 */
package ro.clickphone.privacy.spi.internal.audit;
