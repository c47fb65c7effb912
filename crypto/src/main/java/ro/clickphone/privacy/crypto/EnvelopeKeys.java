package ro.clickphone.privacy.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.crypto.internal.Wraps;
import ro.clickphone.privacy.spi.ConfigurationException;
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
 * {@link #shred(SubjectId, KeyScope)} deletes the only copies the key store holds: after it, every
 * use of the (subject, scope) fails with {@link KeyDestroyedException}, in this instance at once
 * and in any other instance sharing the store within the staleness bound, after which a cached key
 * is checked against the store again. A copy of the wrapped key in a database backup or replica
 * stays readable to whoever holds the KEK version it was wrapped under: the shred reaches backups
 * only once those KEK versions are retired ({@link #retireKekVersion(int)}, after a KEK rotation and
 * {@link #rewrap(int)}), every copy of them is gone (key-store backups, KMS key versions), and the
 * data backups older than their bounded retention are gone too. Other running instances of a
 * file-based KEK provider (e.g. {@code Pkcs12KeyEncryptionKeyProvider}) keep a retired version in
 * memory until they are reopened.
 * Two threads or two instances using a subject's key for the first time end up with one key.
 * Each wrapped key is bound to its slot: the provider wraps the key together with the SHA-256 of
 * its purpose, subject, scope and version (docs/FORMAT.md, "Wrapped data keys", format 2), so a
 * wrapped key that a writer of the key store copies into another subject's, scope's or version's
 * row fails with {@link IntegrityException} and never serves that slot.
 *
 * <p><b>Data keys that know their limits:</b> random 96-bit nonces allow at most 2<sup>32</sup>
 * field values under one data key, i.e. one (subject, scope, version) (NIST SP 800-38D, §8.3). Every
 * encryption is counted, and a key version retires itself by its scope's {@link RotationPolicy}
 * ({@link KeySettings#withRotation}; by default 2<sup>32</sup> messages or 365 days): the next
 * encryption after the limit goes under a new version, which every instance sharing the store
 * converges on (the store keeps one key per version), while values under older versions still
 * decrypt. The counts add up across instances in the {@link SubjectKeyStore}
 * ({@link SubjectKeyStore#reserveUses}): an instance reserves a block of uses (growing from 1024 to
 * {@link KeySettings#reservationBlock()}, 2<sup>20</sup> by default) and counts its encryptions
 * against it in memory, each thread against a part of it in its own key table, so an encryption
 * touches no store and no shared counter. The store's total bounds the encryptions made from above:
 * uses an instance reserved but did not make (it stopped, a key left its cache, a thread's table was
 * emptied) are lost, never handed out again. If the store cannot be reached when a block runs out,
 * the encryption fails with the store's {@link StoreException} (retryable when it is unavailable),
 * and none is made beyond what was reserved.
 *
 * <p><b>Warning:</b> keys made before usage counting (or under {@link RotationPolicy#none()}) start
 * counting at 0 when counting starts: their earlier encryptions are not known; the age limit still
 * applies to them. Keys wrapped before
 * binding (payload format 1) are not bound to their row: one copied into another subject's row
 * still unwraps there and decrypts what was encrypted under it, but never encrypts a new value (a
 * new bound version is made instead); {@link #rewrap(int)} binds them for decryption only, and
 * {@link KeySettings#withUnboundKeysRefused()} refuses them once the migration is done.
 * Cached keys are zeroed when evicted, but the JDK's {@link SecretKeySpec} keeps its own copy,
 * which the JDK 17 gives no way to wipe; it lives until garbage collection.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class EnvelopeKeys {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeKeys.class);
    private static final int KEY_BYTES = 32;
    /** Format byte of a bound wrapped payload (docs/FORMAT.md, "Wrapped data keys"). */
    private static final byte BOUND_FORMAT = 2;
    /** Format byte of a bound payload kept for decryption only: a format 1 key that rewrap bound. */
    private static final byte DECRYPT_ONLY_FORMAT = 3;
    /** A bound payload: the format byte, the data key, the SHA-256 of its slot. */
    static final int BOUND_PAYLOAD_BYTES = 1 + KEY_BYTES + 32;
    private static final byte[] BINDING_DOMAIN = "clickphone-dek/v2".getBytes(StandardCharsets.US_ASCII);
    /** What the keys of this class are for; a KEK that wraps keys of other kinds binds them to theirs. */
    private static final String PURPOSE = "subject-data-key";

    private final KeyEncryptionKeyProvider kek;
    private final SubjectKeyStore store;
    private final Clock clock;
    /** Whether payload format 1 (a bare, unbound key) is refused ({@link KeySettings#withUnboundKeysRefused()}). */
    private final boolean unboundRefused;
    private final SecureRandom random;
    private final Cache<Slot, DataKey> latest;
    private final Cache<VersionedSlot, DataKey> byVersion;
    /** Counts shreds; a load notes the count when it starts, a shred's tombstone the count it made. */
    private final AtomicLong shreds = new AtomicLong();
    /** Slots shredded here, each with its shred's count, kept while a load that began before it may run. */
    private final ConcurrentHashMap<Slot, Long> tombstones = new ConcurrentHashMap<>();
    /**
     * Slots whose versions up to a floor were retired here ({@link #retireVersions}), each with the
     * floor and the shred count it made; kept, like tombstones, while a load that began before may run.
     */
    private final ConcurrentHashMap<Slot, long[]> retiredFloors = new ConcurrentHashMap<>();
    /** Key loads running now, each with the shred count when it began. */
    private final ConcurrentHashMap<Object, Long> loadsInFlight = new ConcurrentHashMap<>();
    /**
     * The epoch of the per-thread key tables ({@link ThreadKeys}): {@link #shred},
     * {@link #retireVersions} and {@link #rotate} advance it as their last step, after the cache
     * sweep, before they return; a thread whose table was filled in an earlier epoch empties it
     * before its next look-up.
     */
    private final AtomicLong epoch = new AtomicLong();
    private final LongSupplier ticker;
    /** The staleness bound in the ticker's nanoseconds: how long after its load began a key may be used. */
    private final long stalenessNanos;
    /** The JCE provider for ciphers, MACs and randomness, or null for the JCE's preference order. */
    private final Provider jceProvider;
    private final ThreadLocal<ThreadKeys> threads;
    /** The metrics handles per key scope, and the listener ({@link KeySettings#withMetrics}). */
    private final ScopeMeters meters;
    /** The rotation policy of each scope ({@link KeySettings#rotation}). */
    private final KeySettings settings;
    /** The largest reservation of uses from the store ({@link KeySettings#reservationBlock()}). */
    private final long reservationBlock;
    /**
     * This instance's reservations of uses, per key version it encrypts under (and which reached
     * its limit here). A table entry keeps a reference to its version's, so an eviction from this
     * cache loses no reserved use of a key that is in use; it only lets idle versions go.
     */
    private final Cache<VersionedSlot, Budget> budgets;

    /**
     * For this package's race tests only: run by a key use between a cache hit and its shred check,
     * so a test can hold a reader exactly there. Null otherwise; set before the instance is shared.
     */
    Runnable cacheHitHook;

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
        /** Whether new values may be encrypted under it: only a key bound to its slot for all uses (format 2). */
        final boolean writable;
        private final byte[] material;
        /**
         * The ticker's reading when the load that read this key from the store began (set before
         * the cache publishes the key): a per-thread table uses the key only while the staleness
         * bound has not passed since, never longer than the key cache keeps it.
         */
        volatile long loadedAt;

        /** A key bound for all uses: for this package's tests. */
        DataKey(int version, byte[] material) {
            this(version, material, true);
        }

        DataKey(int version, byte[] material, boolean writable) {
            this.version = version;
            this.material = material;
            this.writable = writable;
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

    /**
     * This instance's reservation of uses of one key version: the part {@code [next, end)} of the
     * store's count that it reserved ({@link SubjectKeyStore#reserveUses}) and has not handed to a
     * thread yet. Guarded by its monitor, which only a thread whose own part ran out takes.
     */
    static final class Budget {
        private final VersionedSlot slot;
        /** The policy's message limit for the version. */
        final long limit;
        private long next;
        private long end;
        /** How many uses the next reservation asks for: doubles up to the reservation block. */
        private long size;
        /** Whether the version reached its limit (the store's count did) here. */
        private boolean exhausted;
        /** Whether the store holds the version no more (retired or destroyed). */
        private boolean gone;

        private Budget(VersionedSlot slot, long limit, long firstSize) {
            this.slot = slot;
            this.limit = limit;
            this.size = firstSize;
        }

        synchronized boolean exhausted() {
            return exhausted;
        }

        @Override
        public synchronized String toString() {
            return "Budget[" + slot.scope() + " v" + slot.version() + ", " + (end - next) + " reserved here]";
        }
    }

    /** The first reservation of a key version: small, as most keys encrypt a few values per session. */
    static final long FIRST_RESERVATION = 1024;
    /** The first part of a reservation a thread takes for one key; it doubles up to {@link #MAX_THREAD_USES}. */
    static final int FIRST_THREAD_USES = 16;
    /** The largest part of a reservation a thread takes at once: bounds what a thread that stops loses. */
    static final int MAX_THREAD_USES = 4096;
    /** How often an encryption moves on to a new key version before it gives up (retryable). */
    private static final int ROTATION_ATTEMPTS = 4;

    private EnvelopeKeys(KeySettings settings, SubjectKeyStore store, Clock clock, LongSupplier ticker) {
        this.kek = settings.provider();
        this.store = store;
        this.clock = clock;
        this.unboundRefused = settings.unboundKeysRefused();
        this.latest = cache(settings.cacheSize(), settings.cacheIdle(), settings.staleness(), ticker);
        this.byVersion = cache(settings.cacheSize(), settings.cacheIdle(), settings.staleness(), ticker);
        this.ticker = ticker;
        this.stalenessNanos = settings.staleness().toNanos();
        this.jceProvider = settings.jceProvider().orElse(null);
        this.random = settings.newRandom();
        this.meters = new ScopeMeters(settings.metrics());
        this.settings = settings;
        this.reservationBlock = settings.reservationBlock();
        this.budgets = Caffeine.newBuilder().maximumSize(settings.cacheSize()).ticker(ticker::getAsLong)
                .expireAfterAccess(settings.cacheIdle()).<VersionedSlot, Budget>build();
        int capacity = settings.threadCacheSize();
        this.threads = ThreadLocal.withInitial(() -> new ThreadKeys(capacity, jceProvider, settings::newNonceRandom,
                epoch.get()));
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
     * Creates the key manager outside a kit (a kit makes its own from its {@code keys(...)} settings
     * and its stores bundle).
     *
     * @param settings the key-encryption-key provider and the cache settings
     * @param store keeps the wrapped data keys
     * @param clock stamps new keys
     * @return the key manager
     * @throws InvalidInputException if an argument is null
     */
    public static EnvelopeKeys create(KeySettings settings, SubjectKeyStore store, Clock clock) {
        if (settings == null) {
            throw new InvalidInputException("keySettings", "must not be null");
        }
        return create(settings, store, clock, System::nanoTime);
    }

    /** With a ticker of the caller's choice: for this package's tests. */
    static EnvelopeKeys create(KeySettings settings, SubjectKeyStore store, Clock clock, LongSupplier ticker) {
        if (settings == null || store == null || clock == null || ticker == null) {
            throw new InvalidInputException("envelopeKeys", "settings, store, clock and ticker must not be null");
        }
        return new EnvelopeKeys(settings, store, clock, ticker);
    }

    /** With a ticker of the caller's choice: for this package's tests. Ranges are checked by {@link KeySettings}. */
    static EnvelopeKeys create(KeyEncryptionKeyProvider kek, SubjectKeyStore store, Clock clock,
            long cacheSize, Duration idle, Duration staleness, LongSupplier ticker) {
        return create(KeySettings.of(kek).withCacheSize(cacheSize).withCacheIdle(idle).withStaleness(staleness),
                store, clock, ticker);
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
        Slot slot = new Slot(subject, scope);
        refuseIfShredded(slot);
        DataKey key = cached(latest, slot, scope);
        key = unlessShredded(slot, key != null ? key : load(latest, slot, this::loadLatest));
        if (!retiredFloors.isEmpty() && key.version <= retiredFloor(slot)) {
            // A load in flight at a retirement cached a retired version: never encrypt under it.
            latest.invalidate(slot);
            key = unlessShredded(slot, load(latest, slot, this::loadLatest));
        }
        return key;
    }

    private long retiredFloor(Slot slot) {
        long[] floor = retiredFloors.get(slot);
        return floor == null ? 0 : floor[0];
    }

    /** The key of a given version, to decrypt data encrypted under it. */
    DataKey version(SubjectId subject, KeyScope scope, int version) {
        check(subject, scope);
        if (version < 1) {
            throw new InvalidInputException("keyVersion", "must be at least 1");
        }
        VersionedSlot versioned = new VersionedSlot(subject, scope, version);
        Slot slot = new Slot(subject, scope);
        refuseIfShredded(slot);
        if (!retiredFloors.isEmpty() && version <= retiredFloor(slot)) {
            throw destroyed(scope);
        }
        DataKey key = cached(byVersion, versioned, scope);
        if (key != null && cacheHitHook != null) {
            cacheHitHook.run();
        }
        return unlessShredded(slot, key != null ? key : load(byVersion, versioned, this::loadVersion));
    }

    /** A look-up in a shared key cache, counted as a hit when it finds the key (a miss is counted by the load). */
    private <K> DataKey cached(Cache<K, DataKey> cache, K slot, KeyScope scope) {
        DataKey key = cache.getIfPresent(slot);
        if (key != null) {
            meters.of(scope).keyCacheHit();
        }
        return key;
    }

    /** The metrics handles per key scope: the encryptors of this package count through them. */
    ScopeMeters meters() {
        return meters;
    }

    // --- per-thread tables ---------------------------------------------------------------------------

    /** The JCE provider named in the settings, or null for the JCE's preference order. */
    Provider jceProvider() {
        return jceProvider;
    }

    /**
     * The calling thread's table, valid now: emptied first if the epoch moved since the thread last
     * looked. The epoch is read before any key is looked up, so every entry the table holds after
     * this call was handed out by {@link #current} or {@link #version} after the epoch it is filed
     * under began; a shred, retirement or rotation that returns later moves the epoch, and the next
     * call empties the table before it reads it.
     */
    ThreadKeys thread() {
        ThreadKeys t = threads.get();
        long now = epoch.get();
        if (t.epoch != now) {
            t.clear();
            t.epoch = now;
        }
        return t;
    }

    /** The per-thread tables as they are, without the epoch check: for this package's tests. */
    ThreadLocal<ThreadKeys> threadsForTest() {
        return threads;
    }

    /** Whether a key handed out by the cache may still be used: its load began less than the staleness bound ago. */
    private boolean fresh(DataKey key) {
        return ticker.getAsLong() - key.loadedAt < stalenessNanos;
    }

    /**
     * The current key of a (subject, scope) from a thread's table ({@link #thread()}), or, when it is
     * not there or too old, from {@link #current} (every check of which then applies), kept in the
     * table; for one encryption, which it counts. The hot path touches the entry only: it counts
     * down the uses the thread took from this instance's reservation ({@link Budget}), and when they
     * run out, {@link #refill} takes more, reserves from the store, or moves on to a new key version.
     */
    ThreadKeys.Entry currentEntry(ThreadKeys t, SubjectId subject, KeyScope scope) {
        ThreadKeys.Entry e = t.find(subject, scope, ThreadKeys.CURRENT);
        if (e != null && e.uses > 0 && fresh(e.key)) {
            e.uses--;
            if (cacheHitHook != null) {
                cacheHitHook.run();
            }
            return e;
        }
        return refill(t, subject, scope, e);
    }

    /**
     * The entry for one encryption when the thread's entry is missing, too old or out of uses: more
     * uses of its version, or the slot's current key (reloaded when the version reached its limit
     * or left the store), with uses of its own. Uses left in a too-old entry of the same version are
     * kept: they were reserved for that version.
     */
    private ThreadKeys.Entry refill(ThreadKeys t, SubjectId subject, KeyScope scope, ThreadKeys.Entry e) {
        for (int attempt = 0; attempt < ROTATION_ATTEMPTS; attempt++) {
            if (e != null && fresh(e.key)) {
                if (takeUses(t, e)) {
                    if (cacheHitHook != null) {
                        cacheHitHook.run();
                    }
                    return e;
                }
                spent(subject, scope, e);
            } else if (e != null) {
                t.remove(e);
            }
            DataKey key = current(subject, scope);
            ThreadKeys.Entry n = t.put(subject, scope, ThreadKeys.CURRENT, key, e);
            boolean sameVersion = e != null && e.key.version == key.version;
            n.budget = sameVersion && e.budget != null ? e.budget : budget(subject, scope, key.version);
            if (sameVersion && e.uses > 0) {
                n.uses = e.uses - 1;
                n.chunk = e.chunk;
                return n;
            }
            if (takeUses(t, n)) {
                return n;
            }
            spent(subject, scope, n);
            e = n;
        }
        throw new KeyUnavailableException("No data key version in scope " + scope + " had uses left after "
                + ROTATION_ATTEMPTS + " rotations in a row; retry", true, null);
    }

    /**
     * Gives an entry the next part of its key version's reservation, less the one use it is taken
     * for; false when the version reached its limit or left the store. A key whose scope is not
     * counted ({@link RotationPolicy#none()}) gets uses without end.
     */
    private boolean takeUses(ThreadKeys t, ThreadKeys.Entry e) {
        if (e.budget == null) {
            e.uses = Long.MAX_VALUE;
            return true;
        }
        long granted = grant(e.budget, t.keeps() ? e.chunk : 1);
        if (granted == 0) {
            return false;
        }
        e.chunk = Math.min(e.chunk * 2, MAX_THREAD_USES);
        e.uses = granted - 1;
        return true;
    }

    /** This instance's reservation of a key version, or null if its scope does not count. */
    private Budget budget(SubjectId subject, KeyScope scope, int version) {
        RotationPolicy policy = settings.rotation(scope);
        if (!policy.counts()) {
            return null;
        }
        return budgets.get(new VersionedSlot(subject, scope, version),
                k -> new Budget(k, policy.messageLimit(), Math.min(FIRST_RESERVATION, reservationBlock)));
    }

    /**
     * Hands out up to {@code want} uses of a key version from this instance's reservation,
     * reserving the next block from the store when it is used up (one thread calls the store; the
     * others that need the same version wait for it). Returns 0 when the version reached its limit
     * or the store holds it no more. A store failure leaves the reservation as it was, so the next
     * call tries again; what the store may have counted then is lost, never handed out.
     */
    private long grant(Budget b, long want) {
        synchronized (b) {
            if (b.next == b.end) {
                if (b.exhausted || b.gone) {
                    return 0;
                }
                if (b.end >= b.limit) {
                    b.exhausted = true;
                    return 0;
                }
                long size = b.size;
                OptionalLong total = store.reserveUses(b.slot.subject(), b.slot.scope(), b.slot.version(), size);
                if (total.isEmpty()) {
                    b.gone = true;
                    return 0;
                }
                long start = total.getAsLong() - size;
                if (start >= b.limit) {
                    b.exhausted = true;
                    return 0;
                }
                b.next = start;
                b.end = Math.min(total.getAsLong(), b.limit);
                b.size = Math.min(size * 2, reservationBlock);
            }
            long granted = Math.min(want, b.end - b.next);
            b.next += granted;
            return granted;
        }
    }

    /**
     * An entry's key version has no uses left (it reached its limit, or left the store): the slot's
     * cached latest key is dropped if it is that version or older, and a version that reached its
     * limit is kept in {@link #budgets}, where the reload ({@link #rotationDue}) looks.
     */
    private void spent(SubjectId subject, KeyScope scope, ThreadKeys.Entry e) {
        if (e.budget != null && e.budget.exhausted()) {
            budgets.put(e.budget.slot, e.budget);
        }
        Slot slot = new Slot(subject, scope);
        DataKey cached = latest.getIfPresent(slot);
        if (cached != null && cached.version <= e.key.version) {
            latest.invalidate(slot);
        }
    }

    /**
     * Why a stored latest key takes no new values any more, by its scope's {@link RotationPolicy}:
     * its age reached the limit, or its count did (as this instance found when it reserved); null
     * if it still takes them.
     */
    private String rotationDue(StoredKey stored) {
        RotationPolicy policy = settings.rotation(stored.scope());
        Duration maxAge = policy.ageLimit();
        if (maxAge != null && !clock.instant().isBefore(stored.createdAt().plus(maxAge))) {
            return "age";
        }
        if (policy.counts()) {
            Budget b = budgets.getIfPresent(new VersionedSlot(stored.subject(), stored.scope(), stored.version()));
            if (b != null && b.exhausted()) {
                return "message";
            }
        }
        return null;
    }

    /**
     * The key of a given version from a thread's table, or, when it is not there or too old, from
     * {@link #version} (every check of which then applies), kept in the table. The slot's current key
     * serves when it has that version.
     */
    ThreadKeys.Entry versionEntry(ThreadKeys t, SubjectId subject, KeyScope scope, int version) {
        ThreadKeys.Entry e = t.find(subject, scope, version);
        if (e == null) {
            ThreadKeys.Entry current = t.find(subject, scope, ThreadKeys.CURRENT);
            if (current != null && current.key.version == version) {
                e = current;
            }
        }
        if (e != null) {
            if (fresh(e.key)) {
                if (cacheHitHook != null) {
                    cacheHitHook.run();
                }
                return e;
            }
            t.remove(e);
        }
        return t.put(subject, scope, version, version(subject, scope, version), e);
    }

    /** Moves the epoch: every thread empties its table before its next look-up. The last step of a change. */
    private void advanceEpoch() {
        epoch.incrementAndGet();
    }

    /**
     * Loads through the cache, registered as in flight until the key is in the cache, so that a
     * shred meanwhile keeps its tombstone until this load is over (see {@link #shred}).
     */
    private <K> DataKey load(Cache<K, DataKey> cache, K slot, Function<K, DataKey> loader) {
        Object token = new Object();
        loadsInFlight.put(token, shreds.get());
        try {
            return cache.get(slot, k -> {
                long began = ticker.getAsLong();
                DataKey key = loader.apply(k);
                key.loadedAt = began;
                return key;
            });
        } finally {
            loadsInFlight.remove(token);
        }
    }

    /**
     * The key, unless this instance shredded its slot: a load in flight at the shred may have cached
     * it. Checked after the cache read, and before it too ({@link #refuseIfShredded}): a later shred
     * may prune the tombstone between a cache hit and this check (it sweeps the cache first, but the
     * hit was already read), so a use that starts after the shred returned is stopped before it
     * reads the cache, while the tombstone is certainly there or the cache certainly swept.
     */
    private DataKey unlessShredded(Slot slot, DataKey key) {
        refuseIfShredded(slot);
        return key;
    }

    private void refuseIfShredded(Slot slot) {
        if (!tombstones.isEmpty() && tombstones.containsKey(slot)) {
            throw destroyed(slot.scope());
        }
    }

    private static void check(SubjectId subject, KeyScope scope) {
        if (subject == null || scope == null) {
            throw new InvalidInputException("key", "subject and scope must not be null");
        }
    }

    /**
     * The key for new values. A latest key that is not bound for that use (format 1, or 3) never
     * encrypts a new value: whoever wrote the key store may have copied it in from another row; a new
     * bound version is made instead, and the old one still decrypts what it encrypted. So is one
     * that reached its scope's rotation limit ({@link #rotationDue}): every instance that finds it so
     * makes the same next version, and the store keeps the first one made.
     */
    private DataKey loadLatest(Slot slot) {
        meters.of(slot.scope()).keyCacheMiss();
        Optional<StoredKey> stored = store.latest(slot.subject(), slot.scope());
        if (stored.isPresent()) {
            String limit = rotationDue(stored.get());
            if (limit != null) {
                int next = stored.get().version() + 1;
                LOG.info("The data key in scope {} (key version {}) reached its rotation policy's {} limit; new values"
                        + " go under version {}", slot.scope(), stored.get().version(), limit, next);
                return generate(slot.subject(), slot.scope(), next);
            }
            DataKey key = unwrap(stored.get());
            if (key.writable) {
                return key;
            }
            key.wipe();
            LOG.info("The latest data key in scope {} (key version {}) is not bound for new values; making version {}",
                    slot.scope(), key.version, key.version + 1);
            return generate(slot.subject(), slot.scope(), key.version + 1);
        }
        if (store.isDestroyed(slot.subject(), slot.scope())) {
            throw destroyed(slot.scope());
        }
        // After a retirement the slot goes on above its floor; a retirement racing this one moves the
        // floor up, and the store refuses the version below it: read the floor again once.
        for (int attempt = 0; ; attempt++) {
            int next = store.retiredThrough(slot.subject(), slot.scope()) + 1;
            try {
                return generate(slot.subject(), slot.scope(), next);
            } catch (KeyDestroyedException e) {
                if (attempt > 0 || store.isDestroyed(slot.subject(), slot.scope())) {
                    throw e;
                }
            }
        }
    }

    private DataKey loadVersion(VersionedSlot slot) {
        meters.of(slot.scope()).keyCacheMiss();
        Optional<StoredKey> stored = store.find(slot.subject(), slot.scope(), slot.version());
        if (stored.isPresent()) {
            return unwrap(stored.get());
        }
        if (store.isDestroyed(slot.subject(), slot.scope())
                || slot.version() <= store.retiredThrough(slot.subject(), slot.scope())) {
            throw destroyed(slot.scope());
        }
        throw new NoSuchVersion(slot);
    }

    /**
     * No data key of that version exists for the subject: the value is not the subject's (the
     * encryptors answer as for any mismatch), unlike a provider's {@link KeyUnavailableException}
     * (a retired or unknown KEK version), which is an operations fault and surfaces as it is.
     */
    static final class NoSuchVersion extends KeyUnavailableException {
        private static final long serialVersionUID = 1L;

        private NoSuchVersion(VersionedSlot slot) {
            super("No data key version " + slot.version() + " exists in scope " + slot.scope() + " for this subject",
                    false, null);
        }
    }

    /** Generates, wraps and stores a key; if another writer stored one first, that one wins. */
    private DataKey generate(SubjectId subject, KeyScope scope, int version) {
        SecretBytes fresh = SecretBytes.random(KEY_BYTES, random);
        try {
            WrappedKey wrapped = wrapBound(fresh, subject, scope, version, BOUND_FORMAT);
            StoredKey candidate = new StoredKey(subject, scope, version, wrapped, clock.instant());
            StoredKey winner = store.putIfAbsent(candidate).orElseThrow(() -> destroyed(scope));
            if (winner.equals(candidate)) {
                return new DataKey(version, fresh.revealBytes(), true);
            }
            DataKey theirs = unwrap(winner);
            if (!theirs.writable) {
                theirs.wipe();
                throw new IntegrityException("A stored data key that new values would be encrypted under is not"
                        + " bound to its slot for that use");
            }
            return theirs;
        } finally {
            fresh.destroy();
        }
    }

    private DataKey unwrap(StoredKey stored) {
        Opened opened = open(stored);
        return new DataKey(stored.version(), opened.key, opened.format == BOUND_FORMAT);
    }

    /** A data key as unwrapped, with the payload format it was stored in (1, 2 or 3). */
    private record Opened(byte[] key, byte format) {
    }

    /**
     * Unwraps a stored key and checks that it belongs to the slot it was read from. A payload of
     * format 2 (for all uses) or 3 (for decryption only: a format 1 key that {@link #rewrap} bound)
     * carries the SHA-256 of its (purpose, subject, scope, version); a bare 32-byte key is format 1,
     * written before keys were bound, read as it is unless {@link KeySettings#withUnboundKeysRefused()}.
     *
     * @return the data key's bytes, which the caller wipes, and its format
     */
    private Opened open(StoredKey stored) {
        SecretBytes plain = unwrapTimed(stored.wrapped());
        byte[] bytes = plain.revealBytes();
        plain.destroy();
        if (bytes.length == KEY_BYTES) {
            if (unboundRefused) {
                Arrays.fill(bytes, (byte) 0);
                LOG.warn("A wrapped data key in scope {} (key version {}) is not bound to its row (payload format 1),"
                        + " and unbound keys are refused", stored.scope(), stored.version());
                throw new IntegrityException("A stored data key is not bound to its slot (wrapped payload format 1),"
                        + " and unbound keys are refused");
            }
            return new Opened(bytes, (byte) 1);
        }
        try {
            if (bytes.length != BOUND_PAYLOAD_BYTES || bytes[0] != BOUND_FORMAT && bytes[0] != DECRYPT_ONLY_FORMAT) {
                throw new IntegrityException("A stored data key has an unknown format");
            }
            byte[] expected = binding(stored.subject(), stored.scope(), stored.version());
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 1 + KEY_BYTES, BOUND_PAYLOAD_BYTES))) {
                LOG.warn("A wrapped data key in scope {} (key version {}) was read from a row it was not made for:"
                        + " the key store was written by someone other than the SDK", stored.scope(), stored.version());
                throw new IntegrityException("A stored data key belongs to another slot (subject, scope or version)"
                        + " than the one it was read from");
            }
            return new Opened(Arrays.copyOfRange(bytes, 1, 1 + KEY_BYTES), bytes[0]);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The provider's unwrap, timed for the metrics listener when there is one. */
    private SecretBytes unwrapTimed(WrappedKey wrapped) {
        if (meters.off()) {
            return kek.unwrap(wrapped);
        }
        long began = System.nanoTime();
        boolean succeeded = false;
        try {
            SecretBytes plain = kek.unwrap(wrapped);
            succeeded = true;
            return plain;
        } finally {
            meters.kekUnwrapped(System.nanoTime() - began, succeeded);
        }
    }

    /** Wraps a data key bound to its slot (format 2, or 3 for a key kept for decryption only). */
    private WrappedKey wrapBound(SecretBytes dataKey, SubjectId subject, KeyScope scope, int version, byte format) {
        byte[] material = dataKey.revealBytes();
        byte[] payload = boundPayload(material, subject, scope, version, format);
        Arrays.fill(material, (byte) 0);
        return Wraps.wrapWiping(kek, payload);
    }

    /** {@code 0x02 || key || SHA-256(binding)}: what the KEK provider wraps (docs/FORMAT.md). */
    static byte[] boundPayload(byte[] key, SubjectId subject, KeyScope scope, int version) {
        return boundPayload(key, subject, scope, version, BOUND_FORMAT);
    }

    /** {@code format || key || SHA-256(binding)}, format 2 or 3 (for decryption only). */
    static byte[] boundPayload(byte[] key, SubjectId subject, KeyScope scope, int version, byte format) {
        byte[] payload = new byte[BOUND_PAYLOAD_BYTES];
        payload[0] = format;
        System.arraycopy(key, 0, payload, 1, KEY_BYTES);
        System.arraycopy(binding(subject, scope, version), 0, payload, 1 + KEY_BYTES, 32);
        return payload;
    }

    /**
     * SHA-256 of {@code clickphone-dek/v2}, a zero byte, the purpose, the subject id (UTF-8) and
     * the scope name, each as a 4-byte big-endian length and its bytes, then the version (4 bytes).
     */
    private static byte[] binding(SubjectId subject, KeyScope scope, int version) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(BINDING_DOMAIN);
            sha.update((byte) 0);
            lengthPrefixed(sha, PURPOSE.getBytes(StandardCharsets.US_ASCII));
            lengthPrefixed(sha, subject.value().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(sha, scope.name().getBytes(StandardCharsets.US_ASCII));
            sha.update(int32(version));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static void lengthPrefixed(MessageDigest sha, byte[] bytes) {
        sha.update(int32(bytes.length));
        sha.update(bytes);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
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
     * <p>Every use of the (subject, scope) through this instance that starts after this method
     * returns fails with {@link KeyDestroyedException}, also when a decryption was loading the key
     * from the key-encryption-key provider at the moment of the shred (such a load finishes, but
     * its key is never handed out again). An operation in flight that already held the key may
     * still complete with it. Other instances sharing the store notice within their staleness bound.
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
        Slot slot = new Slot(subject, scope);
        tombstones.put(slot, shreds.incrementAndGet());
        sweep(slot);
        pruneTombstones();
        advanceEpoch();
        LOG.info("Crypto-shredded {} data key version(s) in scope {}", destroyed, scope);
        return destroyed;
    }

    private void sweep(Slot slot) {
        latest.invalidate(slot);
        byVersion.asMap().keySet().removeIf(k -> k.subject().equals(slot.subject()) && k.scope().equals(slot.scope()));
    }

    /**
     * Drops the tombstones no load in flight predates. A load that began before a shred either read
     * the store after it (and failed) or is still registered; once none is, every key it cached is
     * in the cache, and the sweep here removes it for good.
     */
    private void pruneTombstones() {
        long oldestLoad = loadsInFlight.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        tombstones.entrySet().removeIf(t -> {
            if (t.getValue() <= oldestLoad) {
                sweep(t.getKey());
                return true;
            }
            return false;
        });
        retiredFloors.entrySet().removeIf(t -> {
            if (t.getValue()[1] <= oldestLoad) {
                sweep(t.getKey());
                return true;
            }
            return false;
        });
    }

    /**
     * Retires every version of a (subject, scope)'s data key made so far, for retention: the keys
     * are deleted from the store (the ciphertexts under them become unreadable, with
     * {@link KeyDestroyedException}, as after {@link #shred}), but unlike a shred this leaves no
     * tombstone: the next encryption for the (subject, scope) makes a new version above the retired
     * ones, and what it encrypts decrypts as usual. Erasure, which must stop the subject's data for
     * good, uses {@link #shred}. Idempotent.
     *
     * <p><b>Security guarantees:</b> as for {@link #shred}, for the versions retired: through this
     * instance at once, also against a load in flight at the moment of the retirement (its key is
     * never handed out to encrypt or decrypt), and in other instances sharing the store within
     * their staleness bound.
     *
     * <p><b>Warning:</b> another instance that cached the latest version before the retirement may
     * encrypt new values under it until its staleness bound passes; such values are lost once that
     * instance's cache expires. Keep the staleness bound short where retention sweeps run while
     * subjects write, or sweep at quiet hours. Data encrypted under a retired version but never
     * tagged for retention is gone with it.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return how many key versions were deleted now (0 if none existed)
     * @throws InvalidInputException if an argument is null
     * @throws KeyDestroyedException if the (subject, scope) was shredded
     * @throws StoreException if the store failed; then nothing may be assumed deleted, call again
     */
    public int retireVersions(SubjectId subject, KeyScope scope) {
        check(subject, scope);
        if (store.isDestroyed(subject, scope)) {
            throw destroyed(scope);
        }
        int through = Math.max(store.latest(subject, scope).map(StoredKey::version).orElse(0),
                store.retiredThrough(subject, scope));
        return through == 0 ? 0 : retire(subject, scope, through);
    }

    /**
     * Retires the versions of a (subject, scope)'s data key up to and including {@code throughVersion},
     * as {@link #retireVersions(SubjectId, KeyScope)} does for all of them: a version made after the
     * caller looked (the subject wrote meanwhile) stays, with what it encrypts. Retention plans a
     * disposal, lets the source work, and then retires only the versions it planned for.
     * Idempotent; a bound at or below what was retired already deletes nothing.
     *
     * @param subject the subject
     * @param scope the key scope
     * @param throughVersion the highest version to retire, at least 0 (0 retires nothing)
     * @return how many key versions were deleted now (0 if none existed)
     * @throws InvalidInputException if an argument is null or the version is negative
     * @throws KeyDestroyedException if the (subject, scope) was shredded
     * @throws StoreException if the store failed; then nothing may be assumed deleted, call again
     */
    public int retireVersions(SubjectId subject, KeyScope scope, int throughVersion) {
        check(subject, scope);
        if (throughVersion < 0) {
            throw new InvalidInputException("throughVersion", "must be at least 0");
        }
        if (store.isDestroyed(subject, scope)) {
            throw destroyed(scope);
        }
        if (throughVersion == 0 || throughVersion <= store.retiredThrough(subject, scope)) {
            return 0;
        }
        return retire(subject, scope, throughVersion);
    }

    private int retire(SubjectId subject, KeyScope scope, int through) {
        int deleted = store.retire(subject, scope, through);
        Slot slot = new Slot(subject, scope);
        retiredFloors.merge(slot, new long[] {through, shreds.incrementAndGet()},
                (old, now) -> new long[] {Math.max(old[0], now[0]), now[1]});
        sweep(slot);
        pruneTombstones();
        advanceEpoch();
        LOG.info("Retired {} data key version(s) in scope {}, through version {}", deleted, scope, through);
        return deleted;
    }

    /** How many tombstones this instance keeps: for this package's tests of the memory bound. */
    int tombstones() {
        return tombstones.size();
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
        int next = Math.max(store.latest(subject, scope).map(StoredKey::version).orElse(0),
                store.retiredThrough(subject, scope)) + 1;
        DataKey key = generate(subject, scope, next);
        latest.invalidate(new Slot(subject, scope));
        advanceEpoch();
        return key.version;
    }

    /**
     * Moves stored data keys wrapped under older KEK versions to the current one, without touching
     * the data they encrypt, and binds each to its slot (docs/FORMAT.md, "Wrapped data keys"): a
     * key of payload format 2 stays format 2; an unbound key (format 1, written before slot binding)
     * becomes format 3, bound to the row it was found in but for decryption only, and is counted in
     * {@link RewrapReport#unbound()}. Call it after rotating the KEK until the report is
     * {@linkplain RewrapReport#done() done}; a batch that rewrapped nothing is not done while keys
     * remain. With {@link KeySettings#withUnboundKeysRefused()}, a format 1 key counts as failed.
     *
     * <p>A key that cannot be unwrapped (damaged, or under a KEK version the provider no longer
     * holds) is counted as failed and left as it is; the batch goes on with the others. A key
     * another writer changed meanwhile (shredded, or rewrapped by another instance) is skipped.
     *
     * @param batchSize how many keys to rewrap in this call, at least 1
     * @return what the batch did and how many keys remain (counted up to {@code batchSize})
     * @throws InvalidInputException if {@code batchSize} is below 1
     * @throws StoreException if the store failed; keys not yet rewrapped stay valid under the old version
     * @throws KeyUnavailableException if the KEK provider cannot be reached (retryable); call again
     */
    public RewrapReport rewrap(int batchSize) {
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize", "must be at least 1");
        }
        int target = kek.currentVersion();
        List<StoredKey> old = store.wrappedBelow(kek.kekId(), target, batchSize);
        int done = 0;
        int failed = 0;
        int unbound = 0;
        for (StoredKey key : old) {
            Opened opened;
            try {
                opened = open(key);
            } catch (IntegrityException | KeyUnavailableException e) {
                if (e instanceof KeyUnavailableException unavailable && unavailable.isRetryable()) {
                    throw unavailable;
                }
                failed++;
                LOG.warn("A data key in scope {} (key version {}, KEK version {}) cannot be unwrapped and was not"
                        + " rewrapped: {}", key.scope(), key.version(), key.wrapped().kekVersion(),
                        e.getClass().getSimpleName());
                continue;
            }
            SecretBytes plain = SecretBytes.copyOf(opened.key);
            Arrays.fill(opened.key, (byte) 0);
            // A format 1 key is bound to the row it was found in, but for decryption only: it may be
            // another row's key that a writer of the store copied in.
            byte format = opened.format == BOUND_FORMAT ? BOUND_FORMAT : DECRYPT_ONLY_FORMAT;
            try {
                if (store.replace(key, key.withWrapped(wrapBound(plain, key.subject(), key.scope(), key.version(), format)))) {
                    done++;
                    if (opened.format == 1) {
                        unbound++;
                        LOG.info("A data key in scope {} (key version {}) was unbound (payload format 1); bound now,"
                                + " for decryption only", key.scope(), key.version());
                    }
                }
            } finally {
                plain.destroy();
            }
        }
        int remaining = store.wrappedBelow(kek.kekId(), target, batchSize).size();
        return new RewrapReport(done, failed, remaining, unbound);
    }

    /**
     * Retires an older version of the key-encryption key (KEK) through the provider, refused while
     * any stored data key is still wrapped under it or under an older version. Run
     * {@link #rewrap(int)} until its report is done first.
     *
     * <p><b>Security guarantees:</b> once retired, no copy of a wrapped data key made while it was
     * wrapped under that version (a database backup, a replica) can be unwrapped, even if the
     * shredded subject's row survives in that copy. This is what makes crypto-shredding reach
     * backups: rotate the KEK on a schedule, rewrap, retire the old version, and keep backups of the
     * key store no longer than the data backups they belong to.
     *
     * <p><b>Warning:</b> every instance that wraps keys must use the current version before an older
     * one is retired (rotate on one instance, reopen the provider on the others, then rewrap and
     * retire); a key wrapped under a retired version is lost. Only the subject key store is checked:
     * rewrap pseudonym root keys kept wrapped under the same KEK first
     * ({@link ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys#rewrap}), or they are lost too.
     * Other running instances of a file-based provider keep the retired version in memory until
     * they are reopened.
     *
     * @param version the KEK version to retire, older than the current one
     * @throws InvalidInputException if {@code version} is below 1 or not older than the current version
     * @throws ConfigurationException if data keys are still wrapped under that version or an older
     *     one, or the provider cannot retire versions
     * @throws StoreException if the store failed
     */
    public void retireKekVersion(int version) {
        if (version < 1) {
            throw new InvalidInputException("kekVersion", "must be at least 1");
        }
        if (version >= kek.currentVersion()) {
            throw new InvalidInputException("kekVersion", "must be older than the current KEK version");
        }
        if (!store.wrappedBelow(kek.kekId(), version + 1, 1).isEmpty()) {
            throw new ConfigurationException("Data keys are still wrapped under KEK version " + version
                    + " or an older one; run rewrap until its report is done, then retire");
        }
        kek.retire(version);
        LOG.info("Retired version {} of KEK {}", version, kek.kekId());
    }

    @Override
    public String toString() {
        return "EnvelopeKeys[kek=" + kek + ", store=" + store + ", cached=" + byVersion.estimatedSize() + "]";
    }
}
