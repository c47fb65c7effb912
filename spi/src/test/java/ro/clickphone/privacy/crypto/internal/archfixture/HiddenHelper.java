package ro.clickphone.privacy.crypto.internal.archfixture;

/** Fixture for the architecture rules' own tests: an implementation class of the crypto module. */
public final class HiddenHelper {

    public static int help() {
        return 1;
    }
}
