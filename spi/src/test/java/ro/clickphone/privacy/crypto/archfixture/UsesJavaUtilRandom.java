package ro.clickphone.privacy.crypto.archfixture;

import java.util.Random;

/** Fixture: predictable randomness is banned. */
public final class UsesJavaUtilRandom {

    public int run() {
        return new Random().nextInt();
    }
}
