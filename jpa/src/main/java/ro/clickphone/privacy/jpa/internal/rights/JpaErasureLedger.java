package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/**
 * An {@link ErasureLedger} over JPA: one row per erasure request in {@code cpp_erasure_ledger}, inserted once
 * and never updated or deleted by the store. {@link #since} pages by {@code (erased_at, request_id)} in SQL, on
 * the index of those columns. The sealed subject is stored as the kit sealed it; nothing else in an entry is
 * personal. Meant for a persistence unit on a database apart from the main stores' (see {@code
 * JpaErasureLedgers}).
 */
public final class JpaErasureLedger implements ErasureLedger {

    private static final EpochNanos NANOS = new EpochNanos();

    private final JpaContext jpa;

    /**
     * A ledger in a context.
     *
     * @param jpa the context
     */
    public JpaErasureLedger(JpaContext jpa) {
        this.jpa = JpaRightsRequestStore.notNull(jpa, "jpa");
    }

    @Override
    public boolean append(ErasureEntry entry) {
        JpaRightsRequestStore.notNull(entry, "entry");
        NANOS.convertToDatabaseColumn(entry.erasedAt());
        return InsertOnce.run(jpa, "append an erasure ledger entry", em -> {
            if (exists(em, entry.requestId())) {
                return false;
            }
            ErasureEntryRow row = ErasureEntryRow.empty();
            row.requestId = entry.requestId();
            row.erasedAt = entry.erasedAt();
            row.sealedSubject = entry.sealedSubject();
            row.erased = Codec.joinEach(entry.erased().entrySet(),
                    e -> Codec.join(e.getKey(), Codec.joinEach(e.getValue(), DataCategory::id)));
            row.shredded = Codec.joinEach(entry.shredded(), KeyScope::name);
            row.vaultErased = entry.vaultErased() ? 1 : 0;
            em.persist(row);
            em.flush();
            em.detach(row);
            return true;
        }, em -> exists(em, entry.requestId()));
    }

    @Override
    public List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit) {
        JpaRightsRequestStore.notNull(since, "since");
        JpaRightsRequestStore.notNull(after, "after");
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        Instant from = clamp(since);
        return jpa.inTransaction("read the erasure ledger", em -> {
            String jpql = "select e from ErasureEntryRow e where e.erasedAt >= :since"
                    + (after.isPresent() ? " and (e.erasedAt > :afterAt or (e.erasedAt = :afterAt"
                            + " and e.requestId > :afterId))" : "")
                    + " order by e.erasedAt, e.requestId";
            TypedQuery<ErasureEntryRow> query = em.createQuery(jpql, ErasureEntryRow.class)
                    .setParameter("since", from).setMaxResults(limit);
            after.ifPresent(a -> query.setParameter("afterAt", clamp(a.erasedAt()))
                    .setParameter("afterId", a.requestId()));
            List<ErasureEntry> page = new ArrayList<>();
            for (ErasureEntryRow row : query.getResultList()) {
                em.detach(row);
                page.add(read(row));
            }
            return List.copyOf(page);
        });
    }

    /** An instant outside the column's range, as a bound: the column's nearest end (every entry is inside). */
    private static Instant clamp(Instant instant) {
        Instant min = Instant.ofEpochSecond(0, Long.MIN_VALUE);
        Instant max = Instant.ofEpochSecond(0, Long.MAX_VALUE);
        return instant.isBefore(min) ? min : instant.isAfter(max) ? max : instant;
    }

    private static boolean exists(EntityManager em, String requestId) {
        return em.createQuery("select count(e) from ErasureEntryRow e where e.requestId = :id", Long.class)
                .setParameter("id", requestId).getSingleResult() > 0;
    }

    private static ErasureEntry read(ErasureEntryRow row) {
        String erasedColumn = "cpp_erasure_ledger.erased";
        Map<String, Set<DataCategory>> erased = Codec.decode(erasedColumn, () -> {
            Map<String, Set<DataCategory>> map = new TreeMap<>();
            for (String part : Codec.split(row.erased, erasedColumn)) {
                List<String> source = Codec.split(part, 2, erasedColumn);
                Set<DataCategory> categories = new java.util.HashSet<>();
                for (String id : Codec.split(source.get(1), erasedColumn)) {
                    categories.add(DataCategory.of(id));
                }
                if (map.put(source.get(0), categories) != null) {
                    throw Codec.malformed(erasedColumn);
                }
            }
            return map;
        });
        String shreddedColumn = "cpp_erasure_ledger.shredded";
        Set<KeyScope> shredded = Codec.decode(shreddedColumn, () -> {
            Set<KeyScope> scopes = new TreeSet<>(java.util.Comparator.comparing(KeyScope::name));
            for (String name : Codec.split(row.shredded, shreddedColumn)) {
                scopes.add(KeyScope.of(name));
            }
            return scopes;
        });
        if (row.vaultErased != 0 && row.vaultErased != 1) {
            throw Codec.malformed("cpp_erasure_ledger.vault_erased");
        }
        return new ErasureEntry(row.requestId, row.erasedAt, row.sealedSubject, erased, shredded, row.vaultErased == 1);
    }

    @Override
    public String toString() {
        return "JpaErasureLedger[" + jpa + "]";
    }
}
