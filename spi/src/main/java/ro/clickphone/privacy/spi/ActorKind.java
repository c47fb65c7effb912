package ro.clickphone.privacy.spi;

/**
 * Who acts on personal data.
 *
 * @since 0.1.0
 */
public enum ActorKind {

    /** The data subject, on their own data. */
    SUBJECT,
    /** A member of the controller's staff (an employee, a dispatcher), with roles. */
    STAFF,
    /** Someone the subject's account delegates to: the administrator of a Custom PBX account. */
    DELEGATE,
    /** A processor or third party the policy names as a recipient (courier, accountant, auditor). */
    PROCESSOR,
    /** A public authority, acting on a legal request. */
    AUTHORITY,
    /** An automated job of the platform (the retention sweeper), with roles. */
    SYSTEM
}
