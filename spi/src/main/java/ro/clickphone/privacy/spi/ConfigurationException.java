package ro.clickphone.privacy.spi;

/**
 * The SDK is wired or configured wrongly: a required plugin is missing, a builder option was given
 * twice, a policy document is invalid. Permanent: retrying does not help until the configuration
 * changes. The message says what is missing and how to supply it.
 *
 * @since 0.1.0
 */
public class ConfigurationException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the configuration and how to fix it
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong with the configuration and how to fix it
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
