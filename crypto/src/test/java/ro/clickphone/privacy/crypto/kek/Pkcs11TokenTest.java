package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The token settings, without a token: validation, the PIN kept apart, the SunPKCS11 configuration. */
class Pkcs11TokenTest {

    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String PIN = "pin-4711-never-printed";

    @Test
    void toString_showsLibraryAndSlot_neverThePin() {
        Pkcs11Token token = Pkcs11Token.ofSlot(LIBRARY, 1234, PIN.toCharArray());
        assertEquals("Pkcs11Token[/usr/lib/softhsm/libsofthsm2.so, slot 1234]", token.toString());
        assertEquals("Pkcs11Token[/usr/lib/softhsm/libsofthsm2.so, slot list index 0]",
                Pkcs11Token.ofSlotListIndex(LIBRARY, 0, PIN.toCharArray()).toString());
        assertFalse(token.sunPkcs11Configuration("n").contains(PIN), "the PIN is no part of the configuration");
    }

    @Test
    void thePin_isCopiedIn_andOut() {
        char[] pin = PIN.toCharArray();
        Pkcs11Token token = Pkcs11Token.ofSlot(LIBRARY, 1, pin);
        Arrays.fill(pin, 'x');
        char[] handedOut = token.pin();
        assertArrayEquals(PIN.toCharArray(), handedOut, "clearing the caller's array does not clear the token's");
        Arrays.fill(handedOut, '\0');
        assertArrayEquals(PIN.toCharArray(), token.pin(), "clearing a handed-out copy does not either");
    }

    @Test
    void aLibraryPath_thatWouldAddConfigurationLines_isRefused() {
        // a line break or a quote in the path would let it add lines (attributes, another library) to the configuration
        for (String path : new String[] {"/x.so\nattributes(*, CKO_SECRET_KEY, *) = { CKA_EXTRACTABLE = true }",
                "/x.so\"\nslot = 0", "/x.so\rname=y"}) {
            assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(Path.of("/").resolve(path.substring(1)), 0,
                    PIN.toCharArray()), path);
        }
    }

    @Test
    void theConfiguration_quotesTheLibrary_andAsksForSensitiveNonExtractableKeys() {
        String config = Pkcs11Token.ofSlot(Path.of("/opt/vendor hsm/lib p11.so"), 7, PIN.toCharArray())
                .sunPkcs11Configuration("kek-1");
        assertTrue(config.startsWith("--name = kek-1\nlibrary = \"/opt/vendor hsm/lib p11.so\"\nslot = 7\n"), config);
        assertTrue(config.contains("CKA_SENSITIVE = true\n") && config.contains("CKA_EXTRACTABLE = false\n"), config);
        assertTrue(Pkcs11Token.ofSlotListIndex(LIBRARY, 2, PIN.toCharArray()).sunPkcs11Configuration("k")
                .contains("\nslotListIndex = 2\n"));
    }

    @Test
    void badArguments_areRefused() {
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(null, 1, PIN.toCharArray()));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(Path.of("relative.so"), 1, PIN.toCharArray()));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(LIBRARY, -1, PIN.toCharArray()));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlotListIndex(LIBRARY, -1, PIN.toCharArray()));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(LIBRARY, 1, new char[0]));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(LIBRARY, 1, null));
        assertThrows(InvalidInputException.class, () -> Pkcs11Token.ofSlot(LIBRARY, 1, new char[256]));
    }

    @Test
    void readPin_readsTheFirstLine_andFailsWithoutShowingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("user.pin");
        Files.writeString(file, PIN + "\r\nsecond line\n", StandardCharsets.UTF_8);
        assertArrayEquals(PIN.toCharArray(), Pkcs11Token.readPin(file));
        Files.writeString(file, "p\u00een\n", StandardCharsets.UTF_8);
        assertArrayEquals("p\u00een".toCharArray(), Pkcs11Token.readPin(file));

        Files.writeString(file, "\n" + PIN, StandardCharsets.UTF_8);
        ConfigurationException empty = assertThrows(ConfigurationException.class, () -> Pkcs11Token.readPin(file));
        assertFalse(empty.getMessage().contains(PIN));
        Files.write(file, new byte[] {'a', (byte) 0xC3, '\n'});
        assertThrows(ConfigurationException.class, () -> Pkcs11Token.readPin(file));
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> Pkcs11Token.readPin(dir.resolve("absent.pin")));
        assertEquals(null, missing.getCause(), "no file-system message, which could quote the file");
    }
}
