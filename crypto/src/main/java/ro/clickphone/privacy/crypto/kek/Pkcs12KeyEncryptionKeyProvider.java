package ro.clickphone.privacy.crypto.kek;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A {@link KeyEncryptionKeyProvider} over a PKCS#12 key store file (JDK {@link KeyStore}): one
 * AES-256 secret-key entry per KEK version, aliased {@code <kekId>-v<N>}. Data keys are wrapped with
 * AES-256-GCM, a random 96-bit nonce per wrap, and the KEK id and version as associated data
 * ({@code docs/FORMAT.md}, "Wrapped data keys").
 *
 * <p><b>Security guarantees:</b> a wrapped key reveals nothing without the key store and its
 * password; a changed wrapped key, or one presented under another KEK version, fails to unwrap.
 * <b>Warning:</b> the key store's password protects every data key; keep the file and the password
 * apart, and prefer a KMS or HSM plugin in production.
 *
 * <p>Thread-safe. {@link #rotate()} and {@link #retire(int)} change the file under an exclusive lock
 * on a sibling file {@code <file>.lock} (several processes may share one key store file): they read
 * the versions from the file, never from memory, and rewrite it atomically. An instance learns of
 * versions another instance added when it rotates itself or is opened again.
 *
 * @since 0.1.0
 */
public final class Pkcs12KeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    /**
     * One monitor per key store file in this JVM: a file lock is held for the whole JVM, so two
     * instances in one process must take turns before asking the operating system for it.
     */
    private static final Map<Path, Object> FILES_IN_USE = new ConcurrentHashMap<>();

    private final Path file;
    private final char[] password;
    private final String kekId;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<Integer, SecretKey> versions;
    private volatile int current;

    private Pkcs12KeyEncryptionKeyProvider(Path file, char[] password, String kekId, Map<Integer, SecretKey> versions) {
        this.file = file;
        this.password = password;
        this.kekId = kekId;
        this.versions = versions;
        this.current = versions.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Creates a new key store file with version 1 of a KEK.
     *
     * @param file the file to create; must not exist
     * @param password the key store password; copied
     * @param kekId the KEK's name: lower-case letters, digits, {@code . _ -}; at most 48
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the file exists or cannot be written
     */
    public static Pkcs12KeyEncryptionKeyProvider create(Path file, char[] password, String kekId) {
        check(file, password, kekId);
        if (Files.exists(file)) {
            throw new ConfigurationException("The key store file exists already; open it instead of creating it");
        }
        Pkcs12KeyEncryptionKeyProvider provider = new Pkcs12KeyEncryptionKeyProvider(file, password.clone(), kekId,
                Map.of());
        provider.rotate();
        return provider;
    }

    /**
     * Opens an existing key store file.
     *
     * @param file the file
     * @param password the key store password; copied
     * @param kekId the KEK's name
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ConfigurationException if the file cannot be read, the password is wrong, or the
     *     store holds no version of the KEK
     */
    public static Pkcs12KeyEncryptionKeyProvider open(Path file, char[] password, String kekId) {
        return openIfHeld(file, password, kekId).orElseThrow(() -> new ConfigurationException("The key store holds"
                + " no version of KEK " + kekId));
    }

    /** As {@link #open}, but empty when the store holds no version of the KEK. */
    static Optional<Pkcs12KeyEncryptionKeyProvider> openIfHeld(Path file, char[] password, String kekId) {
        check(file, password, kekId);
        Map<Integer, SecretKey> found = versionsIn(load(file, password), password, kekId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pkcs12KeyEncryptionKeyProvider(file, password.clone(), kekId,
                Collections.unmodifiableMap(found)));
    }

    /** The versions of a KEK a key store holds, by version. */
    private static TreeMap<Integer, SecretKey> versionsIn(KeyStore store, char[] password, String kekId) {
        TreeMap<Integer, SecretKey> found = new TreeMap<>();
        Pattern alias = Pattern.compile(Pattern.quote(kekId) + "-v(\\d{1,9})");
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String name = aliases.nextElement();
                Matcher m = alias.matcher(name);
                if (m.matches()) {
                    found.put(Integer.parseInt(m.group(1)), (SecretKey) store.getKey(name, password));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("The key store could not be read with this password", e);
        }
        return found;
    }

    private static void check(Path file, char[] password, String kekId) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        if (password == null || password.length == 0) {
            throw new InvalidInputException("password", "must not be empty");
        }
        if (kekId == null || !ID.matcher(kekId).matches()) {
            throw new InvalidInputException("kekId", "must be lower-case letters, digits, . _ - (at most 48)");
        }
    }

    private static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("The key store file cannot be read (missing, damaged, or wrong"
                    + " password)", e);
        }
    }

    /**
     * Adds a new KEK version, which new wraps use from now on, and saves the key store. The new
     * version is one above the newest on file (also when another instance or process rotated
     * meanwhile); an existing entry is never overwritten. Keys wrapped under older versions still
     * unwrap; move them with {@link EnvelopeKeys#rewrap(int)}, then retire the old versions.
     *
     * @return the new version
     * @throws ConfigurationException if the key store cannot be read or written, or the entry for
     *     the new version exists already
     */
    public synchronized int rotate() {
        return underFileLock(() -> {
            KeyStore store = Files.exists(file) ? load(file, password) : emptyStore();
            TreeMap<Integer, SecretKey> onFile = versionsIn(store, password, kekId);
            int next = onFile.isEmpty() ? Math.max(current, 0) + 1 : Math.max(onFile.lastKey(), current) + 1;
            String alias = alias(next);
            if (store.containsAlias(alias)) {
                throw new ConfigurationException("The key store has an entry for KEK version " + next
                        + " already; refusing to overwrite it");
            }
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey key = generator.generateKey();
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
            save(store);
            onFile.put(next, key);
            versions = Collections.unmodifiableMap(onFile);
            current = next;
            return next;
        });
    }

    /**
     * Deletes an older KEK version from the key store file. Call it through
     * {@link EnvelopeKeys#retireKekVersion(int)}, which first checks that no data key is still
     * wrapped under it. The retired version's number is never used again.
     *
     * <p>Retiring is what makes crypto-shredding reach backups: a backup of the key store taken
     * before still holds the retired version, so keep key-store backups only as long as the data
     * backups they would decrypt, and destroy them after. Other instances of this provider over the
     * same file (other processes, or other objects in this one) keep the retired version in memory
     * and still unwrap with it until they are reopened: reopen them after retiring. Keys wrapped
     * outside the subject key store (pseudonym root keys) are not checked: rewrap them first
     * ({@code PseudonymKeys.rewrap}).
     *
     * @param version the version to retire, older than the newest on file
     * @throws InvalidInputException if {@code version} is below 1 or not older than the newest version
     * @throws ConfigurationException if the key store cannot be read or written
     */
    @Override
    public synchronized void retire(int version) {
        if (version < 1) {
            throw new InvalidInputException("version", "must be at least 1");
        }
        underFileLock(() -> {
            KeyStore store = load(file, password);
            TreeMap<Integer, SecretKey> onFile = versionsIn(store, password, kekId);
            int newest = onFile.isEmpty() ? current : Math.max(onFile.lastKey(), current);
            if (version >= newest) {
                throw new InvalidInputException("version", "must be older than the current KEK version; the"
                        + " current version cannot be retired");
            }
            if (store.containsAlias(alias(version))) {
                store.deleteEntry(alias(version));
                save(store);
            }
            onFile.remove(version);
            versions = Collections.unmodifiableMap(onFile);
            current = newest;
            return null;
        });
    }

    /**
     * When a version of the KEK was added, as the key store file records it: the JDK's PKCS#12 key
     * store writes each entry's creation time into the file, and {@link #rotate()} adds each version
     * as a new entry. Read from the file, not from memory. A file written by another tool may record
     * no time; the JDK then reports the instant the file was read, so such a version looks new.
     *
     * @param version the version
     * @return when it was added, or empty if the file holds no such version
     * @throws ConfigurationException if the key store file cannot be read
     */
    public Optional<Instant> createdAt(int version) {
        KeyStore store = load(file, password);
        try {
            Date created = store.containsAlias(alias(version)) ? store.getCreationDate(alias(version)) : null;
            return created == null ? Optional.empty() : Optional.of(created.toInstant());
        } catch (KeyStoreException e) {
            throw new ConfigurationException("The key store file cannot be read", e);
        }
    }

    private String alias(int version) {
        return kekId + "-v" + version;
    }

    /** Writes the key store to a temporary sibling and moves it over the file, atomically. */
    private void save(KeyStore store) throws IOException, GeneralSecurityException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A change of the key store file. */
    private interface FileChange<T> {
        T apply() throws IOException, GeneralSecurityException;
    }

    /** Runs a change holding this JVM's monitor for the file and the operating system's lock on {@code <file>.lock}. */
    private <T> T underFileLock(FileChange<T> change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Object monitor = FILES_IN_USE.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object());
        synchronized (monitor) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return change.apply();
                } finally {
                    lock.release();
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigurationException("The key store file cannot be written", e);
            }
        }
    }

    private KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        return store;
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
        int version = currentVersion();
        return KeyWrap.wrap(versions.get(version), kekId, version, dataKey, random);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped) {
        if (wrapped == null) {
            throw new InvalidInputException("wrapped", "must not be null");
        }
        if (!wrapped.kekId().equals(kekId)) {
            throw new KeyUnavailableException("The key was wrapped under another KEK", false, null);
        }
        SecretKey key = versions.get(wrapped.kekVersion());
        if (key == null) {
            throw new KeyUnavailableException("KEK " + kekId + " has no version " + wrapped.kekVersion(), false, null);
        }
        return KeyWrap.unwrap(key, wrapped);
    }

    @Override
    public String toString() {
        return "Pkcs12KeyEncryptionKeyProvider[" + kekId + ", versions=" + versions.size() + "]";
    }
}
