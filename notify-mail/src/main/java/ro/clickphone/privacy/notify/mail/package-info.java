/**
 * E-mail notification channels, in a module of their own so that the kit's core does not carry
 * Jakarta Mail: {@link ro.clickphone.privacy.notify.mail.MailboxChannel} writes each message as an
 * RFC 5322 {@code .eml} file to a folder (for development, or for a system that picks files up), and
 * {@link ro.clickphone.privacy.notify.mail.SmtpChannel} delivers it to an SMTP server through Eclipse
 * Angus Mail, with STARTTLS required by default.
 *
 * <p>Both are found by {@link java.util.ServiceLoader} through their
 * {@link ro.clickphone.privacy.spi.notify.NotificationChannelProvider}s, named {@code mailbox} and
 * {@code smtp}, and opened only when the kit's settings name them. Both derive the message's
 * {@code Message-ID} from its idempotency key, so every attempt at one message carries the same one.
 */
package ro.clickphone.privacy.notify.mail;
