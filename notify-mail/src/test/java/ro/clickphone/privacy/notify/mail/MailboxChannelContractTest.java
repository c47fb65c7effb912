package ro.clickphone.privacy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelContract;

/** The mailbox channel keeps the spi's channel contract, observed through the files it wrote. */
class MailboxChannelContractTest extends NotificationChannelContract {

    @TempDir
    Path folder;

    @Override
    protected NotificationChannel channel() {
        return new MailboxChannelProvider().open(Map.of("folder", folder.toString()));
    }

    /** The .eml files in the folder whose Message-ID is the key's: read from the files, not assumed from their names. */
    @Override
    protected int deliveriesOf(String idempotencyKey) {
        String expected = messageId(idempotencyKey);
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> eml = files.filter(p -> p.getFileName().toString().endsWith(".eml")).toList();
            int count = 0;
            for (Path file : eml) {
                if (expected.equals(Fixtures.parse(file).getMessageID())) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Optional<String> refusedAddress() {
        return Optional.of("ion.popescu@");
    }

    static String messageId(String key) {
        try {
            return MailMessages.messageId(key, new InternetAddress(FROM));
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }
}
