package ro.clickphone.privacy.spi.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A key-encryption-key provider whose next unwrap, once {@link #arm() armed}, waits until the test
 * {@link #release() releases} it: a KMS call as slow as the test wants, held by a latch rather than
 * a sleep, for races against operations in flight (a shred during a key load).
 */
public final class HeldKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private final KeyEncryptionKeyProvider real;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * Wraps a real provider.
     *
     * @param real the provider that does the work
     */
    public HeldKeyEncryptionKeyProvider(KeyEncryptionKeyProvider real) {
        this.real = real;
    }

    /** Makes the next unwrap wait for {@link #release()}. */
    public void arm() {
        armed.set(true);
    }

    /**
     * Waits until an armed unwrap has started.
     *
     * @return whether it started within 30 seconds
     * @throws InterruptedException if interrupted
     */
    public boolean awaitHeldUnwrap() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    /** Lets the held unwrap go on. */
    public void release() {
        release.countDown();
    }

    @Override
    public String kekId() {
        return real.kekId();
    }

    @Override
    public int currentVersion() {
        return real.currentVersion();
    }

    @Override
    public WrappedKey wrap(SecretBytes dataKey) {
        return real.wrap(dataKey);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped) {
        if (armed.getAndSet(false)) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the unwrap");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return real.unwrap(wrapped);
    }
}
