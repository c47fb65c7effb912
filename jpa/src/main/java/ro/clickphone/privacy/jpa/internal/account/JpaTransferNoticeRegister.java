package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.TransferNotice;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;

/**
 * A {@link TransferNoticeRegister} over {@code cpp_transfer_notice}, append-only: the store never updates
 * or deletes a row, and the whole notice (instant to the nanosecond) is the key, so recording one twice,
 * also from two instances at once, keeps one.
 */
public final class JpaTransferNoticeRegister implements TransferNoticeRegister {

    /** The {@code cpp_counter} row whose lock is the turn of the writers of new notices. */
    static final String LOCK = "lock.transfer_notice";

    private final JpaContext jpa;

    /**
     * A register over the context's factory.
     *
     * @param jpa the context
     */
    public JpaTransferNoticeRegister(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public void record(TransferNotice notice) {
        if (notice == null) {
            throw new InvalidInputException("notice", "must not be null");
        }
        TransferNoticeRow.Id id = new TransferNoticeRow.Id(notice.subject().value(), notice.recipient().id(),
                notice.successor(), TransferNoticeRow.nanos(notice.notifiedAt()));
        Writes.idempotent(jpa, "record a transfer notice", em -> {
            TransferNoticeRow row = em.find(TransferNoticeRow.class, id);
            if (row == null) {
                Writes.lock(em, LOCK);
                row = em.find(TransferNoticeRow.class, id, LockModeType.PESSIMISTIC_WRITE);
            }
            if (row == null) {
                row = new TransferNoticeRow(notice.subject().value(), notice.recipient().id(), notice.successor(),
                        notice.notifiedAt());
                em.persist(row);
                em.flush();
            }
            em.detach(row);
            return null;
        });
    }

    @Override
    public Optional<Instant> earliestNotice(SubjectId subject, Recipient recipient, String successor) {
        if (subject == null || recipient == null || successor == null) {
            throw new InvalidInputException("transferNotice", "subject, recipient and successor must not be null");
        }
        return jpa.inTransaction("read the earliest transfer notice", em -> {
            List<TransferNoticeRow> rows = em.createQuery("select n from TransferNoticeRow n where n.subject = :subject"
                    + " and n.recipient = :recipient and n.successor = :successor order by n.notifiedAt",
                    TransferNoticeRow.class)
                    .setParameter("subject", subject.value())
                    .setParameter("recipient", recipient.id())
                    .setParameter("successor", successor)
                    .setMaxResults(1)
                    .getResultList();
            Writes.detach(em, rows);
            return rows.isEmpty() ? Optional.<Instant>empty() : Optional.of(rows.get(0).notifiedAt());
        });
    }

    @Override
    public String toString() {
        return "JpaTransferNoticeRegister[" + jpa + "]";
    }
}
