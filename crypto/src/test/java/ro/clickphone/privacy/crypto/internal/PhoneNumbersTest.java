package ro.clickphone.privacy.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The literal E.164 path gives what libphonenumber's full parser gives. */
class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * Every region's example number of every type, and 30 variants of each (last digits changed):
     * whenever libphonenumber's parser reads {@code +cc nsn} as a valid number, ours reads the same
     * country code and national number; whenever ours accepts, so does the parser.
     */
    @Test
    void literalPath_agreesWithTheFullParser() {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String nsn = UTIL.getNationalSignificantNumber(example);
                for (int variant = 0; variant <= 30; variant++) {
                    String national = variant == 0 ? nsn : vary(nsn, variant);
                    String input = "+" + example.getCountryCode() + " " + national;
                    String expected = fullParse(input, region);
                    String ours;
                    try {
                        PhoneNumbers.Parsed parsed = PhoneNumbers.parse(input, region, "number");
                        ours = "+" + parsed.countryCode() + "|" + parsed.nationalNumber();
                    } catch (InvalidInputException e) {
                        ours = null;
                    }
                    compared++;
                    if (!java.util.Objects.equals(expected, ours)) {
                        differences.add(region + " " + type + " variant " + variant + ": parser " + expected + ", ours " + ours);
                    }
                }
            }
        }
        System.out.println("Phone numbers compared with libphonenumber's parser: " + compared);
        assertTrue(compared > 10_000, "compared " + compared);
        assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())));
    }

    private static String vary(String nsn, int variant) {
        char[] digits = nsn.toCharArray();
        int seed = variant * 7919;
        for (int i = Math.max(1, digits.length - 4); i < digits.length; i++) {
            digits[i] = (char) ('0' + (seed % 10));
            seed /= 3;
            seed += variant;
        }
        return new String(digits);
    }

    private static String fullParse(String input, String region) {
        try {
            PhoneNumber number = UTIL.parse(input, region);
            if (!UTIL.isValidNumber(number) || UTIL.getRegionCodeForCountryCode(number.getCountryCode()).equals("ZZ")) {
                return null;
            }
            return "+" + number.getCountryCode() + "|" + UTIL.getNationalSignificantNumber(number);
        } catch (NumberParseException e) {
            return null;
        }
    }
}
