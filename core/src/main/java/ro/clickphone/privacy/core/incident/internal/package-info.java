/**
 * The incident register's implementation, and the seam through which it sends breach notices to
 * subjects ({@link ro.clickphone.privacy.core.incident.internal.BreachNoticeSender}). Not exported.
 */
package ro.clickphone.privacy.core.incident.internal;
