package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;

/** The one-field methods the engines' SQL functions use give what the record path gives. */
class CdrPseudonymizerFieldsTest {

    private static final Pseudonyms PSEUDONYMS = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
            PseudonymAuthorizer.unrestricted(e -> { }));
    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("analytics")
            .caller(NumberTechnique.ff1(3)).callee(NumberTechnique.token()).deviceIp(IpTechnique.cryptoPan()).build());
    private static final Instant START = Instant.parse("2026-11-29T07:23:41Z");

    @Test
    void caller_andDeviceIp_areTheRecordPathsFields() {
        PseudonymizedCdr record = CDRS.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, "0721 234 567",
                "+40731111222", START, Duration.ZERO).withDeviceIp("2001:db8::17"));
        assertEquals(record.caller(), CDRS.caller("0721 234 567"));
        assertEquals(record.deviceIp(), CDRS.deviceIp("2001:db8::17"));
    }

    @Test
    void droppedFields_areEmpty() {
        CdrPseudonymizer nothing = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("analytics").build());
        assertEquals(Optional.empty(), nothing.caller("+40721234567"));
        assertEquals(Optional.empty(), nothing.deviceIp("192.0.2.17"));
    }

    @Test
    void badValues_nameTheField_withoutRepeatingTheValue() {
        InvalidInputException number = assertThrows(InvalidInputException.class, () -> CDRS.caller("+40 999 77"));
        assertEquals("caller", number.argument());
        assertFalse(number.getMessage().contains("999"), number.getMessage());
        InvalidInputException address = assertThrows(InvalidInputException.class, () -> CDRS.deviceIp("300.1.2.77"));
        assertEquals("deviceIp", address.argument());
        assertFalse(address.getMessage().contains("300.1"), address.getMessage());
        assertEquals("caller", assertThrows(InvalidInputException.class, () -> CDRS.caller(null)).argument());
        assertEquals("deviceIp", assertThrows(InvalidInputException.class, () -> CDRS.deviceIp(null)).argument());
    }
}
