package ro.clickphone.privacy.spark.internal;

import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;

/** {@code pseudo_ip(string)}: the profile's device-IP technique; {@code NULL} for a rejected or dropped address. */
public final class PseudoIp extends SpecBound implements UDF1<String, String> {

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
     * @param address an IPv4 or IPv6 literal, or {@code null}
     * @return its pseudonym, or {@code null}
     */
    @Override
    public String call(String address) {
        if (address == null) {
            return null;
        }
        return Rejected.asNull(pseudonymizer(), p -> p.deviceIp(address).orElse(null));
    }
}
