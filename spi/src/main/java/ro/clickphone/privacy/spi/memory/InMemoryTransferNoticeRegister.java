package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.TransferNotice;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;

/**
 * A {@link TransferNoticeRegister} in memory, for tests and demos. Empty by default, so that a
 * successor is denied until the subjects are notified.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryTransferNoticeRegister implements TransferNoticeRegister {

    private final Set<TransferNotice> notices = ConcurrentHashMap.newKeySet();

    /** Creates an empty register. */
    public InMemoryTransferNoticeRegister() {
    }

    @Override
    public void record(TransferNotice notice) {
        if (notice == null) {
            throw new InvalidInputException("notice", "must not be null");
        }
        notices.add(notice);
    }

    @Override
    public Optional<Instant> earliestNotice(SubjectId subject, Recipient recipient, String successor) {
        if (subject == null || recipient == null || successor == null) {
            throw new InvalidInputException("transferNotice", "subject, recipient and successor must not be null");
        }
        return notices.stream()
                .filter(n -> n.subject().equals(subject) && n.recipient().equals(recipient)
                        && n.successor().equals(successor))
                .map(TransferNotice::notifiedAt)
                .min(Instant::compareTo);
    }

    @Override
    public String toString() {
        return "InMemoryTransferNoticeRegister[" + notices.size() + " notices]";
    }
}
