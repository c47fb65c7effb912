package ro.clickphone.privacy.spi.consent;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * One event of the append-only consent ledger, with its proof: who, when, under which policy
 * version, through which channel, by which actor, with which evidence.
 *
 * <p>The ledger hands a store events in their <em>stored form</em>: the subject is a keyed reference
 * ({@code s-} and 32 hex digits, the audit trail's subject reference), a subject or delegate actor's
 * id is such a reference too, the personal evidence (network, user agent) is ciphertext under the
 * subject's key in {@link ConsentEvidence#encrypted()}, and {@link #seal()} is a MAC under the
 * ledger's key over all of that. A store keeps every component verbatim; the ledger refuses to
 * believe an event whose seal does not verify.
 *
 * @param id the event id: {@code ce-} and 32 lower-case hex digits, random
 * @param sequence the position in the ledger, assigned by the store (0 before it is stored)
 * @param subject whose consent, objection or restriction it is
 * @param type what the event records
 * @param purpose the purpose, for per-purpose types; empty for restrictions, which cover all processing
 * @param effectiveAt when it takes effect (a paper form's signing time may precede its recording)
 * @param recordedAt when the ledger recorded it
 * @param policyVersion the label of the policy version in force at {@code effectiveAt}
 * @param channel where it came from
 * @param actor who recorded it: the subject, a delegate, or staff on the subject's behalf
 * @param evidence the minimized proof
 * @param seal the ledger's seal over the stored form (opaque to stores, printable ASCII, at most
 *     256 characters); empty for an event not sealed yet
 *
 * @since 0.1.0
 */
public record ConsentEvent(String id, long sequence, SubjectId subject, ConsentEventType type, Optional<Purpose> purpose,
        Instant effectiveAt, Instant recordedAt, String policyVersion, ConsentChannel channel, Actor actor,
        ConsentEvidence evidence, String seal) {

    private static final Syntax ID = Syntax.of("c", "0-9a-f-", 35, 35);
    private static final Syntax LABEL = Syntax.of("0-9A-Za-z", "0-9A-Za-z._-", 1, 32);
    private static final Syntax SEAL = Syntax.of("0-9A-Za-z", "0-9A-Za-z._-", 1, 256);

    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @param sequence the sequence, as the type describes it
     * @param subject the subject, as the type describes it
     * @param type the type, as the type describes it
     * @param purpose the purpose, as the type describes it
     * @param effectiveAt the effective time, as the type describes it
     * @param recordedAt the recording time, as the type describes it
     * @param policyVersion the policy version, as the type describes it
     * @param channel the channel, as the type describes it
     * @param actor the actor, as the type describes it
     * @param evidence the evidence, as the type describes it
     * @param seal the seal, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public ConsentEvent {
        Checks.identifier(id, "consentEvent.id", ID, "ce- and 32 lower-case hex digits");
        if (!id.startsWith("ce-") || id.indexOf('-', 3) >= 0) {
            throw new InvalidInputException("consentEvent.id", "must be ce- and 32 lower-case hex digits");
        }
        if (sequence < 0) {
            throw new InvalidInputException("consentEvent.sequence", "must not be negative");
        }
        Checks.notNull(subject, "consentEvent.subject");
        Checks.notNull(type, "consentEvent.type");
        Checks.notNull(purpose, "consentEvent.purpose");
        if (type.perPurpose() != purpose.isPresent()) {
            throw new InvalidInputException("consentEvent.purpose", type.perPurpose()
                    ? "is required for a " + type + " event" : "must be absent for a " + type + " event");
        }
        Checks.notNull(effectiveAt, "consentEvent.effectiveAt");
        Checks.notNull(recordedAt, "consentEvent.recordedAt");
        Checks.identifier(policyVersion, "consentEvent.policyVersion", LABEL, "a policy version label");
        Checks.notNull(channel, "consentEvent.channel");
        Checks.notNull(actor, "consentEvent.actor");
        Checks.notNull(evidence, "consentEvent.evidence");
        if (evidence.explicit() && type != ConsentEventType.GRANT) {
            throw new InvalidInputException("consentEvent.evidence", "only a GRANT event is marked as explicit consent");
        }
        Checks.notNull(seal, "consentEvent.seal");
        if (!seal.isEmpty()) {
            Checks.identifier(seal, "consentEvent.seal", SEAL, "the ledger's seal (letters, digits, . _ -)");
        }
    }

    /**
     * An event not sealed yet (an empty {@link #seal()}).
     *
     * @param id the id, as the type describes it
     * @param sequence the sequence, as the type describes it
     * @param subject the subject, as the type describes it
     * @param type the type, as the type describes it
     * @param purpose the purpose, as the type describes it
     * @param effectiveAt the effective time, as the type describes it
     * @param recordedAt the recording time, as the type describes it
     * @param policyVersion the policy version, as the type describes it
     * @param channel the channel, as the type describes it
     * @param actor the actor, as the type describes it
     * @param evidence the evidence, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public ConsentEvent(String id, long sequence, SubjectId subject, ConsentEventType type, Optional<Purpose> purpose,
            Instant effectiveAt, Instant recordedAt, String policyVersion, ConsentChannel channel, Actor actor,
            ConsentEvidence evidence) {
        this(id, sequence, subject, type, purpose, effectiveAt, recordedAt, policyVersion, channel, actor, evidence,
                "");
    }

    /**
     * This event with the sequence the store assigned.
     *
     * @param assigned the sequence, at least 1
     * @return a copy with the sequence
     */
    public ConsentEvent withSequence(long assigned) {
        if (assigned < 1) {
            throw new InvalidInputException("consentEvent.sequence", "must be at least 1 once stored");
        }
        return new ConsentEvent(id, assigned, subject, type, purpose, effectiveAt, recordedAt, policyVersion, channel,
                actor, evidence, seal);
    }

    /**
     * Prints the event without the subject's identity.
     *
     * @return a summary
     */
    @Override
    public String toString() {
        return "ConsentEvent[" + id + " #" + sequence + " " + type + purpose.map(p -> " " + p).orElse("") + " of "
                + subject + " at " + effectiveAt + " via " + channel + "]";
    }
}
