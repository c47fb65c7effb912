package ro.clickphone.privacy.spi.account;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * That a subject was told, before their data goes to a successor in a merger, an acquisition or a
 * sale of assets, that it will ("vom notifica utilizatorii afectați înainte ca informațiile cu
 * caracter personal să fie transferate").
 *
 * @param subject who was notified
 * @param recipient the recipient of the policy the successor acts as, e.g. {@code SUCCESSOR_ENTITY}
 * @param successor the successor's organisational reference, as its actor carries it (letters,
 *     digits, {@code . _ : / -}, a letter at least, at most 64 characters)
 * @param notifiedAt when the notice went out to the subject
 *
 * @since 0.1.0
 */
public record TransferNotice(SubjectId subject, Recipient recipient, String successor, Instant notifiedAt) {

    /**
     * Validates the components.
     *
     * @param subject the subject, as the type describes it
     * @param recipient the recipient, as the type describes it
     * @param successor the successor, as the type describes it
     * @param notifiedAt the time of the notice, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public TransferNotice {
        Checks.notNull(subject, "transferNotice.subject");
        Checks.notNull(recipient, "transferNotice.recipient");
        Designation.partner(successor, "transferNotice.successor");
        Checks.notNull(notifiedAt, "transferNotice.notifiedAt");
    }

    /**
     * Prints the recipient, the successor and the time, not the subject.
     *
     * @return e.g. {@code TransferNotice[SUCCESSOR_ENTITY acme-telecom at 2026-03-01T10:00:00Z]}
     */
    @Override
    public String toString() {
        return "TransferNotice[" + recipient + " " + successor + " at " + notifiedAt + "]";
    }
}
