package ro.clickphone.privacy.core.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import ro.clickphone.privacy.crypto.pseudonym.Generalization;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;

/**
 * What the caller knows about a consent event: who recorded it, through which channel, when it
 * took effect, and the evidence. The ledger minimizes it before storing: of the IP address, only the
 * /24 (IPv4) or /48 (IPv6) network is kept.
 *
 * <pre>{@code
 * ConsentProof proof = ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT)
 *         .withIpAddress("203.0.113.77")
 *         .withUserAgent("Mozilla/5.0")
 *         .withFormId("signup-v3");
 * ConsentProof explicit = proof.withExplicitConsent();     // art. 9(2)(a): special categories
 * ConsentProof ahead = explicit.withAnnouncedVersion("2027.1");  // agreement to an announced change
 * }</pre>
 *
 * @param actor who recorded the event: the subject, a delegate of the subject's account, or staff
 * @param channel where it came from
 * @param effectiveAt when it took effect, if not now (a paper form signed earlier); never in the future
 * @param evidence the minimized evidence
 * @param announcedVersion the label of an announced policy version, not yet in force, that an
 *     explicit grant agrees to ({@link #withAnnouncedVersion}); empty for every other event
 *
 * @since 0.1.0
 */
public record ConsentProof(Actor actor, ConsentChannel channel, Optional<Instant> effectiveAt,
        ConsentEvidence evidence, Optional<String> announcedVersion) {

    /**
     * Validates the components.
     *
     * @param actor the actor
     * @param channel the channel
     * @param effectiveAt the effective time
     * @param evidence the evidence
     * @param announcedVersion the announced version's label, or empty
     * @throws InvalidInputException if a component is null, or the label is malformed
     */
    public ConsentProof {
        if (actor == null) {
            throw new InvalidInputException("proof.actor", "must not be null");
        }
        if (channel == null) {
            throw new InvalidInputException("proof.channel", "must not be null");
        }
        if (effectiveAt == null) {
            throw new InvalidInputException("proof.effectiveAt", "must not be null");
        }
        if (evidence == null) {
            throw new InvalidInputException("proof.evidence", "must not be null");
        }
        if (announcedVersion == null) {
            throw new InvalidInputException("proof.announcedVersion", "must not be null");
        }
        if (announcedVersion.isPresent()) {
            try {
                // The label's syntax is PolicyVersion's; the day is not the proof's to know.
                PolicyVersion.of(announcedVersion.get(), LocalDate.EPOCH);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("proof.announcedVersion", "must be a version label like 2027.1");
            }
        }
    }

    /**
     * Proof without an announced version, as every event but an agreement to an announced change has.
     *
     * @param actor the actor
     * @param channel the channel
     * @param effectiveAt the effective time
     * @param evidence the evidence
     * @throws InvalidInputException if a component is null
     */
    public ConsentProof(Actor actor, ConsentChannel channel, Optional<Instant> effectiveAt,
            ConsentEvidence evidence) {
        this(actor, channel, effectiveAt, evidence, Optional.empty());
    }

    /**
     * Proof with no evidence yet, effective now.
     *
     * @param actor who records the event
     * @param channel where it came from
     * @return the proof
     * @throws InvalidInputException if an argument is null
     */
    public static ConsentProof of(Actor actor, ConsentChannel channel) {
        return new ConsentProof(actor, channel, Optional.empty(), ConsentEvidence.none());
    }

    /**
     * This proof, effective at an earlier instant.
     *
     * @param instant when the event took effect
     * @return a new proof
     */
    public ConsentProof withEffectiveAt(Instant instant) {
        if (instant == null) {
            throw new InvalidInputException("effectiveAt", "must not be null");
        }
        return new ConsentProof(actor, channel, Optional.of(instant), evidence, announcedVersion);
    }

    /**
     * This proof with the requester's IP address, of which only the network is kept.
     *
     * @param ipAddress an IPv4 or IPv6 address literal
     * @return a new proof
     * @throws InvalidInputException if it is not an IP address literal; the message does not repeat it
     */
    public ConsentProof withIpAddress(String ipAddress) {
        return new ConsentProof(actor, channel, effectiveAt, new ConsentEvidence(Optional.of(network(ipAddress)),
                evidence.userAgent(), evidence.formId(), evidence.reference()).withExplicit(evidence.explicit()),
                announcedVersion);
    }

    /**
     * This proof with the browser's user agent.
     *
     * @param userAgent the user agent
     * @return a new proof
     */
    public ConsentProof withUserAgent(String userAgent) {
        return new ConsentProof(actor, channel, effectiveAt, new ConsentEvidence(evidence.network(),
                Optional.ofNullable(userAgent), evidence.formId(), evidence.reference()).withExplicit(evidence.explicit()),
                announcedVersion);
    }

    /**
     * This proof with the form where consent was given.
     *
     * @param formId the form id
     * @return a new proof
     */
    public ConsentProof withFormId(String formId) {
        return new ConsentProof(actor, channel, effectiveAt, new ConsentEvidence(evidence.network(),
                evidence.userAgent(), Optional.ofNullable(formId), evidence.reference()).withExplicit(evidence.explicit()),
                announcedVersion);
    }

    /**
     * This proof with a document reference (a scanned form, an e-mail's message id).
     *
     * @param reference the reference
     * @return a new proof
     */
    public ConsentProof withReference(String reference) {
        return new ConsentProof(actor, channel, effectiveAt, new ConsentEvidence(evidence.network(),
                evidence.userAgent(), evidence.formId(), Optional.ofNullable(reference)).withExplicit(evidence.explicit()),
                announcedVersion);
    }

    /**
     * This proof marked as explicit consent (GDPR art. 9(2)(a)): the subject stated their consent
     * expressly, on the form or in the document this proof names ({@link #withFormId} or
     * {@link #withReference}, one of which the ledger requires). Only a grant may carry the marker.
     * The ledger seals it with the event, a decision resting on the grant reports it
     * ({@link ConsentDecision#explicitConsent()}), and access to a special category of data
     * requires it.
     *
     * @return a new proof
     */
    public ConsentProof withExplicitConsent() {
        return new ConsentProof(actor, channel, effectiveAt, evidence.withExplicit(true), announcedVersion);
    }

    /**
     * This proof as the subject's agreement, during the announcement period, to a change that
     * diminishes their rights in a policy version announced but not yet in force ("Drepturile dvs.
     * [...] nu vor fi diminuate fără consimțământul dvs. explicit"). The ledger accepts it only on a
     * grant {@linkplain #withExplicitConsent() marked as explicit consent}, for a purpose that version
     * changes in a way that diminishes rights, while the version is in the archive and takes effect
     * after the recording; it stores the grant under that version's label. The grant counts from the
     * first instant that version is in force, so processing goes on from that day without a gap;
     * before it, checks answer as if it had not been recorded. A withdrawal in between ends it.
     *
     * @param label the announced version's label, e.g. {@code 2027.1}
     * @return a new proof
     * @throws InvalidInputException if the label is null or malformed
     */
    public ConsentProof withAnnouncedVersion(String label) {
        if (label == null) {
            throw new InvalidInputException("announcedVersion", "must not be null");
        }
        return new ConsentProof(actor, channel, effectiveAt, evidence, Optional.of(label));
    }

    /**
     * Whether this proof is marked as explicit consent.
     *
     * @return {@code true} if {@link #withExplicitConsent()} marked it
     */
    public boolean explicitConsent() {
        return evidence.explicit();
    }

    /**
     * The /24 or /48 network of an address literal, in RFC 5952 form. Host names are refused, never
     * resolved: the literal is parsed by the SDK's own parser ({@link Generalization#ipPrefix}), and
     * nothing here reaches the JDK's name resolution.
     */
    static String network(String ipAddress) {
        String network;
        try {
            network = Generalization.ipPrefix(ipAddress, 24, 48);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("ipAddress", "must be an IPv4 or IPv6 address literal");
        }
        return network + (network.indexOf(':') < 0 ? "/24" : "/48");
    }

    @Override
    public String toString() {
        return "ConsentProof[" + actor + " via " + channel + ", " + evidence
                + announcedVersion.map(v -> ", agreeing to announced version " + v).orElse("") + "]";
    }
}
