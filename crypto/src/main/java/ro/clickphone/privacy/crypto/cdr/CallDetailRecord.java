package ro.clickphone.privacy.crypto.cdr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * One record of the platform's telephony log (category {@code TRAFFIC}): who called or texted
 * whom, forwarded where, when, for how long, from which SIP device address. By design it has no
 * field for SMS content: the policy keeps the numbers SMS were sent to, never the text, and the CSV
 * reader refuses input that carries it.
 *
 * @param recordId the platform's own id of the record, carried through unchanged: letters, digits,
 *     {@code . _ : -}, 1 to 64; it must not encode personal data
 * @param type call, SMS or fax
 * @param direction inbound or outbound
 * @param caller the calling (or sending) number, as logged
 * @param callee the called number; empty for an SMS, whose destination is {@code smsDestination}
 * @param forwardedTo the number the call was forwarded to, if any
 * @param smsDestination the number an SMS was sent to; only for SMS
 * @param start when it started
 * @param duration how long it lasted; zero for SMS
 * @param deviceIp the IP address of the customer's SIP device, if logged
 *
 * @since 0.1.0
 */
public record CallDetailRecord(String recordId, CdrType type, Direction direction, String caller,
        Optional<String> callee, Optional<String> forwardedTo, Optional<String> smsDestination, Instant start,
        Duration duration, Optional<String> deviceIp) {

    /** The longest value of a number or address field, in characters. */
    public static final int MAX_FIELD = 64;
    private static final int MAX_RECORD_ID = 64;

    /**
     * Validates the record's shape (the numbers themselves are checked when pseudonymized).
     *
     * @param recordId the record id
     * @param type the type
     * @param direction the direction
     * @param caller the caller
     * @param callee the callee
     * @param forwardedTo the forwarding number
     * @param smsDestination the SMS destination
     * @param start the start
     * @param duration the duration
     * @param deviceIp the device IP
     * @throws InvalidInputException naming the field that is missing, too long or inconsistent
     *     with the type; never repeating a value
     */
    public CallDetailRecord {
        if (!isRecordId(recordId)) {
            throw new InvalidInputException("recordId", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        if (type == null || direction == null || start == null || duration == null) {
            throw new InvalidInputException("record", "type, direction, start and duration must be given");
        }
        checkField("caller", caller);
        checkOptional("callee", callee);
        checkOptional("forwardedTo", forwardedTo);
        checkOptional("smsDestination", smsDestination);
        checkOptional("deviceIp", deviceIp);
        if (duration.isNegative()) {
            throw new InvalidInputException("duration", "must be zero or more");
        }
        if (type == CdrType.SMS && callee.isPresent()) {
            throw new InvalidInputException("callee", "must be empty for an SMS; give smsDestination");
        }
        if (type != CdrType.SMS && smsDestination.isPresent()) {
            throw new InvalidInputException("smsDestination", "is only for SMS records");
        }
        if (type != CdrType.SMS && callee.isEmpty()) {
            throw new InvalidInputException("callee", "must be given for a call or fax");
        }
        if (type == CdrType.SMS && smsDestination.isEmpty()) {
            throw new InvalidInputException("smsDestination", "must be given for an SMS");
        }
    }

    /**
     * A call record.
     *
     * @param recordId the record id
     * @param direction the direction
     * @param caller the caller
     * @param callee the callee
     * @param start the start
     * @param duration the duration
     * @return the record, with no forwarding and no device IP
     * @throws InvalidInputException if a field is malformed
     */
    public static CallDetailRecord call(String recordId, Direction direction, String caller, String callee,
            Instant start, Duration duration) {
        return new CallDetailRecord(recordId, CdrType.CALL, direction, caller, Optional.ofNullable(callee),
                Optional.empty(), Optional.empty(), start, duration, Optional.empty());
    }

    /**
     * An SMS record: the numbers and the time, never the text.
     *
     * @param recordId the record id
     * @param direction the direction
     * @param sender the sending number
     * @param destination the number it was sent to
     * @param sent when it was sent
     * @return the record
     * @throws InvalidInputException if a field is malformed
     */
    public static CallDetailRecord sms(String recordId, Direction direction, String sender, String destination,
            Instant sent) {
        return new CallDetailRecord(recordId, CdrType.SMS, direction, sender, Optional.empty(), Optional.empty(),
                Optional.ofNullable(destination), sent, Duration.ZERO, Optional.empty());
    }

    /**
     * This record, forwarded to a number.
     *
     * @param number the forwarding number
     * @return a new record
     * @throws InvalidInputException if the number is empty or too long
     */
    public CallDetailRecord withForwardedTo(String number) {
        return new CallDetailRecord(recordId, type, direction, caller, callee, Optional.ofNullable(number),
                smsDestination, start, duration, deviceIp);
    }

    /**
     * This record, with the SIP device's IP address.
     *
     * @param address the address
     * @return a new record
     * @throws InvalidInputException if the address is empty or too long
     */
    public CallDetailRecord withDeviceIp(String address) {
        return new CallDetailRecord(recordId, type, direction, caller, callee, forwardedTo, smsDestination, start,
                duration, Optional.ofNullable(address));
    }

    /**
     * Whether a text is a well-formed record id: 1 to 64 letters, digits, {@code .}, {@code _},
     * {@code :} or {@code -} (checked without a regular expression). An engine that rejects a row may
     * keep a well-formed id to trace it; anything else could be a value in the wrong column.
     *
     * @param value the text, may be null
     * @return {@code true} if it is a record id
     */
    public static boolean isRecordId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_RECORD_ID) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static void checkField(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, "must be given");
        }
        if (value.length() > MAX_FIELD) {
            throw new InvalidInputException(name, "is longer than " + MAX_FIELD + " characters");
        }
    }

    private static void checkOptional(String name, Optional<String> value) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null (use Optional.empty())");
        }
        if (value.isPresent()) {
            checkField(name, value.get());
        }
    }

    @Override
    public String toString() {
        return "CallDetailRecord[" + recordId + ", " + type + ", " + direction
                + (forwardedTo.isPresent() ? ", forwarded" : "") + (deviceIp.isPresent() ? ", with device IP" : "")
                + "]";
    }
}
