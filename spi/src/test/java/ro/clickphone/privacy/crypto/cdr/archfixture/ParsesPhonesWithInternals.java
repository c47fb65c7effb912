package ro.clickphone.privacy.crypto.cdr.archfixture;

import ro.clickphone.privacy.crypto.internal.archfixture.HiddenHelper;

/** Fixture: the kit-free CDR model reaching into crypto's internals, which engine modules cannot. */
public final class ParsesPhonesWithInternals {

    public int run() {
        return HiddenHelper.help();
    }
}
