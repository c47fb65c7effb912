package ro.clickphone.privacy.core.consent;

/**
 * The answer of a purpose check.
 *
 * @since 0.1.0
 */
public enum Verdict {
    /** Processing for the purpose is permitted. */
    PERMIT,
    /** Processing for the purpose is not permitted. */
    DENY
}
