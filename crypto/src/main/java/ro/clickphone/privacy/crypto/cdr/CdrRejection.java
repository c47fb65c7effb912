package ro.clickphone.privacy.crypto.cdr;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Why a row of CDR cells was left out: the column at fault and the rule it broke. Holds no value
 * of the row, so it may be logged, reported or sent to a dead-letter topic. Made by
 * {@link CdrRows#rejection(RuntimeException)}.
 *
 * @param column the column at fault, one of {@link CdrRows#INPUT_COLUMNS} such as {@code caller}
 *     or {@code device_ip}, or {@code row} when no single column explains it
 * @param rule the rule it broke, such as {@code is not a valid phone number for its country}
 *
 * @since 0.1.0
 */
public record CdrRejection(String column, String rule) {

    /**
     * Validates the rejection.
     *
     * @param column the column
     * @param rule the rule
     * @throws InvalidInputException if either is null or blank
     */
    public CdrRejection {
        if (column == null || column.isBlank() || rule == null || rule.isBlank()) {
            throw new InvalidInputException("rejection", "column and rule must be given");
        }
    }
}
