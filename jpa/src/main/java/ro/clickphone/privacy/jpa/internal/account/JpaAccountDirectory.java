package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.regex.Pattern;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;

/**
 * An {@link AccountDirectory} over {@code cpp_account_member}: one row per subject naming its account.
 * The platform fills the table (its own account database, a view, a sync job) or calls {@link #assign}
 * and {@link #unassign}. Every {@link #accountOf} reads the table: no cache, so an account change is seen
 * at once by every instance (the access check pays one primary-key read).
 */
public final class JpaAccountDirectory implements AccountDirectory {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** The {@code cpp_counter} row whose lock is the turn of the writers of new assignments. */
    static final String LOCK = "lock.account_member";

    private final JpaContext jpa;

    /**
     * A directory over the context's factory.
     *
     * @param jpa the context
     */
    public JpaAccountDirectory(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public Optional<String> accountOf(SubjectId subject) {
        if (subject == null) {
            return Optional.empty();
        }
        return jpa.inTransaction("read a subject's account", em -> {
            AccountRow row = em.find(AccountRow.class, subject.value());
            if (row == null) {
                return Optional.<String>empty();
            }
            em.detach(row);
            return Optional.of(row.account());
        });
    }

    /**
     * Records that a subject belongs to an account, replacing the account it belonged to.
     *
     * @param subject the subject
     * @param account the account id (letters, digits, {@code . _ : -}; at most 64)
     * @return this directory
     * @throws InvalidInputException if an argument is null or the account id is malformed
     */
    public JpaAccountDirectory assign(SubjectId subject, String account) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new InvalidInputException("account", "must be an account id (letters, digits, . _ : -; at most 64)");
        }
        Writes.idempotent(jpa, "assign a subject to an account", em -> {
            AccountRow row = em.find(AccountRow.class, subject.value());
            if (row == null) {
                Writes.lock(em, LOCK);
                row = em.find(AccountRow.class, subject.value(), LockModeType.PESSIMISTIC_WRITE);
            } else {
                em.refresh(row, LockModeType.PESSIMISTIC_WRITE); // the current row, locked
            }
            if (row == null) {
                row = new AccountRow(subject.value(), account);
                em.persist(row);
            } else {
                row.account(account);
            }
            em.flush();
            em.detach(row);
            return null;
        });
        return this;
    }

    /**
     * Forgets which account a subject belongs to.
     *
     * @param subject the subject
     * @return whether it belonged to one
     * @throws InvalidInputException if the subject is null
     */
    public boolean unassign(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        return jpa.inTransaction("remove a subject from its account", em -> em.createQuery(
                "delete from AccountRow a where a.subject = :subject")
                .setParameter("subject", subject.value())
                .executeUpdate() > 0);
    }

    @Override
    public String toString() {
        return "JpaAccountDirectory[" + jpa + "]";
    }
}
