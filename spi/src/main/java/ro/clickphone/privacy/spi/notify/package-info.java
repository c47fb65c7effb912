/**
 * The notification plugins: {@link ro.clickphone.privacy.spi.notify.NotificationChannel} delivers a
 * rendered message on one or more media (found with {@link java.util.ServiceLoader} through a
 * {@link ro.clickphone.privacy.spi.notify.NotificationChannelProvider}, or given to the kit's
 * builder); {@link ro.clickphone.privacy.spi.notify.ContactDirectory} says where and in which
 * language a subject is reached; {@link ro.clickphone.privacy.spi.notify.AttachmentSource} opens an
 * attachment only while it is being sent; {@link ro.clickphone.privacy.spi.notify.OutboxStore} keeps
 * every message from the moment it is accepted until its delivery, or dead letter, is recorded.
 */
package ro.clickphone.privacy.spi.notify;
