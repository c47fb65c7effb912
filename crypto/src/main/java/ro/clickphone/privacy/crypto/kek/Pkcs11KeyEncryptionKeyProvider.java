package ro.clickphone.privacy.crypto.kek;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.LoginException;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A {@link KeyEncryptionKeyProvider} whose KEK lives on a PKCS#11 token (a hardware security module,
 * a smart card, SoftHSM2), through the JDK's SunPKCS11 provider: each KEK version is an AES-256
 * secret-key object on the token, labelled {@code <kekId>.v<N>.<16 hex digits>}, generated on the
 * token as a private, sensitive, non-extractable token object; data keys are wrapped and unwrapped on the
 * token, with AES-256-GCM ({@code CKM_AES_GCM}), a random 96-bit nonce per wrap and the KEK id and
 * version as associated data: the format of the PKCS#12 provider ({@code docs/FORMAT.md}, "Wrapped
 * data keys"), so a wrapped key does not say which provider made it.
 *
 * <p><b>Security guarantees:</b> the KEK's value never enters this JVM: the token generates it and
 * refuses to reveal or export it ({@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE = false}). A key
 * object under this KEK's labels that is readable, or that the JDK reports as not sensitive or
 * extractable, is refused (a {@link ConfigurationException}, or a non-retryable
 * {@link KeyUnavailableException} during a call). A changed wrapped key, or one presented under another
 * KEK or version, fails with {@link IntegrityException}. The PIN appears in no {@code toString()}, log
 * or message.
 *
 * <p><b>Attribute check (strict mode):</b> when the JVM runs with
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ro.clickphone.privacy.crypto}
 * ({@code =ALL-UNNAMED} on the class path), {@link #checksKeyAttributes()} is true and every key
 * object of this KEK must also have been generated on the token and never have been readable or
 * extractable ({@code CKA_LOCAL}, {@code CKA_ALWAYS_SENSITIVE}, {@code CKA_NEVER_EXTRACTABLE}); an
 * imported key, whose value someone knows, is refused. Run production with it and check
 * {@link #checksKeyAttributes()} at start-up.
 *
 * <p><b>Warning: the PIN.</b> Whoever holds the PIN and reaches the token can unwrap every data key
 * while they keep that access, though never take the KEK away: keep the PIN in a file only the service
 * can read ({@link Pkcs11Token#readPin}). <em>Without</em> the attribute check, a PIN holder can also
 * import a key whose value they know, sensitive and non-extractable, under the label of a new version
 * ({@code <kekId>.v<N+1>.*}); instances adopt the newest version on the token (at {@link #open}, at the
 * periodic version check, after a rotation elsewhere), and every data key wrapped afterwards can be
 * unwrapped offline with that value, after the PIN is changed too. Treat a PIN leak as a KEK
 * compromise: audit the token's {@code <kekId>.v*} objects, move to a new token or KEK id and rewrap.
 * An instance always wraps under the object it generated itself in {@link #rotate()}; of the objects
 * it finds on the token for the newest version, it wraps only under one it can tell apart (with the
 * attribute check, any that passes it; without, only a version's single object: a version holding
 * several is refused for wrapping until the next rotation).
 *
 * <p>PKCS#11 logs in per application: once any code in this JVM is logged in to the token, all code
 * in it can use the token's private objects, and the token does not check the PIN of a second login
 * (a wrong PIN goes unnoticed until the first is logged out). The PIN stays in the {@link Pkcs11Token}
 * for the provider's life (for logging in again); the JDK keeps a copy of it while logging in.
 *
 * <p><b>Failures:</b> an unknown KEK id or version, or a version that was retired (here or by another
 * process), throws a non-retryable {@link KeyUnavailableException}; a token that fails otherwise
 * (session lost, device error) is logged in to again once and the call retried; if that fails too,
 * a retryable {@link KeyUnavailableException}. A wrap whose version was retired elsewhere is retried
 * under the newest version. SunPKCS11 reports a token's {@code CKR_GENERAL_ERROR} during an unwrap as
 * a failed tag (SoftHSM2 answers a wrong tag so): on a hardware module a device fault during an unwrap
 * can therefore surface as an {@link IntegrityException}.
 *
 * <p><b>Several instances.</b> {@link #rotate()} and {@link #retire(int)} are serialized per token and
 * KEK within this JVM. PKCS#11 cannot create an object only if no other holds its label, so two
 * processes rotating at once may both add version N: the random part of the label keeps both objects
 * apart, and an unwrap under version N tries each of its objects (the GCM tag tells which one
 * wrapped). An instance learns of versions and objects another instance added when it rotates, when a
 * wrap finds the version check due (every {@link #DEFAULT_VERSION_CHECK} unless set at
 * {@link #open(Pkcs11Token, String, Duration)}), when it is asked to unwrap under a version newer than
 * its current one or fails to unwrap under a known one (such re-reads at most once a second), or when
 * it is opened again. So in a deployment of several processes: rotate, wait at least the version check
 * interval plus the longest transaction that wraps a data key, then {@link EnvelopeKeys#rewrap(int)},
 * then {@link EnvelopeKeys#retireKekVersion(int)}; a process that still wraps under a retired version
 * fails that wrap and retries it under the newest.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Pkcs11KeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    /** How often a wrap looks for a newer version on the token by default: one minute. */
    public static final Duration DEFAULT_VERSION_CHECK = Duration.ofMinutes(1);
    /** The highest version number: labels hold at most nine digits. */
    static final int MAX_VERSION = 999_999_999;
    private static final Duration FAILURE_RELOAD_GAP = Duration.ofSeconds(1);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    private static final int KEK_BITS = 256;
    private static final int LABEL_RANDOM_BYTES = 8;
    /** One monitor per token and KEK in this JVM, so that two instances never add the same version. */
    private static final Map<String, Object> KEKS_IN_USE = new ConcurrentHashMap<>();
    /** Numbers the SunPKCS11 provider instances, whose names must differ. */
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final Pkcs11Token token;
    private final String kekId;
    private final Pattern labels;
    private final Provider provider;
    private final KeyStore store;
    private final boolean checkAttributes;
    private final long versionCheckNanos;
    private final long failureReloadGapNanos;
    private final SecureRandom random = new SecureRandom();
    /** Guards the key store and the fields below while they change. */
    private final Object lock = new Object();

    /** A key object on the token: its label and the JDK's handle of it. */
    private record KeyObject(String label, SecretKey key) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** The object new wraps use, and its version. */
    private record WrapTarget(int version, KeyObject object) {
    }

    /** The key objects of each version, in label order: one, or more after processes rotated at once. */
    private volatile Map<Integer, List<KeyObject>> versions;
    private volatile int current;
    /** Null when the newest version holds several objects this instance cannot tell apart. */
    private volatile WrapTarget wrapTarget;
    /** Labels of the objects this instance generated: always trusted for wrapping. */
    private final Set<String> generatedHere = ConcurrentHashMap.newKeySet();
    private volatile long nextVersionCheck;
    private volatile long nextFailureReload;

    private Pkcs11KeyEncryptionKeyProvider(Pkcs11Token token, String kekId, Provider provider, KeyStore store,
            boolean checkAttributes, Duration versionCheck, Duration failureReloadGap) {
        this.token = token;
        this.kekId = kekId;
        this.labels = Pattern.compile(Pattern.quote(kekId) + "\\.v(\\d{1,9})\\.[0-9a-f]{" + 2 * LABEL_RANDOM_BYTES + "}");
        this.provider = provider;
        this.store = store;
        this.checkAttributes = checkAttributes;
        this.versionCheckNanos = versionCheck.toNanos();
        this.failureReloadGapNanos = failureReloadGap.toNanos();
        this.versions = Map.of();
    }

    /**
     * Whether this JVM lets the provider check the PKCS#11 attributes that tell a key generated on
     * the token from an imported one (strict mode; see the class description).
     *
     * @return true when {@code sun.security.pkcs11.wrapper} is exported to this module
     */
    public static boolean checksKeyAttributes() {
        return Pkcs11Attributes.available();
    }

    /**
     * Generates version 1 of a new KEK on the token.
     *
     * @param token the token and its PIN
     * @param kekId the KEK's name: lower-case letters, digits, {@code . _ -}; at most 48
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the library cannot be loaded, the slot holds no token, the
     *     PIN is refused, or the token holds a version of this KEK already
     * @throws KeyUnavailableException if the token fails otherwise (retryable)
     */
    public static Pkcs11KeyEncryptionKeyProvider create(Pkcs11Token token, String kekId) {
        Pkcs11KeyEncryptionKeyProvider provider = connect(token, kekId, DEFAULT_VERSION_CHECK,
                checksKeyAttributes(), FAILURE_RELOAD_GAP);
        if (!provider.versions.isEmpty()) {
            throw new ConfigurationException("The token holds KEK " + kekId + " already; open it instead of"
                    + " creating it");
        }
        provider.rotate();
        return provider;
    }

    /**
     * Opens a KEK the token holds, looking for newer versions every {@link #DEFAULT_VERSION_CHECK}.
     *
     * @param token the token and its PIN
     * @param kekId the KEK's name
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the library cannot be loaded, the slot holds no token, the
     *     PIN is refused, the token holds no version of the KEK, or a key object of it is refused
     * @throws KeyUnavailableException if the token fails otherwise (retryable)
     */
    public static Pkcs11KeyEncryptionKeyProvider open(Pkcs11Token token, String kekId) {
        return open(token, kekId, DEFAULT_VERSION_CHECK);
    }

    /**
     * Opens a KEK the token holds.
     *
     * @param token the token and its PIN
     * @param kekId the KEK's name
     * @param versionCheck how often a wrap looks on the token for a newer version (a re-read of the
     *     token's objects); zero looks at every wrap
     * @return the provider
     * @throws InvalidInputException if an argument is null, negative or malformed
     * @throws ConfigurationException as {@link #open(Pkcs11Token, String)}
     * @throws KeyUnavailableException if the token fails otherwise (retryable)
     */
    public static Pkcs11KeyEncryptionKeyProvider open(Pkcs11Token token, String kekId, Duration versionCheck) {
        return openIfHeld(token, kekId, versionCheck).orElseThrow(() -> new ConfigurationException("The token holds"
                + " no version of KEK " + kekId));
    }

    /** As {@link #open}, but empty when the token holds no version of the KEK. */
    static Optional<Pkcs11KeyEncryptionKeyProvider> openIfHeld(Pkcs11Token token, String kekId) {
        return openIfHeld(token, kekId, DEFAULT_VERSION_CHECK);
    }

    private static Optional<Pkcs11KeyEncryptionKeyProvider> openIfHeld(Pkcs11Token token, String kekId,
            Duration versionCheck) {
        Pkcs11KeyEncryptionKeyProvider provider = connect(token, kekId, versionCheck, checksKeyAttributes(),
                FAILURE_RELOAD_GAP);
        return provider.versions.isEmpty() ? Optional.empty() : Optional.of(provider);
    }

    /**
     * Connects to the token and reads the KEK's versions (none when it holds none). Tests choose the
     * attribute check and the re-read intervals here.
     */
    static Pkcs11KeyEncryptionKeyProvider connect(Pkcs11Token token, String kekId, Duration versionCheck,
            boolean checkAttributes, Duration failureReloadGap) {
        if (token == null) {
            throw new InvalidInputException("token", "must not be null");
        }
        if (kekId == null || !ID.matcher(kekId).matches()) {
            throw new InvalidInputException("kekId", "must be lower-case letters, digits, . _ - (at most 48)");
        }
        if (versionCheck == null || versionCheck.isNegative()) {
            throw new InvalidInputException("versionCheck", "must be zero or positive");
        }
        if (checkAttributes && !Pkcs11Attributes.available()) {
            throw new ConfigurationException("This JVM does not export sun.security.pkcs11.wrapper to the provider;"
                    + " the key attributes cannot be checked");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new ConfigurationException("This JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        Provider provider;
        try {
            provider = base.configure(token.sunPkcs11Configuration("clickphone-kek-" + INSTANCES.incrementAndGet()));
        } catch (ProviderException | InvalidParameterException e) {
            throw new ConfigurationException("The PKCS#11 library or slot of " + token + " cannot be used", e);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ConfigurationException("The token of " + token + " offers no key store", e);
        }
        Pkcs11KeyEncryptionKeyProvider kek = new Pkcs11KeyEncryptionKeyProvider(token, kekId, provider, store,
                checkAttributes, versionCheck, failureReloadGap);
        synchronized (kek.lock) {
            kek.reload();
        }
        return kek;
    }

    /**
     * Logs in (again) and reads the token's objects anew. PKCS#11 logs in per application: while any
     * code in this JVM is logged in to the token, the token does not check the PIN again.
     */
    private static void login(KeyStore store, Pkcs11Token token) {
        char[] pin = token.pin();
        try {
            store.load(null, pin);
        } catch (IOException e) {
            if (causedByLogin(e)) {
                throw new ConfigurationException("The token of " + token + " refused the PIN");
            }
            throw new KeyUnavailableException("The token of " + token + " cannot be read", true, e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyUnavailableException("The token of " + token + " cannot be read", true, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static boolean causedByLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LoginException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key objects of this KEK on the token, by version; refuses a key whose value can be read or
     * that is not sensitive or extractable, and, with the attribute check, one not generated on the token.
     */
    private TreeMap<Integer, List<KeyObject>> versionsIn() {
        TreeMap<Integer, TreeMap<String, KeyObject>> found = new TreeMap<>();
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String label = aliases.nextElement();
                Matcher m = labels.matcher(label);
                if (m.matches() && store.isKeyEntry(label)) {
                    int version = Integer.parseInt(m.group(1));
                    found.computeIfAbsent(version, v -> new TreeMap<>())
                            .put(label, new KeyObject(label, checked(label, store.getKey(label, null), version)));
                }
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyUnavailableException("The token's objects cannot be read", true, e);
        }
        TreeMap<Integer, List<KeyObject>> byVersion = new TreeMap<>();
        found.forEach((version, objects) -> byVersion.put(version, List.copyOf(objects.values())));
        return byVersion;
    }

    private List<String> labelsOf(int version) {
        List<String> of = new ArrayList<>();
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String label = aliases.nextElement();
                Matcher m = labels.matcher(label);
                if (m.matches() && Integer.parseInt(m.group(1)) == version) {
                    of.add(label);
                }
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyUnavailableException("The token's objects cannot be read", true, e);
        }
        return of;
    }

    private SecretKey checked(String label, Key key, int version) {
        if (!(key instanceof SecretKey) || !"AES".equals(key.getAlgorithm())) {
            throw new ConfigurationException("A token object of KEK " + kekId + " v" + version
                    + " is not an AES secret key");
        }
        byte[] value = key.getEncoded();
        if (value != null) {
            Arrays.fill(value, (byte) 0);
            throw new ConfigurationException("A token object of KEK " + kekId + " v" + version + " can be read"
                    + " out of the token (not sensitive and extractable); refusing to use it as a KEK");
        }
        // SunPKCS11 describes its keys with the object's CKA_SENSITIVE and CKA_EXTRACTABLE
        // ("..., sensitive, unextractable)"); a description without it, in any JDK, is refused too
        if (!key.toString().contains(", sensitive, unextractable")) {
            throw new ConfigurationException("A token object of KEK " + kekId + " v" + version + " is not reported"
                    + " as sensitive and unextractable; refusing to use it as a KEK");
        }
        if (checkAttributes) {
            Optional<String> problem;
            try {
                problem = Pkcs11Attributes.problem(token, label);
            } catch (ReflectiveOperationException e) {
                throw new KeyUnavailableException("The attributes of a token object of KEK " + kekId + " v" + version
                        + " cannot be read", true, e);
            }
            if (problem.isPresent()) {
                throw new ConfigurationException("A token object of KEK " + kekId + " v" + version + " is "
                        + problem.get() + "; refusing to use it as a KEK");
            }
        }
        return (SecretKey) key;
    }

    private String newLabel(int version) {
        byte[] unique = new byte[LABEL_RANDOM_BYTES];
        random.nextBytes(unique);
        return kekId + ".v" + version + "." + HexFormat.of().formatHex(unique);
    }

    private Object monitor() {
        return KEKS_IN_USE.computeIfAbsent(token.identity() + "|" + kekId, k -> new Object());
    }

    /**
     * Generates a new KEK version on the token, which new wraps of this instance use from now on
     * (other instances from their next version check). The new version is one above the newest on
     * the token (also when another instance rotated meanwhile); keys wrapped under older versions
     * still unwrap: move them with {@link EnvelopeKeys#rewrap(int)}, then retire the old versions
     * (with several processes, wait the version check interval first: see the class description).
     *
     * @return the new version
     * @throws ConfigurationException if a key object of this KEK on the token, or the new one, is
     *     refused (the new one is deleted again), or the version would pass 999 999 999
     * @throws KeyUnavailableException if the token fails (retryable)
     */
    public int rotate() {
        synchronized (monitor()) {
            synchronized (lock) {
                TreeMap<Integer, List<KeyObject>> onToken = reload();
                int newest = Math.max(onToken.isEmpty() ? 0 : onToken.lastKey(), current);
                if (newest >= MAX_VERSION) {
                    throw new ConfigurationException("KEK " + kekId + " has reached its highest version "
                            + MAX_VERSION + "; use a new KEK id");
                }
                int next = newest + 1;
                String label = newLabel(next);
                Key key;
                try {
                    KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                    generator.init(KEK_BITS);
                    // a session key, sensitive and not extractable, which the key store copies into a private
                    // token object with the label: the value never leaves the token
                    store.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
                    key = store.getKey(label, null);
                } catch (GeneralSecurityException | ProviderException e) {
                    throw new KeyUnavailableException("The token could not generate KEK " + kekId + " v" + next,
                            true, e);
                }
                KeyObject object;
                try {
                    object = new KeyObject(label, checked(label, key, next));
                } catch (ConfigurationException | KeyUnavailableException e) {
                    delete(label, next);
                    throw e;
                }
                generatedHere.add(label);
                onToken.put(next, List.of(object));
                versions = Collections.unmodifiableMap(onToken);
                current = next;
                wrapTarget = new WrapTarget(next, object);
                return next;
            }
        }
    }

    /**
     * Deletes an older KEK version's key objects from the token. Call it through
     * {@link EnvelopeKeys#retireKekVersion(int)}, which first checks that no data key is still
     * wrapped under it, and with several processes only after the wait the class description names.
     * The retired version's number is never used again. Other instances over the same token notice at
     * their next unwrap under that version, which fails for good, or at their next wrap under it,
     * which is made again under the newest version.
     *
     * <p>A token backup taken before still holds the version: keep token backups only as long as the
     * data backups they would decrypt.
     *
     * @param version the version to retire, older than the newest on the token
     * @throws InvalidInputException if {@code version} is below 1 or not older than the newest version
     * @throws KeyUnavailableException if the token fails (retryable)
     */
    @Override
    public void retire(int version) {
        if (version < 1) {
            throw new InvalidInputException("version", "must be at least 1");
        }
        synchronized (monitor()) {
            synchronized (lock) {
                TreeMap<Integer, List<KeyObject>> onToken = reload();
                int newest = Math.max(onToken.isEmpty() ? 0 : onToken.lastKey(), current);
                if (version >= newest) {
                    throw new InvalidInputException("version", "must be older than the current KEK version; the"
                            + " current version cannot be retired");
                }
                for (String label : labelsOf(version)) {
                    delete(label, version);
                    generatedHere.remove(label);
                }
                onToken.remove(version);
                versions = Collections.unmodifiableMap(onToken);
            }
        }
    }

    private void delete(String label, int version) {
        try {
            store.deleteEntry(label);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyUnavailableException("The token could not delete a key object of KEK " + kekId + " v"
                    + version, true, e);
        }
    }

    /**
     * Logs in again, reads the versions from the token and keeps them, with the object new wraps use;
     * the caller holds {@link #lock}.
     */
    private TreeMap<Integer, List<KeyObject>> reload() {
        login(store, token);
        TreeMap<Integer, List<KeyObject>> onToken = versionsIn();
        versions = Collections.unmodifiableMap(new TreeMap<>(onToken));
        if (!onToken.isEmpty()) {
            current = Math.max(current, onToken.lastKey());
        }
        wrapTarget = wrapTargetIn(onToken.getOrDefault(current, List.of()));
        nextVersionCheck = System.nanoTime() + versionCheckNanos;
        return onToken;
    }

    /**
     * The object of the newest version new wraps use: one this instance generated; else the one it
     * used so far; else, with the attribute check, the first (each passed it); else the version's only
     * object. Null when the version holds several objects none of which this instance can vouch for.
     */
    private WrapTarget wrapTargetIn(List<KeyObject> newest) {
        WrapTarget before = wrapTarget;
        KeyObject chosen = null;
        for (KeyObject object : newest) {
            if (generatedHere.contains(object.label())) {
                chosen = object;
                break;
            }
        }
        for (int i = 0; chosen == null && i < newest.size(); i++) {
            if (before != null && before.version() == current && before.object().label().equals(newest.get(i).label())) {
                chosen = newest.get(i);
            }
        }
        if (chosen == null && (checkAttributes || newest.size() == 1) && !newest.isEmpty()) {
            chosen = newest.get(0);
        }
        return chosen == null ? null : new WrapTarget(current, chosen);
    }

    /**
     * {@link #reload()} for a wrap or unwrap, which fail with {@link KeyUnavailableException} only: a
     * token whose objects are refused cannot be used, and retrying does not change that.
     */
    private Map<Integer, List<KeyObject>> reloadForCall() {
        synchronized (lock) {
            try {
                return reload();
            } catch (ConfigurationException e) {
                throw new KeyUnavailableException("KEK " + kekId + " cannot be used: " + e.getMessage(), false, e);
            }
        }
    }

    /**
     * A re-read because a wrapped key names an unknown version or fails every object: at most one per
     * {@link #FAILURE_RELOAD_GAP} per instance, so that corrupted or forged wrapped keys cannot turn
     * into a scan of the token each.
     *
     * @return the versions read, or empty when a re-read happened too recently
     */
    private Optional<Map<Integer, List<KeyObject>>> reloadAfterFailure() {
        synchronized (lock) {
            long now = System.nanoTime();
            if (nextFailureReload != 0 && now - nextFailureReload < 0) {
                return Optional.empty();
            }
            nextFailureReload = (now + failureReloadGapNanos) | 1;
            return Optional.of(reloadForCall());
        }
    }

    @Override
    public String kekId() {
        return kekId;
    }

    @Override
    public int currentVersion() {
        return current;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Looks on the token for a newer version first when the version check is due. Wraps under the
     * newest version this instance knows, with the object it can vouch for (see the class
     * description); when the token fails (a session lost, the version retired elsewhere), logs in
     * again, reads the versions anew and wraps once more, under the newest version then.
     *
     * @throws KeyUnavailableException retryable when the token fails twice; not retryable when the
     *     token's key objects are refused or the newest version holds several objects this instance
     *     cannot tell apart (rotate to resolve)
     */
    @Override
    public WrappedKey wrap(SecretBytes dataKey) {
        if (dataKey == null) {
            throw new InvalidInputException("dataKey", "must not be null");
        }
        if (System.nanoTime() - nextVersionCheck >= 0) {
            synchronized (lock) {
                if (System.nanoTime() - nextVersionCheck >= 0) {
                    reloadForCall();
                }
            }
        }
        byte[] plain = dataKey.revealBytes();
        try {
            for (int attempt = 0;; attempt++) {
                WrapTarget target = wrapTarget;
                if (target == null) {
                    throw new KeyUnavailableException("KEK " + kekId + " v" + current + " holds several key objects"
                            + " this instance cannot tell apart; rotate to wrap again", false, null);
                }
                byte[] nonce = new byte[KeyWrap.NONCE_BYTES];
                random.nextBytes(nonce);
                try {
                    return KeyWrap.seal(cipher(), target.object().key(), kekId, target.version(), nonce, plain);
                } catch (GeneralSecurityException | ProviderException e) {
                    // encryption has no tag to fail: whatever went wrong is the token's
                    if (attempt > 0) {
                        throw new KeyUnavailableException("The token failed to wrap under KEK " + kekId + " v"
                                + target.version(), true, e);
                    }
                    reloadForCall();
                }
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped) {
        if (wrapped == null) {
            throw new InvalidInputException("wrapped", "must not be null");
        }
        if (!wrapped.kekId().equals(kekId)) {
            throw new KeyUnavailableException("The key was wrapped under another KEK", false, null);
        }
        int version = wrapped.kekVersion();
        if (!versions.containsKey(version) && version > current && version <= MAX_VERSION) {
            // another instance may have rotated: look (at most once a second)
            reloadAfterFailure();
        }
        return onToken(version, kek -> KeyWrap.open(cipher(), kek, wrapped));
    }

    private Cipher cipher() throws GeneralSecurityException {
        return Cipher.getInstance(KeyWrap.TRANSFORMATION, provider);
    }

    /** A call on the token with one key object. */
    private interface TokenCall<T> {
        T apply(SecretKey kek) throws GeneralSecurityException;
    }

    /** The token failed a call for another reason than the wrapped key's integrity. */
    private static final class TokenFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TokenFailure(Exception cause) {
            super(cause);
        }
    }

    /**
     * Runs an unwrap with a version's key objects, trying each until one verifies; when none does,
     * looks on the token (at most once a second) for objects another process added. When the token
     * fails, logs in again, finds the objects anew and retries once: a version no longer on the token
     * fails for good, a token that fails again is retryable.
     */
    private <T> T onToken(int version, TokenCall<T> call) {
        List<KeyObject> known = versions.get(version);
        if (known == null) {
            throw new KeyUnavailableException("KEK " + kekId + " has no version " + version, false, null);
        }
        try {
            return withEach(known, call);
        } catch (IntegrityException e) {
            List<KeyObject> added = new ArrayList<>(reloadAfterFailure().map(v -> v.getOrDefault(version, List.of()))
                    .orElse(List.of()));
            added.removeIf(object -> known.stream().anyMatch(k -> k.label().equals(object.label())));
            if (added.isEmpty()) {
                throw e;
            }
            return afterReload(added, version, call);
        } catch (TokenFailure e) {
            List<KeyObject> again = reloadForCall().get(version);
            if (again == null) {
                throw new KeyUnavailableException("KEK " + kekId + " v" + version + " is no longer on the token",
                        false, null);
            }
            return afterReload(again, version, call);
        }
    }

    private <T> T afterReload(List<KeyObject> keys, int version, TokenCall<T> call) {
        try {
            return withEach(keys, call);
        } catch (TokenFailure e) {
            throw new KeyUnavailableException("The token failed to unwrap under KEK " + kekId + " v" + version, true,
                    e.getCause());
        }
    }

    private static <T> T withEach(List<KeyObject> keys, TokenCall<T> call) throws TokenFailure {
        for (KeyObject object : keys) {
            try {
                return call.apply(object.key());
            } catch (BadPaddingException | IllegalBlockSizeException e) {
                // not this object's wrap (or changed): the next, if any
            } catch (GeneralSecurityException | ProviderException e) {
                throw new TokenFailure(e);
            }
        }
        // one message whatever went wrong, so that the token is no oracle
        throw new IntegrityException("The wrapped key failed its integrity check");
    }

    @Override
    public String toString() {
        return "Pkcs11KeyEncryptionKeyProvider[" + kekId + ", " + token + ", versions=" + versions.size() + "]";
    }
}
