package ro.clickphone.privacy.core.cdr;

/**
 * A row the bulk pseudonymizer left out, and why. Holds no value of the row.
 *
 * @param row the data row's number, from 1 (the header is not counted)
 * @param column the CSV column at fault as the input header names it, such as {@code caller} or
 *     {@code device_ip}, or {@code row} for a malformed row or one no single column explains
 * @param reason the rule it broke, such as {@code is not a valid phone number for its country}
 *
 * @since 0.1.0
 */
public record Rejection(long row, String column, String reason) {
}
