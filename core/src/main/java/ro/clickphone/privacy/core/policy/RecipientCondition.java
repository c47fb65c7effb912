package ro.clickphone.privacy.core.policy;

/**
 * The condition the policy attaches to disclosing data to a recipient, beyond its kind, the
 * purposes that name it and the categories it may receive. {@code kit.access()} enforces it at the
 * time of each decision, and the record of processing shows it.
 *
 * @since 0.1.0
 */
public enum RecipientCondition {

    /** No condition beyond the recipient's kind (a role grant, a delegation, a legal request). */
    NONE,
    /**
     * Only with the subject's consent to the purpose, standing at the time of the decision, as the
     * consent ledger says ("cu consimțământul dvs. vom distribui informații cu caracter personal
     * către companii, organizații sau persoane din afara Caro Network SRL"). Only consent-based
     * purposes may name such a recipient.
     */
    SUBJECT_CONSENT,
    /**
     * Only the partner the subject designated, as the designation registry says ("în cazul
     * desemnării de către dvs. a unei terțe părți în vederea integrării serviciilor noastre").
     */
    SUBJECT_DESIGNATION,
    /**
     * Only after the subject was notified of the transfer, before the time of the decision, as the
     * transfer notice register says ("vom notifica utilizatorii afectați înainte ca informațiile cu
     * caracter personal să fie transferate").
     */
    PRIOR_NOTICE,
    /**
     * Only for the accounts the actor assists, which the actor carries and the account directory
     * matches ("dispecerul ClickPhone care furnizează asistență pentru dvs."); for internal
     * recipients and delegates.
     */
    ASSISTED_ACCOUNT;

    /**
     * Whether a recipient of this kind can carry the condition.
     *
     * @param kind the recipient's kind
     * @return {@code true} if the condition makes sense for the kind
     */
    public boolean appliesTo(RecipientKind kind) {
        switch (this) {
            case NONE:
                return true;
            case ASSISTED_ACCOUNT:
                return kind == RecipientKind.INTERNAL || kind == RecipientKind.DELEGATE;
            default:
                return kind == RecipientKind.PROCESSOR || kind == RecipientKind.THIRD_PARTY;
        }
    }
}
