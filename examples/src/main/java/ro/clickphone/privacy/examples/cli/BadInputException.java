package ro.clickphone.privacy.examples.cli;

/**
 * Bad input to a subcommand (a missing or malformed file, a missing key): exit code
 * {@value ExitCodes#USAGE} and its message as one line. The message names what is wrong, never a
 * value read from the input (it may be personal data or a secret).
 */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A bad input.
     *
     * @param message what is wrong, without the input's values
     */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * A bad input with its cause (printed only with {@code --verbose}).
     *
     * @param message what is wrong, without the input's values
     * @param cause the cause
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
