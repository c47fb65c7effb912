package ro.clickphone.privacy.jpa.internal.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures {@link Writes#idempotent} repeats: decided on the driver's SQL state and vendor code of the
 * cause, never on a message. Only a duplicate key and a serialization failure / deadlock are races; other
 * integrity violations would fail the same way again.
 */
class WritesTest {

    private static RuntimeException wrapped(String state, int code) {
        return new PersistenceException("could not execute statement",
                new RuntimeException("provider", new SQLException("driver says SQL state 23505 and 40001", state, code)));
    }

    @Test
    void duplicateKeysAndDeadlocks_areRaces() {
        assertTrue(Writes.isRace(wrapped("23505", 0)), "PostgreSQL, H2: unique violation");
        assertTrue(Writes.isRace(wrapped("23000", 1062)), "MariaDB: duplicate entry");
        assertTrue(Writes.isRace(wrapped("40001", 1213)), "MariaDB deadlock, serialization failure");
        assertTrue(Writes.isRace(wrapped("40P01", 0)), "PostgreSQL deadlock");
        assertTrue(Writes.isRace(new EntityNotFoundException("gone")));
        assertTrue(Writes.isRace(new OptimisticLockException("changed")));
    }

    @Test
    void otherIntegrityViolations_areNotRaces_whateverTheMessageSays() {
        assertFalse(Writes.isRace(wrapped("23502", 0)), "not null");
        assertFalse(Writes.isRace(wrapped("23503", 0)), "foreign key");
        assertFalse(Writes.isRace(wrapped("23514", 0)), "check");
        assertFalse(Writes.isRace(wrapped("23000", 1452)), "MariaDB foreign key");
        assertFalse(Writes.isRace(wrapped("23000", 1048)), "MariaDB not null");
        assertFalse(Writes.isRace(wrapped("22001", 0)), "value too long");
        assertFalse(Writes.isRace(new IllegalStateException("SQL state 23505 (EntityNotFoundException")));
        assertFalse(Writes.isRace(null));
    }
}
