package ro.clickphone.privacy.core.consent;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Purpose;

/**
 * The answer of {@link ConsentLedger#check}: PERMIT or DENY, why, on which legal basis, and the
 * ledger event it rests on. A denial is a value, not an exception.
 *
 * @param reason why; its {@link ConsentReason#verdict()} is the verdict
 * @param purpose the purpose checked
 * @param legalBasis the purpose's legal basis, if the purpose is declared
 * @param at the instant checked
 * @param eventId the ledger event the decision rests on (the grant, the withdrawal, the objection,
 *     the restriction), if any
 *
 * @since 0.1.0
 */
public record ConsentDecision(ConsentReason reason, Purpose purpose, Optional<LegalBasis> legalBasis, Instant at,
        Optional<String> eventId) {

    /**
     * Validates the components.
     *
     * @param reason the reason
     * @param purpose the purpose
     * @param legalBasis the legal basis
     * @param at the instant
     * @param eventId the event id
     * @throws InvalidInputException if a component is null
     */
    public ConsentDecision {
        if (reason == null || purpose == null || legalBasis == null || at == null || eventId == null) {
            throw new InvalidInputException("decision", "no component may be null");
        }
    }

    /**
     * The verdict.
     *
     * @return PERMIT or DENY
     */
    public Verdict verdict() {
        return reason.verdict();
    }

    /**
     * Whether processing is permitted.
     *
     * @return {@code true} for PERMIT
     */
    public boolean permitted() {
        return reason.verdict() == Verdict.PERMIT;
    }
}
