package ro.clickphone.privacy.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyException;
import ro.clickphone.privacy.core.policy.PolicyTextSource;

/**
 * Reads the policy a command works under: ClickPhone's own when no file is named, else an operator's
 * document, its archived text read from beside it. A file that cannot be read or is not JSON is bad
 * input; a JSON document that breaks the format's rules is a {@link PolicyException} with every problem
 * and its JSON path. Messages name the option and the file, never a value read from it.
 */
final class PolicyFiles {

    /** A policy document is a few hundred kilobytes; a larger file is not one. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private PolicyFiles() {
    }

    /**
     * The policy of {@code file}, or ClickPhone's when it is null.
     *
     * @param file the document, or null
     * @param option the option that named it, for messages
     * @return the policy
     * @throws BadInputException if the file cannot be read, is not JSON, or breaks the format (the
     *     message then says to run {@code policy validate})
     */
    static Policy loadOrDefault(Path file, String option) {
        if (file == null) {
            return Policy.clickPhoneDefault();
        }
        try {
            return load(file, option);
        } catch (PolicyException e) {
            throw new BadInputException(option + ": the policy has " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems")
                    + "; run 'clickphone-privacy policy validate " + file + "' to list them", e);
        }
    }

    /**
     * Loads and validates a policy document.
     *
     * @param file the document
     * @param option the option or parameter that named it, for messages
     * @return the policy
     * @throws BadInputException if the file cannot be read or is not well-formed JSON (read strictly by
     *     {@link JsonFiles}: a field given twice or content after the document is refused)
     * @throws PolicyException if the JSON breaks a rule of the policy format
     */
    static Policy load(Path file, String option) {
        byte[] bytes = JsonFiles.read(file, option, MAX_BYTES).bytes();
        Path directory = file.toAbsolutePath().getParent();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return Policy.load(in, PolicyTextSource.directory(directory));
        } catch (IOException e) {
            throw new BadInputException(option + ": cannot read " + file, e);
        }
    }
}
