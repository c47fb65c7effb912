package ro.clickphone.privacy.core.consent;

/**
 * Why a purpose check decided as it did.
 *
 * @since 0.1.0
 */
public enum ConsentReason {

    /** A grant stands for the consent-based purpose. */
    CONSENT_GIVEN(Verdict.PERMIT),
    /** The purpose rests on contract, legal obligation, vital interests or a public task. */
    LAWFUL_BASIS(Verdict.PERMIT),
    /** The purpose rests on legitimate interests and no objection stands. */
    LEGITIMATE_INTEREST(Verdict.PERMIT),
    /**
     * Processing is restricted (art. 18), but the purpose rests on a legal obligation: storage and
     * legal claims go on (art. 18(2)).
     */
    RESTRICTED_LEGAL_OBLIGATION(Verdict.PERMIT),
    /**
     * Processing is restricted (art. 18), but the purpose is one the policy exempts
     * ({@code continuesWhenRestricted}): security alerts and contract notices still reach a restricted
     * subject.
     */
    RESTRICTION_EXEMPT(Verdict.PERMIT),

    /** The subject never granted consent to the purpose. */
    NO_CONSENT(Verdict.DENY),
    /** The subject withdrew consent before the instant checked. */
    CONSENT_WITHDRAWN(Verdict.DENY),
    /** The purpose changed materially since the version consent was given under: ask again. */
    RECONSENT_REQUIRED(Verdict.DENY),
    /**
     * A change of the purpose that diminishes the subject's rights is in effect, and the subject has
     * not agreed to it: whatever the purpose's legal basis, processing waits for a grant marked as
     * explicit consent, recorded under the version that made the change or a later one ("Drepturile
     * dvs. [...] nu vor fi diminuate fără consimțământul dvs. explicit").
     */
    RIGHTS_DIMINISHED(Verdict.DENY),
    /** An objection stands (art. 21); absolute for direct marketing. */
    OBJECTED(Verdict.DENY),
    /**
     * Processing is restricted (art. 18) and the purpose has no consent or legal obligation behind it,
     * nor an exemption in the policy.
     */
    RESTRICTED(Verdict.DENY),
    /** The policy in force at the instant declares no such purpose. */
    UNDECLARED_PURPOSE(Verdict.DENY),
    /** No policy version was in force at the instant checked. */
    NO_POLICY_IN_FORCE(Verdict.DENY),
    /**
     * The subject's stored events failed verification (a seal that does not match, an event deleted
     * from the middle, an event of another subject): no decision rests on them until the store is
     * restored. The failure is audited when the events are loaded.
     */
    TAMPERED(Verdict.DENY);

    private final Verdict verdict;

    ConsentReason(Verdict verdict) {
        this.verdict = verdict;
    }

    /**
     * The verdict this reason gives.
     *
     * @return PERMIT or DENY
     */
    public Verdict verdict() {
        return verdict;
    }
}
