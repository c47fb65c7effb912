package ro.clickphone.privacy.core.consent;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentEventType;

/**
 * A consent event that happened before the ledger kept it (a consent given on the web site in 2019,
 * a withdrawal sent by e-mail), to be imported with its true date through
 * {@link ConsentLedger#importHistorical}. Its proof names who gave it then and must carry the time
 * it took effect ({@link ConsentProof#withEffectiveAt}).
 *
 * <pre>{@code
 * HistoricalConsentEvent e = HistoricalConsentEvent.grant(subject, Purpose.of("MARKETING"),
 *         ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT)
 *                 .withEffectiveAt(Instant.parse("2019-03-10T09:12:00Z")).withFormId("signup-v1"));
 * }</pre>
 *
 * @param type what happened
 * @param subject whose event it is
 * @param purpose the purpose, for grants, withdrawals and objections; empty for restrictions
 * @param proof who, how and when, with the evidence
 *
 * @since 0.1.0
 */
public record HistoricalConsentEvent(ConsentEventType type, SubjectId subject, Optional<Purpose> purpose,
        ConsentProof proof) {

    /**
     * Validates the components.
     *
     * @param type the type, as the type describes it
     * @param subject the subject, as the type describes it
     * @param purpose the purpose, as the type describes it
     * @param proof the proof, as the type describes it
     * @throws InvalidInputException if a component is null, or a purpose is missing for a purpose's event
     *     or given for a restriction
     */
    public HistoricalConsentEvent {
        if (type == null || subject == null || purpose == null || proof == null) {
            throw new InvalidInputException("historicalConsentEvent", "type, subject, purpose and proof must not be null");
        }
        boolean restriction = type == ConsentEventType.RESTRICT || type == ConsentEventType.LIFT_RESTRICTION;
        if (restriction == purpose.isPresent()) {
            throw new InvalidInputException("historicalConsentEvent.purpose", restriction
                    ? "must be empty for a restriction, which concerns all processing"
                    : "is required for a " + type + " event");
        }
    }

    /**
     * A grant of consent.
     *
     * @param subject the subject
     * @param purpose the purpose
     * @param proof the proof, with its effective time
     * @return the event
     * @throws InvalidInputException if an argument is null
     */
    public static HistoricalConsentEvent grant(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return new HistoricalConsentEvent(ConsentEventType.GRANT, subject, Optional.ofNullable(purpose), proof);
    }

    /**
     * A withdrawal of consent.
     *
     * @param subject the subject
     * @param purpose the purpose
     * @param proof the proof, with its effective time
     * @return the event
     * @throws InvalidInputException if an argument is null
     */
    public static HistoricalConsentEvent withdraw(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return new HistoricalConsentEvent(ConsentEventType.WITHDRAW, subject, Optional.ofNullable(purpose), proof);
    }

    /**
     * An objection (art. 21).
     *
     * @param subject the subject
     * @param purpose the purpose
     * @param proof the proof, with its effective time
     * @return the event
     * @throws InvalidInputException if an argument is null
     */
    public static HistoricalConsentEvent object(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return new HistoricalConsentEvent(ConsentEventType.OBJECT, subject, Optional.ofNullable(purpose), proof);
    }

    /**
     * A restriction of all processing (art. 18).
     *
     * @param subject the subject
     * @param proof the proof, with its effective time
     * @return the event
     * @throws InvalidInputException if an argument is null
     */
    public static HistoricalConsentEvent restrict(SubjectId subject, ConsentProof proof) {
        return new HistoricalConsentEvent(ConsentEventType.RESTRICT, subject, Optional.empty(), proof);
    }

    /**
     * The type, the purpose and the proof's summary; never the subject.
     *
     * @return e.g. {@code HistoricalConsentEvent[GRANT MARKETING, ConsentProof[...]]}
     */
    @Override
    public String toString() {
        return "HistoricalConsentEvent[" + type + purpose.map(p -> " " + p.id()).orElse("") + ", " + proof + "]";
    }
}
