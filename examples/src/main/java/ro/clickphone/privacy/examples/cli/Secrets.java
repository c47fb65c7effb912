package ro.clickphone.privacy.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Reads the tool's secrets — passwords and keys — from a file or an environment variable, never from
 * an argument (arguments show in {@code ps} and in shell history). A file holds the secret as text,
 * its surrounding whitespace ignored; a key is Base64 (standard or URL alphabet) of at least 32 bytes.
 * Errors name the option or the variable, never the secret.
 */
final class Secrets {

    private final Function<String, String> environment;

    Secrets(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * A password from {@code file} when given, else from the environment variable.
     *
     * @param file the file option's value, or null
     * @param fileOption the file option's name, for messages
     * @param variable the environment variable
     * @return the password
     * @throws BadInputException if neither holds one
     */
    char[] password(Path file, String fileOption, String variable) {
        String text = text(file, fileOption, variable);
        return text.toCharArray();
    }

    /**
     * A key from {@code file} when given, else from the environment variable: Base64 of at least 32 bytes.
     *
     * @param file the file option's value, or null
     * @param fileOption the file option's name, for messages
     * @param variable the environment variable
     * @return the key
     * @throws BadInputException if neither holds one, or it is not Base64 of at least 32 bytes
     */
    SecretBytes key(Path file, String fileOption, String variable) {
        String text = text(file, fileOption, variable);
        String where = file != null ? fileOption : variable;
        byte[] raw;
        try {
            raw = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the key in " + where + " is not Base64");
        }
        try {
            if (raw.length < 32) {
                throw new BadInputException("the key in " + where + " is shorter than 32 bytes");
            }
            return SecretBytes.copyOf(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Whether the environment variable is set (and not empty).
     *
     * @param variable the variable
     * @return whether it holds a value
     */
    boolean has(String variable) {
        String value = environment.apply(variable);
        return value != null && !value.isBlank();
    }

    private String text(Path file, String fileOption, String variable) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw new BadInputException(fileOption + ": the file is empty");
                }
                return text;
            } catch (IOException e) {
                throw new BadInputException(fileOption + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new BadInputException("no secret given: use " + fileOption + " FILE or set " + variable);
        }
        return value.strip();
    }
}
