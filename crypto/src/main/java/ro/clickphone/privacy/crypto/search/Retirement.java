package ro.clickphone.privacy.crypto.search;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The versions retired for one (entity, field) in one {@link BlindIndex} or {@link DeterministicEncryptor}:
 * shared by every binding of the field (another normalization or length) in that one primitive, seeded from
 * the configuration of the same primitive ({@link SearchKeys#withRetiredBlindIndex},
 * {@link SearchKeys#withRetiredDeterministic}) and grown by {@code retire}: the configuration and the runtime
 * retire the same thing. Readers see an immutable snapshot.
 */
final class Retirement {

    private final int current;
    private volatile SortedSet<Integer> retired;

    Retirement(int current, SortedSet<Integer> configured) {
        this.current = current;
        this.retired = Collections.unmodifiableSortedSet(new TreeSet<>(configured));
    }

    SortedSet<Integer> retired() {
        return retired;
    }

    /** The versions held (as a field's version array) that are not retired, ascending, unmodifiable. */
    SortedSet<Integer> active(int[] versions) {
        SortedSet<Integer> now = retired;
        TreeSet<Integer> active = new TreeSet<>();
        for (int v : versions) {
            if (!now.contains(v)) {
                active.add(v);
            }
        }
        return Collections.unmodifiableSortedSet(active);
    }

    boolean isRetired(int version) {
        return retired.contains(version);
    }

    /**
     * The retirement of a field in one primitive ({@link SearchKeys#BLIND_INDEX} or
     * {@link SearchKeys#DETERMINISTIC}), seeded from the configuration; refuses a configuration that retired the
     * current version (which {@code SearchKeys} already refuses when it is built; kept as a second check).
     */
    static Retirement forField(SearchKeys keys, String primitive, String entity, String field) {
        SortedSet<Integer> configured = keys.retired(primitive, entity, field);
        if (configured.contains(keys.currentVersion())) {
            throw new ro.clickphone.privacy.spi.ConfigurationException("The search keys retire version "
                    + keys.currentVersion() + " of " + entity + "." + field + ", which is the current version: a field"
                    + " needs its current version to compute");
        }
        return new Retirement(keys.currentVersion(), configured);
    }

    synchronized void retire(String entity, String field, int version) {
        SearchKeys.checkVersion(version);
        if (version == current) {
            throw new InvalidInputException("version", "is the current version of " + entity + "." + field
                    + ", which computes every new value; add a newer SearchKeys version and re-index first");
        }
        if (!retired.contains(version)) {
            TreeSet<Integer> more = new TreeSet<>(retired);
            more.add(version);
            retired = Collections.unmodifiableSortedSet(more);
        }
    }
}
