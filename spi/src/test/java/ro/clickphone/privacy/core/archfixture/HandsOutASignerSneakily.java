package ro.clickphone.privacy.core.archfixture;

import java.util.Optional;
import java.util.function.Supplier;
import ro.clickphone.privacy.spi.keys.Signer;

/** Fixture: a signer handed out as a subclass, inside a generic type, or in a public field. */
public final class HandsOutASignerSneakily {

    /** A signer class of its own, as HmacSha256Signer is in crypto. */
    public abstract static class SomeSigner implements Signer {
    }

    public Supplier<? extends Signer> supplier;

    public Optional<SomeSigner> signer() {
        return Optional.empty();
    }
}
