package ro.clickphone.privacy.crypto.archfixture;

import ro.clickphone.privacy.core.archfixture.PrintsToConsole;

/** Fixture: crypto must not depend on core. */
public final class ReachesUpToCore {

    public void run() {
        new PrintsToConsole().run();
    }
}
