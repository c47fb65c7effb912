/**
 * The notification machinery behind {@code kit.notifications()}: the dispatcher that delivers from
 * the outbox and the seam through which it opens messages. Not exported by the module, and may
 * change in any release.
 */
package ro.clickphone.privacy.core.notify.internal;
