package ro.clickphone.privacy.core.archfixture;

import ro.clickphone.privacy.spi.keys.Signer;

/** Fixture: a public core method that hands out the kit's signer lets any holder mint checkpoints. */
public final class HandsOutASigner {

    private final Signer signer;

    public HandsOutASigner(Signer signer) {
        this.signer = signer;
    }

    public Signer signer() {
        return signer;
    }
}
