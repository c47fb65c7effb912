package ro.clickphone.privacy.spi.memory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.account.DesignationRegistry;

/**
 * A {@link DesignationRegistry} in memory, for tests and demos. Empty by default, so that every
 * integration partner is denied until a subject designates it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryDesignationRegistry implements DesignationRegistry {

    private final Set<Designation> designations = ConcurrentHashMap.newKeySet();

    /** Creates an empty registry. */
    public InMemoryDesignationRegistry() {
    }

    @Override
    public void designate(Designation designation) {
        designations.add(notNull(designation));
    }

    @Override
    public void revoke(Designation designation) {
        designations.remove(notNull(designation));
    }

    @Override
    public boolean isDesignated(Designation designation) {
        return designations.contains(notNull(designation));
    }

    private static Designation notNull(Designation designation) {
        if (designation == null) {
            throw new InvalidInputException("designation", "must not be null");
        }
        return designation;
    }

    @Override
    public String toString() {
        return "InMemoryDesignationRegistry[" + designations.size() + " designations]";
    }
}
