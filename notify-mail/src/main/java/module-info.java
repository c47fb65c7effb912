/**
 * E-mail notification channels on Jakarta Mail (Eclipse Angus Mail): the {@code mailbox} folder of
 * {@code .eml} files and {@code smtp}, provided to {@link java.util.ServiceLoader} as
 * {@link ro.clickphone.privacy.spi.notify.NotificationChannelProvider}s. {@code notify.mail.internal}
 * is not exported.
 */
module ro.clickphone.privacy.notify.mail {
    requires transitive ro.clickphone.privacy.spi;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;

    exports ro.clickphone.privacy.notify.mail;

    provides ro.clickphone.privacy.spi.notify.NotificationChannelProvider
            with ro.clickphone.privacy.notify.mail.MailboxChannelProvider,
                    ro.clickphone.privacy.notify.mail.SmtpChannelProvider;
}
