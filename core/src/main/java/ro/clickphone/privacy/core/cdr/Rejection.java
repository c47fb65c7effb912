package ro.clickphone.privacy.core.cdr;

/**
 * A row the bulk pseudonymizer left out, and why. Holds no value of the row.
 *
 * @param row the data row's number, from 1 (the header is not counted)
 * @param field the field at fault, such as {@code caller}, or {@code row} for a malformed row
 * @param reason the rule it broke, such as {@code is not a valid phone number for its country}
 */
public record Rejection(long row, String field, String reason) {
}
