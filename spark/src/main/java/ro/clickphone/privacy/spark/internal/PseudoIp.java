package ro.clickphone.privacy.spark.internal;

import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spark.SparkPseudonymizer;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * {@code pseudo_ip(string)}: the profile's device-IP technique; {@code NULL} for a rejected or
 * dropped address. It takes its argument as an {@code Object}, as {@link PseudoPhone} does, to say
 * what to do with a column of another type.
 */
public final class PseudoIp extends SpecBound implements UDF1<Object, String> {

    private static final long serialVersionUID = 1L;

    /**
     * The function of a spec.
     *
     * @param spec the spec
     */
    public PseudoIp(PseudonymizationSpec spec) {
        super(spec);
    }

    /**
     * Pseudonymizes one address.
     *
     * @param address an IPv4 or IPv6 literal, as a string, or {@code null}
     * @return its pseudonym, or {@code null}
     * @throws InvalidInputException if the argument is not a string; this fails the query
     */
    @Override
    public String call(Object address) {
        if (address == null) {
            return null;
        }
        String text = string(SparkPseudonymizer.PSEUDO_IP, address,
                "give the address as its text form (an IPv4 address stored as a number: format it as four dotted parts)");
        return Rejected.asNull(SparkPseudonymizer.PSEUDO_IP, pseudonymizer(), p -> p.deviceIp(text).orElse(null));
    }
}
