package ro.clickphone.privacy.core.rekey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rekey.RekeyChange;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * A table in memory with numeric keys, as a {@link RekeySource} of one column: for a re-index its rows carry
 * the plaintext, for a re-encryption the subject and record id. Failure injection: {@link #failReplace(int)}
 * makes the n-th {@code replace} call fail before it changes anything (as a rolled-back transaction), and
 * {@link #beforeReplace} lets a "writer" change the table between a job's read and its update.
 */
final class TableSource implements RekeySource {

    /** One row: the subject, the plaintext of the source attribute, the stored column, unreadable or not. */
    static final class Cell {
        final SubjectId subject;
        String plaintext;
        String stored;
        boolean unreadable;

        Cell(SubjectId subject, String plaintext, String stored) {
            this.subject = subject;
            this.plaintext = plaintext;
            this.stored = stored;
        }
    }

    private final boolean reindex;
    private final TreeMap<Long, Cell> rows = new TreeMap<>();
    private final AtomicInteger replaceCalls = new AtomicInteger();
    private volatile int failOnCall = -1;
    private volatile Consumer<TableSource> beforeReplace = t -> { };
    final List<Integer> pageSizes = new ArrayList<>();
    /** How many scans ({@link #count}) were made. */
    final AtomicInteger countCalls = new AtomicInteger();

    private TableSource(boolean reindex) {
        this.reindex = reindex;
    }

    static TableSource forReindex() {
        return new TableSource(true);
    }

    static TableSource forReencrypt() {
        return new TableSource(false);
    }

    synchronized void put(long id, SubjectId subject, String plaintext, String stored) {
        rows.put(id, new Cell(subject, plaintext, stored));
    }

    synchronized Cell cell(long id) {
        return rows.get(id);
    }

    synchronized void delete(long id) {
        rows.remove(id);
    }

    synchronized Map<Long, String> storedValues() {
        Map<Long, String> out = new TreeMap<>();
        rows.forEach((id, c) -> out.put(id, c.stored));
        return out;
    }

    synchronized int size() {
        return rows.size();
    }

    /** The n-th call of {@code replace} from now (1 = the next) fails with a retryable store error, changing nothing. */
    void failReplace(int n) {
        failOnCall = replaceCalls.get() + n;
    }

    void beforeReplace(Consumer<TableSource> writer) {
        beforeReplace = writer;
    }

    int replaceCalls() {
        return replaceCalls.get();
    }

    @Override
    public String name() {
        return "test.customer_email";
    }

    private static long parse(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("key", "is not a key of this source");
        }
    }

    private RekeyRow row(long id, Cell c, boolean withPlaintext) {
        RekeyRow row = RekeyRow.of(Long.toString(id), c.stored);
        if (!reindex) {
            return row.withSubject(c.subject, Long.toString(id));
        }
        if (c.unreadable) {
            return row.asUnreadable();
        }
        return withPlaintext && c.plaintext != null ? row.withPlaintext(c.plaintext) : row;
    }

    @Override
    public synchronized List<RekeyRow> rowsAfter(String afterKey, int limit) {
        if (afterKey == null || limit < 1) {
            throw new InvalidInputException("afterKey", "must not be null, and limit at least 1");
        }
        Map<Long, Cell> tail = afterKey.isEmpty() ? rows : rows.tailMap(parse(afterKey), false);
        List<RekeyRow> out = new ArrayList<>();
        for (Map.Entry<Long, Cell> e : tail.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.add(row(e.getKey(), e.getValue(), true));
        }
        pageSizes.add(out.size());
        return out;
    }

    @Override
    public synchronized Optional<RekeyRow> row(String key) {
        if (key == null) {
            throw new InvalidInputException("key", "must not be null");
        }
        Cell c = rows.get(parse(key));
        return c == null ? Optional.empty() : Optional.of(row(parse(key), c, true));
    }

    @Override
    public Set<String> replace(List<RekeyChange> changes) {
        if (changes == null || changes.stream().map(c -> c.row().key()).distinct().count() != changes.size()) {
            throw new InvalidInputException("changes", "must not be null or change one row twice");
        }
        int call = replaceCalls.incrementAndGet();
        beforeReplace.accept(this);
        synchronized (this) {
            if (call == failOnCall) {
                throw new StoreException("The test source failed (injected) before it committed", true, null);
            }
            Set<String> done = new HashSet<>();
            for (RekeyChange change : changes) {
                Cell c = rows.get(parse(change.row().key()));
                if (c != null && Objects.equals(c.stored, change.row().stored())) {
                    c.stored = change.replacement();
                    done.add(change.row().key());
                }
            }
            return done;
        }
    }

    @Override
    public synchronized long count(Predicate<RekeyRow> test) {
        if (test == null) {
            throw new InvalidInputException("test", "must not be null");
        }
        countCalls.incrementAndGet();
        long n = 0;
        for (Map.Entry<Long, Cell> e : rows.entrySet()) {
            RekeyRow row = row(e.getKey(), e.getValue(), false);
            if (row.plaintext() != null) {
                throw new AssertionError("a count must not be given the plaintext");
            }
            if (test.test(row)) {
                n++;
            }
        }
        return n;
    }
}
