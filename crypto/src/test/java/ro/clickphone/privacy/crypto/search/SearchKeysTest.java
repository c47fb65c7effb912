package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/** {@link SearchKeys}: versions, configuration checks, and root keys kept wrapped, bound to their purpose. */
class SearchKeysTest {

    @TempDir
    Path dir;

    private Pkcs12KeyEncryptionKeyProvider kek() {
        return Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek");
    }

    @Test
    void versions_currentIsTheHighest_andInputIsChecked() {
        SearchKeys keys = SearchKeys.of(3, SearchKeyRotationTest.root(0)).withVersion(1, SearchKeyRotationTest.root(32));
        assertEquals(3, keys.currentVersion());
        assertEquals(new TreeSet<>(List.of(1, 3)), keys.versions());
        assertTrue(keys.hasVersion(1));
        assertFalse(keys.hasVersion(2));
        assertThrows(UnsupportedOperationException.class, () -> keys.versions().add(4));
        assertThrows(InvalidInputException.class, () -> SearchKeys.of(0, SearchKeyRotationTest.root(0)));
        assertThrows(InvalidInputException.class, () -> SearchKeys.of(SearchKeys.MAX_VERSION + 1,
                SearchKeyRotationTest.root(0)));
        assertThrows(InvalidInputException.class, () -> SearchKeys.of(1, SecretBytes.copyOf(new byte[31])));
        assertThrows(InvalidInputException.class, () -> SearchKeys.of(1, null));
        assertThrows(ConfigurationException.class, () -> keys.withVersion(3, SearchKeyRotationTest.root(64)));
        assertThrows(InvalidInputException.class, () -> BlindIndex.create((SearchKeys) null));
        assertThrows(InvalidInputException.class, () -> DeterministicEncryptor.create((SearchKeys) null));
        assertThrows(InvalidInputException.class, () -> BlindIndex.create(keys, null));
    }

    @Test
    void immutable_aDerivedConfigurationLeavesTheOriginalAlone() {
        SearchKeys one = SearchKeys.of(1, SearchKeyRotationTest.root(0));
        SearchKeys two = one.withVersion(2, SearchKeyRotationTest.root(32));
        SearchKeys retired = two.withRetiredBlindIndex("account", "email", 1);
        assertEquals(1, one.currentVersion());
        assertTrue(two.retiredBlindIndex("account", "email").isEmpty());
        assertEquals(new TreeSet<>(List.of(1)), retired.retiredBlindIndex("account", "email"));
        assertTrue(retired.retiredDeterministic("account", "email").isEmpty(), "the other primitive keeps it");
        SearchKeys both = retired.withRetiredDeterministic("account", "email", 1);
        assertEquals(new TreeSet<>(List.of(1)), both.retiredDeterministic("account", "email"));
        assertTrue(retired.retiredDeterministic("account", "email").isEmpty());
        assertEquals(2, BlindIndex.create(retired).field("account", "email", Normalization.EMAIL, 64).currentVersion());
    }

    @Test
    void wrapped_opensToTheSameKeys_andSurvivesAKekRotation() {
        Pkcs12KeyEncryptionKeyProvider kek = kek();
        WrappedKey w1 = SearchKeys.newWrappedRootKey(1, kek);
        WrappedKey w2 = SearchKeys.newWrappedRootKey(2, kek);
        SearchKeys keys = SearchKeys.ofWrapped(1, kek, w1).withWrappedVersion(2, kek, w2);
        assertEquals(w1, keys.wrapped(1).orElseThrow());
        assertTrue(SearchKeys.of(1, SearchKeyRotationTest.root(0)).wrapped(1).isEmpty());
        List<String> before = BlindIndex.create(keys).field("account", "email", Normalization.EMAIL, 64)
                .candidates("ana@example.ro");

        kek.rotate();
        WrappedKey r1 = SearchKeys.rewrap(1, kek, w1);
        WrappedKey r2 = SearchKeys.rewrap(2, kek, w2);
        assertEquals(2, r1.kekVersion());
        SearchKeys again = SearchKeys.ofWrapped(1, kek, r1).withWrappedVersion(2, kek, r2);
        assertEquals(before, BlindIndex.create(again).field("account", "email", Normalization.EMAIL, 64)
                .candidates("ana@example.ro"), "the same root keys");
        assertThrows(ConfigurationException.class, () -> again.withWrappedVersion(2, kek, r2));
        assertThrows(InvalidInputException.class, () -> SearchKeys.ofWrapped(1, null, r1));
        assertThrows(InvalidInputException.class, () -> SearchKeys.newWrappedRootKey(1, null));
        assertThrows(InvalidInputException.class, () -> SearchKeys.newWrappedRootKey(0, kek));
        assertThrows(InvalidInputException.class, () -> SearchKeys.ofWrapped(SearchKeys.MAX_VERSION + 1, kek, r1));
    }

