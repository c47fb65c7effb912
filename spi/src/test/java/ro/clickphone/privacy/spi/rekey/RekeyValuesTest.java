package ro.clickphone.privacy.spi.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

/** The values of the re-key SPI: validation, and toString without values, subjects or a telling key. */
class RekeyValuesTest {

    @Test
    void row_isValidated() {
        assertThrows(InvalidInputException.class, () -> RekeyRow.of(null, "x"));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("", "x"));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("k".repeat(RekeyRow.MAX_KEY_LENGTH + 1), "x"));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("1", "x").withPlaintext(null));
        assertThrows(InvalidInputException.class, () -> new RekeyRow("1", "x", "p", null, null, true));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("1", "x").withSubject(SubjectId.of("a"), " "));
        RekeyRow row = RekeyRow.of("1", "x").withPlaintext("p").asUnreadable();
        assertTrue(row.unreadable());
        assertEquals(null, row.plaintext());
        assertEquals(null, RekeyRow.of("1", "x").withPlaintext("p").withoutPlaintext().plaintext());
    }

    @Test
    void toString_showsNoValue_noSubject_andNoKeyInClear() {
        RekeyRow row = RekeyRow.of("ana.popescu@example.ro", "0123456789abcdef").withPlaintext("Ana.Popescu@Example.ro")
                .withSubject(SubjectId.of("ana.popescu@example.ro"), "4711");
        String text = row + " " + new RekeyChange(row, "v2.fedcba9876543210");
        for (String secret : new String[] {"ana.popescu", "Popescu", "0123456789abcdef", "fedcba", "4711"}) {
            assertFalse(text.contains(secret), text);
        }
        // a short id (a phone-like subject id) could be found again from an unsalted hash of it: none is shown
        RekeyRow numeric = RekeyRow.of("40721000111", "x");
        String shown = numeric + " " + new RekeyChange(numeric, "y");
        assertFalse(shown.contains(ro.clickphone.privacy.spi.internal.Checks.shortHash("40721000111")), shown);
        assertFalse(shown.contains("40721000111"), shown);
        assertThrows(InvalidInputException.class, () -> new RekeyChange(row, null));
        assertThrows(InvalidInputException.class, () -> new RekeyChange(null, "x"));
    }

    /** A string primary key may start with a space or hold a tab: a row key, never shown, takes any of them. */
    @Test
    void anyStringId_upTo256Characters_isARowKey() {
        for (String id : new String[] {" lead", "trail ", "tab\there", "ș", "k".repeat(256)}) {
            assertEquals(id, RekeyRow.of(id, "x").key());
            assertEquals(id, new JobCheckpoint("job", 1, id, false, 0, 0, 0, 0, 0).position());
        }
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("", "x"));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of("k".repeat(257), "x"));
        assertThrows(InvalidInputException.class, () -> RekeyRow.of(null, "x"));
    }

    @Test
    void checkpoint_isValidated() {
        assertThrows(InvalidInputException.class, () -> new JobCheckpoint("job", -1, "", false, 0, 0, 0, 0, 0));
        assertThrows(InvalidInputException.class, () -> new JobCheckpoint("job", 1, null, false, 0, 0, 0, 0, 0));
        assertThrows(InvalidInputException.class, () -> new JobCheckpoint("job", 1, "", false, -1, 0, 0, 0, 0));
        assertThrows(InvalidInputException.class, () -> JobCheckpoint.checkJobId("j".repeat(129)));
        assertEquals(0, JobCheckpoint.start("job").sequence());
        assertEquals(RekeySource.START, JobCheckpoint.start("job").position());
    }
}
