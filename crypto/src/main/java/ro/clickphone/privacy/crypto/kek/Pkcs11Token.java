package ro.clickphone.privacy.crypto.kek;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Where a PKCS#11 token is and how to log in to it: the vendor's PKCS#11 library, the slot, and the
 * user PIN. The JDK's SunPKCS11 provider selects a token by slot id or by index in the library's
 * slot list, not by token label, so neither does this class: {@code softhsm2-util --show-slots} (or
 * the vendor's tool) prints the slot id of a labelled token.
 *
 * <p>The PIN is copied in and handed out only as a copy to the provider that logs in with it; it
 * appears in no {@code toString()} and no message. Read it from a file with {@link #readPin(Path)}
 * rather than from a command line or an environment variable, which other processes can read.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Pkcs11Token {

    private static final int MAX_PIN_CHARS = 255;

    private final Path library;
    private final long slot;
    private final boolean slotIsIndex;
    private final char[] pin;

    private Pkcs11Token(Path library, long slot, boolean slotIsIndex, char[] pin) {
        this.library = library;
        this.slot = slot;
        this.slotIsIndex = slotIsIndex;
        this.pin = pin;
    }

    /**
     * The token in the slot with this id.
     *
     * @param library the PKCS#11 library (for SoftHSM2 {@code /usr/lib/softhsm/libsofthsm2.so}); an
     *     absolute path to a file
     * @param slotId the slot id, as the library reports it
     * @param pin the user PIN; copied
     * @return the token
     * @throws InvalidInputException if an argument is null, empty, negative or not usable in a
     *     SunPKCS11 configuration
     */
    public static Pkcs11Token ofSlot(Path library, long slotId, char[] pin) {
        if (slotId < 0) {
            throw new InvalidInputException("slotId", "must not be negative");
        }
        return new Pkcs11Token(checkLibrary(library), slotId, false, checkPin(pin));
    }

    /**
     * The token in the slot at this index of the library's slot list.
     *
     * @param library the PKCS#11 library; an absolute path to a file
     * @param index the index in the slot list, from 0
     * @param pin the user PIN; copied
     * @return the token
     * @throws InvalidInputException if an argument is null, empty, negative or not usable in a
     *     SunPKCS11 configuration
     */
    public static Pkcs11Token ofSlotListIndex(Path library, int index, char[] pin) {
        if (index < 0) {
            throw new InvalidInputException("index", "must not be negative");
        }
        return new Pkcs11Token(checkLibrary(library), index, true, checkPin(pin));
    }

    /**
     * Reads a PIN from a file: its first line, without the line end, in UTF-8.
     *
     * @param file the file, readable only by the service's user
     * @return the PIN; the caller clears it once the token is made
     * @throws InvalidInputException if {@code file} is null
     * @throws ConfigurationException if the file cannot be read, is not UTF-8 or holds an empty first line
     */
    public static char[] readPin(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        char[] pin;
        try {
            pin = WorkerSettings.firstLine(file);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("The PIN file is not UTF-8");
        } catch (IOException e) {
            // the message names neither the file nor its content, only the kind of failure
            throw new ConfigurationException("The PIN file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (pin.length == 0) {
            throw new ConfigurationException("The PIN file's first line is empty");
        }
        return pin;
    }

    private static Path checkLibrary(Path library) {
        if (library == null) {
            throw new InvalidInputException("library", "must not be null");
        }
        if (!library.isAbsolute()) {
            throw new InvalidInputException("library", "must be an absolute path");
        }
        String text = library.toString();
        // The path goes into a SunPKCS11 configuration text: a quote or a line break could add lines to it.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || Character.isISOControl(c)) {
                throw new InvalidInputException("library", "must not hold quotes or control characters");
            }
        }
        return library;
    }

    private static char[] checkPin(char[] pin) {
        if (pin == null || pin.length == 0) {
            throw new InvalidInputException("pin", "must not be empty");
        }
        if (pin.length > MAX_PIN_CHARS) {
            throw new InvalidInputException("pin", "must be at most " + MAX_PIN_CHARS + " characters");
        }
        return pin.clone();
    }

    /**
     * The PKCS#11 library.
     *
     * @return the library's path
     */
    public Path library() {
        return library;
    }

    /** A copy of the PIN, for the one call that logs in; the caller clears it. */
    char[] pin() {
        return pin.clone();
    }

    /** The slot id, or the index in the slot list when {@link #slotIsIndex()}. */
    long slot() {
        return slot;
    }

    /** Whether {@link #slot()} is an index in the library's slot list rather than a slot id. */
    boolean slotIsIndex() {
        return slotIsIndex;
    }

    /** The library path exactly as the SunPKCS11 configuration names it. */
    String libraryInConfiguration() {
        return library.toString().replace('\\', '/');
    }

    /** What identifies the token within this JVM: library and slot. */
    String identity() {
        return library.toAbsolutePath().normalize() + (slotIsIndex ? "#index=" : "#slot=") + slot;
    }

    /**
     * The SunPKCS11 configuration of this token (see the JDK's PKCS#11 Reference Guide): KEKs
     * generated through the provider are sensitive and not extractable, usable to encrypt and
     * decrypt only.
     */
    String sunPkcs11Configuration(String name) {
        String path = libraryInConfiguration();
        return "--name = " + name + "\n"
                + "library = \"" + path + "\"\n"
                + (slotIsIndex ? "slotListIndex = " : "slot = ") + slot + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "  CKA_ENCRYPT = true\n"
                + "  CKA_DECRYPT = true\n"
                + "  CKA_WRAP = false\n"
                + "  CKA_UNWRAP = false\n"
                + "  CKA_SIGN = false\n"
                + "  CKA_VERIFY = false\n"
                + "  CKA_DERIVE = false\n"
                + "}\n";
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + library + ", " + (slotIsIndex ? "slot list index " : "slot ") + slot + "]";
    }
}
