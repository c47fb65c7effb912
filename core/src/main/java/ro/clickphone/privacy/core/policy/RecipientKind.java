package ro.clickphone.privacy.core.policy;

/**
 * What kind of recipient a {@link RecipientDefinition} is, which decides what a disclosure to it
 * needs (a processing agreement, a legal request, the subject's delegation).
 *
 * @since 0.1.0
 */
public enum RecipientKind {

    /** Staff of the controller entitled to process the data. */
    INTERNAL,
    /**
     * A person the subject's account gives access: the administrator of a Custom PBX account, who
     * sees the accounts they administer and nothing else.
     */
    DELEGATE,
    /** A processor (GDPR art. 28; "persoană împuternicită") acting on the controller's instructions. */
    PROCESSOR,
    /** A third party receiving the data as a controller in its own right. */
    THIRD_PARTY,
    /** A public authority, on a legal request that names its ground. */
    PUBLIC_AUTHORITY
}
