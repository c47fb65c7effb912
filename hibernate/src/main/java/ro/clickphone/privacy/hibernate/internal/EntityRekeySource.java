package ro.clickphone.privacy.hibernate.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.metamodel.EntityType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rekey.RekeyChange;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * One encrypted attribute's column of an annotated entity as a {@link RekeySource}: its blind-index column
 * (a re-index: each row with the plaintext, decrypted here as the listeners would) or its ciphertext column (a
 * re-encryption: each row with its subject and, when values are bound to it, its id as record id).
 *
 * <p>Reads are JPQL scalar projections ordered by the id, which bypass the entity events: they see the stored
 * form, load no entity and take no snapshot. Updates are JPQL bulk updates, one per row, {@code where id = :id
 * and column = :old}, all of one call in one transaction: a writer's change wins, and a failure rolls the
 * whole call back. Supported ids: {@code Long}, {@code Integer}, {@code String}, {@code UUID} (one attribute).
 */
public final class EntityRekeySource implements RekeySource {

    private static final int COUNT_PAGE = 1_000;

    private final EntityManagerFactory emf;
    private final String name;
    private final String jpql;
    private final String idAttribute;
    private final Function<String, Object> parseId;
    private final String subjectPath;
    private final String valuePath;
    private final String column;
    private final boolean reindex;
    private final boolean bindsRecordId;
    private final FieldContext context;
    private final FieldEncryptor fields;

    private EntityRekeySource(EntityManagerFactory emf, String name, String jpql, String idAttribute,
            Function<String, Object> parseId, String subjectPath, String valuePath, String column, boolean reindex,
            boolean bindsRecordId, FieldContext context, FieldEncryptor fields) {
        this.emf = emf;
        this.name = name;
        this.jpql = jpql;
        this.idAttribute = idAttribute;
        this.parseId = parseId;
        this.subjectPath = subjectPath;
        this.valuePath = valuePath;
        this.column = column;
        this.reindex = reindex;
        this.bindsRecordId = bindsRecordId;
        this.context = context;
        this.fields = fields;
    }

    static EntityRekeySource of(EntityManagerFactory emf, Class<?> entity, EntityModel m, EncryptedAttribute a,
            FieldEncryptor fields, boolean reindex) {
        EntityType<?> type = emf.getMetamodel().entity(entity);
        if (!type.hasSingleIdAttribute()) {
            throw new InvalidInputException("entity", entity.getSimpleName() + " has a composite id: not supported");
        }
        Class<?> idType = type.getIdType().getJavaType();
        String id = type.getId(idType).getName();
        Function<String, Object> parse = parser(entity, idType);
        String subject = m.subjectIndex() < 0 ? id : m.subjectName();
        String column = reindex ? a.blindName() : a.name();
        String name = m.jpaName().toLowerCase(Locale.ROOT) + "." + column;
        return new EntityRekeySource(emf, name, m.jpaName(), id, parse, subject, a.name(), column, reindex,
                m.bindsRecordId(), a.context(), fields);
    }

