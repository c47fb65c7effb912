/**
 * Notifications: the messages the policy sends to data subjects. {@link ro.clickphone.privacy.core.notify.Notifications}
 * ({@code kit.notifications()}) checks each message's purpose in the consent ledger, keeps to the payload the
 * policy declares for its type, renders it in the subject's language, and writes it sealed to an outbox, in the
 * kit's transaction or the caller's; a dispatcher delivers it from there with retries, back-off, dead letters
 * and an audit entry for every try. {@link ro.clickphone.privacy.core.notify.NotificationSettings} and
 * {@link ro.clickphone.privacy.core.notify.DispatchSettings} configure delivery,
 * {@link ro.clickphone.privacy.core.notify.DispatchReport} counts what one pass did, and
 * {@link ro.clickphone.privacy.core.notify.LoggingChannel} is the development channel (never a default).
 */
package ro.clickphone.privacy.core.notify;
