/**
 * The retention plugin: {@link ro.clickphone.privacy.spi.retention.RetentionStore} keeps the
 * retention tag of every record (its due date, or the event it waits for), the legal holds, and the
 * leases two sweepers take so that no record is disposed of twice.
 */
package ro.clickphone.privacy.spi.retention;
