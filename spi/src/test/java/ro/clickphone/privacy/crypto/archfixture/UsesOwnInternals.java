package ro.clickphone.privacy.crypto.archfixture;

import ro.clickphone.privacy.crypto.internal.archfixture.HiddenHelper;

/** Fixture: a crypto class may use crypto's internals. */
public final class UsesOwnInternals {

    public int run() {
        return HiddenHelper.help();
    }
}
