/**
 * The audit-trail plugin: the append-only, gap-free store of hash-chained audit records and their
 * signed checkpoints.
 */
package ro.clickphone.privacy.spi.audit;
