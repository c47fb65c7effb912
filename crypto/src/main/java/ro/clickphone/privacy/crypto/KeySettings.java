package ro.clickphone.privacy.crypto;

import java.time.Duration;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;

/**
 * How per-subject data keys are kept: the key-encryption-key provider that wraps them, and how
 * unwrapped keys are cached. Given to the kit builder's {@code keys(...)} (the wrapped keys
 * themselves live in the stores bundle's subject key store), or to
 * {@link EnvelopeKeys#create(KeySettings, ro.clickphone.privacy.spi.keys.SubjectKeyStore, java.time.Clock)}
 * outside a kit.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class KeySettings {

    /** Another instance's shredding is seen within this bound unless configured otherwise. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
    /** Keys unused this long leave the cache unless configured otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Data keys cached unless configured otherwise. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final KeyEncryptionKeyProvider provider;
    private final long cacheSize;
    private final Duration cacheIdle;
    private final Duration staleness;
    private final boolean unboundKeysRefused;

    private KeySettings(KeyEncryptionKeyProvider provider, long cacheSize, Duration cacheIdle, Duration staleness,
            boolean unboundKeysRefused) {
        this.provider = provider;
        this.cacheSize = cacheSize;
        this.cacheIdle = cacheIdle;
        this.staleness = staleness;
        this.unboundKeysRefused = unboundKeysRefused;
    }

    /**
     * Settings over a key-encryption-key provider, with the default cache.
     *
     * @param provider wraps and unwraps data keys: a KMS, an HSM, or a
     *     {@code Pkcs12KeyEncryptionKeyProvider}
     * @return the settings
     * @throws InvalidInputException if {@code provider} is null
     */
    public static KeySettings of(KeyEncryptionKeyProvider provider) {
        if (provider == null) {
            throw new InvalidInputException("provider", "must not be null");
        }
        return new KeySettings(provider, DEFAULT_CACHE_SIZE, DEFAULT_IDLE, DEFAULT_STALENESS, false);
    }

    /**
     * A copy with another cache size.
     *
     * @param keys how many unwrapped keys to cache, 1 to 10 000 000
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public KeySettings withCacheSize(long keys) {
        if (keys < 1 || keys > 10_000_000) {
            throw new InvalidInputException("cacheSize", "must be between 1 and 10000000");
        }
        return new KeySettings(provider, keys, cacheIdle, staleness, unboundKeysRefused);
    }

    /**
     * A copy with another idle time.
     *
     * @param idle how long an unused key stays cached, 1 second to 1 day
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public KeySettings withCacheIdle(Duration idle) {
        if (idle == null || idle.compareTo(Duration.ofSeconds(1)) < 0 || idle.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("cacheIdle", "must be between 1 second and 1 day");
        }
        return new KeySettings(provider, cacheSize, idle, staleness, unboundKeysRefused);
    }

    /**
     * A copy with another staleness bound.
     *
     * @param bound how long a cached key is used before the store is asked again (the bound on
     *     seeing another instance's shredding), 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public KeySettings withStaleness(Duration bound) {
        if (bound == null || bound.isNegative() || bound.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException("staleness", "must be between 0 and 1 hour");
        }
        return new KeySettings(provider, cacheSize, cacheIdle, bound, unboundKeysRefused);
    }

    /**
     * A copy that refuses wrapped data keys of payload format 1 (a bare key, not bound to its
     * slot, as written before slot binding; docs/FORMAT.md, "Wrapped data keys"): such a key then
     * fails with {@link ro.clickphone.privacy.spi.IntegrityException} for decryption too, and
     * {@link EnvelopeKeys#rewrap(int)} counts it as failed instead of binding it.
     *
     * <p>Turn it on once no format 1 key is left: after upgrading from a version that wrote them,
     * rotate the KEK and run {@link EnvelopeKeys#rewrap(int)} until its report is
     * {@linkplain RewrapReport#done() done} (its {@link RewrapReport#unbound()} counts the format 1
     * keys it bound on the way; the SDK has not written format 1 since). From then on, a format 1 row
     * can only be a wrapped key that a writer of the key store copied in, e.g. another subject's.
     * Without this switch such a key still decrypts what was encrypted under it, but new values are
     * never encrypted under it (a new, bound key version is made for the slot instead).
     *
     * @return the copy
     */
    public KeySettings withUnboundKeysRefused() {
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, true);
    }

    /**
     * The key-encryption-key provider.
     *
     * @return the provider
     */
    public KeyEncryptionKeyProvider provider() {
        return provider;
    }

    /**
     * How many unwrapped keys are cached.
     *
     * @return the cache size
     */
    public long cacheSize() {
        return cacheSize;
    }

    /**
     * How long an unused key stays cached.
     *
     * @return the idle time
     */
    public Duration cacheIdle() {
        return cacheIdle;
    }

    /**
     * How long a cached key is used before the store is asked again.
     *
     * @return the staleness bound
     */
    public Duration staleness() {
        return staleness;
    }

    /**
     * Whether wrapped data keys of payload format 1 (not bound to their slot) are refused.
     *
     * @return {@code true} after {@link #withUnboundKeysRefused()}
     */
    public boolean unboundKeysRefused() {
        return unboundKeysRefused;
    }

    @Override
    public String toString() {
        return "KeySettings[provider=" + provider.getClass().getSimpleName() + ", cacheSize=" + cacheSize
                + ", cacheIdle=" + cacheIdle + ", staleness=" + staleness
                + (unboundKeysRefused ? ", unboundKeysRefused" : "") + "]";
    }
}
