package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/**
 * An {@link ErasureLedger} in memory, for tests and demos. A real ledger lives apart from the main
 * stores (another database, a file) so that restoring their backup does not roll it back; in a test,
 * "restoring a backup" is building a kit on fresh stores while keeping this instance.
 *
 * <p>Thread-safe: every method holds the ledger's lock.
 *
 * @since 0.1.0
 */
public final class InMemoryErasureLedger implements ErasureLedger {

    private static final Comparator<ErasureEntry> ORDER = Comparator.comparing(ErasureEntry::erasedAt)
            .thenComparing(ErasureEntry::requestId);

    private final TreeSet<ErasureEntry> entries = new TreeSet<>(ORDER);
    private final java.util.Set<String> requests = new java.util.HashSet<>();

    /** Creates an empty ledger. */
    public InMemoryErasureLedger() {
    }

    @Override
    public synchronized boolean append(ErasureEntry entry) {
        Checks.notNull(entry, "entry");
        if (!requests.add(entry.requestId())) {
            return false;
        }
        entries.add(entry);
        return true;
    }

    @Override
    public synchronized List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit) {
        Checks.notNull(since, "since");
        Checks.notNull(after, "after");
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        List<ErasureEntry> page = new ArrayList<>();
        for (ErasureEntry e : entries) {
            if (e.erasedAt().isBefore(since) || (after.isPresent() && ORDER.compare(e, after.get()) <= 0)) {
                continue;
            }
            page.add(e);
            if (page.size() == limit) {
                break;
            }
        }
        return List.copyOf(page);
    }

    @Override
    public synchronized String toString() {
        return "InMemoryErasureLedger[" + entries.size() + " entries]";
    }
}
