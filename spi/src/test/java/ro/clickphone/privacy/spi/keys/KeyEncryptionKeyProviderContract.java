package ro.clickphone.privacy.spi.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * The contract every {@link KeyEncryptionKeyProvider} keeps, as its Javadoc states it. Plugin
 * authors extend this class (from the {@code clickphone-privacy-spi} test jar) and return a
 * provider over a KEK of its own from {@link #newProvider()}:
 *
 * <pre>{@code
 * class VaultTransitKekTest extends KeyEncryptionKeyProviderContract<VaultTransitKek> {
 *     @Override
 *     protected VaultTransitKek newProvider() {
 *         return VaultTransitKek.connect(testVault.address(), testVault.token(), "contract-kek");
 *     }
 * }
 * }</pre>
 *
 * <p>Three hooks are optional: {@link #rotate(KeyEncryptionKeyProvider)} for a provider that can add
 * a KEK version (the rotation tests are skipped otherwise), {@link #retires()} for a provider that
 * implements {@link KeyEncryptionKeyProvider#retire(int)} (otherwise the contract checks that it
 * refuses with {@code ConfigurationException}), and {@link #secrets()} for the password or token the
 * provider was opened with, which must never be printed.
 *
 * @param <P> the provider type, so that the hooks need no cast
 */
public abstract class KeyEncryptionKeyProviderContract<P extends KeyEncryptionKeyProvider> {

    /** The length of the data keys the SDK wraps (AES-256). */
    private static final int DATA_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private P provider;

    /**
     * Creates the provider for one test, over a KEK that holds at least its current version.
     *
     * @return the provider under test
     */
    protected abstract P newProvider();

    /**
     * Adds a KEK version to the provider, if it can rotate.
     *
     * @param provider the provider that {@link #newProvider()} returned
     * @return {@code true} if a version was added; {@code false} (the default) skips the rotation tests
     */
    protected boolean rotate(P provider) {
        return false;
    }

    /**
     * Whether the provider retires KEK versions itself.
     *
     * @return {@code true} if {@link KeyEncryptionKeyProvider#retire(int)} deletes a version;
     *     {@code false} (the default) if it refuses with {@code ConfigurationException}
     */
    protected boolean retires() {
        return false;
    }

    /**
     * The secrets the provider was opened with (a password, a passphrase, an access token), which
     * must appear in no {@code toString()} and no exception message.
     *
     * @return the secrets; empty by default
     */
    protected List<String> secrets() {
        return List.of();
    }

    @BeforeEach
    void createProvider() {
        provider = newProvider();
    }

    private SecretBytes dataKey() {
        return SecretBytes.random(DATA_KEY_BYTES, random);
    }

    private String unknownKekId() {
        return provider.kekId().equals("contract-unknown-kek") ? "contract-other-kek" : "contract-unknown-kek";
    }

    private static WrappedKey withBytes(WrappedKey wrapped, byte[] bytes) {
        return new WrappedKey(wrapped.kekId(), wrapped.kekVersion(), Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void wrapThenUnwrap_returnsTheSameKey() {
        for (int i = 0; i < 20; i++) {
            SecretBytes key = dataKey();
            assertTrue(provider.unwrap(provider.wrap(key)).sameAs(key), "key " + i);
        }
    }

    @Test
    void wrapThenUnwrap_ofKeyMaterialOfOtherLengths_returnsItUnchanged() {
        for (int length : new int[] {16, 65, 1024}) {
            SecretBytes material = SecretBytes.random(length, random);
            assertTrue(provider.unwrap(provider.wrap(material)).sameAs(material), length + " bytes");
        }
    }

    @Test
    void wrap_isLabelledWithTheKekIdAndTheCurrentVersion() {
        int version = provider.currentVersion();
        assertTrue(version >= 1, "versions count from 1, not " + version);
        WrappedKey wrapped = provider.wrap(dataKey());
        assertEquals(provider.kekId(), wrapped.kekId());
        assertEquals(version, wrapped.kekVersion());
    }

    @Test
    void dataKey_destroyedAfterWrapping_stillUnwraps() {
        SecretBytes key = dataKey();
        SecretBytes copy = SecretBytes.copyOf(key.revealBytes());
        WrappedKey wrapped = provider.wrap(key);
        key.destroy();
        assertTrue(provider.unwrap(wrapped).sameAs(copy), "the provider must not keep the caller's key");
    }

    @Test
    void unwrappedKey_destroyedByTheCaller_doesNotSpoilTheNextUnwrap() {
        SecretBytes key = dataKey();
        WrappedKey wrapped = provider.wrap(key);
        SecretBytes first = provider.unwrap(wrapped);
        first.destroy();
        SecretBytes second = provider.unwrap(wrapped);
        assertNotSame(first, second);
        assertTrue(second.sameAs(key));
    }

    @Test
    void wrappedForm_neverContainsThePlainKey() {
        for (int i = 0; i < 20; i++) {
            byte[] plain = dataKey().revealBytes();
            WrappedKey wrapped = provider.wrap(SecretBytes.copyOf(plain));
            byte[] bytes = wrapped.bytes();
            // Any 8 bytes of the key in the clear are a leak; a random match is about 2^-50 likely.
            for (int from = 0; from + 8 <= plain.length; from++) {
                byte[] window = Arrays.copyOfRange(plain, from, from + 8);
                assertFalse(contains(bytes, window), "key " + i + ": key bytes " + from + ".." + (from + 7)
                        + " appear in the wrapped form");
            }
            assertNoEncodingOf(plain, wrapped.ciphertext(), "the wrapped ciphertext");
            assertNoEncodingOf(plain, wrapped.toString(), "WrappedKey.toString()");
        }
    }

    @Test
    void everySingleByteChange_failsWithIntegrityException() {
        WrappedKey wrapped = provider.wrap(dataKey());
        byte[] bytes = wrapped.bytes();
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= (byte) (1 << (i % 8));
            WrappedKey tampered = withBytes(wrapped, changed);
            assertThrows(IntegrityException.class, () -> provider.unwrap(tampered), "byte " + i + " changed");
        }
    }

    @Test
    void truncatedOrExtended_failsWithIntegrityException() {
        WrappedKey wrapped = provider.wrap(dataKey());
        byte[] bytes = wrapped.bytes();
        for (int length : new int[] {1, bytes.length / 2, bytes.length - 1, bytes.length + 1, bytes.length + 16}) {
            WrappedKey changed = withBytes(wrapped, Arrays.copyOf(bytes, length));
            assertThrows(IntegrityException.class, () -> provider.unwrap(changed), "length " + length);
        }
    }

    @Test
    void unknownKekId_failsWithKeyUnavailable_notRetryable() {
        WrappedKey wrapped = provider.wrap(dataKey());
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                () -> provider.unwrap(new WrappedKey(unknownKekId(), wrapped.kekVersion(), wrapped.ciphertext())));
        assertFalse(e.isRetryable(), "an unknown KEK does not appear by retrying");
    }

    @Test
    void unknownKekVersion_failsWithKeyUnavailable_notRetryable() {
        WrappedKey wrapped = provider.wrap(dataKey());
        for (int version : new int[] {provider.currentVersion() + 1, Integer.MAX_VALUE}) {
            KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                    () -> provider.unwrap(new WrappedKey(wrapped.kekId(), version, wrapped.ciphertext())),
                    "version " + version);
            assertFalse(e.isRetryable(), "an unknown version does not appear by retrying");
        }
    }

    @Test
    void toStringAndFailureMessages_showNoKeyAndNoSecret() {
        byte[] plain = dataKey().revealBytes();
        WrappedKey wrapped = provider.wrap(SecretBytes.copyOf(plain));
        provider.unwrap(wrapped);
        List<String> printed = new ArrayList<>();
        printed.add(provider.toString());
        byte[] changed = wrapped.bytes();
        changed[changed.length - 1] ^= 1;
        printed.addAll(failureMessages(() -> provider.unwrap(withBytes(wrapped, changed))));
        printed.addAll(failureMessages(() -> provider.unwrap(
                new WrappedKey(unknownKekId(), wrapped.kekVersion(), wrapped.ciphertext()))));
        printed.addAll(failureMessages(() -> provider.unwrap(
                new WrappedKey(wrapped.kekId(), Integer.MAX_VALUE, wrapped.ciphertext()))));
        for (String text : printed) {
            assertNoEncodingOf(plain, text, "a message");
            for (String secret : secrets()) {
                assertFalse(text.contains(secret), "a secret the provider was opened with is printed: " + text);
            }
        }
    }

    @Test
    void concurrentWrapsAndUnwraps_allRoundTrip() throws Exception {
        int threads = 4;
        int perThread = 50;
        WrappedKey shared = provider.wrap(dataKey());
        SecretBytes sharedKey = provider.unwrap(shared);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                int checked = 0;
                for (int i = 0; i < perThread; i++) {
                    SecretBytes key = dataKey();
                    assertTrue(provider.unwrap(provider.wrap(key)).sameAs(key), "own key " + i);
                    assertTrue(provider.unwrap(shared).sameAs(sharedKey), "shared key " + i);
                    checked++;
                }
                return checked;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> worker : workers) {
                results.add(pool.submit(worker));
            }
            for (Future<Integer> result : results) {
                assertEquals(perThread, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotate_newWrapsUseTheNewVersion_oldWrapsStillUnwrap() {
        SecretBytes key = dataKey();
        WrappedKey underOld = provider.wrap(key);
        int before = provider.currentVersion();
        assumeTrue(rotate(provider), "the provider under test does not rotate");
        assertTrue(provider.currentVersion() > before, "rotating adds a newer version");
        WrappedKey underNew = provider.wrap(key);
        assertEquals(provider.currentVersion(), underNew.kekVersion());
        assertTrue(provider.unwrap(underOld).sameAs(key));
        assertTrue(provider.unwrap(underNew).sameAs(key));
    }

    @Test
    void rotate_aWrapPresentedUnderAnotherHeldVersion_failsWithIntegrityException() {
        WrappedKey underOld = provider.wrap(dataKey());
        assumeTrue(rotate(provider), "the provider under test does not rotate");
        WrappedKey underNew = provider.wrap(dataKey());
        assertThrows(IntegrityException.class, () -> provider.unwrap(
                new WrappedKey(underNew.kekId(), underOld.kekVersion(), underNew.ciphertext())));
        assertThrows(IntegrityException.class, () -> provider.unwrap(
                new WrappedKey(underOld.kekId(), underNew.kekVersion(), underOld.ciphertext())));
    }

    @Test
    void retire_ofTheCurrentVersion_isRefused_andChangesNothing() {
        SecretBytes key = dataKey();
        WrappedKey wrapped = provider.wrap(key);
        assertThrows(PrivacyException.class, () -> provider.retire(provider.currentVersion()));
        assertThrows(PrivacyException.class, () -> provider.retire(0));
        assertTrue(provider.unwrap(wrapped).sameAs(key));
    }

    @Test
    void retire_whenTheProviderDoesNotRetire_refusesWithConfigurationException() {
        assumeFalse(retires(), "the provider under test retires versions");
        assertThrows(ConfigurationException.class, () -> provider.retire(1));
    }

    @Test
    void retire_ofAnOlderVersion_makesItsWrapsUnavailable_forGood() {
        assumeTrue(retires(), "the provider under test does not retire versions");
        SecretBytes key = dataKey();
        WrappedKey underOld = provider.wrap(key);
        assumeTrue(rotate(provider), "the provider under test does not rotate");
        WrappedKey underNew = provider.wrap(key);
        provider.retire(underOld.kekVersion());
        provider.retire(underOld.kekVersion());
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> provider.unwrap(underOld));
        assertFalse(e.isRetryable(), "a retired version does not come back");
        assertTrue(provider.unwrap(underNew).sameAs(key));
        assertTrue(rotate(provider));
        assertTrue(provider.currentVersion() > underNew.kekVersion(), "versions are never reused");
    }

    private static List<String> failureMessages(Runnable call) {
        PrivacyException e = assertThrows(PrivacyException.class, call::run);
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t));
        }
        return messages;
    }

    private static void assertNoEncodingOf(byte[] key, String text, String where) {
        HexFormat hex = HexFormat.of();
        List<String> forms = List.of(hex.formatHex(key), hex.formatHex(key).toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(key), Base64.getUrlEncoder().withoutPadding().encodeToString(key),
                Arrays.toString(key));
        for (String form : forms) {
            assertFalse(text.contains(form), () -> where + " shows the key: " + text);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
