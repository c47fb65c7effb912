package ro.clickphone.privacy.crypto.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;

class MaskingTest {

    @Test
    void phone_keepsCountryFirstAndLastTwoDigits() {
        assertEquals("+40 7** *** *67", Masking.phone("+40721234567", "RO"));
        assertEquals("+40 7** *** *67", Masking.phone("0721 234 567", "RO"));
        assertEquals("+49 1*** *****89", Masking.phone("+4915123456789", "RO"));
        assertThrows(InvalidInputException.class, () -> Masking.phone("+40 72", "RO"));
    }

    @Test
    void email_ip_text() {
        assertEquals("i***@example.ro", Masking.email("Ion.Popescu@Example.ro"));
        assertEquals("192.168.x.x", Masking.ip("192.168.1.10"));
        assertEquals("2001:db8:85a3:x:x:x:x:x", Masking.ip("2001:db8:85a3::8a2e:370:7334"));
        assertEquals("I***", Masking.text("Ion Popescu"));
        assertEquals("Ș***", Masking.text("Ștefan"));
        assertEquals(Masking.FULL, Masking.text("  "));
        assertThrows(InvalidInputException.class, () -> Masking.email("not an address"));
    }

    @Test
    void mask_unparseable_isFullyMasked_neverPassedThrough() {
        assertEquals(Masking.FULL, Masking.mask(MaskStyle.PHONE, "call me at 0721"));
        assertEquals(Masking.FULL, Masking.mask(MaskStyle.EMAIL, "ion popescu"));
        assertEquals(Masking.FULL, Masking.mask(MaskStyle.IP, "localhost"));
        assertEquals(null, Masking.mask(MaskStyle.TEXT, null));
    }

    /** A DTO as the platform would log it. */
    record CallView(@PersonalData(MaskStyle.PHONE) String caller, @PersonalData(MaskStyle.EMAIL) String email,
            @PersonalData(MaskStyle.IP) String device, @PersonalData String name,
            @PersonalData List<String> forwards, @PersonalData(MaskStyle.PHONE) String missing, int durationSeconds,
            @PersonalData(value = MaskStyle.PHONE, region = "DE") String german) {
    }

    /** A bean with an annotated field and getter. */
    static final class Account {
        @PersonalData(MaskStyle.TEXT)
        private final String holder = "Ana Pop";
        private final String plan = "BUSINESS";

        public String getHolder() {
            return holder;
        }

        public String getPlan() {
            return plan;
        }

        @PersonalData(MaskStyle.PHONE)
        public String getPhone() {
            return "+40721234567";
        }
    }

    @Test
    void jacksonModule_masksAnnotatedProperties() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new MaskingModule());
        String json = mapper.writeValueAsString(new CallView("+40721234567", "ion@example.ro", "192.168.1.10",
                "Ion Popescu", List.of("+40731111111"), null, 95, "01512 3456789"));
        assertEquals("{\"caller\":\"+40 7** *** *67\",\"email\":\"i***@example.ro\",\"device\":\"192.168.x.x\","
                + "\"name\":\"***\",\"forwards\":\"***\",\"missing\":null,\"durationSeconds\":95,"
                + "\"german\":\"+49 1*** *****89\"}", json);
        String account = mapper.writeValueAsString(new Account());
        assertEquals("{\"holder\":\"A***\",\"plan\":\"BUSINESS\",\"phone\":\"+40 7** *** *67\"}", account);
        assertFalse(account.contains("Pop"));
    }
}
