package ro.clickphone.privacy.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.net.InetAddress;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** IP literals are parsed by our own code: no input, however odd, reaches the JDK's name resolver. */
class IpLiteralsTest {

    /** Calls that may resolve a name (the library rule every module's ArchitectureTest runs). */
    private static final ArchRule NO_RESOLVER = LibraryRules.NO_NAME_RESOLUTION;

    /** A class breaking the rule, so the rule is seen to catch it. */
    static final class ResolvingFixture {
        static byte[] parse(String value) throws Exception {
            return InetAddress.getByName(value).getAddress();
        }
    }

    @Test
    void noCryptoClass_callsTheResolver() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ResolvingFixture.class);
        assertThrows(AssertionError.class, () -> NO_RESOLVER.check(fixture));
        NO_RESOLVER.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ro.clickphone.privacy.crypto"));
    }

    /** Before: these passed the character check and went to InetAddress, which resolved them as host names. */
    @ParameterizedTest
    @ValueSource(strings = {".1:2::1.2.3.4", ".::1", "...:", ".:1.2.3.4", ".a:b:c:d:e:f:1.2.3.4", "."})
    void leadingDot_isRefused(String input) {
        assertThrows(InvalidInputException.class, () -> IpLiterals.parse(input, "address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1::2::3", ":1::", "1::2:", "12345::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "::1.2.3",
        "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", ":::", "g::1"})
    void malformedIpv6_isRefused(String input) {
        assertThrows(InvalidInputException.class, () -> IpLiterals.parse(input, "address"));
    }

    /** Random addresses in every text form (full, compressed, upper case, dotted tail) read as the JDK reads them. */
    @Test
    void validLiterals_readAsTheJdkReadsThem() {
        RandomCases.run(300, random -> {
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(0x10000);
            }
            if (random.nextInt(5) == 0) {
                groups = new int[] {0, 0, 0, 0, 0, 0xFFFF, random.nextInt(0x10000), random.nextInt(0x10000)};
            }
            boolean dotted = random.nextBoolean();
            int zeroFrom = random.nextInt(8);
            int zeroTo = zeroFrom + random.nextInt(3);
            StringJoiner out = new StringJoiner(":");
            int last = dotted ? 6 : 8;
            boolean compressed = false;
            for (int i = 0; i < last; i++) {
                if (i >= zeroFrom && i <= zeroTo && groups[i] == 0 && !compressed && i < last) {
                    int end = i;
                    while (end < last && groups[end] == 0) {
                        end++;
                    }
                    out.add(i == 0 ? ":" : "");
                    if (end == last) {
                        out.add("");
                    }
                    compressed = true;
                    i = end - 1;
                    continue;
                }
                String hex = Integer.toHexString(groups[i]);
                out.add(random.nextBoolean() ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
            }
            String text = out.toString();
            if (dotted) {
                String quad = (groups[6] >>> 8) + "." + (groups[6] & 0xFF) + "." + (groups[7] >>> 8) + "."
                        + (groups[7] & 0xFF);
                text = text.endsWith("::") ? text + quad : text + ":" + quad;
            }
            assertArrayEquals(InetAddress.getByName(text).getAddress(), IpLiterals.parse(text, "address"), text);
        });
    }
}
