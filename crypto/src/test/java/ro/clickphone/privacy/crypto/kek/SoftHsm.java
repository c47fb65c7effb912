package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PKCS#11 token the tests run on: on when {@value #LIBRARY_VARIABLE} names a PKCS#11 library
 * (SoftHSM2's {@code /usr/lib/softhsm/libsofthsm2.so}; {@code .ci/run} makes a token and sets the
 * variables). {@value #SLOT_VARIABLE} holds the slot id (without it, the first slot of the list), and
 * the user PIN comes from the file named by {@value #PIN_FILE_VARIABLE}, else from
 * {@value #PIN_VARIABLE}, else {@value #DEFAULT_PIN}. When the library is named and cannot be used,
 * the tests fail rather than skip.
 */
final class SoftHsm {

    static final String LIBRARY_VARIABLE = "CLICKPHONE_PRIVACY_IT_PKCS11";
    static final String SLOT_VARIABLE = "CLICKPHONE_PRIVACY_IT_PKCS11_SLOT";
    static final String PIN_FILE_VARIABLE = "CLICKPHONE_PRIVACY_IT_PKCS11_PIN_FILE";
    static final String PIN_VARIABLE = "CLICKPHONE_PRIVACY_IT_PKCS11_PIN";
    static final String DEFAULT_PIN = "clickphone-it-pin";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SoftHsm() {
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Skips the test when no library is named; fails it when the named library is not a file. */
    static Path library() {
        String library = variable(LIBRARY_VARIABLE);
        Assumptions.assumeTrue(library != null, LIBRARY_VARIABLE + " is not set: no PKCS#11 token to test on");
        Path path = Path.of(library);
        assertTrue(Files.isRegularFile(path), LIBRARY_VARIABLE + " names no file: " + library);
        return path;
    }

    static String pin() {
        String file = variable(PIN_FILE_VARIABLE);
        if (file != null) {
            return new String(Pkcs11Token.readPin(Path.of(file)));
        }
        String pin = variable(PIN_VARIABLE);
        return pin == null ? DEFAULT_PIN : pin;
    }

    static Pkcs11Token token() {
        return token(pin().toCharArray());
    }

    static Pkcs11Token token(char[] pin) {
        Path library = library();
        String slot = variable(SLOT_VARIABLE);
        return slot == null ? Pkcs11Token.ofSlotListIndex(library, 0, pin)
                : Pkcs11Token.ofSlot(library, Long.parseLong(slot), pin);
    }

    /** A KEK id no other test uses, so that tests on one token never see each other's keys. */
    static String newKekId() {
        return "it-" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    }

    /**
     * Another SunPKCS11 provider over the same token, configured with nothing of ours: what a second
     * program holding the PIN (an attacker, an operator) gets. Attributes added to its imports, if any.
     */
    static Provider otherProvider(String extraConfiguration) {
        Path library = library();
        String slot = variable(SLOT_VARIABLE);
        String config = "--name = other-" + System.nanoTime() + "\nlibrary = \"" + library + "\"\n"
                + (slot == null ? "slotListIndex = 0" : "slot = " + slot) + "\n" + extraConfiguration;
        return Security.getProvider("SunPKCS11").configure(config);
    }

    /** The token's key store through {@link #otherProvider}, logged in with the PIN. */
    static KeyStore otherStore(Provider provider) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin().toCharArray());
            return store;
        } catch (Exception e) {
            return fail("the token named by " + LIBRARY_VARIABLE + " cannot be used", e);
        }
    }

    /** The labels of a KEK version's objects on the token ({@code <kekId>.v<N>.<16 hex digits>}). */
    static List<String> labels(KeyStore store, String kekId, int version) throws Exception {
        List<String> labels = new ArrayList<>();
        for (String label : Collections.list(store.aliases())) {
            if (label.matches(Pattern.quote(kekId + ".v" + version + ".") + "[0-9a-f]{16}")) {
                labels.add(label);
            }
        }
        return labels;
    }

    /** The label of a KEK version's one object on the token. */
    static String label(KeyStore store, String kekId, int version) throws Exception {
        List<String> labels = labels(store, kekId, version);
        assertEquals(1, labels.size(), "objects of " + kekId + " v" + version + ": " + labels);
        return labels.get(0);
    }

    /** Deletes every object of a KEK from the token. */
    static void delete(String kekId) throws Exception {
        if (variable(LIBRARY_VARIABLE) == null) {
            return;
        }
        KeyStore store = otherStore(otherProvider(""));
        List<String> labels = Collections.list(store.aliases());
        for (String label : labels) {
            if (label.startsWith(kekId + ".")) {
                store.deleteEntry(label);
            }
        }
    }
}
