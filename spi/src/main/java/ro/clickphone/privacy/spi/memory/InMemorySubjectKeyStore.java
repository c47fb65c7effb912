package ro.clickphone.privacy.spi.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;

/**
 * A {@link SubjectKeyStore} in memory, for tests and demos. Several kits (or {@code EnvelopeKeys}) may share
 * one instance, which is how the tests prove cross-instance shredding.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemorySubjectKeyStore implements SubjectKeyStore {

    private record Slot(SubjectId subject, KeyScope scope) {
    }

    private final Map<Slot, TreeMap<Integer, StoredKey>> keys = new HashMap<>();
    private final Set<Slot> destroyed = new HashSet<>();
    private final Map<Slot, Integer> retired = new HashMap<>();
    /** Reserved uses per stored key version; removed with the key. */
    private final Map<Slot, TreeMap<Integer, Long>> uses = new HashMap<>();

    /** Creates an empty store. */
    public InMemorySubjectKeyStore() {
    }

    private static Slot slot(SubjectId subject, KeyScope scope) {
        if (subject == null || scope == null) {
            throw new InvalidInputException("subjectKeyStore", "subject and scope must not be null");
        }
        return new Slot(subject, scope);
    }

    @Override
    public synchronized Optional<StoredKey> putIfAbsent(StoredKey key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        Slot slot = slot(key.subject(), key.scope());
        if (destroyed.contains(slot) || key.version() <= retired.getOrDefault(slot, 0)) {
            return Optional.empty();
        }
        return Optional.of(keys.computeIfAbsent(slot, s -> new TreeMap<>()).computeIfAbsent(key.version(), v -> key));
    }

    @Override
    public synchronized Optional<StoredKey> find(SubjectId subject, KeyScope scope, int version) {
        TreeMap<Integer, StoredKey> versions = keys.get(slot(subject, scope));
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    @Override
    public synchronized Optional<StoredKey> latest(SubjectId subject, KeyScope scope) {
        TreeMap<Integer, StoredKey> versions = keys.get(slot(subject, scope));
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    @Override
    public synchronized boolean replace(StoredKey expected, StoredKey replacement) {
        if (expected == null || replacement == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        if (!expected.subject().equals(replacement.subject()) || !expected.scope().equals(replacement.scope())
                || expected.version() != replacement.version()) {
            throw new InvalidInputException("replacement", "must be the same subject, scope and version");
        }
        TreeMap<Integer, StoredKey> versions = keys.get(slot(expected.subject(), expected.scope()));
        if (versions == null || !expected.equals(versions.get(expected.version()))) {
            return false;
        }
        versions.put(expected.version(), replacement);
        return true;
    }

    @Override
    public synchronized int destroy(SubjectId subject, KeyScope scope) {
        Slot slot = slot(subject, scope);
        TreeMap<Integer, StoredKey> versions = keys.remove(slot);
        uses.remove(slot);
        destroyed.add(slot);
        return versions == null ? 0 : versions.size();
    }

    @Override
    public synchronized int retire(SubjectId subject, KeyScope scope, int throughVersion) {
        Slot slot = slot(subject, scope);
        if (throughVersion < 1) {
            throw new InvalidInputException("throughVersion", "must be at least 1");
        }
        retired.merge(slot, throughVersion, Math::max);
        TreeMap<Integer, Long> counts = uses.get(slot);
        if (counts != null) {
            counts.headMap(throughVersion, true).clear();
        }
        TreeMap<Integer, StoredKey> versions = keys.get(slot);
        if (versions == null) {
            return 0;
        }
        Map<Integer, StoredKey> gone = versions.headMap(throughVersion, true);
        int count = gone.size();
        gone.clear();
        return count;
    }

    @Override
    public synchronized OptionalLong reserveUses(SubjectId subject, KeyScope scope, int version, long count) {
        Slot slot = slot(subject, scope);
        if (version < 1) {
            throw new InvalidInputException("version", "must be at least 1");
        }
        if (count < 1 || count > MAX_RESERVATION) {
            throw new InvalidInputException("count", "must be between 1 and " + MAX_RESERVATION);
        }
        TreeMap<Integer, StoredKey> versions = keys.get(slot);
        if (versions == null || !versions.containsKey(version)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(uses.computeIfAbsent(slot, s -> new TreeMap<>()).merge(version, count, Long::sum));
    }

    @Override
    public synchronized int retiredThrough(SubjectId subject, KeyScope scope) {
        return retired.getOrDefault(slot(subject, scope), 0);
    }

    @Override
    public synchronized boolean isDestroyed(SubjectId subject, KeyScope scope) {
        return destroyed.contains(slot(subject, scope));
    }

    @Override
    public synchronized List<StoredKey> wrappedBelow(String kekId, int belowVersion, int maxCount) {
        if (kekId == null || maxCount < 1) {
            throw new InvalidInputException("wrappedBelow", "kekId must not be null and maxCount at least 1");
        }
        List<StoredKey> out = new ArrayList<>();
        for (TreeMap<Integer, StoredKey> versions : keys.values()) {
            for (StoredKey key : versions.values()) {
                if (out.size() < maxCount && key.wrapped().kekId().equals(kekId)
                        && key.wrapped().kekVersion() < belowVersion) {
                    out.add(key);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return "InMemorySubjectKeyStore[" + keys.size() + " subject scopes, " + destroyed.size() + " destroyed]";
    }
}
