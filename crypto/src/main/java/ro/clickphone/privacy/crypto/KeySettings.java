package ro.clickphone.privacy.crypto;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;

/**
 * How per-subject data keys are kept: the key-encryption-key provider that wraps them, how
 * unwrapped keys are cached, and when a key version retires itself ({@link RotationPolicy} per key
 * scope, and the block of uses an instance reserves from the subject key store at once). Given to the kit builder's {@code keys(...)} (the wrapped keys
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
    /**
     * Data keys each thread keeps at hand, each with its own initialised AES-GCM cipher, unless
     * configured otherwise: enough for a thread that serves about a thousand subjects in turn to
     * re-key its cipher rarely. About 1 KB of heap per key kept (the cipher's expanded key schedule
     * and state), so about 1 MB per thread that encrypts or decrypts fields, at most.
     */
    public static final int DEFAULT_THREAD_CACHE_SIZE = 1024;
    /** The largest per-thread key table. */
    public static final int MAX_THREAD_CACHE_SIZE = 65_536;
    /**
     * The most uses (encryptions) of a data key version an instance reserves from the subject key
     * store at once, unless configured otherwise: 2<sup>20</sup>, one store call per about a million
     * encryptions under a key, at most 2<sup>-12</sup> of the default limit lost per instance that stops.
     */
    public static final long DEFAULT_RESERVATION_BLOCK = 1L << 20;

    private final KeyEncryptionKeyProvider provider;
    private final long cacheSize;
    private final Duration cacheIdle;
    private final Duration staleness;
    private final boolean unboundKeysRefused;
    private final int threadCacheSize;
    private final Provider jceProvider;
    /** The {@code SecureRandom} algorithm of {@link #jceProvider}, chosen when it was named. */
    private final String jceRandom;
    /** Rotation policies and the reservation block ({@link #withRotation}, {@link #withReservationBlock}). */
    private final Rotation rotation;
    /** Told of encryptions, decryptions, key cache hits and misses and KEK unwraps; NONE unless given. */
    private final PrivacyMetrics metrics;

    /** The rotation settings: a default policy, the scopes' own, and the reservation block. */
    private record Rotation(RotationPolicy defaults, Map<KeyScope, RotationPolicy> scopes, long block) {

        static final Rotation DEFAULT = new Rotation(RotationPolicy.defaults(), Map.of(), DEFAULT_RESERVATION_BLOCK);

        Rotation with(KeyScope scope, RotationPolicy policy) {
            Map<KeyScope, RotationPolicy> copy = new HashMap<>(scopes);
            copy.put(scope, policy);
            return new Rotation(defaults, Map.copyOf(copy), block);
        }
    }

    private KeySettings(KeyEncryptionKeyProvider provider, long cacheSize, Duration cacheIdle, Duration staleness,
            boolean unboundKeysRefused) {
        this(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, DEFAULT_THREAD_CACHE_SIZE, null, null,
                Rotation.DEFAULT, PrivacyMetrics.NONE);
    }

    private KeySettings(KeyEncryptionKeyProvider provider, long cacheSize, Duration cacheIdle, Duration staleness,
            boolean unboundKeysRefused, int threadCacheSize, Provider jceProvider, String jceRandom,
            Rotation rotation, PrivacyMetrics metrics) {
        this.provider = provider;
        this.cacheSize = cacheSize;
        this.cacheIdle = cacheIdle;
        this.staleness = staleness;
        this.unboundKeysRefused = unboundKeysRefused;
        this.threadCacheSize = threadCacheSize;
        this.jceProvider = jceProvider;
        this.jceRandom = jceRandom;
        this.rotation = rotation;
        this.metrics = metrics;
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
        return new KeySettings(provider, keys, cacheIdle, staleness, unboundKeysRefused, threadCacheSize, jceProvider, jceRandom,
                rotation, metrics);
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
        return new KeySettings(provider, cacheSize, idle, staleness, unboundKeysRefused, threadCacheSize, jceProvider, jceRandom,
                rotation, metrics);
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
        return new KeySettings(provider, cacheSize, cacheIdle, bound, unboundKeysRefused, threadCacheSize, jceProvider, jceRandom,
                rotation, metrics);
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
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, true, threadCacheSize, jceProvider, jceRandom,
                rotation, metrics);
    }

    /**
     * A copy with another per-thread key table size. Each thread that encrypts or decrypts fields
     * keeps the data keys it used last at hand, each with its own initialised AES-GCM cipher: the
     * JCE re-expands the AES key schedule (about 2.5 µs) whenever one cipher is initialised with
     * another key, and a look-up in the shared key cache costs more than the table's. A kept key
     * obeys the same rules as the key cache: it is never used after {@link EnvelopeKeys#shred},
     * {@link EnvelopeKeys#retireVersions} or {@link EnvelopeKeys#rotate} returned (the thread
     * empties its table first), nor longer than the {@linkplain #staleness() staleness bound} after
     * it was loaded. About 1 KB of heap per key kept, per thread.
     *
     * @param keys how many keys each thread keeps, 0 (off: every call goes through the key cache
     *     and re-initialises one cipher per thread) to {@value #MAX_THREAD_CACHE_SIZE}; default
     *     {@value #DEFAULT_THREAD_CACHE_SIZE}
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public KeySettings withThreadCacheSize(int keys) {
        if (keys < 0 || keys > MAX_THREAD_CACHE_SIZE) {
            throw new InvalidInputException("threadCacheSize", "must be between 0 and " + MAX_THREAD_CACHE_SIZE);
        }
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, keys, jceProvider,
                jceRandom, rotation, metrics);
    }

    /**
     * A copy whose data keys rotate by a policy in every key scope that has no policy of its own
     * ({@link #withRotation(KeyScope, RotationPolicy)}); without it, {@link RotationPolicy#defaults()}.
     * The next encryption after a key version reached its limit goes under a new version, made
     * once for all instances sharing the subject key store; older versions still decrypt.
     *
     * @param policy the policy
     * @return the copy
     * @throws InvalidInputException if {@code policy} is null
     */
    public KeySettings withRotation(RotationPolicy policy) {
        if (policy == null) {
            throw new InvalidInputException("rotation", "must not be null");
        }
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, threadCacheSize,
                jceProvider, jceRandom, new Rotation(policy, rotation.scopes(), rotation.block()), metrics);
    }

    /**
     * A copy whose data keys of one key scope rotate by a policy of their own.
     *
     * @param scope the key scope
     * @param policy its policy
     * @return the copy
     * @throws InvalidInputException if an argument is null
     */
    public KeySettings withRotation(KeyScope scope, RotationPolicy policy) {
        if (scope == null || policy == null) {
            throw new InvalidInputException("rotation", "scope and policy must not be null");
        }
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, threadCacheSize,
                jceProvider, jceRandom, rotation.with(scope, policy), metrics);
    }

    /**
     * A copy with another reservation block: how many uses (encryptions) of a data key version an
     * instance reserves from the subject key store at once, at most
     * ({@link SubjectKeyStore#reserveUses}). Encryptions are counted in memory against the
     * instance's reservation, so the store is called about once per block; an instance starts each
     * key with a smaller reservation (1024, or the block if smaller) and doubles it up to the block,
     * so that the many keys that encrypt a few values each cost little. Uses an instance reserved
     * but did not make (it stopped, or the key left its cache) are lost, never handed out again:
     * a larger block costs fewer store calls and may lose more of a key's limit.
     *
     * @param uses 1 to {@value SubjectKeyStore#MAX_RESERVATION}; default {@value #DEFAULT_RESERVATION_BLOCK}
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public KeySettings withReservationBlock(long uses) {
        if (uses < 1 || uses > SubjectKeyStore.MAX_RESERVATION) {
            throw new InvalidInputException("reservationBlock", "must be between 1 and "
                    + SubjectKeyStore.MAX_RESERVATION);
        }
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, threadCacheSize,
                jceProvider, jceRandom, new Rotation(rotation.defaults(), rotation.scopes(), uses), metrics);
    }

    /**
     * A copy whose field encryption, key generation and keyed look-ups take their
     * {@code AES/GCM/NoPadding} ciphers, {@code HmacSHA256} MACs and {@code SecureRandom} from one
     * named provider object (for FIPS or company policy) instead of the JCE's preference order. The
     * provider is used through this object only: it is never installed JVM-wide
     * ({@code Security.addProvider}), and the SDK bundles none. It is tried here, once: an AES-GCM
     * encryption checked against a known answer, an HMAC-SHA256 and 12 random bytes, so that a
     * provider that cannot make them (its native library failed to load, say) is refused now, not
     * at the first encryption. Not a speed feature: native providers measured 0.5–1.05× the JDK's
     * for 32-byte AES-GCM (docs/PERFORMANCE.md). AES-GCM-SIV and the key wrapping of the
     * key-encryption-key provider are not affected.
     *
     * @param jce the provider; its {@code SecureRandom} is its {@code DRBG}, else its {@code DEFAULT},
     *     else the first it offers; a provider that offers none (SunJCE, say) leaves randomness to
     *     the platform's, as without this setting
     * @return the copy
     * @throws InvalidInputException if {@code jce} is null
     * @throws ConfigurationException if the provider cannot make AES-GCM or HMAC-SHA256, or the
     *     {@code SecureRandom} it offers fails, or its AES-GCM gives a wrong answer
     */
    public KeySettings withJceProvider(Provider jce) {
        if (jce == null) {
            throw new InvalidInputException("jceProvider", "must not be null");
        }
        String randomAlgorithm = selfTest(jce);
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, threadCacheSize, jce,
                randomAlgorithm, rotation, metrics);
    }

    /**
     * {@link #withJceProvider(Provider)} for a provider installed in the JVM, named as
     * {@link Security#getProvider(String)} knows it.
     *
     * @param name the provider's name, such as {@code SunJCE}
     * @return the copy
     * @throws InvalidInputException if {@code name} is null
     * @throws ConfigurationException if no such provider is installed, or it cannot make the algorithms
     */
    public KeySettings withJceProvider(String name) {
        if (name == null) {
            throw new InvalidInputException("jceProvider", "must not be null");
        }
        Provider p = Security.getProvider(name);
        if (p == null) {
            throw new ConfigurationException("No JCE provider named " + name + " is installed in this JVM");
        }
        return withJceProvider(p);
    }

    /** AES-256-GCM of 16 zero bytes under the zero key and nonce, no associated data (NIST GCM test case 14). */
    private static final String GCM_KNOWN_ANSWER = "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919";

    /** Tries the provider's algorithms; returns its {@code SecureRandom} algorithm. */
    private static String selfTest(Provider jce) {
        String what = "AES/GCM/NoPadding";
        try {
            Cipher gcm = Cipher.getInstance(what, jce);
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new GCMParameterSpec(128, new byte[12]));
            byte[] sealed = gcm.doFinal(new byte[16]);
            if (!GCM_KNOWN_ANSWER.equals(HexFormat.of().formatHex(sealed))) {
                throw new ConfigurationException("The JCE provider " + jce.getName() + " gave a wrong AES-GCM answer");
            }
            what = "HmacSHA256";
            Mac mac = Mac.getInstance(what, jce);
            mac.init(new SecretKeySpec("clickphone".getBytes(StandardCharsets.US_ASCII), what));
            mac.doFinal(new byte[1]);
            what = "SecureRandom";
            String algorithm = randomAlgorithm(jce);
            if (algorithm != null) {
                SecureRandom.getInstance(algorithm, jce).nextBytes(new byte[12]);
            }
            return algorithm;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException("The JCE provider " + jce.getName() + " cannot make " + what + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The provider's {@code SecureRandom} algorithm, or null if it offers none. */
    private static String randomAlgorithm(Provider jce) {
        String first = null;
        for (Provider.Service s : jce.getServices()) {
            if ("SecureRandom".equals(s.getType())) {
                if ("DRBG".equals(s.getAlgorithm()) || "DEFAULT".equals(s.getAlgorithm())) {
                    return s.getAlgorithm();
                }
                if (first == null) {
                    first = s.getAlgorithm();
                }
            }
        }
        return first;
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

    /**
     * How many data keys each thread keeps at hand, each with its own cipher.
     *
     * @return the per-thread key table size; 0 when off
     */
    public int threadCacheSize() {
        return threadCacheSize;
    }

    /**
     * The JCE provider named for ciphers, MACs and randomness.
     *
     * @return the provider, or empty for the JCE's preference order
     */
    public Optional<Provider> jceProvider() {
        return Optional.ofNullable(jceProvider);
    }

    /**
     * A copy that tells a metrics listener what the keys do: per key scope, field and stream
     * encryptions and decryptions and shared key cache hits and misses; the key-encryption-key
     * provider's unwrap latency. The kit builder's {@code metrics(...)} sets it on the kit's key
     * settings; outside a kit, set it here. The listener is asked once per key scope for its
     * handle ({@link PrivacyMetrics#keyScope}); an encryption then costs one call on that handle.
     *
     * @param listener the listener; {@link PrivacyMetrics#NONE} (the default) measures nothing
     * @return the copy
     * @throws InvalidInputException if {@code listener} is null
     */
    public KeySettings withMetrics(PrivacyMetrics listener) {
        if (listener == null) {
            throw new InvalidInputException("metrics", "must not be null; PrivacyMetrics.NONE measures nothing");
        }
        return new KeySettings(provider, cacheSize, cacheIdle, staleness, unboundKeysRefused, threadCacheSize,
                jceProvider, jceRandom, rotation, listener);
    }

    /**
     * The metrics listener.
     *
     * @return the listener; {@link PrivacyMetrics#NONE} unless {@link #withMetrics} set one
     */
    public PrivacyMetrics metrics() {
        return metrics;
    }

    /**
     * The rotation policy of a key scope: its own, or the one for every scope.
     *
     * @param scope the key scope
     * @return the policy
     * @throws InvalidInputException if {@code scope} is null
     */
    public RotationPolicy rotation(KeyScope scope) {
        if (scope == null) {
            throw new InvalidInputException("scope", "must not be null");
        }
        return rotation.scopes().getOrDefault(scope, rotation.defaults());
    }

    /**
     * The rotation policy of every key scope without one of its own.
     *
     * @return the policy; {@link RotationPolicy#defaults()} unless configured
     */
    public RotationPolicy defaultRotation() {
        return rotation.defaults();
    }

    /**
     * The most uses of a data key version an instance reserves from the store at once.
     *
     * @return the reservation block
     */
    public long reservationBlock() {
        return rotation.block();
    }

    /** A {@code SecureRandom} for new data keys: the named provider's, or the platform default. */
    SecureRandom newRandom() {
        if (jceRandom == null) {
            return new SecureRandom();
        }
        try {
            return SecureRandom.getInstance(jceRandom, jceProvider);
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigurationException("The JCE provider " + jceProvider.getName()
                    + " no longer makes the SecureRandom it made when the key settings were made", e);
        }
    }

    /**
     * A {@code SecureRandom} for one thread's nonces: the named provider's, or a JDK {@code DRBG}
     * (256-bit strength) of the thread's own, which, unlike the platform default, takes no JVM-wide
     * lock. Read in blocks of {@link ThreadKeys#NONCE_BLOCK} bytes.
     */
    SecureRandom newNonceRandom() {
        if (jceRandom != null) {
            return newRandom();
        }
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new ConfigurationException("This platform cannot make a DRBG SecureRandom of 256-bit strength"
                    + " for field nonces (check the security property securerandom.drbg.config and the"
                    + " provider list); name a JCE provider with KeySettings.withJceProvider instead", e);
        }
    }

    private Map<String, RotationPolicy> scopeNames() {
        Map<String, RotationPolicy> names = new HashMap<>();
        rotation.scopes().forEach((scope, policy) -> names.put(scope.name(), policy));
        return names;
    }

    @Override
    public String toString() {
        return "KeySettings[provider=" + provider.getClass().getSimpleName() + ", cacheSize=" + cacheSize
                + ", cacheIdle=" + cacheIdle + ", staleness=" + staleness
                + (unboundKeysRefused ? ", unboundKeysRefused" : "") + ", threadCacheSize=" + threadCacheSize
                + (jceProvider != null ? ", jceProvider=" + jceProvider.getName() : "") + ", rotation=" + rotation.defaults()
                + (rotation.scopes().isEmpty() ? "" : ", scopeRotations=" + new java.util.TreeMap<>(scopeNames()))
                + ", reservationBlock=" + rotation.block()
                + (metrics != PrivacyMetrics.NONE ? ", metrics=" + metrics.getClass().getSimpleName() : "") + "]";
    }
}
