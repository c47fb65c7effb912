package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Fingerprints;

/**
 * Identifies a data subject: a ClickPhone customer, a shipping recipient, a visitor.
 *
 * <p>The value is whatever stable key the platform uses (an account number, a UUID). It may be
 * personal data, so {@link #toString()} prints only a keyed fingerprint ({@code SubjectId[#3fa94c02]})
 * that is stable within one JVM and useless outside it. {@link #value()} is the one way to read the
 * raw identifier.
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters, no leading
 *     or trailing white space, no unpaired surrogate (two such identifiers would encode to the same
 *     UTF-8 bytes)
 *
 * @since 0.1.0
 */
public record SubjectId(String value) {

    /** The longest identifier accepted. */
    public static final int MAX_LENGTH = 128;

    /**
     * Validates the components.
     *
     * @param value the value, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public SubjectId {
        Checks.text(value, "subjectId", MAX_LENGTH);
    }

    /**
     * Creates a subject identifier.
     *
     * @param value the identifier
     * @return the subject identifier
     * @throws InvalidInputException if the identifier is malformed
     */
    public static SubjectId of(String value) {
        return new SubjectId(value);
    }

    /**
     * A short keyed fingerprint of the identifier, stable within this JVM, for logs and messages.
     *
     * @return eight hex digits
     */
    public String fingerprint() {
        return Fingerprints.of("subject", value);
    }

    /**
     * Prints the fingerprint, never the identifier.
     *
     * @return {@code SubjectId[#xxxxxxxx]}
     */
    @Override
    public String toString() {
        return "SubjectId[#" + fingerprint() + "]";
    }
}
