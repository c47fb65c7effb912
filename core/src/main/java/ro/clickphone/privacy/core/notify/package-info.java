/**
 * Notifications: the messages the policy sends to data subjects, written to an outbox and delivered
 * from it by a dispatcher with retries, back-off, dead letters and an audit entry for every try.
 * {@link ro.clickphone.privacy.core.notify.DispatchSettings} configures the dispatcher and
 * {@link ro.clickphone.privacy.core.notify.DispatchReport} counts what one pass did.
 */
package ro.clickphone.privacy.core.notify;
