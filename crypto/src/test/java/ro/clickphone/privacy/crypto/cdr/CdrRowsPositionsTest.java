package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The header rules every reader of CDR tables shares (the CSV bulk mode, the Spark Dataset API). */
class CdrRowsPositionsTest {

    @Test
    void columnsAreFound_inAnyOrderAndCase() {
        int[] at = CdrRows.positions(List.of(" START", "caller", "Type", "direction", "record_id", "device_ip"), "header");
        assertArrayEquals(new int[] {4, 2, 3, 1, -1, -1, -1, 0, -1, 5}, at);
    }

    @Test
    void smsText_unknownTwiceOrMissing_refuseTheTable_namingOnlyPlainNames() {
        List<String> base = List.of("record_id", "type", "direction", "caller", "start");
        InvalidInputException sms = assertThrows(InvalidInputException.class, () -> CdrRows.positions(
                concat(base, "SMS_Text"), "cdrs"));
        assertEquals("cdrs", sms.argument());
        assertTrue(sms.rule().contains("'sms_text'") && sms.rule().contains("SMS content"), sms.rule());
        assertTrue(assertThrows(InvalidInputException.class, () -> CdrRows.positions(concat(base, "imsi"), "header"))
                .rule().contains("unknown column 'imsi'"));
        assertTrue(assertThrows(InvalidInputException.class, () -> CdrRows.positions(concat(base, "Caller "), "header"))
                .rule().contains("names column 'caller' twice"));
        assertTrue(assertThrows(InvalidInputException.class, () -> CdrRows.positions(
                List.of("record_id", "type", "direction", "start"), "header")).rule()
                .contains("lacks required column 'caller'"));
        InvalidInputException data = assertThrows(InvalidInputException.class, () -> CdrRows.positions(
                List.of("c-1", "CALL", "OUTBOUND", "+40721234567", "2026-03-16T08:00:00Z"), "header"));
        assertTrue(data.rule().contains("number 1") && data.rule().contains("header row missing"), data.rule());
        assertFalse(data.rule().contains("40721234567"), data.rule());
        assertThrows(InvalidInputException.class, () -> CdrRows.positions(List.of(), "header"));
    }

    private static List<String> concat(List<String> base, String more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(base);
        all.add(more);
        return all;
    }
}
