package ro.clickphone.privacy.core.archfixture;

import ro.clickphone.privacy.crypto.internal.archfixture.HiddenHelper;

/** Fixture: core must not use crypto's internal packages. */
public final class ReachesIntoCryptoInternals {

    public int run() {
        return HiddenHelper.help();
    }
}
