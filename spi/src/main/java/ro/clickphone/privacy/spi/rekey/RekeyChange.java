package ro.clickphone.privacy.spi.rekey;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One conditional update a job asks of a {@link RekeySource}: set the column of {@code row}'s key to
 * {@code replacement}, if the column still holds {@code row.stored()}.
 *
 * @param row the row as read
 * @param replacement the new value of the column
 * @since 0.1.0
 */
public record RekeyChange(RekeyRow row, String replacement) {

    /**
     * Validates the change.
     *
     * @param row the row, as the type describes it
     * @param replacement the replacement, as the type describes it
     * @throws InvalidInputException if an argument is null
     */
    public RekeyChange {
        Checks.notNull(row, "row");
        Checks.notNull(replacement, "replacement");
    }

    @Override
    public String toString() {
        return "RekeyChange[key present]";
    }
}
