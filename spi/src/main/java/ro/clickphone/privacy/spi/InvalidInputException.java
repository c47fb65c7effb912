package ro.clickphone.privacy.spi;

/**
 * An argument given to the SDK is malformed: null, blank, too long, of the wrong form.
 *
 * <p>The message names the argument and the rule it broke, never the value, since the value may be
 * personal data: {@code "Invalid subjectId: must not be blank"}.
 *
 * @since 0.1.0
 */
public class InvalidInputException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /** The name of the rejected argument. */
    private final String argument;

    /** The rule the argument broke. */
    private final String rule;

    /**
     * Creates the exception for one argument.
     *
     * @param argument the name of the argument (a parameter, a field); not personal data
     * @param rule the rule it broke, e.g. {@code "must not be blank"}; not personal data
     */
    public InvalidInputException(String argument, String rule) {
        super("Invalid " + argument + ": " + rule);
        this.argument = argument;
        this.rule = rule;
    }

    /**
     * The rule the argument broke, as given to the constructor, without the argument's name.
     *
     * @return the rule, e.g. {@code "must not be blank"}; never the value
     */
    public String rule() {
        return rule;
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
