package ro.clickphone.privacy.core.access;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RecipientDefinition;
import ro.clickphone.privacy.core.policy.RecipientKind;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditOutcome;

/**
 * Decides who may see a category of a subject's data for a purpose ({@code kit.access()}), from the
 * policy in force (Cap. 5: the subject; the Custom PBX administrator and the dispatcher; entitled
 * employees; processors and authorities for stated purposes) and the operator's
 * {@link AccessPolicy} grants. Default deny:
 * <ul>
 *   <li>the purpose must be declared and process the category;</li>
 *   <li>a subject sees their own data only;</li>
 *   <li>anyone else acts as a recipient of the policy, of the matching kind, that the purpose names
 *       and that may receive the category (a courier sees DELIVERY data for shipping and nothing
 *       else);</li>
 *   <li>staff and jobs need a role granted the purpose; a delegate only reaches accounts they
 *       administer, as the {@link AccountDirectory} says; an authority needs a legal request, whose
 *       reference is audited.</li>
 * </ul>
 * Every decision, allow or deny, is written to the audit trail before it is returned; if the audit
 * write fails, the check fails with that exception and no decision is returned.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class AccessControl {

    /** The audit action of an access check. */
    public static final String ACTION = "access.check";

    private final Supplier<Policy> policy;
    private final AccessPolicy grants;
    private final AccountDirectory accounts;
    private final AuditTrail audit;
    private final PseudonymAccess pseudonyms;

    static {
        Wiring.register(AccessControl::new);
    }

    /**
     * Creates the access control. Not API: users get it from the kit, which opens it through
     * {@link Wiring}; core's tests call this directly.
     *
     * @param policy gives the policy in force at the time of each check
     * @param grants the role grants
     * @param accounts which account each subject belongs to
     * @param audit where decisions are recorded
     * @throws InvalidInputException if an argument is null
     */
    AccessControl(Supplier<Policy> policy, AccessPolicy grants, AccountDirectory accounts, AuditTrail audit) {
        if (policy == null || grants == null || accounts == null || audit == null) {
            throw new InvalidInputException("accessControl", "policy, grants, accounts and audit must not be null");
        }
        this.policy = policy;
        this.grants = grants;
        this.accounts = accounts;
        this.audit = audit;
        this.pseudonyms = new PseudonymAccess(this, policy, grants, audit);
    }

    /**
     * Who may pseudonymize and re-identify, as the kit's pseudonymization service asks it. The
     * forward direction in a context needs a role granted
     * {@link AccessPolicy.Builder#grantPseudonymization pseudonymization} of it and the context's
     * purpose; a reversal needs a reason code the policy allows for the context (with a case
     * reference where the policy asks for one), a role granted
     * {@link AccessPolicy.Builder#grantReidentification re-identification} of the context, and the
     * reason's purpose. Only staff and jobs are ever allowed. A refusal is audited
     * ({@code DENIED}) and thrown as {@link ro.clickphone.privacy.spi.PolicyViolationException}; a
     * reversal is audited with a keyed reference of the revealed value
     * ({@link AuditTrail#valueRef(String)}), never the value.
     *
     * @return the authorizer
     */
    public PseudonymAuthorizer pseudonyms() {
        return pseudonyms;
    }

    /**
     * Decides, and audits the decision.
     *
     * @param actor who asks
     * @param subject whose data
     * @param category which category of it
     * @param purpose for which purpose
     * @return the decision, already audited
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the audit trail could not record the decision
     */
    public AccessDecision check(Actor actor, SubjectId subject, DataCategory category, Purpose purpose) {
        if (actor == null || subject == null || category == null || purpose == null) {
            throw new InvalidInputException("access.check", "actor, subject, category and purpose must not be null");
        }
        AccessReason reason = decide(policy.get(), actor, subject, category, purpose);
        AuditEvent event = AuditEvent.of(actor, ACTION, reason.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED)
                .withPurpose(purpose).withCategories(Set.of(category)).withSubject(subject)
                .withDetail("reason", reason.name());
        if (actor.recipient().isPresent()) {
            event = event.withDetail("recipient", actor.recipient().get().id());
        }
        long sequence = audit.record(event).sequence();
        return new AccessDecision(reason, category, purpose, sequence);
    }

    /** The decision for one category; {@code subject} may be null for staff and jobs, who never use it. */
    AccessReason decide(Policy policy, Actor actor, SubjectId subject, DataCategory category, Purpose purpose) {
        if (!policy.declares(purpose)) {
            return AccessReason.UNDECLARED_PURPOSE;
        }
        if (!policy.declares(category)) {
            return AccessReason.UNDECLARED_CATEGORY;
        }
        PurposeDefinition definition = policy.purpose(purpose);
        if (!definition.categories().contains(category)) {
            return AccessReason.CATEGORY_NOT_IN_PURPOSE;
        }
        switch (actor.kind()) {
            case SUBJECT:
                return actor.id().equals(subject.value()) ? AccessReason.OWN_DATA : AccessReason.NOT_OWN_DATA;
            case SYSTEM:
                return grants.grants(actor.roles(), purpose) ? AccessReason.ROLE_GRANTED : AccessReason.NO_ROLE_GRANT;
            default:
                break;
        }
        Recipient recipient = actor.recipient().orElseThrow();
        if (!policy.declares(recipient)) {
            return AccessReason.UNDECLARED_RECIPIENT;
        }
        RecipientDefinition named = policy.recipient(recipient);
        if (!kindMatches(actor.kind(), named.kind())) {
            return AccessReason.RECIPIENT_KIND_MISMATCH;
        }
        if (!definition.recipients().contains(recipient)) {
            return AccessReason.RECIPIENT_NOT_FOR_PURPOSE;
        }
        if (!named.categories().contains(category)) {
            return AccessReason.CATEGORY_NOT_FOR_RECIPIENT;
        }
        switch (actor.kind()) {
            case STAFF:
                return grants.grants(actor.roles(), purpose) ? AccessReason.ROLE_GRANTED : AccessReason.NO_ROLE_GRANT;
            case DELEGATE:
                return delegation(actor, subject);
            case AUTHORITY:
                return AccessReason.LEGAL_REQUEST;
            default:
                return AccessReason.NAMED_RECIPIENT;
        }
    }

    private AccessReason delegation(Actor actor, SubjectId subject) {
        try {
            Optional<String> account = accounts.accountOf(subject);
            return account.isPresent() && actor.accounts().contains(account.get())
                    ? AccessReason.DELEGATION : AccessReason.OUTSIDE_DELEGATION;
        } catch (StoreException e) {
            return AccessReason.DIRECTORY_UNAVAILABLE;
        }
    }

    private static boolean kindMatches(ActorKind actor, RecipientKind recipient) {
        switch (actor) {
            case STAFF:
                return recipient == RecipientKind.INTERNAL;
            case DELEGATE:
                return recipient == RecipientKind.DELEGATE;
            case PROCESSOR:
                return recipient == RecipientKind.PROCESSOR || recipient == RecipientKind.THIRD_PARTY;
            case AUTHORITY:
                return recipient == RecipientKind.PUBLIC_AUTHORITY;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return "AccessControl[" + grants + "]";
    }
}
