package ro.clickphone.privacy.spark.internal;

import java.util.function.Function;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * What a SQL function makes of a value its rule rejects: {@code NULL}, as Spark's {@code try_}
 * functions do, so that one malformed value does not fail a query over billions of rows and the
 * value never reaches an error message. A failure that is not about the value (a key that cannot be
 * unwrapped, an edited spec: another {@link PrivacyException}) fails the query.
 */
final class Rejected {

    private Rejected() {
    }

    static <T> T asNull(CdrPseudonymizer pseudonymizer, Function<CdrPseudonymizer, T> technique) {
        try {
            return technique.apply(pseudonymizer);
        } catch (InvalidInputException e) {
            return null;
        } catch (PrivacyException e) {
            throw e;
        } catch (RuntimeException e) {
            // the CSV path rejects such a row as "could not be processed"; its message may quote the value
            return null;
        }
    }
}
