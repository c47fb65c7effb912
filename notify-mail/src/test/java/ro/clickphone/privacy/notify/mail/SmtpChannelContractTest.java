package ro.clickphone.privacy.notify.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelContract;

/** The SMTP channel keeps the spi's channel contract against GreenMail, observed in what GreenMail received. */
@ExtendWith(QuietServerThreads.class)
class SmtpChannelContractTest extends NotificationChannelContract {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @Override
    protected NotificationChannel channel() {
        return new SmtpChannelProvider().open(Map.of("host", "localhost",
                "port", Integer.toString(GREEN_MAIL.getSmtp().getPort()), "starttls", "off",
                "connect-timeout", "5s", "read-timeout", "10s"));
    }

    @Override
    protected int deliveriesOf(String idempotencyKey) {
        String expected = MailboxChannelContractTest.messageId(idempotencyKey);
        int count = 0;
        for (MimeMessage received : GREEN_MAIL.getReceivedMessages()) {
            try {
                if (expected.equals(received.getMessageID())) {
                    count++;
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return count;
    }

    @Override
    protected Optional<String> refusedAddress() {
        return Optional.of("ion.popescu@");
    }
}
