package ro.clickphone.privacy.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.memory.InMemoryTransaction;

/** The caller's transaction handle, and the in-memory transaction the in-memory stores join. */
class StoreTransactionTest {

    /** Stands for a caller's resource whose toString says more than a log should. */
    private static final class Session {
        @Override
        public String toString() {
            return "Session[user=ion.popescu@example.ro]";
        }
    }

    @Test
    void of_unwrapsTheResourceByType_only() {
        Session session = new Session();
        StoreTransaction tx = StoreTransaction.of(session);
        assertSame(session, tx.unwrap(Session.class).orElseThrow());
        assertSame(session, tx.unwrap(Object.class).orElseThrow());
        assertEquals(Optional.empty(), tx.unwrap(String.class));
        assertThrows(InvalidInputException.class, () -> tx.unwrap(null));
        assertThrows(InvalidInputException.class, () -> StoreTransaction.of(null));
    }

    @Test
    void of_printsTheResourcesClassOnly() {
        String text = StoreTransaction.of(new Session()).toString();
        assertEquals("StoreTransaction[Session]", text);
        assertFalse(text.contains("ion.popescu"));
    }

    @Test
    void inMemoryTransaction_runsItsWritesInOrderAtCommit_once() {
        InMemoryTransaction tx = new InMemoryTransaction();
        List<String> done = new ArrayList<>();
        tx.enlist(() -> done.add("first"));
        tx.enlist(() -> done.add("second"));
        assertEquals(List.of(), done, "nothing before the commit");
        assertFalse(tx.ended());
        tx.commit();
        assertEquals(List.of("first", "second"), done);
        assertTrue(tx.ended());
        assertThrows(ConfigurationException.class, tx::commit, "committed twice");
        assertThrows(ConfigurationException.class, () -> tx.enlist(() -> done.add("late")));
        tx.rollback();
        assertEquals(List.of("first", "second"), done, "a rollback after the commit undoes nothing");
    }

    @Test
    void inMemoryTransaction_rolledBack_runsNothing_andTakesNoMoreWrites() {
        InMemoryTransaction tx = new InMemoryTransaction();
        List<String> done = new ArrayList<>();
        tx.enlist(() -> done.add("write"));
        tx.rollback();
        assertThrows(ConfigurationException.class, tx::commit);
        assertThrows(ConfigurationException.class, () -> tx.enlist(() -> done.add("late")));
        assertEquals(List.of(), done);
        assertEquals("InMemoryTransaction[writes=0, ended=true]", tx.toString());
        assertSame(tx, tx.unwrap(InMemoryTransaction.class).orElseThrow());
        assertEquals(Optional.empty(), tx.unwrap(String.class));
        assertThrows(InvalidInputException.class, () -> tx.unwrap(null));
    }
}
