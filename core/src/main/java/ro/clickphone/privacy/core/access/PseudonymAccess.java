package ro.clickphone.privacy.core.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PseudonymContextDefinition;
import ro.clickphone.privacy.core.policy.ReidentificationReasonDefinition;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonymization;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.Technique;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;

/**
 * The kit's {@link PseudonymAuthorizer}: both directions of pseudonymization decided from the policy
 * in force (the context's purpose and categories, the closed set of reason codes) and the
 * {@link AccessPolicy} grants, every refusal and every reversal written to the audit trail.
 */
final class PseudonymAccess implements PseudonymAuthorizer {

    /** The audit action of a forward binding. */
    static final String PSEUDONYMIZE = "pseudonym.pseudonymize";
    /** The audit action of a reversal. */
    static final String REIDENTIFY = "pseudonym.reidentify";
    /** The audit action of a vault erasure. */
    static final String ERASE = "pseudonym.erase";
    /**
     * Who a refusal is recorded for when no actor was bound: the caller is unknown, which is the
     * point of the entry.
     */
    private static final Actor UNBOUND = Actor.system("unbound-caller", Set.of());

    private final AccessControl control;
    private final Supplier<Policy> policy;
    private final AccessPolicy grants;
    private final AuditTrail audit;

    PseudonymAccess(AccessControl control, Supplier<Policy> policy, AccessPolicy grants, AuditTrail audit) {
        this.control = control;
        this.policy = policy;
        this.grants = grants;
        this.audit = audit;
    }

    /** A decision, with what the audit entry needs to say about it. */
    private record Verdict(AccessReason reason, Optional<PseudonymContextDefinition> context,
            Optional<Purpose> purpose) {
    }

    @Override
    public boolean requiresActor() {
        return true;
    }

    @Override
    public void authorizePseudonymization(Pseudonymization request) {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        Actor actor = request.actor();
        Policy current = policy.get();
        Optional<PseudonymContextDefinition> context = current.pseudonymContext(request.context());
        AccessReason reason;
        if (!mayPseudonymize(actor.kind())) {
            reason = AccessReason.ACTOR_KIND_NOT_ALLOWED;
        } else if (context.isEmpty()) {
            reason = AccessReason.UNDECLARED_CONTEXT;
        } else {
            reason = purposeCheck(current, actor, context.get().categories(), context.get().purpose());
            if (reason.permits() && !grants.grantsPseudonymization(actor.roles(), request.context())) {
                reason = AccessReason.NO_PSEUDONYMIZATION_GRANT;
            }
        }
        Verdict verdict = new Verdict(reason, context, context.map(PseudonymContextDefinition::purpose));
        AuditEvent event = event(actor, PSEUDONYMIZE, verdict).withDetail("context", request.context());
        audit.record(event);
        if (!reason.permits()) {
            throw refused("Pseudonymizing in context " + request.context(), reason);
        }
    }

    @Override
    public void authorizeReidentification(Reidentification request) {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        Verdict verdict = decide(request);
        if (!verdict.reason().permits()) {
            audit.record(reversalEvent(request, verdict));
            throw refused("Re-identification in context " + request.context(), verdict.reason());
        }
    }

    @Override
    public void recordReidentification(Reidentification request, String revealedValue) {
        if (request == null || revealedValue == null) {
            throw new InvalidInputException("request", "request and revealed value must not be null");
        }
        Verdict verdict = decide(request);
        AuditEvent event = reversalEvent(request, verdict);
        if (!verdict.reason().permits()) {
            audit.record(event);
            throw refused("Re-identification in context " + request.context(), verdict.reason());
        }
        audit.record(event.withDetail("valueRef", audit.valueRef(revealedValue)));
    }

    @Override
    public void recordUnboundRefusal(Technique technique, String context, Optional<SubjectId> erasureOf) {
        if (technique == null || context == null || erasureOf == null) {
            throw new InvalidInputException("refusal", "technique, context and subject must not be null");
        }
        AuditEvent event = AuditEvent.of(UNBOUND, erasureOf.isPresent() ? ERASE : PSEUDONYMIZE, AuditOutcome.DENIED)
                .withDetail("decision", AccessReason.NO_ACTOR_BOUND.name())
                .withDetail("technique", technique.label())
                .withDetail("context", context);
        if (erasureOf.isPresent()) {
            event = event.withSubject(erasureOf.get());
        }
        audit.record(event);
    }

