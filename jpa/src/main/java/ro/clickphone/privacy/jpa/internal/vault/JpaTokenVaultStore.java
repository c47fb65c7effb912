package ro.clickphone.privacy.jpa.internal.vault;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.account.Writes;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/**
 * A {@link TokenVaultStore} over {@code cpp_vault_entry}. The table's unique constraint on (context, look-up
 * value) makes {@link #putIfAbsent} atomic across application instances: of two writers of one look-up
 * value, the database refuses the second, which then finds and returns the first's entry (in a
 * transaction of the store's own; in the caller's transaction the refusal is a retryable
 * {@link ro.clickphone.privacy.spi.StoreException}). {@link #deleteSubject} deletes the rows. Ciphertexts
 * up to 1 000 000 bytes.
 */
public final class JpaTokenVaultStore implements TokenVaultStore {

    /** The {@code cpp_counter} row whose lock is the turn of the writers of new entries. */
    static final String LOCK = "lock.vault_entry";

    private final JpaContext jpa;

    /**
     * A vault over the context's factory.
     *
     * @param jpa the context
     */
    public JpaTokenVaultStore(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public VaultEntry putIfAbsent(VaultEntry entry) {
        check(entry, "entry");
        byte[] ciphertext = entry.ciphertext();
        if (ciphertext.length > VaultRow.MAX_CIPHERTEXT) {
            throw new InvalidInputException("entry.ciphertext", "is longer than the JPA vault keeps (1000000 bytes)");
        }
        return Writes.idempotent(jpa, "store a token in context " + entry.context(), em -> {
            Optional<VaultEntry> existing = byLookup(em, entry.context(), entry.lookup(), false);
            if (existing.isPresent()) {
                return existing.get();
            }
            Writes.lock(em, LOCK);
            existing = byLookup(em, entry.context(), entry.lookup(), true);
            if (existing.isPresent()) {
                return existing.get();
            }
            VaultRow taken = em.find(VaultRow.class, new VaultRow.Id(entry.context(), entry.token()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (taken != null) {
                em.detach(taken);
                throw new InvalidInputException("entry.token", "is already used in context " + entry.context());
            }
            VaultRow row = new VaultRow(entry.context(), entry.token(), entry.lookup(), entry.subject().value(),
                    ciphertext);
            em.persist(row);
            em.flush();
            em.detach(row);
            return entry;
        });
    }

    @Override
    public Optional<VaultEntry> findByToken(String context, String token) {
        check(context, "context");
        check(token, "token");
        return jpa.inTransaction("find a token in context " + safe(context), em -> {
            VaultRow row = em.find(VaultRow.class, new VaultRow.Id(context, token));
            if (row == null) {
                return Optional.<VaultEntry>empty();
            }
            em.detach(row);
            return Optional.of(toEntry(row));
        });
    }

    @Override
    public Optional<VaultEntry> findByLookup(String context, String lookup) {
        check(context, "context");
        check(lookup, "lookup");
        return jpa.inTransaction("find a look-up value in context " + safe(context),
                em -> byLookup(em, context, lookup, false));
    }

    @Override
    public int deleteSubject(SubjectId subject) {
        check(subject, "subject");
        return jpa.inTransaction("delete a subject's tokens", em -> em.createQuery(
                "delete from VaultRow v where v.subject = :subject")
                .setParameter("subject", subject.value())
                .executeUpdate());
    }

    private static Optional<VaultEntry> byLookup(EntityManager em, String context, String lookup, boolean current) {
        TypedQuery<VaultRow> query = em.createQuery("select v from VaultRow v where v.context = :context"
                + " and v.lookup = :lookup", VaultRow.class)
                .setParameter("context", context)
                .setParameter("lookup", lookup);
        if (current) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE); // a locking read sees the latest commit
        }
        List<VaultRow> rows = query.getResultList();
        Writes.detach(em, rows);
        return rows.isEmpty() ? Optional.empty() : Optional.of(toEntry(rows.get(0)));
    }

    private static VaultEntry toEntry(VaultRow row) {
        return new VaultEntry(row.context(), row.token(), row.lookup(), SubjectId.of(row.subject()), row.ciphertext());
    }

    /** A context as given by a caller may be anything; only a well-formed one is named in a message. */
    private static String safe(String context) {
        return ro.clickphone.privacy.spi.Names.isName(context) ? context : "(malformed)";
    }

    private static void check(Object value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
    }

    @Override
    public String toString() {
        return "JpaTokenVaultStore[" + jpa + "]";
    }
}
