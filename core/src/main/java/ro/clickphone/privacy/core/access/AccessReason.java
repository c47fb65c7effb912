package ro.clickphone.privacy.core.access;

/**
 * Why an access decision came out as it did. The names say it; each is stored in the audit entry.
 *
 * @since 0.1.0
 */
public enum AccessReason {

    /** The subject reads their own data. */
    OWN_DATA(true),
    /** A staff member or job whose role is granted the purpose, as a recipient the purpose names. */
    ROLE_GRANTED(true),
    /** A delegate, on an account they administer. */
    DELEGATION(true),
    /** A processor or third party the purpose names, for a category it may receive. */
    NAMED_RECIPIENT(true),
    /** An authority, on a legal request whose reference is audited. */
    LEGAL_REQUEST(true),
    /**
     * A recipient on the subject's consent ({@code SUBJECT_CONSENT}), which stood in the consent
     * ledger at the time of the decision; the audit entry names the grant ({@code consentEvent}).
     */
    CONSENTED_SHARING(true),
    /** A partner the subject designated ({@code SUBJECT_DESIGNATION}). */
    DESIGNATED_PARTNER(true),
    /** A successor, after a notice to the subject recorded before the decision ({@code PRIOR_NOTICE}). */
    NOTIFIED_TRANSFER(true),
    /** A member of staff, such as a dispatcher, on an account they assist ({@code ASSISTED_ACCOUNT}). */
    ASSISTED_ACCOUNT(true),
    /**
     * A special category, with the subject's explicit consent to the purpose standing at the time of
     * the decision; the audit entry names the grant ({@code consentEvent}).
     */
    EXPLICIT_CONSENT(true),

    /** The purpose is not declared by the policy in force. */
    UNDECLARED_PURPOSE(false),
    /** The category is not declared by the policy in force. */
    UNDECLARED_CATEGORY(false),
    /** The purpose does not process this category. */
    CATEGORY_NOT_IN_PURPOSE(false),
    /** A subject asked for another subject's data. */
    NOT_OWN_DATA(false),
    /** The actor's recipient is not declared by the policy. */
    UNDECLARED_RECIPIENT(false),
    /** The actor's kind does not match the kind of the recipient it claims to act as. */
    RECIPIENT_KIND_MISMATCH(false),
    /** The purpose does not name the actor's recipient. */
    RECIPIENT_NOT_FOR_PURPOSE(false),
    /** The actor's recipient may not receive this category. */
    CATEGORY_NOT_FOR_RECIPIENT(false),
    /** None of the actor's roles is granted the purpose. */
    NO_ROLE_GRANT(false),
    /**
     * A role of the actor is granted the purpose but bound to another recipient than the one the
     * actor acts as ({@link AccessPolicy.Builder#grantAs}): a dispatcher acting as plain employee.
     */
    ROLE_BOUND_TO_OTHER_RECIPIENT(false),
    /**
     * A job asked for a purpose whose recipients all carry a condition (consent, designation, notice,
     * assisted account) that a job, acting as no recipient, cannot meet: the job must act as the
     * recipient it feeds and meet its condition.
     */
    JOB_MUST_ACT_AS_RECIPIENT(false),
    /** The recipient carries a condition this version of the library does not know; never a grant. */
    UNKNOWN_CONDITION(false),
    /** The subject's account is not one the delegate administers, or is unknown. */
    OUTSIDE_DELEGATION(false),
    /** The account directory could not answer; access is denied rather than guessed. */
    DIRECTORY_UNAVAILABLE(false),
    /**
     * The recipient shares only on the subject's consent, and no consent to the purpose stood at the
     * time of the decision (none given, withdrawn, objected to, or the ledger's events tampered with).
     */
    NO_SHARING_CONSENT(false),
    /** The subject did not designate this partner (or revoked the designation). */
    NOT_DESIGNATED(false),
    /** No notice to the subject about this successor was recorded with a time before the decision. */
    NOT_NOTIFIED(false),
    /** The subject's account is not one the staff member assists, or is unknown. */
    NOT_ASSISTED_ACCOUNT(false),
    /**
     * The category is special (GDPR art. 9) and the subject's consent to the purpose is not an
     * explicit one standing at the time of the decision.
     */
    NO_EXPLICIT_CONSENT(false),
    /** The consent ledger could not answer; access is denied rather than guessed. */
    CONSENT_UNAVAILABLE(false),
    /** The designation registry could not answer; access is denied rather than guessed. */
    DESIGNATIONS_UNAVAILABLE(false),
    /** The transfer notice register could not answer; access is denied rather than guessed. */
    NOTICES_UNAVAILABLE(false),
    /**
     * A change of the purpose that diminishes rights is in effect at the time of the decision and
     * the consent ledger does not permit the purpose for the subject: the subject has not given the
     * explicit consent it waits for, or the ledger denies for another reason then (restricted,
     * objected to, tampered with), named in the audit entry's {@code consentReason}. Never for the
     * subject's own access to their data.
     */
    RIGHTS_DIMINISHED(false),
    /** The pseudonymization context is not declared by the policy in force. */
    UNDECLARED_CONTEXT(false),
    /** The re-identification reason code is not one the policy allows for the context. */
    UNDECLARED_REASON(false),
    /** The reason code requires a case reference and none was given. */
    MISSING_CASE_REFERENCE(false),
    /** Only staff and jobs pseudonymize or re-identify; other kinds of actor never do. */
    ACTOR_KIND_NOT_ALLOWED(false),
    /** None of the actor's roles is granted pseudonymization in the context. */
    NO_PSEUDONYMIZATION_GRANT(false),
    /** None of the actor's roles is granted re-identification in the context. */
    NO_REIDENTIFICATION_GRANT(false),
    /**
     * A pseudonymizer taken without an actor ({@code kit.pseudonyms()} rather than
     * {@code kit.pseudonyms().as(actor)}) was asked to go forward, or to erase vault mappings.
     */
    NO_ACTOR_BOUND(false);

    private final boolean allows;

    AccessReason(boolean allows) {
        this.allows = allows;
    }

    /**
     * Whether this reason permits access.
     *
     * @return {@code true} for the permitting reasons
     */
    public boolean permits() {
        return allows;
    }
}