    @Override
    public void recordErasure(Pseudonymization by, SubjectId subject, int erased) {
        if (by == null || subject == null) {
            throw new InvalidInputException("erasure", "actor and subject must not be null");
        }
        audit.record(AuditEvent.of(by.actor(), ERASE, AuditOutcome.SUCCESS)
                .withSubject(subject)
                .withDetail("technique", Technique.VAULT.label())
                .withDetail("context", by.context())
                .withDetail("erased", Integer.toString(erased)));
    }

    private Verdict decide(Reidentification request) {
        Actor actor = request.reason().actor();
        Policy current = policy.get();
        Optional<PseudonymContextDefinition> context = current.pseudonymContext(request.context());
        String code = request.reason().code();
        Optional<ReidentificationReasonDefinition> reason = context.isPresent()
                && context.get().reasons().contains(code) ? current.reidentificationReason(code) : Optional.empty();
        Optional<Purpose> purpose = reason.map(ReidentificationReasonDefinition::purpose);
        AccessReason outcome;
        if (!mayPseudonymize(actor.kind())) {
            outcome = AccessReason.ACTOR_KIND_NOT_ALLOWED;
        } else if (context.isEmpty()) {
            outcome = AccessReason.UNDECLARED_CONTEXT;
        } else if (reason.isEmpty()) {
            outcome = AccessReason.UNDECLARED_REASON;
        } else if (reason.get().caseReferenceRequired() && request.reason().reference().isEmpty()) {
            outcome = AccessReason.MISSING_CASE_REFERENCE;
        } else {
            outcome = purposeCheck(current, actor, context.get().categories(), purpose.get());
            if (outcome.permits() && !grants.grantsReidentification(actor.roles(), request.context())) {
                outcome = AccessReason.NO_REIDENTIFICATION_GRANT;
            }
        }
        return new Verdict(outcome, context, purpose);
    }

    /** Staff and jobs act for the controller; subjects, delegates, processors and authorities never reverse. */
    private static boolean mayPseudonymize(ActorKind kind) {
        return kind == ActorKind.STAFF || kind == ActorKind.SYSTEM;
    }

    /** The actor must be entitled to the purpose for every category of the context, as for any access. */
    private AccessReason purposeCheck(Policy current, Actor actor, List<DataCategory> categories, Purpose purpose) {
        AccessReason outcome = AccessReason.UNDECLARED_CATEGORY;
        for (DataCategory category : categories) {
            outcome = control.decide(current, actor, null, category, purpose);
            if (!outcome.permits()) {
                return outcome;
            }
        }
        return outcome;
    }

    private AuditEvent reversalEvent(Reidentification request, Verdict verdict) {
        AuditEvent event = event(request.reason().actor(), REIDENTIFY, verdict)
                .withDetail("technique", request.technique().label())
                .withDetail("context", request.context())
                .withDetail("keyVersion", Integer.toString(request.keyVersion()))
                .withDetail("reason", request.reason().code());
        if (request.reason().reference().isPresent()) {
            event = event.withDetail("caseReference", request.reason().reference().get());
        }
        if (request.subject().isPresent()) {
            event = event.withSubject(request.subject().get());
        }
        return event;
    }

    private static AuditEvent event(Actor actor, String action, Verdict verdict) {
        AuditEvent event = AuditEvent.of(actor, action,
                verdict.reason().permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED)
                .withDetail("decision", verdict.reason().name());
        if (verdict.purpose().isPresent()) {
            event = event.withPurpose(verdict.purpose().get());
        }
        if (verdict.context().isPresent()) {
            event = event.withCategories(Set.copyOf(verdict.context().get().categories()));
        }
        return event;
    }

    private static PolicyViolationException refused(String what, AccessReason reason) {
        return new PolicyViolationException(what + " refused: " + reason.name());
    }

    @Override
    public String toString() {
        return "PseudonymAuthorizer[kit access control]";
    }
}
