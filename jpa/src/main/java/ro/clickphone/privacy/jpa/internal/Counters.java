package ro.clickphone.privacy.jpa.internal;

import jakarta.persistence.EntityManager;
import java.util.List;
import ro.clickphone.privacy.spi.StoreException;

/**
 * The one-row counters of {@code cpp_counter}. Each counter's row is created by the migration of the
 * store that owns it, with {@code last_value = 0}.
 */
public final class Counters {

    private Counters() {
    }

    /**
     * Takes the next number of a counter inside the caller's transaction: the row stays locked until that
     * transaction ends, so a later number never commits before an earlier one. Works through a bulk update
     * and a scalar read, never a managed {@link Counter}: an entity manager that outlives its transaction
     * would otherwise hand back its stale copy of the row (a lock does not refresh a managed entity).
     *
     * @param em the entity manager of the running transaction
     * @param name the counter's name
     * @return the number, from 1
     */
    public static long next(EntityManager em, String name) {
        int updated = em.createQuery("update Counter c set c.lastValue = c.lastValue + 1 where c.name = :name")
                .setParameter("name", name).executeUpdate();
        requireRow(updated, name);
        return read(em, name);
    }

    /**
     * Locks a counter's row until the transaction ends and returns its last number, without counting: a
     * writer that must compare before it counts (an append whose sequence the caller chose), or that takes
     * its kind's turn.
     *
     * @param em the entity manager of the running transaction
     * @param name the counter's name
     * @return the last number handed out, 0 before the first
     */
    public static long lockedLast(EntityManager em, String name) {
        int updated = em.createQuery("update Counter c set c.lastValue = c.lastValue where c.name = :name")
                .setParameter("name", name).executeUpdate();
        requireRow(updated, name);
        return read(em, name);
    }

    /**
     * Reads a counter's last number without locking it.
     *
     * @param em an entity manager
     * @param name the counter's name
     * @return the last number handed out, 0 before the first (or when the row is missing)
     */
    public static long last(EntityManager em, String name) {
        List<Long> values = em.createQuery("select c.lastValue from Counter c where c.name = :name", Long.class)
                .setParameter("name", name).getResultList();
        return values.isEmpty() ? 0 : values.get(0);
    }

    private static long read(EntityManager em, String name) {
        return em.createQuery("select c.lastValue from Counter c where c.name = :name", Long.class)
                .setParameter("name", name).getSingleResult();
    }

    private static void requireRow(int updated, String name) {
        if (updated != 1) {
            throw new StoreException("The counter '" + name + "' has no row in cpp_counter: apply the JPA"
                    + " plugin's migrations (db/<database>) before using the stores", false, null);
        }
    }
}
