package ro.clickphone.privacy.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;

class InMemoryTransactionTest {

    @Test
    void commit_runsTheWritesInOrder_once() {
        List<String> done = new ArrayList<>();
        InMemoryTransaction tx = new InMemoryTransaction();
        tx.enlist(() -> done.add("a"));
        tx.enlist(() -> done.add("b"));
        tx.commit();
        assertEquals(List.of("a", "b"), done);
        assertTrue(tx.ended());
        assertThrows(ConfigurationException.class, tx::commit);
        assertThrows(ConfigurationException.class, () -> tx.enlist(() -> done.add("c")));
        assertEquals(List.of("a", "b"), done);
    }

    /** A failing write does not leave the writes after it undone while those before it stand. */
    @Test
    void commit_whenAWriteFails_runsTheOthers_andThrowsTheFirstFailure_withTheRestSuppressed() {
        List<String> done = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        InMemoryTransaction tx = new InMemoryTransaction();
        tx.enlist(() -> done.add("a"));
        tx.enlist(() -> {
            throw first;
        });
        tx.enlist(() -> done.add("b"));
        tx.enlist(() -> {
            throw second;
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, tx::commit);
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of("a", "b"), done);
        assertTrue(tx.ended());
        assertThrows(ConfigurationException.class, tx::commit, "ended: nothing runs twice");
    }

    @Test
    void rollback_dropsTheWrites() {
        List<String> done = new ArrayList<>();
        InMemoryTransaction tx = new InMemoryTransaction();
        tx.enlist(() -> done.add("a"));
        tx.rollback();
        tx.rollback();
        assertTrue(tx.ended());
        assertEquals(List.of(), done);
        assertThrows(ConfigurationException.class, tx::commit);
    }
}
