package ro.clickphone.privacy.jpa.internal.keys;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.account.Writes;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A {@link SubjectKeyStore} over {@code cpp_subject_key_slot} and {@code cpp_subject_key}.
 *
 * <p>Every change to a (subject, scope)'s keys first locks its slot row ({@code SELECT ... FOR UPDATE}),
 * so creating, replacing, retiring and destroying keys of one slot are serialized across application
 * instances: two instances storing the first key at once both get the one stored (the second waits for
 * the first's commit and then finds its key), and a key stored after a destroy is impossible (the destroy's
 * tombstone is in the slot row the writer locks). The slot row itself is created, when missing, in a short
 * transaction of its own that tolerates a concurrent creator; it holds no key material.
 *
 * <p>{@link #destroy} and {@link #retire} delete the key rows ({@code DELETE}); nothing is merely marked.
 * The database may keep the deleted bytes in its files until it reuses or vacuums the space, and in its
 * backups and logs: the wrapped keys are safe there only as long as their KEK versions are (see
 * {@link SubjectKeyStore}).
 */
public final class JpaSubjectKeyStore implements SubjectKeyStore {

    /** The {@code cpp_counter} row whose lock is the slot creators' turn. */
    static final String SLOT_LOCK = "lock.subject_key_slot";

    private final JpaContext jpa;

    /**
     * A store over the context's factory.
     *
     * @param jpa the context
     */
    public JpaSubjectKeyStore(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public Optional<StoredKey> putIfAbsent(StoredKey key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        String subject = key.subject().value();
        String scope = key.scope().name();
        ensureSlot(subject, scope);
        return jpa.inTransaction("store a data key of scope " + scope, em -> {
            SubjectKeySlot slot = lockSlot(em, subject, scope);
            // the slot is detached as soon as its changes are flushed: a caller's entity manager that outlives
            // this transaction must not keep a copy another instance's destroy could make stale
            em.detach(slot);
            if (slot.destroyed() || key.version() <= slot.retiredThrough()) {
                return Optional.<StoredKey>empty();
            }
            SubjectKeyRow existing = em.find(SubjectKeyRow.class, new SubjectKeyRow.Id(subject, scope, key.version()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (existing != null) {
                em.detach(existing);
                return Optional.of(toKey(existing));
            }
            WrappedKey wrapped = key.wrapped();
            SubjectKeyRow row = new SubjectKeyRow(subject, scope, key.version(), wrapped.kekId(), wrapped.kekVersion(),
                    wrapped.ciphertext(), key.createdAt());
            em.persist(row);
            em.flush();
            em.detach(row);
            return Optional.of(key);
        });
    }

    @Override
    public Optional<StoredKey> find(SubjectId subject, KeyScope scope, int version) {
        check(subject, scope);
        return jpa.inTransaction("read a data key of scope " + scope.name(), em -> {
            SubjectKeyRow row = em.find(SubjectKeyRow.class, new SubjectKeyRow.Id(subject.value(), scope.name(), version));
            if (row == null) {
                return Optional.<StoredKey>empty();
            }
            em.detach(row);
            return Optional.of(toKey(row));
        });
    }

    @Override
    public Optional<StoredKey> latest(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return jpa.inTransaction("read the latest data key of scope " + scope.name(), em -> {
            List<SubjectKeyRow> rows = em.createQuery("select k from SubjectKeyRow k where k.subject = :subject"
                    + " and k.scope = :scope order by k.keyVersion desc", SubjectKeyRow.class)
                    .setParameter("subject", subject.value())
                    .setParameter("scope", scope.name())
                    .setMaxResults(1)
                    .getResultList();
            Writes.detach(em, rows);
            return rows.isEmpty() ? Optional.<StoredKey>empty() : Optional.of(toKey(rows.get(0)));
        });
    }

    @Override
    public boolean replace(StoredKey expected, StoredKey replacement) {
        if (expected == null || replacement == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        if (!expected.subject().equals(replacement.subject()) || !expected.scope().equals(replacement.scope())
                || expected.version() != replacement.version()) {
            throw new InvalidInputException("replacement", "must be the same subject, scope and version");
        }
        String subject = expected.subject().value();
        String scope = expected.scope().name();
        return jpa.inTransaction("rewrap a data key of scope " + scope, em -> {
            SubjectKeySlot slot = em.find(SubjectKeySlot.class, new SubjectKeySlot.Id(subject, scope),
                    LockModeType.PESSIMISTIC_WRITE);
            if (slot == null) {
                return false;
            }
            em.detach(slot);
            if (slot.destroyed()) {
                return false;
            }
            SubjectKeyRow row = em.find(SubjectKeyRow.class, new SubjectKeyRow.Id(subject, scope, expected.version()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (row == null || !expected.equals(toKey(row))) {
                if (row != null) {
                    em.detach(row);
                }
                return false;
            }
            WrappedKey wrapped = replacement.wrapped();
            row.rewrap(wrapped.kekId(), wrapped.kekVersion(), wrapped.ciphertext(), replacement.createdAt());
            em.flush();
            em.detach(row);
            return true;
        });
    }

    @Override
    public int destroy(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        ensureSlot(subject.value(), scope.name());
        return jpa.inTransaction("destroy the data keys of scope " + scope.name(), em -> {
            SubjectKeySlot slot = lockSlot(em, subject.value(), scope.name());
            int deleted = deleteThrough(em, subject.value(), scope.name(), Integer.MAX_VALUE);
            slot.destroy();
            em.flush();
            em.detach(slot);
            return deleted;
        });
    }

    @Override
    public boolean isDestroyed(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return jpa.inTransaction("read the tombstone of scope " + scope.name(), em -> !em.createQuery(
                "select s.state from SubjectKeySlot s where s.subject = :subject and s.scope = :scope", String.class)
                .setParameter("subject", subject.value())
                .setParameter("scope", scope.name())
                .getResultStream()
                .filter(state -> !SubjectKeySlot.ACTIVE.equals(state))
                .toList()
                .isEmpty());
    }

    @Override
    public int retire(SubjectId subject, KeyScope scope, int throughVersion) {
        check(subject, scope);
        if (throughVersion < 1) {
            throw new InvalidInputException("throughVersion", "must be at least 1");
        }
        ensureSlot(subject.value(), scope.name());
        return jpa.inTransaction("retire data keys of scope " + scope.name(), em -> {
            SubjectKeySlot slot = lockSlot(em, subject.value(), scope.name());
            slot.retireThrough(throughVersion);
            int deleted = deleteThrough(em, subject.value(), scope.name(), throughVersion);
            em.flush();
            em.detach(slot);
            return deleted;
        });
    }

    @Override
    public int retiredThrough(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return jpa.inTransaction("read the retirement floor of scope " + scope.name(), em -> em.createQuery(
                "select s.retiredThrough from SubjectKeySlot s where s.subject = :subject and s.scope = :scope",
                Integer.class)
                .setParameter("subject", subject.value())
                .setParameter("scope", scope.name())
                .getResultStream()
                .findFirst()
                .orElse(0));
    }

    @Override
    public List<StoredKey> wrappedBelow(String kekId, int belowVersion, int maxCount) {
        if (kekId == null || maxCount < 1) {
            throw new InvalidInputException("wrappedBelow", "kekId must not be null and maxCount at least 1");
        }
        return jpa.inTransaction("list data keys to rewrap", em -> {
            List<SubjectKeyRow> rows = em.createQuery("select k from SubjectKeyRow k where k.kekId = :kek"
                    + " and k.kekVersion < :below order by k.subject, k.scope, k.keyVersion", SubjectKeyRow.class)
                    .setParameter("kek", kekId)
                    .setParameter("below", belowVersion)
                    .setMaxResults(maxCount)
                    .getResultList();
            Writes.detach(em, rows);
            List<StoredKey> keys = new ArrayList<>(rows.size());
            for (SubjectKeyRow row : rows) {
                keys.add(toKey(row));
            }
            return List.copyOf(keys);
        });
    }

    /**
     * Makes sure the slot row exists, committed, before the operation locks it. Usually it does (one read);
     * otherwise a short transaction of the store's own takes the slot creators' turn ({@link Writes#lock}),
     * looks again and creates it. A slot row holds no key material.
     */
    private void ensureSlot(String subject, String scope) {
        SubjectKeySlot.Id id = new SubjectKeySlot.Id(subject, scope);
        boolean exists = jpa.inOwnTransaction("read the key slot of scope " + scope,
                em -> em.find(SubjectKeySlot.class, id) != null);
        if (exists) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                jpa.inOwnTransaction("create the key slot of scope " + scope, em -> {
                    Writes.lock(em, SLOT_LOCK);
                    if (em.find(SubjectKeySlot.class, id, LockModeType.PESSIMISTIC_WRITE) == null) {
                        em.persist(new SubjectKeySlot(subject, scope));
                        em.flush();
                    }
                    return null;
                });
                return;
            } catch (StoreException e) {
                if (!Writes.isRace(e) || attempt >= 8) {
                    throw e;
                }
            }
        }
    }

    private static SubjectKeySlot lockSlot(EntityManager em, String subject, String scope) {
        SubjectKeySlot slot = em.find(SubjectKeySlot.class, new SubjectKeySlot.Id(subject, scope),
                LockModeType.PESSIMISTIC_WRITE);
        if (slot == null) {
            // created and committed just before; only a concurrent deletion by hand can make it vanish
            throw new StoreException("The JPA store could not lock the key slot of scope " + scope
                    + ": its row is missing", true, null);
        }
        return slot;
    }

    private static int deleteThrough(EntityManager em, String subject, String scope, int throughVersion) {
        return em.createQuery("delete from SubjectKeyRow k where k.subject = :subject and k.scope = :scope"
                + " and k.keyVersion <= :through")
                .setParameter("subject", subject)
                .setParameter("scope", scope)
                .setParameter("through", throughVersion)
                .executeUpdate();
    }

    private static StoredKey toKey(SubjectKeyRow row) {
        return new StoredKey(SubjectId.of(row.subject()), KeyScope.of(row.scope()), row.keyVersion(),
                new WrappedKey(row.kekId(), row.kekVersion(), row.wrapped()), row.createdAt());
    }

    private static void check(SubjectId subject, KeyScope scope) {
        if (subject == null || scope == null) {
            throw new InvalidInputException("subjectKeyStore", "subject and scope must not be null");
        }
    }

    @Override
    public String toString() {
        return "JpaSubjectKeyStore[" + jpa + "]";
    }
}
