package ro.clickphone.privacy.spi.source;

/**
 * Where a record's data came from, as GDPR art. 15(1)(g) and art. 20 distinguish it: portability
 * covers data the subject {@link #PROVIDED provided} and data {@link #OBSERVED observed} from their
 * use of the service, never what the controller {@link #DERIVED derived} from it or
 * {@link #THIRD_PARTY received from others}.
 *
 * @since 0.1.0
 */
public enum Provenance {

    /** Given by the subject: the sign-up form, an uploaded identity card, a profile edit. */
    PROVIDED,
    /** Observed from the subject's use of the service: call records, IP addresses, device data. */
    OBSERVED,
    /** Derived or inferred by the controller: a fraud score, a tariff segment, an invoice total. */
    DERIVED,
    /** Received from someone other than the subject (art. 14): a Custom PBX administrator, a partner. */
    THIRD_PARTY
}
