package ro.clickphone.privacy.core.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RecipientCondition;
import ro.clickphone.privacy.core.policy.RecipientDefinition;
import ro.clickphone.privacy.core.policy.RecipientKind;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.TransferNotice;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.rights.RightType;

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
 *   <li>staff and jobs need a role granted the purpose; a role the {@link AccessPolicy} binds to
 *       one recipient ({@link AccessPolicy.Builder#grantAs}) counts only for staff acting as that
 *       recipient, so that a dispatcher cannot act as plain {@code EMPLOYEES}; a delegate only
 *       reaches accounts they administer, as the {@link AccountDirectory} says; an authority needs a
 *       legal request, whose reference is audited;</li>
 *   <li>a job acts as no recipient, so it meets no recipient's condition: it is refused
 *       ({@link AccessReason#JOB_MUST_ACT_AS_RECIPIENT}) a purpose whose recipients all carry a
 *       condition (a third party on consent, a successor, Google for analytics); a job feeding such a
 *       recipient acts as that recipient (a processor actor) and meets its condition. A purpose with no
 *       recipients, or with one without a condition, stays open to a job's role grant;</li>
 *   <li>the recipient's {@link RecipientCondition condition} must hold at the time of the decision:
 *       the subject's consent to the purpose standing in the {@link ConsentLedger}
 *       ({@code SUBJECT_CONSENT}, a third party "cu consimțământul dvs.": a permit on consent itself,
 *       {@link ConsentReason#CONSENT_GIVEN}, not on another basis), the subject's designation of
 *       this very partner in the {@link DesignationRegistry} ({@code SUBJECT_DESIGNATION}, "în cazul
 *       desemnării de către dvs."), a notice to the subject about this very successor recorded in the
 *       {@link TransferNoticeRegister} with a time before the decision ({@code PRIOR_NOTICE}, "vom
 *       notifica utilizatorii afectați înainte"), the subject's account among those the staff actor
 *       assists ({@code ASSISTED_ACCOUNT}, "dispecerul ClickPhone care furnizează asistență pentru
 *       dvs."); the partner and the successor are the processor actor's reference;</li>
 *   <li>a special category (GDPR art. 9) goes to no one but the subject (no recipient, no job)
 *       without the subject's explicit consent to the purpose, standing at the time of the decision ("solicităm consimțământul explicit
 *       pentru distribuirea oricăror informații speciale cu caracter personal").</li>
 *   <li>while a change of the purpose that diminishes rights is in effect, anyone but the subject is
 *       allowed only where the consent ledger permits the purpose for the subject then (their explicit
 *       consent to the change), whatever the purpose's basis ({@code RIGHTS_DIMINISHED}).</li>
 * </ul>
 * Every decision, allow or deny, is written to the audit trail before it is returned, with the
 * consent event it rests on ({@code consentEvent}) where it rests on one; if the audit write fails,
 * the check fails with that exception and no decision is returned. A store that cannot answer (the
 * account directory, the consent ledger, the designation registry, the notice register) denies,
 * with a reason that names it; it never grants.
 *
 * <p>The policy version and the consent ledger are asked at one instant, the decision's.
 *
 * <p>Designations and notices are recorded here too ({@link #designate}, {@link #revokeDesignation},
 * {@link #recordTransferNotice}), checked and audited: a refusal as DENIED with a {@code reason}
 * detail naming the rule, a directory that cannot answer as FAILED. A change is <b>audited before it
 * is stored</b>: if the audit write fails, nothing is stored and the exception is thrown, so no change
 * stands unaudited; if the store then fails, a FAILED entry ({@code reason=STORE_FAILED}) follows the
 * SUCCESS entry as far as the audit trail still takes it, and the store's exception is thrown. (An
 * undo after a failed audit write would need a delete the append-only notice register does not
 * have.)
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class AccessControl {

    /** The audit action of an access check. */
    public static final String ACTION = "access.check";

    /** The audit action of recording a designation. */
    public static final String DESIGNATE = "access.designate";
    /** The audit action of revoking a designation. */
    public static final String REVOKE_DESIGNATION = "access.designation.revoke";
    /** The audit action of recording a transfer notice. */
    public static final String TRANSFER_NOTICE = "access.transfer.notice";
    /** The audit action of deciding who may make a data subject's rights request. */
    public static final String RIGHTS_REQUEST = "access.rights.request";

    /** The audit {@code reason} of a change whose store write failed after its SUCCESS entry. */
    private static final String STORE_FAILED = "STORE_FAILED";

    private final Function<Instant, Policy> policy;
    private final AccessPolicy grants;
    private final AccountDirectory accounts;
    private final DesignationRegistry designations;
    private final TransferNoticeRegister notices;
    private final ConsentLedger consent;
    private final AuditTrail audit;
    private final Clock clock;
    private final PseudonymAccess pseudonyms;

    static {
        Wiring.register(AccessControl::new);
    }

    /**
     * Creates the access control. Not API: users get it from the kit, which opens it through
     * {@link Wiring}; core's tests call this directly.
     *
     * @param policy gives the policy in force at an instant
     * @param grants the role grants
     * @param accounts which account each subject belongs to
     * @param designations which partners each subject designated
     * @param notices which subjects were told of a transfer to a successor
     * @param consent the consent ledger, for recipients on consent and special categories
     * @param audit where decisions are recorded
     * @param clock the time of each decision
     * @throws InvalidInputException if an argument is null
     */
    AccessControl(Function<Instant, Policy> policy, AccessPolicy grants, AccountDirectory accounts,
            DesignationRegistry designations, TransferNoticeRegister notices, ConsentLedger consent, AuditTrail audit,
            Clock clock) {
        if (policy == null || grants == null || accounts == null || designations == null || notices == null
                || consent == null || audit == null || clock == null) {
            throw new InvalidInputException("accessControl", "policy, grants, accounts, designations, notices,"
                    + " consent, audit and clock must not be null");
        }
        this.policy = policy;
        this.grants = grants;
        this.accounts = accounts;
        this.designations = designations;
        this.notices = notices;
        this.consent = consent;
        this.audit = audit;
        this.clock = clock;
        this.pseudonyms = new PseudonymAccess(this, () -> policy.apply(clock.instant()), grants, audit);
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
        Instant at = clock.instant();
        Ruling ruling = unlessRightsDiminished(rule(policy.apply(at), actor, subject, category, purpose, at), actor,
                subject, purpose, at);
        AccessReason reason = ruling.reason();
        AuditEvent event = AuditEvent.of(actor, ACTION, reason.permits() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED)
                .withPurpose(purpose).withCategories(Set.of(category)).withSubject(subject)
                .withDetail("reason", reason.name());
        if (actor.recipient().isPresent()) {
            event = event.withDetail("recipient", actor.recipient().get().id());
        }
        if (ruling.consent() != null) {
            event = event.withDetail("consentReason", ruling.consent().reason().name());
            if (ruling.consent().eventId().isPresent()) {
                event = event.withDetail("consentEvent", ruling.consent().eventId().get());
            }
        }
        long sequence = audit.record(event).sequence();
        return new AccessDecision(reason, category, purpose, sequence);
    }

    /**
     * A decision and the consent decision it rests on, if it consulted the ledger.
     *
     * @param reason the reason
     * @param consent the consent decision, or null
     */
    private record Ruling(AccessReason reason, ConsentDecision consent) {

        static Ruling of(AccessReason reason) {
            return new Ruling(reason, null);
        }
    }

    /**
     * The decision for one category, now; {@code subject} may be null for staff and jobs acting on
     * no subject (pseudonymization), and every condition that needs a subject then denies.
     */
    AccessReason decide(Policy policy, Actor actor, SubjectId subject, DataCategory category, Purpose purpose) {
        Instant at = clock.instant();
        return unlessRightsDiminished(rule(policy, actor, subject, category, purpose, at), actor, subject, purpose,
                at).reason();
    }

    /**
     * A permit to anyone but the subject, while a change of the purpose diminishing rights is in
     * effect, stands only if the consent ledger permits the purpose for the subject then ("Drepturile
     * dvs. [...] nu vor fi diminuate fără consimțământul dvs. explicit"), whatever the purpose's basis:
     * otherwise RIGHTS_DIMINISHED, with the ledger's decision for the audit entry. Without a subject
     * there is no consent to look up, so it denies.
     */
    private Ruling unlessRightsDiminished(Ruling ruling, Actor actor, SubjectId subject, Purpose purpose,
            Instant at) {
        if (!ruling.reason().permits() || actor.kind() == ActorKind.SUBJECT || !consent.rightsDiminished(purpose, at)) {
            return ruling;
        }
        if (subject == null) {
            return Ruling.of(AccessReason.RIGHTS_DIMINISHED);
        }
        try {
            ConsentDecision decision = consent.check(subject, purpose, at);
            if (!decision.permitted()) {
                return new Ruling(AccessReason.RIGHTS_DIMINISHED, decision);
            }
            return ruling.consent() != null ? ruling : new Ruling(ruling.reason(), decision);
        } catch (StoreException e) {
            return Ruling.of(AccessReason.CONSENT_UNAVAILABLE);
        }
    }

    private Ruling rule(Policy policy, Actor actor, SubjectId subject, DataCategory category, Purpose purpose,
            Instant at) {
        if (!policy.declares(purpose)) {
            return Ruling.of(AccessReason.UNDECLARED_PURPOSE);
        }
        if (!policy.declares(category)) {
            return Ruling.of(AccessReason.UNDECLARED_CATEGORY);
        }
        PurposeDefinition definition = policy.purpose(purpose);
        if (!definition.categories().contains(category)) {
            return Ruling.of(AccessReason.CATEGORY_NOT_IN_PURPOSE);
        }
        switch (actor.kind()) {
            case SUBJECT:
                return Ruling.of(actor.id().equals(subject.value()) ? AccessReason.OWN_DATA : AccessReason.NOT_OWN_DATA);
            case SYSTEM:
                return job(policy, definition, actor, subject, category, purpose, at);
            default:
                break;
        }
        Recipient recipient = actor.recipient().orElseThrow();
        if (!policy.declares(recipient)) {
            return Ruling.of(AccessReason.UNDECLARED_RECIPIENT);
        }
        RecipientDefinition named = policy.recipient(recipient);
        if (!kindMatches(actor.kind(), named.kind())) {
            return Ruling.of(AccessReason.RECIPIENT_KIND_MISMATCH);
        }
        if (!definition.recipients().contains(recipient)) {
            return Ruling.of(AccessReason.RECIPIENT_NOT_FOR_PURPOSE);
        }
        if (!named.categories().contains(category)) {
            return Ruling.of(AccessReason.CATEGORY_NOT_FOR_RECIPIENT);
        }
        AccessReason base;
        switch (actor.kind()) {
            case STAFF:
                base = roleGrant(actor, recipient, purpose);
                break;
            case DELEGATE:
                base = delegation(actor, subject);
                break;
            case AUTHORITY:
                base = AccessReason.LEGAL_REQUEST;
                break;
            default:
                base = AccessReason.NAMED_RECIPIENT;
                break;
        }
        if (!base.permits()) {
            return Ruling.of(base);
        }
        Ruling conditioned = condition(named, actor, subject, purpose, at, base);
        if (!conditioned.reason().permits() || !policy.category(category).special()) {
            return conditioned;
        }
        return explicitConsent(subject, purpose, at);
    }

    /**
     * A job: a role granted the purpose (unbound: a job acts as no recipient), a purpose that does not
     * send everything through conditioned recipients, and explicit consent for a special category.
     */
    private Ruling job(Policy policy, PurposeDefinition definition, Actor actor, SubjectId subject,
            DataCategory category, Purpose purpose, Instant at) {
        AccessReason granted = roleGrant(actor, null, purpose);
        if (!granted.permits()) {
            return Ruling.of(granted);
        }
        // A job meets no recipient's condition (it has no consent event, designation or notice of its
        // own): where every recipient of the purpose carries one, the job must act as that recipient.
        boolean conditionedOnly = !definition.recipients().isEmpty() && definition.recipients().stream()
                .allMatch(r -> !policy.declares(r) || policy.recipient(r).condition() != RecipientCondition.NONE);
        if (conditionedOnly) {
            return Ruling.of(AccessReason.JOB_MUST_ACT_AS_RECIPIENT);
        }
        if (policy.category(category).special()) {
            return explicitConsent(subject, purpose, at);
        }
        return Ruling.of(granted);
    }

    /**
     * A staff member's or job's role grant: an unbound role, or a role bound to the recipient the actor
     * acts as ({@code recipient}, null for a job); a role granted the purpose but bound to another
     * recipient is named as such.
     */
    private AccessReason roleGrant(Actor actor, Recipient recipient, Purpose purpose) {
        boolean granted = recipient == null ? grants.grants(actor.roles(), purpose)
                : grants.grantsAs(recipient, actor.roles(), purpose);
        if (granted) {
            return AccessReason.ROLE_GRANTED;
        }
        for (String role : actor.roles()) {
            Optional<Recipient> bound = grants.boundTo(role);
            if (bound.isPresent() && grants.grantsAs(bound.get(), Set.of(role), purpose)) {
                return AccessReason.ROLE_BOUND_TO_OTHER_RECIPIENT;
            }
        }
        return AccessReason.NO_ROLE_GRANT;
    }

    /** The recipient's condition, checked after everything else has permitted with {@code base}. */
    private Ruling condition(RecipientDefinition named, Actor actor, SubjectId subject, Purpose purpose, Instant at,
            AccessReason base) {
        RecipientCondition condition = named.condition();
        if (condition == RecipientCondition.NONE
                || (condition == RecipientCondition.ASSISTED_ACCOUNT && actor.kind() == ActorKind.DELEGATE)) {
            // A delegate's accounts were checked as its delegation.
            return Ruling.of(base);
        }
        switch (condition) {
            case SUBJECT_CONSENT:
                if (subject == null) {
                    return Ruling.of(AccessReason.NO_SHARING_CONSENT);
                }
                try {
                    ConsentDecision decision = consent.check(subject, purpose, at);
                    // Consent itself, not a permit on another basis (a recipient on consent named by a
                    // purpose on legitimate interests would otherwise receive data on no consent).
                    return new Ruling(decision.permitted() && decision.reason() == ConsentReason.CONSENT_GIVEN
                            ? AccessReason.CONSENTED_SHARING : AccessReason.NO_SHARING_CONSENT, decision);
                } catch (StoreException e) {
                    return Ruling.of(AccessReason.CONSENT_UNAVAILABLE);
                }
            case SUBJECT_DESIGNATION:
                if (subject == null) {
                    return Ruling.of(AccessReason.NOT_DESIGNATED);
                }
                try {
                    return Ruling.of(designations.isDesignated(Designation.of(subject, named.recipient(), actor.id()))
                            ? AccessReason.DESIGNATED_PARTNER : AccessReason.NOT_DESIGNATED);
                } catch (StoreException e) {
                    return Ruling.of(AccessReason.DESIGNATIONS_UNAVAILABLE);
                }
            case PRIOR_NOTICE:
                if (subject == null) {
                    return Ruling.of(AccessReason.NOT_NOTIFIED);
                }
                try {
                    Optional<Instant> notified = notices.earliestNotice(subject, named.recipient(), actor.id());
                    // Strictly before: a notice and a transfer at one instant leave the subject no time.
                    return Ruling.of(notified.isPresent() && notified.get().isBefore(at)
                            ? AccessReason.NOTIFIED_TRANSFER : AccessReason.NOT_NOTIFIED);
                } catch (StoreException e) {
                    return Ruling.of(AccessReason.NOTICES_UNAVAILABLE);
                }
            case ASSISTED_ACCOUNT:
                if (subject == null) {
                    return Ruling.of(AccessReason.NOT_ASSISTED_ACCOUNT);
                }
                try {
                    Optional<String> account = accounts.accountOf(subject);
                    return Ruling.of(account.isPresent() && actor.accounts().contains(account.get())
                            ? AccessReason.ASSISTED_ACCOUNT : AccessReason.NOT_ASSISTED_ACCOUNT);
                } catch (StoreException e) {
                    return Ruling.of(AccessReason.DIRECTORY_UNAVAILABLE);
                }
            default:
                // A condition this version does not know: never a grant.
                return Ruling.of(AccessReason.UNKNOWN_CONDITION);
        }
    }

    /** A special category: the subject's explicit consent to the purpose, standing at the time of the decision. */
    private Ruling explicitConsent(SubjectId subject, Purpose purpose, Instant at) {
        if (subject == null) {
            return Ruling.of(AccessReason.NO_EXPLICIT_CONSENT);
        }
        try {
            ConsentDecision decision = consent.check(subject, purpose, at);
            return new Ruling(decision.permitted() && decision.explicitConsent() ? AccessReason.EXPLICIT_CONSENT
                    : AccessReason.NO_EXPLICIT_CONSENT, decision);
        } catch (StoreException e) {
            return Ruling.of(AccessReason.CONSENT_UNAVAILABLE);
        }
    }

    private AccessReason delegation(Actor actor, SubjectId subject) {
        if (subject == null) {
            return AccessReason.OUTSIDE_DELEGATION;
        }
        try {
            Optional<String> account = accounts.accountOf(subject);
            return account.isPresent() && actor.accounts().contains(account.get())
                    ? AccessReason.DELEGATION : AccessReason.OUTSIDE_DELEGATION;
        } catch (StoreException e) {
            return AccessReason.DIRECTORY_UNAVAILABLE;
        }
    }

    // --- designations and notices ------------------------------------------------------------------

    /**
     * Records that a subject designated a partner to receive their data, as a recipient of the
     * policy whose condition is {@link RecipientCondition#SUBJECT_DESIGNATION} ("în cazul desemnării
     * de către dvs. a unei terțe părți în vederea integrării serviciilor noastre"). Only the subject,
     * or a delegate acting as a delegate recipient of the policy and administering the subject's
     * account, designates. Audited ({@value #DESIGNATE}) before it is stored; refusals as DENIED with a
     * {@code reason}, a directory that cannot answer as FAILED ({@code DIRECTORY_UNAVAILABLE}).
     *
     * @param actor who designates: the subject, or a delegate of the subject's account
     * @param designation the subject, the recipient and the partner's reference
     * @throws InvalidInputException if an argument is null
     * @throws PolicyViolationException if the actor may not designate for the subject, or the
     *     recipient is not one the policy in force opens by designation
     * @throws StoreException if the account directory, the registry or the audit trail failed
     */
    public void designate(Actor actor, Designation designation) {
        changeDesignation(actor, designation, DESIGNATE, true);
    }

    /**
     * Withdraws a designation, for the future: the partner is refused from the next decision on.
     * The same actors as {@link #designate} may. Audited ({@value #REVOKE_DESIGNATION}) before it is
     * stored, refusals as for {@link #designate}.
     *
     * @param actor who revokes: the subject, or a delegate of the subject's account
     * @param designation the designation to withdraw
     * @throws InvalidInputException if an argument is null
     * @throws PolicyViolationException if the actor may not act for the subject, or the recipient is
     *     not one the policy in force opens by designation
     * @throws StoreException if the account directory, the registry or the audit trail failed
     */
    public void revokeDesignation(Actor actor, Designation designation) {
        changeDesignation(actor, designation, REVOKE_DESIGNATION, false);
    }

    private void changeDesignation(Actor actor, Designation designation, String action, boolean designate) {
        if (actor == null || designation == null) {
            throw new InvalidInputException(action, "actor and designation must not be null");
        }
        SubjectId subject = designation.subject();
        Policy current = policy.apply(clock.instant());
        if (!opensOn(current, designation.recipient(), RecipientCondition.SUBJECT_DESIGNATION)) {
            throw refused(actor, action, subject, designation.recipient(), "NOT_A_DESIGNATION_RECIPIENT",
                    new PolicyViolationException("Recipient " + designation.recipient() + " is not one the policy in"
                            + " force gives data on condition " + RecipientCondition.SUBJECT_DESIGNATION));
        }
        String refusal;
        try {
            refusal = subjectOrDelegate(current, actor, subject);
        } catch (StoreException e) {
            audit.record(AuditEvent.of(actor, action, AuditOutcome.FAILED).withSubject(subject)
                    .withDetail("recipient", designation.recipient().id())
                    .withDetail("reason", AccessReason.DIRECTORY_UNAVAILABLE.name()));
            throw e;
        }
        if (refusal != null) {
            throw refused(actor, action, subject, designation.recipient(), refusal, new PolicyViolationException(
                    "Only the subject, or a delegate acting as a declared delegate recipient and administering the"
                            + " subject's account, designates a partner"));
        }
        AuditEvent entry = AuditEvent.of(actor, action, AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("recipient", designation.recipient().id()).withDetail("partner", designation.partner());
        AuditEvent failed = AuditEvent.of(actor, action, AuditOutcome.FAILED).withSubject(subject)
                .withDetail("recipient", designation.recipient().id()).withDetail("partner", designation.partner())
                .withDetail("reason", STORE_FAILED);
        auditThenStore(entry, failed, designate ? () -> designations.designate(designation)
                : () -> designations.revoke(designation));
    }

    /**
     * Decides whether an actor may make a data subject's rights request (GDPR art. 12): the subject
     * themself, or a delegate acting as a delegate recipient of the policy in force and administering
     * the subject's account (a Custom PBX administrator), as the {@link AccountDirectory} says. Anyone
     * else is refused. Audited ({@value #RIGHTS_REQUEST}) either way, with the right asked for: SUCCESS
     * with {@code reason} {@code OWN_DATA} or {@code DELEGATION}, DENIED with the rule, FAILED
     * ({@code DIRECTORY_UNAVAILABLE}) when the directory cannot answer. {@code kit.rights().submit}
     * asks it itself, so no caller hands in a decision of its own.
     *
     * @param actor who asks
     * @param subject for whom
     * @param right what is asked
     * @throws InvalidInputException if an argument is null
     * @throws PolicyViolationException if the actor may not ask for the subject
     * @throws StoreException if the account directory or the audit trail failed
     */
    public void checkRightsRequest(Actor actor, SubjectId subject, RightType right) {
        if (actor == null || subject == null || right == null) {
            throw new InvalidInputException(RIGHTS_REQUEST, "actor, subject and right must not be null");
        }
        Policy current = policy.apply(clock.instant());
        String refusal;
        try {
            refusal = subjectOrDelegate(current, actor, subject);
        } catch (StoreException e) {
            audit.record(AuditEvent.of(actor, RIGHTS_REQUEST, AuditOutcome.FAILED).withSubject(subject)
                    .withDetail("right", right.name()).withDetail("reason", AccessReason.DIRECTORY_UNAVAILABLE.name()));
            throw e;
        }
        if (refusal != null) {
            audit.record(AuditEvent.of(actor, RIGHTS_REQUEST, AuditOutcome.DENIED).withSubject(subject)
                    .withDetail("right", right.name()).withDetail("reason", refusal));
            throw new PolicyViolationException("A rights request is made by the subject, or by a delegate acting as a"
                    + " declared delegate recipient and administering the subject's account (" + refusal + ")");
        }
        audit.record(AuditEvent.of(actor, RIGHTS_REQUEST, AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("right", right.name()).withDetail("reason", actor.kind() == ActorKind.SUBJECT
                        ? AccessReason.OWN_DATA.name() : AccessReason.DELEGATION.name()));
    }

    /**
     * Audits a change, then stores it: a change is never stored unaudited. If the store fails, the
     * FAILED entry follows (as far as the trail takes it) and the store's exception is thrown.
     */
    private void auditThenStore(AuditEvent entry, AuditEvent failed, Runnable write) {
        audit.record(entry);
        try {
            write.run();
        } catch (RuntimeException e) {
            try {
                audit.record(failed);
            } catch (RuntimeException auditDown) {
                e.addSuppressed(auditDown);
            }
            throw e;
        }
    }

    /** Audits a refusal as DENIED with its reason and returns the exception to throw. */
    private RuntimeException refused(Actor actor, String action, SubjectId subject, Recipient recipient,
            String reason, RuntimeException e) {
        audit.record(AuditEvent.of(actor, action, AuditOutcome.DENIED).withSubject(subject)
                .withDetail("recipient", recipient.id()).withDetail("reason", reason));
        return e;
    }

    /**
     * Null if the actor is the subject, or a delegate acting as a delegate recipient of the policy and
     * administering the subject's account; otherwise the reason of the refusal.
     *
     * @throws StoreException if the account directory failed
     */
    private String subjectOrDelegate(Policy current, Actor actor, SubjectId subject) {
        if (actor.kind() == ActorKind.SUBJECT) {
            return actor.id().equals(subject.value()) ? null : AccessReason.NOT_OWN_DATA.name();
        }
        if (actor.kind() != ActorKind.DELEGATE) {
            return "NOT_SUBJECT_OR_DELEGATE";
        }
        Recipient recipient = actor.recipient().orElseThrow();
        if (!current.declares(recipient) || current.recipient(recipient).kind() != RecipientKind.DELEGATE) {
            return AccessReason.RECIPIENT_KIND_MISMATCH.name();
        }
        Optional<String> account = accounts.accountOf(subject);
        return account.isPresent() && actor.accounts().contains(account.get()) ? null
                : AccessReason.OUTSIDE_DELEGATION.name();
    }

    private static boolean opensOn(Policy policy, Recipient recipient, RecipientCondition condition) {
        return policy.declares(recipient) && policy.recipient(recipient).condition() == condition;
    }

    /**
     * Records that a subject was told, at {@code notice.notifiedAt()}, that their data goes to a
     * successor, as a recipient of the policy whose condition is {@link RecipientCondition#PRIOR_NOTICE}
     * ("vom notifica utilizatorii afectați înainte ca informațiile cu caracter personal să fie
     * transferate"). The successor is refused a subject's data until a decision after the notice's
     * time. Staff or jobs record it, with a role granted a purpose that names the recipient (a role
     * bound to a recipient counts only for staff acting as it). The notice is recorded when it is
     * sent: a notice dated after now is refused ({@code reason=NOTICE_IN_FUTURE}), and so is one dated
     * more than the consent ledger's back-dating bound ({@link ConsentLedger#backdatingBound()},
     * default one day) before now ({@code reason=NOTICE_BACKDATED}), so that no one opens a transfer
     * at once by dating a notice weeks back. Audited ({@value #TRANSFER_NOTICE}) before it is stored,
     * refusals as DENIED with a reason.
     *
     * @param actor who records it: staff or a job (the notification sender)
     * @param notice the subject, the recipient, the successor's reference and when the notice went out
     * @throws InvalidInputException if an argument is null, or the notice is dated in the future or
     *     more than the back-dating bound in the past
     * @throws PolicyViolationException if the actor may not record it, or the recipient is not one the
     *     policy in force opens by prior notice
     * @throws StoreException if the register or the audit trail failed
     */
    public void recordTransferNotice(Actor actor, TransferNotice notice) {
        if (actor == null || notice == null) {
            throw new InvalidInputException(TRANSFER_NOTICE, "actor and notice must not be null");
        }
        Instant now = clock.instant();
        if (notice.notifiedAt().isAfter(now)) {
            throw refused(actor, TRANSFER_NOTICE, notice.subject(), notice.recipient(), "NOTICE_IN_FUTURE",
                    new InvalidInputException("notice.notifiedAt", "lies in the future; record a notice once it was"
                            + " sent"));
        }
        Duration bound = consent.backdatingBound();
        if (notice.notifiedAt().isBefore(now.minus(bound))) {
            throw refused(actor, TRANSFER_NOTICE, notice.subject(), notice.recipient(), "NOTICE_BACKDATED",
                    new InvalidInputException("notice.notifiedAt", "lies more than " + bound + " before its"
                            + " recording; record the notice when it is sent"));
        }
        Policy current = policy.apply(now);
        if (!opensOn(current, notice.recipient(), RecipientCondition.PRIOR_NOTICE)) {
            throw refused(actor, TRANSFER_NOTICE, notice.subject(), notice.recipient(), "NOT_A_NOTICE_RECIPIENT",
                    new PolicyViolationException("Recipient " + notice.recipient() + " is not one the policy in"
                            + " force gives data on condition " + RecipientCondition.PRIOR_NOTICE));
        }
        boolean entitled = (actor.kind() == ActorKind.STAFF || actor.kind() == ActorKind.SYSTEM)
                && current.purposes().stream().anyMatch(p -> p.recipients().contains(notice.recipient())
                        && roleGrant(actor, actor.recipient().orElse(null), p.purpose()).permits());
        if (!entitled) {
            throw refused(actor, TRANSFER_NOTICE, notice.subject(), notice.recipient(),
                    AccessReason.NO_ROLE_GRANT.name(), new PolicyViolationException("Transfer notices are recorded"
                            + " by staff or jobs with a role granted a purpose that names the recipient"));
        }
        AuditEvent entry = AuditEvent.of(actor, TRANSFER_NOTICE, AuditOutcome.SUCCESS).withSubject(notice.subject())
                .withDetail("recipient", notice.recipient().id()).withDetail("successor", notice.successor())
                .withDetail("notifiedAt", notice.notifiedAt().toString());
        AuditEvent failed = AuditEvent.of(actor, TRANSFER_NOTICE, AuditOutcome.FAILED).withSubject(notice.subject())
                .withDetail("recipient", notice.recipient().id()).withDetail("successor", notice.successor())
                .withDetail("reason", STORE_FAILED);
        auditThenStore(entry, failed, () -> notices.record(notice));
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
