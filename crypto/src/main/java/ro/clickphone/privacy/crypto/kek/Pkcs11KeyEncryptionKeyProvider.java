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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * refuses to reveal or export it ({@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE = false}), and a
 * version whose value the JDK can read is refused when it is loaded. A changed wrapped key, or one
 * presented under another KEK or version, fails with {@link IntegrityException}. The PIN appears in
 * no {@code toString()}, log or message.
 *
 * <p><b>Warning:</b> whoever holds the PIN (and reaches the token) can unwrap every data key, though
 * never take the KEK away: keep the PIN in a file only the service can read ({@link
 * Pkcs11Token#readPin}). PKCS#11 logs in per application: once any code in this JVM is logged in to
 * the token, all code in it can use the token's private objects, and the token does not check the
 * PIN of a second login (a wrong PIN goes unnoticed until the first is logged out). A key planted on
 * the token under a version's label by someone holding the PIN is used if its value cannot be read
 * out; whether a key is extractable by wrapping PKCS#11 shows native callers only, not the JDK.
 *
 * <p><b>Failures:</b> an unknown KEK id or version, or a version that was retired (here or by another
 * process), throws a non-retryable {@link KeyUnavailableException}; a token that fails otherwise
 * (session lost, device error) is logged in to again once and the call retried; if that fails too,
 * a retryable {@link KeyUnavailableException}.
 *
 * <p>Thread-safe. {@link #rotate()} and {@link #retire(int)} are serialized per token and KEK within
 * this JVM. PKCS#11 cannot create an object only if no other holds its label, so two processes
 * rotating at once may both add version N: the random part of the label keeps both objects apart,
 * and an unwrap under version N tries each of its objects (the GCM tag tells which one wrapped).
 * An instance learns of versions and objects another instance added when it rotates, when it is
 * asked to unwrap under a version newer than its current one or fails to unwrap under a known one,
 * or when it is opened again.
 *
 * @since 0.1.0
 */
public final class Pkcs11KeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

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
    private final SecureRandom random = new SecureRandom();
    /** A key object on the token: its label and the JDK's handle of it. */
    private record KeyObject(String label, SecretKey key) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** The key objects of each version, in label order: one, or more after processes rotated at once. */
    private volatile Map<Integer, List<KeyObject>> versions;
    private volatile int current;

    private Pkcs11KeyEncryptionKeyProvider(Pkcs11Token token, String kekId, Provider provider, KeyStore store) {
        this.token = token;
        this.kekId = kekId;
        this.labels = Pattern.compile(Pattern.quote(kekId) + "\\.v(\\d{1,9})\\.[0-9a-f]{" + 2 * LABEL_RANDOM_BYTES + "}");
        this.provider = provider;
        this.store = store;
        this.versions = Map.of();
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
        Pkcs11KeyEncryptionKeyProvider provider = connect(token, kekId);
        if (!provider.versions.isEmpty()) {
            throw new ConfigurationException("The token holds KEK " + kekId + " already; open it instead of"
                    + " creating it");
        }
        provider.rotate();
        return provider;
    }

    /**
     * Opens a KEK the token holds.
     *
     * @param token the token and its PIN
     * @param kekId the KEK's name
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the library cannot be loaded, the slot holds no token, the
     *     PIN is refused, the token holds no version of the KEK, or a version's value can be read
     * @throws KeyUnavailableException if the token fails otherwise (retryable)
     */
    public static Pkcs11KeyEncryptionKeyProvider open(Pkcs11Token token, String kekId) {
        return openIfHeld(token, kekId).orElseThrow(() -> new ConfigurationException("The token holds no version"
                + " of KEK " + kekId));
    }

    /** As {@link #open}, but empty when the token holds no version of the KEK. */
    static Optional<Pkcs11KeyEncryptionKeyProvider> openIfHeld(Pkcs11Token token, String kekId) {
        Pkcs11KeyEncryptionKeyProvider provider = connect(token, kekId);
        return provider.versions.isEmpty() ? Optional.empty() : Optional.of(provider);
    }

    private static Pkcs11KeyEncryptionKeyProvider connect(Pkcs11Token token, String kekId) {
        if (token == null) {
            throw new InvalidInputException("token", "must not be null");
        }
        if (kekId == null || !ID.matcher(kekId).matches()) {
            throw new InvalidInputException("kekId", "must be lower-case letters, digits, . _ - (at most 48)");
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
        Pkcs11KeyEncryptionKeyProvider kek = new Pkcs11KeyEncryptionKeyProvider(token, kekId, provider, store);
        synchronized (kek) {
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

    /** The key objects of this KEK on the token, by version; refuses a key whose value can be read. */
    private TreeMap<Integer, List<KeyObject>> versionsIn() {
        TreeMap<Integer, TreeMap<String, KeyObject>> found = new TreeMap<>();
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String label = aliases.nextElement();
                Matcher m = labels.matcher(label);
                if (m.matches() && store.isKeyEntry(label)) {
                    int version = Integer.parseInt(m.group(1));
                    found.computeIfAbsent(version, v -> new TreeMap<>())
                            .put(label, new KeyObject(label, checked(store.getKey(label, null), version)));
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

    private SecretKey checked(Key key, int version) {
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
     * Generates a new KEK version on the token, which new wraps use from now on. The new version is
     * one above the newest on the token (also when another instance rotated meanwhile); keys
     * wrapped under older versions still unwrap: move them with {@link EnvelopeKeys#rewrap(int)},
     * then retire the old versions.
     *
     * @return the new version
     * @throws ConfigurationException if a key object of this KEK on the token, or the new one, can
     *     be read out (the new one is deleted again)
     * @throws KeyUnavailableException if the token fails (retryable)
     */
    public int rotate() {
        synchronized (monitor()) {
            synchronized (this) {
                TreeMap<Integer, List<KeyObject>> onToken = reload();
                int next = Math.max(onToken.isEmpty() ? 0 : onToken.lastKey(), current) + 1;
                String label = newLabel(next);
                SecretKey key;
                try {
                    KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                    generator.init(KEK_BITS);
                    // a session key, sensitive and not extractable, which the key store copies into a private
                    // token object with the label: the value never leaves the token
                    store.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
                    key = (SecretKey) store.getKey(label, null);
                } catch (GeneralSecurityException | ProviderException e) {
                    throw new KeyUnavailableException("The token could not generate KEK " + kekId + " v" + next,
                            true, e);
                }
                try {
                    checked(key, next);
                } catch (ConfigurationException e) {
                    delete(label, next);
                    throw e;
                }
                onToken.put(next, List.of(new KeyObject(label, key)));
                versions = Collections.unmodifiableMap(onToken);
                current = next;
                return next;
            }
        }
    }

    /**
     * Deletes an older KEK version's key objects from the token. Call it through
     * {@link EnvelopeKeys#retireKekVersion(int)}, which first checks that no data key is still
     * wrapped under it. The retired version's number is never used again. Other instances over the
     * same token notice at their next unwrap under that version, which fails for good.
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
            synchronized (this) {
                TreeMap<Integer, List<KeyObject>> onToken = reload();
                int newest = Math.max(onToken.isEmpty() ? 0 : onToken.lastKey(), current);
                if (version >= newest) {
                    throw new InvalidInputException("version", "must be older than the current KEK version; the"
                            + " current version cannot be retired");
                }
                for (String label : labelsOf(version)) {
                    delete(label, version);
                }
                onToken.remove(version);
                versions = Collections.unmodifiableMap(onToken);
                current = newest;
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

    /** Logs in again, reads the versions from the token and keeps them; the caller holds this. */
    private TreeMap<Integer, List<KeyObject>> reload() {
        login(store, token);
        TreeMap<Integer, List<KeyObject>> onToken = versionsIn();
        versions = Collections.unmodifiableMap(new TreeMap<>(onToken));
        if (!onToken.isEmpty()) {
            current = Math.max(current, onToken.lastKey());
        }
        return onToken;
    }

    /**
     * {@link #reload()} for a wrap or unwrap, which fail with {@link KeyUnavailableException} only: a
     * token whose objects are refused cannot be used, and retrying does not change that.
     */
    private synchronized Map<Integer, List<KeyObject>> reloadForCall() {
        try {
            return reload();
        } catch (ConfigurationException e) {
            throw new KeyUnavailableException("KEK " + kekId + " cannot be used: " + e.getMessage(), false, e);
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

    @Override
    public WrappedKey wrap(SecretBytes dataKey) {
        if (dataKey == null) {
            throw new InvalidInputException("dataKey", "must not be null");
        }
        int version = current;
        byte[] nonce = new byte[KeyWrap.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = dataKey.revealBytes();
        try {
            return onToken(version, true, kek -> KeyWrap.seal(cipher(), kek, kekId, version, nonce, plain));
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
        if (!versions.containsKey(version) && version > current) {
            // another instance may have rotated: look once
            reloadForCall();
        }
        return onToken(version, false, kek -> KeyWrap.open(cipher(), kek, wrapped));
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
     * Runs a call with a version's key objects. A wrap uses the first; an unwrap tries each until one
     * verifies, and when none does, looks on the token once for objects another process added. When
     * the token fails, logs in again, finds the objects anew and retries once: a version no longer on
     * the token fails for good, a token that fails again is retryable.
     */
    private <T> T onToken(int version, boolean wrapping, TokenCall<T> call) {
        List<KeyObject> known = versions.get(version);
        if (known == null) {
            throw new KeyUnavailableException("KEK " + kekId + " has no version " + version, false, null);
        }
        try {
            return withEach(known, wrapping, call);
        } catch (IntegrityException e) {
            List<KeyObject> added = new ArrayList<>(reloadForCall().getOrDefault(version, List.of()));
            added.removeIf(object -> known.stream().anyMatch(k -> k.label().equals(object.label())));
            if (added.isEmpty()) {
                throw e;
            }
            return afterReload(added, version, wrapping, call);
        } catch (TokenFailure e) {
            List<KeyObject> again = reloadForCall().get(version);
            if (again == null) {
                throw new KeyUnavailableException("KEK " + kekId + " v" + version + " is no longer on the token",
                        false, null);
            }
            return afterReload(again, version, wrapping, call);
        }
    }

    private <T> T afterReload(List<KeyObject> keys, int version, boolean wrapping, TokenCall<T> call) {
        try {
            return withEach(keys, wrapping, call);
        } catch (TokenFailure e) {
            throw new KeyUnavailableException("The token failed to " + (wrapping ? "wrap" : "unwrap")
                    + " under KEK " + kekId + " v" + version, true, e.getCause());
        }
    }

    private static <T> T withEach(List<KeyObject> keys, boolean wrapping, TokenCall<T> call) throws TokenFailure {
        for (KeyObject object : wrapping ? keys.subList(0, 1) : keys) {
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