    /**
     * Someone who can write the configuration but not use the KEK swaps the wrapped root keys of two
     * versions (or gives version 1's as version 2): the current version would compute under the old root
     * key. Each wrap is bound to its version, so the swap is refused.
     */
    @Test
    void attack_wrapsOfTwoVersionsSwapped_areRefused() {
        Pkcs12KeyEncryptionKeyProvider kek = kek();
        WrappedKey w1 = SearchKeys.newWrappedRootKey(1, kek);
        WrappedKey w2 = SearchKeys.newWrappedRootKey(2, kek);
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(1, kek, w2));
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(2, kek, w1));
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(1, kek, w2).withWrappedVersion(2, kek, w1));
        SearchKeys one = SearchKeys.ofWrapped(1, kek, w1);
        IntegrityException swapped = assertThrows(IntegrityException.class, () -> one.withWrappedVersion(2, kek, w1));
        assertTrue(swapped.getMessage().contains("version 2"), swapped.getMessage());
        assertThrows(IntegrityException.class, () -> SearchKeys.rewrap(2, kek, w1), "a rewrap keeps the binding");
        assertEquals(2, SearchKeys.ofWrapped(1, kek, w1).withWrappedVersion(2, kek, w2).currentVersion());
    }

    @Test
    void attack_aWrapOfAnotherPurpose_isRefusedBothWays() {
        Pkcs12KeyEncryptionKeyProvider kek = kek();
        // a pseudonym root key given as a search root key
        WrappedKey pseudonymRoot = PseudonymKeys.newWrappedRootKey(kek);
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(1, kek, pseudonymRoot));
        // a search root key given as a pseudonym root key
        WrappedKey searchRoot = SearchKeys.newWrappedRootKey(1, kek);
        assertThrows(IntegrityException.class, () -> PseudonymKeys.ofWrapped(1, kek, searchRoot));
        // a subject's data key, copied from the key store
        InMemorySubjectKeyStore store = new InMemorySubjectKeyStore();
        SubjectId ana = SubjectId.of("acct-1042");
        new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC()))
                .encrypt(ana, FieldContext.of("account", "email", KeyScope.of("profile")), "ana@example.ro");
        WrappedKey dataKey = store.find(ana, KeyScope.of("profile"), 1).orElseThrow().wrapped();
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(1, kek, dataKey));
        assertThrows(IntegrityException.class, () -> SearchKeys.rewrap(1, kek, dataKey));
        // a bare 32-byte key wrapped directly (search root keys never had an unbound form)
        WrappedKey bare = kek.wrap(SearchKeyRotationTest.root(0));
        assertThrows(IntegrityException.class, () -> SearchKeys.ofWrapped(1, kek, bare));
    }

    /** docs/FORMAT.md "Wrapped search root keys", computed with Python's hashlib from the documented encoding. */
    @Test
    void goldenVector_boundSearchRootPayload() {
        byte[] root = new byte[32];
        for (int i = 0; i < root.length; i++) {
            root[i] = (byte) i;
        }
        assertEquals("11000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "315aac13946d3a5a7a5534fb2f79158eea3a651354e50e4c56db770a96a0e938",
                HexFormat.of().formatHex(SearchKeys.boundPayload(root, 1)));
        assertEquals("11000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "c4e78bf259ee9f491ab1545bd55bcc19a236fbe991abfe0367f25f8bf701133b",
                HexFormat.of().formatHex(SearchKeys.boundPayload(root, 2)));
    }

    @Test
    void toString_showsVersionsOnly() {
        SearchKeys keys = SearchKeys.of(1, SearchKeyRotationTest.root(0)).withVersion(2, SearchKeyRotationTest.root(32))
                .withRetiredBlindIndex("account", "email", 1).withRetiredDeterministic("account", "phone", 1);
        String text = keys.toString();
        assertEquals("SearchKeys[versions [1, 2], current 2, retired {blind-index:account.email=[1],"
                + " deterministic:account.phone=[1]}]", text);
    }
}
