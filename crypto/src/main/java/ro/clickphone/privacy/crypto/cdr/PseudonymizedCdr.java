package ro.clickphone.privacy.crypto.cdr;

import java.time.Instant;
import java.util.Optional;

/**
 * A {@link CallDetailRecord} after its {@link CdrProfile}: every field the profile drops is empty.
 * Pseudonymized data is still personal data under the GDPR (art. 4(5)): treat it as such.
 *
 * @param recordId the record id, unchanged
 * @param type the type, unchanged
 * @param direction the direction, unchanged
 * @param caller the caller's pseudonym, token or mask
 * @param callee the callee's
 * @param forwardedTo the forwarding number's
 * @param smsDestination the SMS destination's
 * @param start the start time, exact or cut
 * @param duration the duration: whole seconds, or a bucket label such as {@code PT1M-PT5M}
 * @param deviceIp the device IP's pseudonym, network or mask
 *
 * @since 0.1.0
 */
public record PseudonymizedCdr(String recordId, CdrType type, Direction direction, Optional<String> caller,
        Optional<String> callee, Optional<String> forwardedTo, Optional<String> smsDestination,
        Optional<Instant> start, Optional<String> duration, Optional<String> deviceIp) {

    @Override
    public String toString() {
        return "PseudonymizedCdr[" + recordId + ", " + type + ", " + direction + "]";
    }
}
