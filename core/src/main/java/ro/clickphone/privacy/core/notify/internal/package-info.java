/**
 * The notification engine behind {@code kit.notifications()}: rendering (templates, minimization,
 * masking), the dispatcher that delivers from the outbox, and the opener that prepares each message at
 * delivery time. Not exported by the module, and may change in any release.
 */
package ro.clickphone.privacy.core.notify.internal;
