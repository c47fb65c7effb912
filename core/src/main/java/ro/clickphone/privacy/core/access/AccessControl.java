package ro.clickphone.privacy.core.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentLedger;
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
 *       reference is audited;</li>
 *   <li>the recipient's {@link RecipientCondition condition} must hold at the time of the decision:
 *       the subject's consent to the purpose standing in the {@link ConsentLedger}
 *       ({@code SUBJECT_CONSENT}, a third party "cu consimțământul dvs."), the subject's designation of
 *       this very partner in the {@link DesignationRegistry} ({@code SUBJECT_DESIGNATION}, "în cazul
 *       desemnării de către dvs."), a notice to the subject about this very successor recorded in the
 *       {@link TransferNoticeRegister} with a time before the decision ({@code PRIOR_NOTICE}, "vom
 *       notifica utilizatorii afectați înainte"), the subject's account among those the staff actor
 *       assists ({@code ASSISTED_ACCOUNT}, "dispecerul ClickPhone care furnizează asistență pentru
 *       dvs."); the partner and the successor are the processor actor's reference;</li>
 *   <li>a special category (GDPR art. 9) goes to no recipient without the subject's explicit consent
 *       to the purpose, standing at the time of the decision ("solicităm consimțământul explicit
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
 * <p>Designations and notices are recorded here too ({@link #designate}, {@link #revokeDesignation},
 * {@link #recordTransferNotice}), checked and audited.
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

    private final Supplier<Policy> policy;
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
     * @param policy gives the policy in force at the time of each check
     * @param grants the role grants
     * @param accounts which account each subject belongs to
     * @param designations which partners each subject designated
     * @param notices which subjects were told of a transfer to a successor
     * @param consent the consent ledger, for recipients on consent and special categories
     * @param audit where decisions are recorded
     * @param clock the time of each decision
     * @throws InvalidInputException if an argument is null
     */
    AccessControl(Supplier<Policy> policy, AccessPolicy grants, AccountDirectory accounts,
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
        Instant at = clock.instant();
        Ruling ruling = unlessRightsDiminished(rule(policy.get(), actor, subject, category, purpose, at), actor,
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
                return Ruling.of(grants.grants(actor.roles(), purpose) ? AccessReason.ROLE_GRANTED
                        : AccessReason.NO_ROLE_GRANT);
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
                base = grants.grants(actor.roles(), purpose) ? AccessReason.ROLE_GRANTED : AccessReason.NO_ROLE_GRANT;
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
                    return new Ruling(decision.permitted() ? AccessReason.CONSENTED_SHARING
                            : AccessReason.NO_SHARING_CONSENT, decision);
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
                return Ruling.of(AccessReason.NO_SHARING_CONSENT);
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
     * or a delegate administering the subject's account, designates. Audited ({@value #DESIGNATE}),
     * refusals as DENIED.
     *
     * @param actor who designates: the subject, or a delegate of the subject's account
     * @param designation the subject, the recipient and the partner's reference
     * @throws InvalidInputException if an argument is null
     * @throws PolicyViolationException if the actor may not designate for the subject, or the
     *     recipient is not one the policy in force opens by designation
     * @throws StoreException if the registry or the audit trail failed
     */
    public void designate(Actor actor, Designation designation) {
        changeDesignation(actor, designation, DESIGNATE, true);
    }

    /**
     * Withdraws a designation, for the future: the partner is refused from the next decision on.
     * The same actors as {@link #designate} may. Audited ({@value #REVOKE_DESIGNATION}).
     *
     * @param actor who revokes: the subject, or a delegate of the subject's account
     * @param designation the designation to withdraw
     * @throws InvalidInputException if an argument is null
     * @throws PolicyViolationException if the actor may not act for the subject, or the recipient is
     *     not one the policy in force opens by designation
     * @throws StoreException if the registry or the audit trail failed
     */
    public void revokeDesignation(Actor actor, Designation designation) {
        changeDesignation(actor, designation, REVOKE_DESIGNATION, false);
    }

    private void changeDesignation(Actor actor, Designation designation, String action, boolean designate) {
        if (actor == null || designation == null) {
            throw new InvalidInputException(action, "actor and designation must not be null");
        }
        SubjectId subject = designation.subject();
        AuditEvent entry = AuditEvent.of(actor, action, AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("recipient", designation.recipient().id()).withDetail("partner", designation.partner());
        try {
            requireCondition(policy.get(), designation.recipient(), RecipientCondition.SUBJECT_DESIGNATION);
            requireSubjectOrDelegate(actor, subject);
        } catch (PolicyViolationException e) {
            audit.record(AuditEvent.of(actor, action, AuditOutcome.DENIED).withSubject(subject)
                    .withDetail("recipient", designation.recipient().id()).withDetail("reason", "POLICY_VIOLATION"));
            throw e;
        }
        if (designate) {
            designations.designate(designation);
        } else {
            designations.revoke(designation);
        }
        audit.record(entry);
    }

    private void requireSubjectOrDelegate(Actor actor, SubjectId subject) {
        if (actor.kind() == ActorKind.SUBJECT && actor.id().equals(subject.value())) {
            return;
        }
        if (actor.kind() == ActorKind.DELEGATE) {
            Optional<String> account = accounts.accountOf(subject);
            if (account.isPresent() && actor.accounts().contains(account.get())) {
                return;
            }
        }
        throw new PolicyViolationException("Only the subject, or a delegate administering the subject's account,"
                + " designates a partner");
    }

    private static void requireCondition(Policy policy, Recipient recipient, RecipientCondition condition) {
        if (!policy.declares(recipient) || policy.recipient(recipient).condition() != condition) {
            throw new PolicyViolationException("Recipient " + recipient + " is not one the policy in force gives"
                    + " data on condition " + condition);
        }
    }

    /**
     * Records that a subject was told, at {@code notice.notifiedAt()}, that their data goes to a
     * successor, as a recipient of the policy whose condition is {@link RecipientCondition#PRIOR_NOTICE}
     * ("vom notifica utilizatorii afectați înainte ca informațiile cu caracter personal să fie
     * transferate"). The successor is refused a subject's data until a decision after the notice's
     * time. Staff or jobs record it, with a role granted a purpose that names the recipient; a notice
     * dated after now is refused, so that no one records a transfer's notice ahead of sending it.
     * Audited ({@value #TRANSFER_NOTICE}), refusals as DENIED.
     *
     * @param actor who records it: staff or a job (the notification sender)
     * @param notice the subject, the recipient, the successor's reference and when the notice went out
     * @throws InvalidInputException if an argument is null, or the notice is dated in the future
     * @throws PolicyViolationException if the actor may not record it, or the recipient is not one the
     *     policy in force opens by prior notice
     * @throws StoreException if the register or the audit trail failed
     */
    public void recordTransferNotice(Actor actor, TransferNotice notice) {
        if (actor == null || notice == null) {
            throw new InvalidInputException(TRANSFER_NOTICE, "actor and notice must not be null");
        }
        if (notice.notifiedAt().isAfter(clock.instant())) {
            throw new InvalidInputException("notice.notifiedAt", "lies in the future; record a notice once it was sent");
        }
        Policy current = policy.get();
        try {
            requireCondition(current, notice.recipient(), RecipientCondition.PRIOR_NOTICE);
            boolean entitled = (actor.kind() == ActorKind.STAFF || actor.kind() == ActorKind.SYSTEM)
                    && current.purposes().stream().anyMatch(p -> p.recipients().contains(notice.recipient())
                            && grants.grants(actor.roles(), p.purpose()));
            if (!entitled) {
                throw new PolicyViolationException("Transfer notices are recorded by staff or jobs with a role granted"
                        + " a purpose that names the recipient");
            }
        } catch (PolicyViolationException e) {
            audit.record(AuditEvent.of(actor, TRANSFER_NOTICE, AuditOutcome.DENIED).withSubject(notice.subject())
                    .withDetail("recipient", notice.recipient().id()).withDetail("reason", "POLICY_VIOLATION"));
            throw e;
        }
        notices.record(notice);
        audit.record(AuditEvent.of(actor, TRANSFER_NOTICE, AuditOutcome.SUCCESS).withSubject(notice.subject())
                .withDetail("recipient", notice.recipient().id()).withDetail("successor", notice.successor())
                .withDetail("notifiedAt", notice.notifiedAt().toString()));
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