    private static Function<String, Object> parser(Class<?> entity, Class<?> idType) {
        Function<String, Object> parse;
        if (idType == Long.class || idType == long.class) {
            parse = Long::valueOf;
        } else if (idType == Integer.class || idType == int.class) {
            parse = Integer::valueOf;
        } else if (idType == String.class) {
            parse = s -> s;
        } else if (idType == UUID.class) {
            parse = UUID::fromString;
        } else {
            throw new InvalidInputException("entity", entity.getSimpleName() + " has an id of a type the re-key"
                    + " source does not read (Long, Integer, String or UUID)");
        }
        return key -> {
            try {
                return parse.apply(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("key", "is not an id of " + entity.getSimpleName());
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code select id, subject, value[, index]} of the rows that hold something. */
    private String select(String where) {
        String what = "e." + idAttribute + ", e." + subjectPath + ", e." + valuePath + (reindex ? ", e." + column : "");
        String holds = reindex ? "(e." + valuePath + " is not null or e." + column + " is not null)"
                : "e." + valuePath + " is not null";
        return "select " + what + " from " + jpql + " e where " + holds + where + " order by e." + idAttribute;
    }

    @Override
    public List<RekeyRow> rowsAfter(String afterKey, int limit) {
        if (afterKey == null) {
            throw new InvalidInputException("afterKey", "must not be null (RekeySource.START for the first page)");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        Object after = afterKey.isEmpty() ? null : parseId.apply(afterKey);
        return inTransaction("read a page of rows", em -> {
            TypedQuery<Object[]> q = em.createQuery(select(after == null ? "" : " and e." + idAttribute + " > :after"),
                    Object[].class).setMaxResults(limit);
            if (after != null) {
                q.setParameter("after", after);
            }
            List<RekeyRow> out = new ArrayList<>();
            for (Object[] r : q.getResultList()) {
                out.add(row(r, true));
            }
            return out;
        });
    }

    @Override
    public Optional<RekeyRow> row(String key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        Object id = parseId.apply(key);
        return inTransaction("read a row", em -> em.createQuery(select(" and e." + idAttribute + " = :id"),
                Object[].class).setParameter("id", id).getResultList().stream().findFirst().map(r -> row(r, true)));
    }

    private RekeyRow row(Object[] r, boolean withPlaintext) {
        String key = String.valueOf(r[0]);
        SubjectId subject = r[1] == null ? null : SubjectId.of(r[1].toString());
        String value = (String) r[2];
        if (!reindex) {
            RekeyRow row = RekeyRow.of(key, value);
            return subject == null ? row : row.withSubject(subject, bindsRecordId ? key : null);
        }
        RekeyRow row = RekeyRow.of(key, (String) r[3]);
        if (!withPlaintext || value == null) {
            return row;
        }
        if (subject == null) {
            return row.asUnreadable();
        }
        try {
            return row.withPlaintext(fields.decrypt(subject, bindsRecordId ? context.withRecordId(key) : context, value));
        } catch (IntegrityException | KeyDestroyedException | InvalidInputException e) {
            return row.asUnreadable(); // shredded, edited or copied from another row: counted by the job
        }
    }

    @Override
    public Set<String> replace(List<RekeyChange> changes) {
        if (changes == null) {
            throw new InvalidInputException("changes", "must not be null");
        }
        Set<String> keys = new HashSet<>();
        List<Object> ids = new ArrayList<>(changes.size());
        for (RekeyChange c : changes) {
            if (c == null || !keys.add(c.row().key())) {
                throw new InvalidInputException("changes", "must not hold null or two changes of one row");
            }
            ids.add(parseId.apply(c.row().key()));
        }
        String update = "update " + jpql + " e set e." + column + " = :replacement where e." + idAttribute + " = :id"
                + " and e." + column + " = :stored";
        String fill = "update " + jpql + " e set e." + column + " = :replacement where e." + idAttribute + " = :id"
                + " and e." + column + " is null";
        return inTransaction("update rows conditionally", em -> {
            Set<String> done = new HashSet<>();
            for (int i = 0; i < changes.size(); i++) {
                RekeyChange c = changes.get(i);
                var q = em.createQuery(c.row().stored() == null ? fill : update)
                        .setParameter("replacement", c.replacement()).setParameter("id", ids.get(i));
                if (c.row().stored() != null) {
                    q.setParameter("stored", c.row().stored());
                }
                if (q.executeUpdate() == 1) {
                    done.add(c.row().key());
                }
            }
            return done;
        });
    }

    @Override
    public long count(Predicate<RekeyRow> test) {
        if (test == null) {
            throw new InvalidInputException("test", "must not be null");
        }
        long n = 0;
        String position = START;
        while (true) {
            Object after = position.isEmpty() ? null : parseId.apply(position);
            List<Object[]> page = inTransaction("count rows", em -> {
                TypedQuery<Object[]> q = em.createQuery(select(after == null ? "" : " and e." + idAttribute
                        + " > :after"), Object[].class).setMaxResults(COUNT_PAGE);
                if (after != null) {
                    q.setParameter("after", after);
                }
                return q.getResultList();
            });
            for (Object[] r : page) {
                if (test.test(row(r, false))) {
                    n++;
                }
            }
            if (page.size() < COUNT_PAGE) {
                return n;
            }
            position = String.valueOf(page.get(page.size() - 1)[0]);
        }
    }

    private <T> T inTransaction(String operation, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = emf.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (PrivacyException e) {
            rollback(tx);
            throw e;
        } catch (RuntimeException e) {
            rollback(tx);
            throw failure(operation, e);
        } finally {
            if (em != null && em.isOpen()) {
                em.close();
            }
        }
    }

    private static void rollback(EntityTransaction tx) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException ignored) {
            // the original failure is the one reported
        }
    }

    /**
     * A database failure as a {@link StoreException} that names the operation, the exception type and the SQL
     * state, never the driver's message (which may quote a row's values): retryable for lost connections,
     * serialization failures, deadlocks and lock timeouts.
     */
    private StoreException failure(String operation, RuntimeException e) {
        String state = null;
        for (Throwable t = e; t != null && state == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                state = sql.getSQLState();
            }
        }
        boolean retryable = state != null && (state.startsWith("40") || state.startsWith("08") || state.equals("55P03")
                || state.equals("HYT00")) || e instanceof jakarta.persistence.LockTimeoutException
                || e instanceof jakarta.persistence.PessimisticLockException
                || e instanceof jakarta.persistence.QueryTimeoutException;
        return new StoreException("The entity source " + name + " could not " + operation + " ("
                + e.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state) + ")", retryable, null);
    }

    @Override
    public String toString() {
        return "EntityRekeySource[" + name + (reindex ? ", re-index" : ", re-encryption") + "]";
    }
}
