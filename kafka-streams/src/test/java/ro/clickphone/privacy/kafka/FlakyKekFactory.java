package ro.clickphone.privacy.kafka;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKekFactory;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;

/**
 * A KMS plugin whose service is down the first time it is asked (a retryable failure), then up:
 * named by {@code spec.withKekFactory(...)}. Counts the calls.
 */
public final class FlakyKekFactory implements KeyEncryptionKeyProviderFactory {

    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Made by name. */
    public FlakyKekFactory() {
        // no state
    }

    @Override
    public Optional<KeyEncryptionKeyProvider> open(String kekId) {
        if (CALLS.incrementAndGet() == 1) {
            throw new KeyUnavailableException("The fixture KMS cannot be reached (a test's outage)", true, null);
        }
        return new FixtureKekFactory().open(kekId);
    }

    static int calls() {
        return CALLS.get();
    }
}
