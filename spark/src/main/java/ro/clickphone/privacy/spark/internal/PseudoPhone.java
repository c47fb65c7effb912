package ro.clickphone.privacy.spark.internal;

import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;

/** {@code pseudo_phone(string)}: the profile's caller technique; {@code NULL} for a rejected or dropped number. */
public final class PseudoPhone extends SpecBound implements UDF1<String, String> {

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
     * @param number a phone number in E.164 or national form, or {@code null}
     * @return its pseudonym, or {@code null}
     */
    @Override
    public String call(String number) {
        if (number == null) {
            return null;
        }
        return Rejected.asNull(pseudonymizer(), p -> p.caller(number).orElse(null));
    }
}
