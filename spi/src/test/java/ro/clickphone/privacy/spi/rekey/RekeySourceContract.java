package ro.clickphone.privacy.spi.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The contract every {@link RekeySource} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and give a source over rows the fixture methods make and read:
 *
 * <pre>{@code
 * class MyTableSourceTest extends RekeySourceContract {
 *     protected RekeySource sourceWithRows(int rows) { ...insert rows 1..rows, each with a stored value... }
 *     protected String storedValue(String key) { ...read the column over JDBC... }
 *     protected void writerChanges(String key) { ...an application writes the row anew... }
 *     protected void writerDeletes(String key) { ...the row is deleted... }
 * }
 * }</pre>
 */
public abstract class RekeySourceContract {

    /** For subclasses. */
    protected RekeySourceContract() {
    }

    /**
     * A source over exactly {@code rows} rows, each with a value in its column, in an otherwise empty store.
     *
     * @param rows how many rows, at least 1
     * @return the source
     */
    protected abstract RekeySource sourceWithRows(int rows);

    /**
     * The value the column of a row holds now, read around the source.
     *
     * @param key the row's key
     * @return the stored value, or null
     */
    protected abstract String storedValue(String key);

    /**
     * Changes a row's column (and what it is computed from) as an application writer does.
     *
     * @param key the row's key
     */
    protected abstract void writerChanges(String key);

    /**
     * Deletes a row as an application does.
     *
     * @param key the row's key
     */
    protected abstract void writerDeletes(String key);

    /**
     * A value the column may hold, for a replacement (the source does not check what it writes).
     *
     * @param key the row's key
     * @return a value different from the stored one
     */
    protected String replacementFor(String key) {
        String stored = storedValue(key);
        return stored == null ? "replacement-" + key : stored.substring(0, Math.max(0, stored.length() - 4)) + "beef";
    }

    private static List<RekeyRow> all(RekeySource source, int page) {
        List<RekeyRow> out = new ArrayList<>();
        String position = RekeySource.START;
        for (List<RekeyRow> rows; !(rows = source.rowsAfter(position, page)).isEmpty(); ) {
            assertTrue(rows.size() <= page, "a page larger than the limit");
            out.addAll(rows);
            position = rows.get(rows.size() - 1).key();
        }
        return out;
    }

    @Test
    void pages_coverEveryRowOnce_inOneStableOrder() {
        RekeySource source = sourceWithRows(23);
        List<RekeyRow> byFive = all(source, 5);
        List<RekeyRow> bySeven = all(source, 7);
        assertEquals(23, byFive.size());
        assertEquals(byFive.stream().map(RekeyRow::key).toList(), bySeven.stream().map(RekeyRow::key).toList());
        assertEquals(23, new HashSet<>(byFive.stream().map(RekeyRow::key).toList()).size());
        for (RekeyRow row : byFive) {
            assertEquals(storedValue(row.key()), row.stored());
        }
        assertTrue(source.rowsAfter(byFive.get(22).key(), 5).isEmpty());
        assertEquals(byFive.subList(11, 16).stream().map(RekeyRow::key).toList(),
                source.rowsAfter(byFive.get(10).key(), 5).stream().map(RekeyRow::key).toList());
    }

    @Test
    void row_readsOneRowAgain() {
        RekeySource source = sourceWithRows(3);
        RekeyRow second = source.rowsAfter(RekeySource.START, 3).get(1);
        assertEquals(second, source.row(second.key()).orElseThrow());
        writerDeletes(second.key());
        assertTrue(source.row(second.key()).isEmpty());
    }

    @Test
    void replace_changesTheRowsThatStillHoldWhatWasRead() {
        RekeySource source = sourceWithRows(6);
        List<RekeyRow> rows = source.rowsAfter(RekeySource.START, 6);
        List<RekeyChange> changes = new ArrayList<>();
        for (RekeyRow row : rows) {
            changes.add(new RekeyChange(row, replacementFor(row.key())));
        }
        assertEquals(Set.copyOf(rows.stream().map(RekeyRow::key).toList()), source.replace(changes));
        for (RekeyChange c : changes) {
            assertEquals(c.replacement(), storedValue(c.row().key()));
        }
    }

    /**
     * A writer changes one row and deletes another between the job's read and its update: those two are
     * left as the writer left them, the others change.
     */
    @Test
    void replace_leavesWhatAWriterChangedOrDeleted() {
        RekeySource source = sourceWithRows(5);
        List<RekeyRow> rows = source.rowsAfter(RekeySource.START, 5);
        writerChanges(rows.get(1).key());
        String byWriter = storedValue(rows.get(1).key());
        writerDeletes(rows.get(3).key());
        List<RekeyChange> changes = new ArrayList<>();
        for (RekeyRow row : rows) {
            changes.add(new RekeyChange(row, "x" + replacementFor(row.key())));
        }
        Set<String> done = source.replace(changes);
        assertEquals(Set.of(rows.get(0).key(), rows.get(2).key(), rows.get(4).key()), done);
        assertEquals(byWriter, storedValue(rows.get(1).key()));
        assertTrue(source.row(rows.get(3).key()).isEmpty());
        // the same changes again: nothing holds what was read any more
        assertEquals(Set.of(), source.replace(changes));
    }

    @Test
    void replace_refusesTwoChangesOfOneRow_andNulls() {
        RekeySource source = sourceWithRows(2);
        RekeyRow row = source.rowsAfter(RekeySource.START, 1).get(0);
        String before = storedValue(row.key());
        assertThrows(InvalidInputException.class, () -> source.replace(List.of(new RekeyChange(row, "a"),
                new RekeyChange(row, "b"))));
        assertThrows(InvalidInputException.class, () -> source.replace(null));
        assertEquals(before, storedValue(row.key()), "a refused call changes nothing");
    }

    @Test
    void count_testsEveryRow_withoutPlaintext() {
        RekeySource source = sourceWithRows(12);
        AtomicInteger seen = new AtomicInteger();
        String first = source.rowsAfter(RekeySource.START, 1).get(0).key();
        long n = source.count(row -> {
            seen.incrementAndGet();
            assertNotNull(row.key());
            assertEquals(null, row.plaintext(), "a count is not given the plaintext");
            return row.key().equals(first);
        });
        assertEquals(12, seen.get());
        assertEquals(1, n);
        assertEquals(12, source.count(row -> true));
        assertEquals(0, source.count(row -> false));
    }

    @Test
    void badArguments_areRefused() {
        RekeySource source = sourceWithRows(1);
        assertThrows(InvalidInputException.class, () -> source.rowsAfter(null, 1));
        assertThrows(InvalidInputException.class, () -> source.rowsAfter(RekeySource.START, 0));
        assertThrows(InvalidInputException.class, () -> source.row(null));
        assertThrows(InvalidInputException.class, () -> source.count(null));
        assertFalse(source.name().isBlank());
    }
}
