package ro.clickphone.privacy.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * Envelope encryption keys: one random 256-bit data key (DEK) per (subject, key scope, version),
 * generated with {@link SecureRandom} on first use, stored only wrapped by a
 * {@link KeyEncryptionKeyProvider} in a {@link SubjectKeyStore}, and cached unwrapped in memory.
 *
 * <p><b>Security guarantees:</b> per-subject keys are random, never derived from a master key, so
 * {@link #shred(SubjectId, KeyScope)} makes everything encrypted under them unreadable everywhere,
 * backups and residual copies included: after it, every use of the (subject, scope) fails with
 * {@link KeyDestroyedException}, in this instance at once and in any other instance sharing the
 * store within the staleness bound, after which a cached key is checked against the store again.
 * Two threads or two instances using a subject's key for the first time end up with one key.
 *
 * <p><b>Warning:</b> cached keys are zeroed when evicted, but the JDK's {@link SecretKeySpec} keeps
 * its own copy, which the JDK 17 gives no way to wipe; it lives until garbage collection.
 *
 * <p>Thread-safe.
 */
public final class EnvelopeKeys {

    /** Another instance's shredding is seen within this bound unless configured otherwise. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
    /** Keys unused this long leave the cache unless configured otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Data keys cached unless configured otherwise. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeKeys.class);
    private static final int KEY_BYTES = 32;

    private final KeyEncryptionKeyProvider kek;
    private final SubjectKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<Slot, DataKey> latest;
    private final Cache<VersionedSlot, DataKey> byVersion;

    private record Slot(SubjectId subject, KeyScope scope) {
    }

    private record VersionedSlot(SubjectId subject, KeyScope scope, int version) {
    }

    /**
     * An unwrapped data key and its version. Package-private: only this package's encryptors use it.
     */
    static final class DataKey {
        final int version;
        final SecretKeySpec key;
        private final byte[] material;

        DataKey(int version, byte[] material) {
            this.version = version;
            this.material = material;
            this.key = new SecretKeySpec(material, "AES");
        }

        void wipe() {
            Arrays.fill(material, (byte) 0);
        }

        @Override
        public String toString() {
            return "DataKey[v" + version + "]";
        }
    }

    private EnvelopeKeys(KeyEncryptionKeyProvider kek, SubjectKeyStore store, Clock clock, long cacheSize,
            Duration idle, Duration staleness, LongSupplier ticker) {
        this.kek = kek;
        this.store = store;
        this.clock = clock;
        this.latest = cache(cacheSize, idle, staleness, ticker);
        this.byVersion = cache(cacheSize, idle, staleness, ticker);
    }

    /**
     * A key cache. An entry lives at most {@code staleness} after it was loaded (then the store is
     * asked again), and at most {@code idle} after its last use; when the staleness bound is the
     * shorter, it alone is set, which spares the cache the access-order bookkeeping on every read.
     */
    private static <K> Cache<K, DataKey> cache(long size, Duration idle, Duration staleness, LongSupplier ticker) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(size).ticker(ticker::getAsLong)
                .expireAfterWrite(staleness);
        if (idle.compareTo(staleness) < 0) {
            builder.expireAfterAccess(idle);
        }
        return builder.<K, DataKey>removalListener((k, v, cause) -> wipe(v)).build();
    }

    /**
     * Creates the key manager.
     *
     * @param kek wraps and unwraps data keys
     * @param store keeps the wrapped data keys
     * @param clock stamps new keys
     * @param cacheSize how many unwrapped keys to cache, 1 to 10 000 000
     * @param idle how long an unused key stays cached, 1 second to 1 day
     * @param staleness how long a cached key is used before the store is asked again (the bound on
     *     seeing another instance's shredding), 0 to 1 hour
     * @param ticker a monotonic nanosecond clock for the cache ({@code System::nanoTime})
     * @return the key manager
     * @throws InvalidInputException if an argument is null or out of range
     */
    public static EnvelopeKeys create(KeyEncryptionKeyProvider kek, SubjectKeyStore store, Clock clock,
            long cacheSize, Duration idle, Duration staleness, LongSupplier ticker) {
        if (kek == null || store == null || clock == null || ticker == null) {
            throw new InvalidInputException("envelopeKeys", "kek, store, clock and ticker must not be null");
        }
        if (cacheSize < 1 || cacheSize > 10_000_000) {
            throw new InvalidInputException("keyCacheSize", "must be between 1 and 10000000");
        }
        if (idle == null || idle.compareTo(Duration.ofSeconds(1)) < 0 || idle.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("keyCacheIdle", "must be between 1 second and 1 day");
        }
        if (staleness == null || staleness.isNegative() || staleness.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException("keyStaleness", "must be between 0 and 1 hour");
        }
        return new EnvelopeKeys(kek, store, clock, cacheSize, idle, staleness, ticker);
    }

    /**
     * Creates the key manager with the default cache settings and the system's monotonic clock.
     *
     * @param kek wraps and unwraps data keys
     * @param store keeps the wrapped data keys
     * @param clock stamps new keys
     * @return the key manager
     * @throws InvalidInputException if an argument is null
     */
    public static EnvelopeKeys create(KeyEncryptionKeyProvider kek, SubjectKeyStore store, Clock clock) {
        return create(kek, store, clock, DEFAULT_CACHE_SIZE, DEFAULT_IDLE, DEFAULT_STALENESS, System::nanoTime);
    }

    /**
     * Zeroes an evicted key's own copy. Safe while another thread still encrypts with it: the
     * {@link SecretKeySpec} it uses holds a separate copy.
     */
    private static void wipe(DataKey key) {
        if (key != null) {
            key.wipe();
        }
    }

    // --- use ---------------------------------------------------------------------------------------

    /**
     * The key new data of a (subject, scope) is encrypted with: the latest version, generated on
     * first use.
     */
    DataKey current(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        return latest.get(new Slot(subject, scope), this::loadLatest);
    }

    /** The key of a given version, to decrypt data encrypted under it. */
    DataKey version(SubjectId subject, KeyScope scope, int version) {
        check(subject, scope);
        if (version < 1) {
            throw new InvalidInputException("keyVersion", "must be at least 1");
        }
        return byVersion.get(new VersionedSlot(subject, scope, version), this::loadVersion);
    }

    private static void check(SubjectId subject, KeyScope scope) {
        if (subject == null || scope == null) {
            throw new InvalidInputException("key", "subject and scope must not be null");
        }
    }

    private DataKey loadLatest(Slot slot) {
        Optional<StoredKey> stored = store.latest(slot.subject(), slot.scope());
        if (stored.isPresent()) {
            return unwrap(stored.get());
        }
        if (store.isDestroyed(slot.subject(), slot.scope())) {
            throw destroyed(slot.scope());
        }
        return generate(slot.subject(), slot.scope(), 1);
    }

    private DataKey loadVersion(VersionedSlot slot) {
        Optional<StoredKey> stored = store.find(slot.subject(), slot.scope(), slot.version());
        if (stored.isPresent()) {
            return unwrap(stored.get());
        }
        if (store.isDestroyed(slot.subject(), slot.scope())) {
            throw destroyed(slot.scope());
        }
        throw new KeyUnavailableException("No data key version " + slot.version() + " exists in scope "
                + slot.scope() + " for this subject", false, null);
    }

    /** Generates, wraps and stores a key; if another writer stored one first, that one wins. */
    private DataKey generate(SubjectId subject, KeyScope scope, int version) {
        SecretBytes fresh = SecretBytes.random(KEY_BYTES, random);
        try {
            WrappedKey wrapped = kek.wrap(fresh);
            StoredKey candidate = new StoredKey(subject, scope, version, wrapped, clock.instant());
            StoredKey winner = store.putIfAbsent(candidate).orElseThrow(() -> destroyed(scope));
            if (winner.equals(candidate)) {
                return new DataKey(version, fresh.revealBytes());
            }
            return unwrap(winner);
        } finally {
            fresh.destroy();
        }
    }

    private DataKey unwrap(StoredKey stored) {
        SecretBytes plain = kek.unwrap(stored.wrapped());
        try {
            if (plain.length() != KEY_BYTES) {
                throw new IntegrityException("A stored data key has the wrong length");
            }
            return new DataKey(stored.version(), plain.revealBytes());
        } finally {
            plain.destroy();
        }
    }

    private static KeyDestroyedException destroyed(KeyScope scope) {
        return new KeyDestroyedException("The data key of this subject in scope " + scope
                + " was destroyed (crypto-shredded); the data encrypted under it is gone");
    }

    // --- lifecycle ---------------------------------------------------------------------------------

    /**
     * Crypto-shreds a (subject, scope): destroys every version of its data key in the store and in
     * this cache. Idempotent.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return how many key versions were destroyed now (0 if already shredded or never used)
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed; then nothing may be assumed destroyed, call again
     */
    public int shred(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        int destroyed = store.destroy(subject, scope);
        latest.invalidate(new Slot(subject, scope));
        byVersion.asMap().keySet().removeIf(k -> k.subject().equals(subject) && k.scope().equals(scope));
        LOG.info("Crypto-shredded {} data key version(s) in scope {}", destroyed, scope);
        return destroyed;
    }

    /**
     * Rotates a (subject, scope)'s data key: a new version, used by new writes from now on. Data
     * encrypted under older versions still decrypts.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return the new version
     * @throws KeyDestroyedException if the (subject, scope) was shredded
     * @throws StoreException if the store failed
     */
    public int rotate(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        int next = store.latest(subject, scope).map(k -> k.version() + 1).orElse(1);
        DataKey key = generate(subject, scope, next);
        latest.invalidate(new Slot(subject, scope));
        return key.version;
    }

    /**
     * Moves stored data keys wrapped under older KEK versions to the current one, without touching
     * the data they encrypt. Call it after rotating the KEK, until it returns 0.
     *
     * @param batchSize how many keys to rewrap in this call, at least 1
     * @return how many keys were rewrapped
     * @throws StoreException if the store failed; keys not yet rewrapped stay valid under the old version
     */
    public int rewrap(int batchSize) {
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize", "must be at least 1");
        }
        int target = kek.currentVersion();
        List<StoredKey> old = store.wrappedBelow(kek.kekId(), target, batchSize);
        int done = 0;
        for (StoredKey key : old) {
            SecretBytes plain = kek.unwrap(key.wrapped());
            try {
                if (store.replace(key, key.withWrapped(kek.wrap(plain)))) {
                    done++;
                }
            } finally {
                plain.destroy();
            }
        }
        return done;
    }

    @Override
    public String toString() {
        return "EnvelopeKeys[kek=" + kek + ", store=" + store + ", cached=" + byVersion.estimatedSize() + "]";
    }
}
