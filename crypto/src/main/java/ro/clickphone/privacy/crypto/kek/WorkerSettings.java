package ro.clickphone.privacy.crypto.kek;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * What the worker factories of this package read from a worker's environment: a setting from an
 * environment variable or, when it is not set, a system property; a path; and a secret (password, PIN)
 * as the first line of a file.
 */
final class WorkerSettings {

    private WorkerSettings() {
    }

    /** The variable's value, else the property's, stripped; empty if neither is set or both are blank. */
    static Optional<String> setting(String variable, String property) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A path named by a setting; a malformed one is a non-retryable {@link KeyUnavailableException} naming the variable. */
    static Path path(String value, String variable) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new KeyUnavailableException("The file named by " + variable + " is not a path", false, null);
        }
    }

    /**
     * A secret kept as the first line of a file, without its line end, decoded as strict UTF-8. The file's
     * bytes and the decoder's buffer are zeroed before this returns; the caller clears the result.
     *
     * @throws IOException if the file cannot be read
     * @throws CharacterCodingException if the first line is not UTF-8
     */
    static char[] firstLine(Path file) throws IOException, CharacterCodingException {
        byte[] bytes = Files.readAllBytes(file);
        CharBuffer chars = null;
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
            char[] secret = new char[chars.remaining()];
            chars.get(secret);
            return secret;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
