package ro.clickphone.privacy.jpa.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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
     * transaction ends, so a later number never commits before an earlier one.
     *
     * @param em the entity manager of the running transaction
     * @param name the counter's name
     * @return the number, from 1
     */
    public static long next(EntityManager em, String name) {
        Counter counter = em.find(Counter.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) {
            throw new StoreException("The counter '" + name + "' has no row in cpp_counter: apply the JPA"
                    + " plugin's migrations (db/<database>) before using the stores", false, null);
        }
        long next = Math.addExact(counter.lastValue(), 1);
        counter.lastValue(next);
        return next;
    }

    /**
     * Reads a counter's last number without locking it.
     *
     * @param em an entity manager
     * @param name the counter's name
     * @return the last number handed out, 0 before the first
     */
    public static long last(EntityManager em, String name) {
        Counter counter = em.find(Counter.class, name);
        return counter == null ? 0 : counter.lastValue();
    }
}
