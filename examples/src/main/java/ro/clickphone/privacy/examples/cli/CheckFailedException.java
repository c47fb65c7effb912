package ro.clickphone.privacy.examples.cli;

/**
 * A check that ran and failed after the command printed its findings: exit code
 * {@value ExitCodes#CHECK_FAILED}, and the message as one line on standard error.
 */
public final class CheckFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failed check.
     *
     * @param message what failed, without personal data
     */
    public CheckFailedException(String message) {
        super(message);
    }
}
