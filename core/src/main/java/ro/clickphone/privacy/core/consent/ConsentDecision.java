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
 * @param explicitConsent whether the decision rests on a grant marked as explicit consent
 *     ({@link ConsentProof#withExplicitConsent()}), as sealed in the ledger
 *
 * @since 0.1.0
 */
public record ConsentDecision(ConsentReason reason, Purpose purpose, Optional<LegalBasis> legalBasis, Instant at,
        Optional<String> eventId, boolean explicitConsent) {

    /**
     * Validates the components.
     *
     * @param reason the reason
     * @param purpose the purpose
     * @param legalBasis the legal basis
     * @param at the instant
     * @param eventId the event id
     * @param explicitConsent whether the grant it rests on is marked explicit
     * @throws InvalidInputException if a component is null, or the explicit marker is set without an event
     */
    public ConsentDecision {
        if (reason == null || purpose == null || legalBasis == null || at == null || eventId == null) {
            throw new InvalidInputException("decision", "no component may be null");
        }
        if (explicitConsent && eventId.isEmpty()) {
            throw new InvalidInputException("decision", "explicit consent rests on a grant event; none is named");
        }
    }

    /**
     * A decision that does not rest on a grant marked as explicit consent.
     *
     * @param reason the reason
     * @param purpose the purpose
     * @param legalBasis the legal basis
     * @param at the instant
     * @param eventId the event id
     * @throws InvalidInputException if a component is null
     */
    public ConsentDecision(ConsentReason reason, Purpose purpose, Optional<LegalBasis> legalBasis, Instant at,
            Optional<String> eventId) {
        this(reason, purpose, legalBasis, at, eventId, false);
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
