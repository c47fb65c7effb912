package ro.clickphone.privacy.jpa.internal.keys;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.account.Writes;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
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
 * tombstone is in the slot row the writer locks). A missing slot row is created in the same transaction
 * (the caller's when it has one) by a {@link ConditionalInsert}: a concurrent creator's row makes it wait
 * and then do nothing, without breaking the transaction; a key row likewise. No read of a missing row is
 * a locking read (on InnoDB that takes a gap lock, and two writers of different subjects holding one gap
 * deadlock on their inserts); the few deadlocks left (two first writers of one slot) are retried in a
 * transaction of the store's own ({@link Writes#idempotent}) and are a retryable
 * {@link StoreException} in the caller's.
 *
 * <p>Every read goes through the slot: only an active slot's keys above its retirement floor are
 * returned, so a key row put back by hand (a partial restore) after a destroy or a retirement stays dead.
 *
 * <p>{@link #reserveUses} counts in {@code cpp_subject_key_use} (migration {@code V7__key_usage}), always in
 * a transaction of its own: a caller's rollback must not give reserved uses back to be handed out again, and
 * the caller's transaction may hold the key it counts uncommitted (the first encryption of a subject inside a
 * business transaction stores the key there), which a reservation must neither wait for nor need. So it
 * takes no lock on the slot or the key row; it reads the committed slot (a destroyed slot or a retired
 * version reserves nothing) and counts in a row of its own, created on the first reservation. It therefore
 * reserves for a version it cannot see (not stored yet, or never): {@code SubjectKeyStore} allows that of a
 * store whose keys commit with the caller's transaction. A reservation that races a destroy may leave its
 * count row behind (no key material in it); the next destroy or retirement of the slot deletes it.
 *
 * <p>{@link #destroy} and {@link #retire} delete the key rows ({@code DELETE}); nothing is merely marked.
 * The database may keep the deleted bytes in its files until it reuses or vacuums the space, and in its
 * backups and logs: the wrapped keys are safe there only as long as their KEK versions are (see
 * {@link SubjectKeyStore}).
 */
public final class JpaSubjectKeyStore implements SubjectKeyStore {

    /** Attempts of a reservation when two first reservations of one key version race (InnoDB's deadlock). */
    private static final int RESERVE_ATTEMPTS = 8;

    /** The live keys: key rows of an active slot above its retirement floor (one primary-key join). */
    private static final String LIVE = "select k from SubjectKeyRow k, SubjectKeySlot s where s.subject = k.subject"
            + " and s.scope = k.scope and s.state = '" + SubjectKeySlot.ACTIVE + "' and k.keyVersion > s.retiredThrough";

    private static final EpochNanos NANOS = new EpochNanos();

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
        return Writes.idempotent(jpa, "store a data key of scope " + scope, em -> {
            ensureSlot(em, subject, scope);
            SubjectKeySlot slot = lockSlot(em, subject, scope);
            // the slot is detached at once: a caller's entity manager that outlives this transaction must
            // not keep a copy another instance's destroy could make stale
            em.detach(slot);
            if (slot.destroyed() || key.version() <= slot.retiredThrough()) {
                return Optional.<StoredKey>empty();
            }
            WrappedKey wrapped = key.wrapped();
            boolean inserted = ConditionalInsert.insert(em, "INSERT INTO cpp_subject_key (subject_id, key_scope,"
                    + " key_version, kek_id, kek_version, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Param.text(subject), Param.text(scope), Param.integer(key.version()), Param.text(wrapped.kekId()),
                    Param.integer(wrapped.kekVersion()), Param.text(wrapped.ciphertext()),
                    Param.number(NANOS.convertToDatabaseColumn(key.createdAt())));
            if (inserted) {
                return Optional.of(key);
            }
            // the row exists (committed: we hold the slot), so this locking read takes no gap lock; a plain
            // read could serve an older snapshot (InnoDB's repeatable read) that does not have it
            SubjectKeyRow existing = em.find(SubjectKeyRow.class, new SubjectKeyRow.Id(subject, scope, key.version()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (existing == null) {
                throw new StoreException("The JPA store could not store a data key of scope " + scope
                        + ": its row vanished while the slot was locked", true, null);
            }
            em.detach(existing);
            return Optional.of(toKey(existing));
        });
    }

    @Override
    public Optional<StoredKey> find(SubjectId subject, KeyScope scope, int version) {
        check(subject, scope);
        return jpa.inTransaction("read a data key of scope " + scope.name(), em -> {
            List<SubjectKeyRow> rows = em.createQuery(LIVE + " and k.subject = :subject and k.scope = :scope"
                    + " and k.keyVersion = :version", SubjectKeyRow.class)
                    .setParameter("subject", subject.value())
                    .setParameter("scope", scope.name())
                    .setParameter("version", version)
                    .getResultList();
            Writes.detach(em, rows);
            return rows.isEmpty() ? Optional.<StoredKey>empty() : Optional.of(toKey(rows.get(0)));
        });
    }

    @Override
    public Optional<StoredKey> latest(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return jpa.inTransaction("read the latest data key of scope " + scope.name(), em -> {
            List<SubjectKeyRow> rows = em.createQuery(LIVE + " and k.subject = :subject"
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
            if (expected.version() <= slot.retiredThrough()) {
                return false;
            }
            SubjectKeyRow row = em.find(SubjectKeyRow.class, new SubjectKeyRow.Id(subject, scope, expected.version()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            try {
                if (!expected.equals(toKey(row))) {
                    return false;
                }
                WrappedKey wrapped = replacement.wrapped();
                row.rewrap(wrapped.kekId(), wrapped.kekVersion(), wrapped.ciphertext(), replacement.createdAt());
                em.flush();
                return true;
            } finally {
                em.detach(row); // also when toKey or the flush fails: never a managed copy left in a caller's EM
            }
        });
    }

    @Override
    public int destroy(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return Writes.idempotent(jpa, "destroy the data keys of scope " + scope.name(), em -> {
            ensureSlot(em, subject.value(), scope.name());
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
        return Writes.idempotent(jpa, "retire data keys of scope " + scope.name(), em -> {
            ensureSlot(em, subject.value(), scope.name());
            SubjectKeySlot slot = lockSlot(em, subject.value(), scope.name());
            slot.retireThrough(throughVersion);
            int deleted = deleteThrough(em, subject.value(), scope.name(), throughVersion);
            em.flush();
            em.detach(slot);
            return deleted;
        });
    }

    @Override
    public OptionalLong reserveUses(SubjectId subject, KeyScope scope, int version, long count) {
        check(subject, scope);
        if (version < 1) {
            throw new InvalidInputException("version", "must be at least 1");
        }
        if (count < 1 || count > MAX_RESERVATION) {
            throw new InvalidInputException("count", "must be between 1 and " + MAX_RESERVATION);
        }
        String operation = "reserve uses of a data key of scope " + scope.name();
        for (int attempt = 1; ; attempt++) {
            boolean[] race = new boolean[1];
            try {
                return jpa.inOwnTransaction(operation, em -> {
                    try {
                        return reserve(em, subject.value(), scope.name(), version, count);
                    } catch (RuntimeException e) {
                        race[0] = Writes.isRace(e);
                        throw e;
                    }
                });
            } catch (StoreException e) {
                if (!race[0] || attempt >= RESERVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static OptionalLong reserve(EntityManager em, String subject, String scope, int version, long count) {
        if (!reservable(em, subject, scope, version)) {
            return OptionalLong.empty();
        }
        // a plain read first: an update of a missing row would be a locking read, a gap lock on InnoDB
        if (usesReserved(em, subject, scope, version) == null
                && ConditionalInsert.insert(em, "INSERT INTO cpp_subject_key_use (subject_id, key_scope, key_version,"
                        + " uses_reserved) VALUES (?, ?, ?, ?)", Param.text(subject), Param.text(scope),
                        Param.integer(version), Param.number(count))) {
            return OptionalLong.of(count);
        }
        int updated = em.createNativeQuery("UPDATE cpp_subject_key_use SET uses_reserved = uses_reserved + ?"
                + " WHERE subject_id = ? AND key_scope = ? AND key_version = ?")
                .setParameter(1, count)
                .setParameter(2, subject)
                .setParameter(3, scope)
                .setParameter(4, version)
                .executeUpdate();
        if (updated != 1) {
            // a destroy or retirement deleted the row between the insert that found it and this update
            return OptionalLong.empty();
        }
        // the row is locked by the update: this read sees the total it made, on every isolation level
        return OptionalLong.of(usesReserved(em, subject, scope, version));
    }

    /** Whether the committed slot lets a version be counted: not destroyed, the version above the floor. */
    private static boolean reservable(EntityManager em, String subject, String scope, int version) {
        List<SubjectKeySlot> slots = em.createQuery("select s from SubjectKeySlot s where s.subject = :subject"
                + " and s.scope = :scope", SubjectKeySlot.class)
                .setParameter("subject", subject)
                .setParameter("scope", scope)
                .getResultList();
        Writes.detach(em, slots);
        return slots.isEmpty() || !slots.get(0).destroyed() && version > slots.get(0).retiredThrough();
    }

    private static Long usesReserved(EntityManager em, String subject, String scope, int version) {
        List<?> rows = em.createNativeQuery("SELECT uses_reserved FROM cpp_subject_key_use WHERE subject_id = ?"
                + " AND key_scope = ? AND key_version = ?")
                .setParameter(1, subject)
                .setParameter(2, scope)
                .setParameter(3, version)
                .getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
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
            List<SubjectKeyRow> rows = em.createQuery(LIVE + " and k.kekId = :kek and k.kekVersion < :below"
                    // the order of the index cpp_subject_key_kek_ix: each batch is one range scan of it
                    + " order by k.kekVersion, k.subject, k.scope, k.keyVersion", SubjectKeyRow.class)
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
     * Makes sure the slot row exists in the running transaction (the caller's when it has one, so that a
     * rollback leaves no slot row either). Usually it does (one plain read, no lock); otherwise a
     * {@link ConditionalInsert} creates it, or waits for a concurrent creator and does nothing.
     */
    private static void ensureSlot(EntityManager em, String subject, String scope) {
        boolean exists = !em.createQuery("select s.state from SubjectKeySlot s where s.subject = :subject"
                + " and s.scope = :scope", String.class)
                .setParameter("subject", subject)
                .setParameter("scope", scope)
                .getResultList()
                .isEmpty();
        if (!exists) {
            ConditionalInsert.insert(em, "INSERT INTO cpp_subject_key_slot (subject_id, key_scope, slot_state,"
                    + " retired_through) VALUES (?, ?, '" + SubjectKeySlot.ACTIVE + "', 0)",
                    Param.text(subject), Param.text(scope));
        }
    }

    private static SubjectKeySlot lockSlot(EntityManager em, String subject, String scope) {
        SubjectKeySlot slot = em.find(SubjectKeySlot.class, new SubjectKeySlot.Id(subject, scope),
                LockModeType.PESSIMISTIC_WRITE);
        if (slot == null) {
            // created just before in this transaction or committed by another; only a deletion by hand can do this
            throw new StoreException("The JPA store could not lock the key slot of scope " + scope
                    + ": its row is missing", true, null);
        }
        return slot;
    }

    private static int deleteThrough(EntityManager em, String subject, String scope, int throughVersion) {
        em.createNativeQuery("DELETE FROM cpp_subject_key_use WHERE subject_id = ? AND key_scope = ?"
                + " AND key_version <= ?")
                .setParameter(1, subject)
                .setParameter(2, scope)
                .setParameter(3, throughVersion)
                .executeUpdate();
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
