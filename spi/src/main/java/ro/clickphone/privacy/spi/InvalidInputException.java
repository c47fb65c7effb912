package ro.clickphone.privacy.spi;

/**
 * An argument given to the SDK is malformed: null, blank, too long, of the wrong form.
 *
 * <p>The message names the argument and the rule it broke, never the value, since the value may be
 * personal data: {@code "Invalid subjectId: must not be blank"}.
 */
public class InvalidInputException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /** The name of the rejected argument. */
    private final String argument;

    /**
     * Creates the exception for one argument.
     *
     * @param argument the name of the argument (a parameter, a field); not personal data
     * @param rule the rule it broke, e.g. {@code "must not be blank"}; not personal data
     */
    public InvalidInputException(String argument, String rule) {
        super("Invalid " + argument + ": " + rule);
        this.argument = argument;
    }

    /**
     * The name of the argument that was rejected.
     *
     * @return the argument name, never its value
     */
    public String argument() {
        return argument;
    }
}
