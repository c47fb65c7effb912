package ro.clickphone.privacy.spark.internal;

import java.util.function.Function;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * What a SQL function makes of a failure: {@code NULL} for a value a rule rejects
 * ({@link InvalidInputException}), as Spark's {@code try_} functions do, so that one malformed value
 * does not fail a query over billions of rows and the value never reaches an error message. Any
 * other failure fails the query: another {@link PrivacyException} (a key that cannot be unwrapped,
 * an edited spec) as it is, and any other runtime exception (a fault of a technique, not of the
 * data) as a {@link ConfigurationException} that names the function and the exception's type but
 * carries neither its message nor the exception itself, since either may quote the value. Turning
 * such a fault into {@code NULL} would silently empty a column and be counted as bad data.
 */
final class Rejected {

    private Rejected() {
    }

    /**
     * Applies a technique of a function.
     *
     * @param function the SQL function's name, for the error
     * @param pseudonymizer the spec's pseudonymizer
     * @param technique what the function does with it
     * @return the technique's result, or {@code null} if a rule rejects the value
     * @throws PrivacyException other than {@link InvalidInputException}, as the technique threw it
     * @throws ConfigurationException for any other runtime exception, without its message or cause
     */
    static <T> T asNull(String function, CdrPseudonymizer pseudonymizer, Function<CdrPseudonymizer, T> technique) {
        try {
            return technique.apply(pseudonymizer);
        } catch (InvalidInputException e) {
            return null;
        } catch (PrivacyException e) {
            throw e;
        } catch (RuntimeException e) {
            // the rule is "could not be processed (SimpleName)", never the exception's message
            throw new ConfigurationException(function + ": a value " + CdrRows.rejection(e).rule()
                    + "; a fault of the technique, not a rule rejecting the value (its message is withheld,"
                    + " as it may quote the value)");
        }
    }
}
