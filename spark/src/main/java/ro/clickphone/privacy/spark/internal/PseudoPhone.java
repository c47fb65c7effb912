package ro.clickphone.privacy.spark.internal;

import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spark.SparkPseudonymizer;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * {@code pseudo_phone(string)}: the profile's caller technique; {@code NULL} for a rejected or
 * dropped number. It takes its argument as an {@code Object}: Spark does not cast the arguments of a
 * Java function, so a {@code BIGINT} column would otherwise fail with a bare
 * {@link ClassCastException} and no hint that {@code CAST} drops the number's {@code +}.
 */
public final class PseudoPhone extends SpecBound implements UDF1<Object, String> {

    private static final long serialVersionUID = 1L;

    /**
     * The function of a spec.
     *
     * @param spec the spec
     */
    public PseudoPhone(PseudonymizationSpec spec) {
        super(spec);
    }

    /**
     * Pseudonymizes one number.
     *
     * @param number a phone number in E.164 or national form, as a string, or {@code null}
     * @return its pseudonym, or {@code null}
     * @throws InvalidInputException if the argument is not a string (the query passes a number
     *     column: format it as a string with its {@code +}); this fails the query
     */
    @Override
    public String call(Object number) {
        if (number == null) {
            return null;
        }
        String text = string(SparkPseudonymizer.PSEUDO_PHONE, number, "a number column has lost the number's '+',"
                + " and CAST(x AS STRING) does not bring it back (the digits then read as a national number of the"
                + " profile's region); format the number as a string with its +, pseudo_phone(concat('+', CAST(x AS STRING)))"
                + " for E.164 numbers stored without it");
        return Rejected.asNull(SparkPseudonymizer.PSEUDO_PHONE, pseudonymizer(), p -> p.caller(text).orElse(null));
    }
}
