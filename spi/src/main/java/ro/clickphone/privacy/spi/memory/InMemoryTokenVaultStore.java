package ro.clickphone.privacy.spi.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/**
 * A {@link TokenVaultStore} in memory, for tests and demos: its mappings are lost with the process.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryTokenVaultStore implements TokenVaultStore {

    private record Key(String context, String value) {
    }

    private final Map<Key, VaultEntry> byToken = new HashMap<>();
    private final Map<Key, VaultEntry> byLookup = new HashMap<>();

    /** Creates an empty vault. */
    public InMemoryTokenVaultStore() {
    }

    @Override
    public synchronized VaultEntry putIfAbsent(VaultEntry entry) {
        check(entry, "entry");
        VaultEntry existing = byLookup.get(new Key(entry.context(), entry.lookup()));
        if (existing != null) {
            return existing;
        }
        if (byToken.containsKey(new Key(entry.context(), entry.token()))) {
            throw new InvalidInputException("entry.token", "is already used in context " + entry.context());
        }
        byLookup.put(new Key(entry.context(), entry.lookup()), entry);
        byToken.put(new Key(entry.context(), entry.token()), entry);
        return entry;
    }

    @Override
    public synchronized Optional<VaultEntry> findByToken(String context, String token) {
        check(context, "context");
        check(token, "token");
        return Optional.ofNullable(byToken.get(new Key(context, token)));
    }

    @Override
    public synchronized Optional<VaultEntry> findByLookup(String context, String lookup) {
        check(context, "context");
        check(lookup, "lookup");
        return Optional.ofNullable(byLookup.get(new Key(context, lookup)));
    }

    @Override
    public synchronized int deleteSubject(SubjectId subject) {
        check(subject, "subject");
        byToken.values().removeIf(e -> e.subject().equals(subject));
        int before = byLookup.size();
        byLookup.values().removeIf(e -> e.subject().equals(subject));
        return before - byLookup.size();
    }

    private static void check(Object value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryTokenVaultStore[" + byToken.size() + " entries]";
    }
}
