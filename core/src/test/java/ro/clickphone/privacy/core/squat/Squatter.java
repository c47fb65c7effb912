package ro.clickphone.privacy.core.squat;

import ro.clickphone.privacy.core.internal.Wiring;

/**
 * Application code that declares a package under {@code ro.clickphone.privacy.core}, which any jar
 * on the class path can do, to pass a check by package name.
 */
public final class Squatter {

    private Squatter() {
    }

    /** Asks for the audit factory from outside the kit. */
    public static void openTheAuditFactory() {
        Wiring.audit();
    }
}
