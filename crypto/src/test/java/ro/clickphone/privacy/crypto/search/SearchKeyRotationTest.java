package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Versioned search keys: index values and deterministic ciphertexts across a rotation, the look-up
 * candidates, retirement (at once and through the configuration) and a store writer who relabels,
 * moves or replays stored values. Golden vectors computed independently with Python's
 * {@code cryptography} (HKDF-SHA256, HMAC-SHA256, AESSIV), docs/FORMAT.md "Blind indexes" and
 * "Deterministic ciphertext".
 */
class SearchKeyRotationTest {

    private static final String ANA = "ana.pop@example.ro";

    static SecretBytes root(int first) {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (first + i);
        }
        return SecretBytes.copyOf(key);
    }

    private static SearchKeys v1() {
        return SearchKeys.of(1, root(0));
    }

    private static SearchKeys v1v2() {
        return v1().withVersion(2, root(32));
    }

    // --- golden vectors ------------------------------------------------------------------------------------

    @Test
    void goldenVector_blindIndex_version1Unchanged_version2Tagged() {
        BlindIndexField at256 = BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 256);
        assertEquals("e856f98af8a73599b71c67b32134fe1f7ae401cc591faafc4c745c92b8126265", at256.candidates(ANA).get(1),
                "version 1 under SearchKeys is the 0.1.0 value, byte for byte");
        assertEquals("e856f98af8a73599b71c67b32134fe1f7ae401cc591faafc4c745c92b8126265",
                BlindIndex.create(root(0)).field("account", "email", Normalization.EMAIL, 256).compute(ANA));
        assertEquals("v2.dc91f0509f638e98",
                BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 64).compute(ANA));
        assertEquals("v2.3419b82c1dea463c1532db9c862f62ef",
                BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 128).compute(ANA));
    }

    @Test
    void goldenVector_deterministic_version1Unchanged_version2WithHeader() {
        String v1 = "cpd.AQHhaAmFVactgcIKgUBxNX6k1yur7kYUmeLJNybtAzq59DUy";
        String v2 = "cpd.AgEAAAACg8Igen1NaHnIbHLEPUV2yC9JI_Imolrp5qLr_dSsPe4sBw";
        assertEquals(v1, DeterministicEncryptor.create(root(0)).field("account", "email", Normalization.EMAIL)
                .encrypt(ANA));
        DeterministicField rotated = DeterministicEncryptor.create(v1v2()).field("account", "email", Normalization.EMAIL);
        assertEquals(v2, rotated.encrypt(ANA));
        assertEquals(List.of(v2, v1), rotated.candidates(ANA));
        assertEquals(ANA, rotated.decrypt(v1));
        assertEquals(ANA, rotated.decrypt(v2));
    }

    // --- rotation ------------------------------------------------------------------------------------------

    @Test
    void rotation_blindIndex_computesCurrent_candidatesFindBothHalves() {
        BlindIndexField before = BlindIndex.create(v1()).field("account", "email", Normalization.EMAIL, 64);
        BlindIndexField after = BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 64);
        // a "table": rows 0..99 written before the rotation, 100..199 after
        Map<String, Set<Integer>> column = new HashMap<>();
        for (int row = 0; row < 200; row++) {
            String value = "user" + (row % 100) + "@example.ro";
            String index = (row < 100 ? before : after).compute(value);
            column.computeIfAbsent(index, k -> new HashSet<>()).add(row);
            assertEquals(row < 100 ? 1 : 2, after.versionOf(index).getAsInt());
            assertEquals(row >= 100, after.isCurrent(index));
        }
        for (int u = 0; u < 100; u++) {
            List<String> candidates = after.candidates("User" + u + "@Example.ro");
            assertEquals(2, candidates.size());
            assertEquals(after.compute("user" + u + "@example.ro"), candidates.get(0), "current first");
            Set<Integer> found = new TreeSet<>();
            candidates.forEach(c -> found.addAll(column.getOrDefault(c, Set.of())));
            assertEquals(Set.of(u, u + 100), found, "both halves");
        }
        assertEquals(2, after.currentVersion());
        assertEquals(new TreeSet<>(List.of(1, 2)), after.activeVersions());
        assertEquals(List.of(before.compute(ANA)), before.candidates(ANA), "one version, one candidate");
    }

    @Test
    void rotation_deterministic_oldValuesDecrypt_newValuesUseCurrent() {
        DeterministicField before = DeterministicEncryptor.create(v1()).field("account", "phone", Normalization.PHONE_E164);
        DeterministicField after = DeterministicEncryptor.create(v1v2().withVersion(3, root(64)))
                .field("account", "phone", Normalization.PHONE_E164);
        String old = before.encrypt("+40 721 234 567");
        String now = after.encrypt("+40721234567");
        assertEquals(OptionalInt.of(1), after.versionOf(old));
        assertEquals(OptionalInt.of(3), after.versionOf(now));
        assertTrue(after.isCurrent(now));
        assertFalse(after.isCurrent(old));
        assertEquals("+40721234567", after.decrypt(old));
        assertEquals("+40721234567", after.decrypt(now));
        List<String> candidates = after.candidates("+40721234567");
        assertEquals(3, candidates.size());
        assertEquals(List.of(now, after.candidates("+40721234567").get(1), old), candidates, "current first, then descending");
        assertEquals(OptionalInt.of(2), after.versionOf(candidates.get(1)));
        assertThrows(KeyUnavailableException.class, () -> before.decrypt(now), "v1 alone cannot read v3");
    }

    // --- retirement ----------------------------------------------------------------------------------------

    @Test
    void retire_blindIndex_stopsMatching_sharedByTheFieldsBindings_notOtherFields() {
        BlindIndex index = BlindIndex.create(v1v2());
        BlindIndexField at64 = index.field("account", "email", Normalization.EMAIL, 64);
        BlindIndexField at32 = index.field("account", "email", Normalization.CASE_INSENSITIVE_TEXT, 32);
        BlindIndexField other = index.field("account", "backup_email", Normalization.EMAIL, 64);
        String oldValue = at64.candidates(ANA).get(1);
        at64.retire(1);
        assertEquals(List.of(at64.compute(ANA)), at64.candidates(ANA));
        assertFalse(at64.candidates(ANA).contains(oldValue), "a retired version no longer matches");
        assertEquals(1, at32.candidates(ANA).size(), "another binding of the same field");
        assertEquals(2, other.candidates(ANA).size(), "another field keeps its versions");
        assertEquals(new TreeSet<>(List.of(2)), at64.activeVersions());
        assertEquals(OptionalInt.of(1), at64.versionOf(oldValue), "versionOf still names it, for the job's count");
        at64.retire(1); // again: nothing changes
        at64.retire(7); // not held: nothing changes
        InvalidInputException current = assertThrows(InvalidInputException.class, () -> at64.retire(2));
        assertTrue(current.getMessage().contains("current"));
        assertThrows(InvalidInputException.class, () -> at64.retire(0));
        assertThrows(InvalidInputException.class, () -> at64.retire(SearchKeys.MAX_VERSION + 1));
    }

    @Test
    void retire_deterministic_stopsDecryptingAndMatching_aReplayedOldValueIsRefused() {
        DeterministicEncryptor encryptor = DeterministicEncryptor.create(v1v2());
        DeterministicField email = encryptor.field("account", "email", Normalization.EMAIL);
        String old = DeterministicEncryptor.create(v1()).field("account", "email", Normalization.EMAIL).encrypt(ANA);
        assertEquals(ANA, email.decrypt(old));
        email.retire(1);
        // the attacker writes the pre-rotation value back (a restored backup, a replayed UPDATE)
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> email.decrypt(old));
        assertFalse(e.isRetryable());
        assertFalse(e.getMessage().contains(old.substring(4)), "the message does not repeat the value");
        assertEquals(List.of(email.encrypt(ANA)), email.candidates(ANA));
        assertThrows(KeyUnavailableException.class,
                () -> encryptor.field("account", "email", Normalization.CASE_INSENSITIVE_TEXT).decrypt(old),
                "every binding of the field");
        assertEquals(ANA, encryptor.field("account", "backup_email", Normalization.EMAIL)
                .decrypt(DeterministicEncryptor.create(v1()).field("account", "backup_email", Normalization.EMAIL)
                        .encrypt(ANA)), "other fields keep version 1");
        assertThrows(InvalidInputException.class, () -> email.retire(2));
    }

    @Test
    void retiredInTheConfiguration_holdsForEveryNewInstance_andTheCurrentCannotBeRetired() {
        SearchKeys keys = v1v2().withRetiredBlindIndex("account", "email", 1).withRetiredDeterministic("account", "email", 1);
        assertEquals(new TreeSet<>(List.of(1)), keys.retiredBlindIndex("account", "email"));
        assertEquals(new TreeSet<>(List.of(1)), keys.retiredDeterministic("account", "email"));
        // a restart or another instance: built from the configuration
        BlindIndexField restarted = BlindIndex.create(keys).field("account", "email", Normalization.EMAIL, 64);
        assertEquals(1, restarted.candidates(ANA).size());
        assertEquals(new TreeSet<>(List.of(2)), restarted.activeVersions());
        DeterministicField det = DeterministicEncryptor.create(keys).field("account", "email", Normalization.EMAIL);
        String old = DeterministicEncryptor.create(v1()).field("account", "email", Normalization.EMAIL).encrypt(ANA);
        assertThrows(KeyUnavailableException.class, () -> det.decrypt(old));
        assertEquals(2, BlindIndex.create(keys).field("account", "phone", Normalization.PHONE_E164, 64)
                .candidates("+40721234567").size(), "only the named field");

        // the current version, or a newer one that would become current, is refused when the configuration is built
        assertThrows(ConfigurationException.class, () -> v1v2().withRetiredBlindIndex("account", "email", 2));
        assertThrows(ConfigurationException.class, () -> v1v2().withRetiredDeterministic("account", "email", 2));
        ConfigurationException future = assertThrows(ConfigurationException.class,
                () -> v1().withRetiredBlindIndex("account", "email", 2));
        assertTrue(future.getMessage().contains("newer than the current version 1"), future.getMessage());
        assertThrows(ConfigurationException.class, () -> v1().withRetiredDeterministic("account", "email", 3));
        assertThrows(InvalidInputException.class, () -> v1v2().withRetiredBlindIndex("Account", "email", 1));
        assertThrows(InvalidInputException.class, () -> v1v2().withRetiredDeterministic("account", "email", 0));
        // retiring an older version that is not held is accepted (it was dropped already)
        assertEquals(new TreeSet<>(List.of(1)), SearchKeys.of(3, root(64)).withVersion(2, root(32))
                .withRetiredBlindIndex("account", "email", 1).retiredBlindIndex("account", "email"));
        // dropping the version from the configuration retires it for every field
        BlindIndexField dropped = BlindIndex.create(SearchKeys.of(2, root(32)))
                .field("account", "email", Normalization.EMAIL, 64);
        assertEquals(List.of(BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 64).compute(ANA)),
                dropped.candidates(ANA));
        DeterministicField droppedDet = DeterministicEncryptor.create(SearchKeys.of(2, root(32)))
                .field("account", "email", Normalization.EMAIL);
        assertThrows(KeyUnavailableException.class, () -> droppedDet.decrypt(old));
    }

    /**
     * The documented flow, one column at a time, across restarts: the field {@code account.email} has a
     * blind index column and a deterministic column. The re-index job moves the index column and retires
     * version 1 of the blind index; the operator records that in the configuration; after a restart the
     * deterministic column, not moved yet, still decrypts and matches exactly as before the restart. Then
     * the deterministic column is moved and retired the same way, and only after that restart do its
     * version 1 values stop decrypting.
     */
    @Test
    void retirementPerPrimitive_theJobFlowOneColumnAtATime_holdsAcrossRestarts() {
        SearchKeys rotated = v1v2();
        String oldIndex = BlindIndex.create(v1()).field("account", "email", Normalization.EMAIL, 64).compute(ANA);
        String oldCipher = DeterministicEncryptor.create(v1()).field("account", "email", Normalization.EMAIL).encrypt(ANA);

        // instance A: re-index the blind index column, then retire version 1 of the blind index
        BlindIndexField index = BlindIndex.create(rotated).field("account", "email", Normalization.EMAIL, 64);
        DeterministicField det = DeterministicEncryptor.create(rotated).field("account", "email", Normalization.EMAIL);
        String moved = index.compute(ANA);
        index.retire(1);
        assertEquals(List.of(moved), index.candidates(ANA));
        assertEquals(ANA, det.decrypt(oldCipher), "the deterministic column is not moved yet");
        assertEquals(List.of(det.encrypt(ANA), oldCipher), det.candidates(ANA));

        // restart with the retirement recorded for the blind index: the same as instance A
        SearchKeys afterReindex = rotated.withRetiredBlindIndex("account", "email", 1);
        BlindIndexField index2 = BlindIndex.create(afterReindex).field("account", "email", Normalization.EMAIL, 64);
        DeterministicField det2 = DeterministicEncryptor.create(afterReindex).field("account", "email", Normalization.EMAIL);
        assertEquals(index.candidates(ANA), index2.candidates(ANA));
        assertFalse(index2.candidates(ANA).contains(oldIndex));
        assertEquals(ANA, det2.decrypt(oldCipher), "a restart does not retire the other primitive");
        assertEquals(det.candidates(ANA), det2.candidates(ANA));
        assertEquals(new TreeSet<>(List.of(1, 2)), det2.activeVersions());

        // re-encrypt the deterministic column, retire version 1 there, record it, restart
        String recrypted = det2.encrypt(det2.decrypt(oldCipher));
        det2.retire(1);
        assertThrows(KeyUnavailableException.class, () -> det2.decrypt(oldCipher));
        SearchKeys afterBoth = afterReindex.withRetiredDeterministic("account", "email", 1);
        DeterministicField det3 = DeterministicEncryptor.create(afterBoth).field("account", "email", Normalization.EMAIL);
        assertThrows(KeyUnavailableException.class, () -> det3.decrypt(oldCipher));
        assertEquals(ANA, det3.decrypt(recrypted));
        assertEquals(List.of(recrypted), det3.candidates(ANA));
        assertEquals(List.of(moved), BlindIndex.create(afterBoth).field("account", "email", Normalization.EMAIL, 64)
                .candidates(ANA));
    }

    // --- the store writer as attacker ----------------------------------------------------------------------

    @Test
    void attack_blindIndexRelabelledToAnotherVersion_matchesNothing() {
        BlindIndexField email = BlindIndex.create(v1v2().withVersion(3, root(64)))
                .field("account", "email", Normalization.EMAIL, 64);
        List<String> candidates = email.candidates(ANA);
        String v1 = candidates.get(2);
        String v2 = candidates.get(1);
        String v2hex = v2.substring(3);
        // the writer relabels: an old value made to look current, a v2 value made to look v3 or v1
        for (String forged : List.of("v3." + v1, "v3." + v2hex, "v2." + v1, v2hex)) {
            assertTrue(email.versionOf(forged).isPresent(), "well-formed");
            assertFalse(candidates.contains(forged), "a relabelled value matches no look-up: " + forged);
        }
        // and copies the index of the same value from another field of the same table
        BlindIndexField other = BlindIndex.create(v1v2().withVersion(3, root(64)))
                .field("account", "backup_email", Normalization.EMAIL, 64);
        for (String copied : other.candidates(ANA)) {
            assertFalse(candidates.contains(copied), "an index of another field matches nothing");
        }
    }

    @Test
    void attack_deterministicHeaderRelabelled_orMovedToAnotherField_failsIntegrity() {
        SearchKeys keys = v1v2().withVersion(3, root(64));
        DeterministicField email = DeterministicEncryptor.create(keys).field("account", "email", Normalization.EMAIL);
        List<String> candidates = email.candidates(ANA);
        byte[] v3 = decode(candidates.get(0));
        byte[] v2 = decode(candidates.get(1));
        byte[] v1 = decode(candidates.get(2));
        // v2 relabelled as v3 (only the version bytes changed)
        byte[] relabelled = v2.clone();
        relabelled[5] = 3;
        assertThrows(IntegrityException.class, () -> email.decrypt(encode(relabelled)));
        // v3 relabelled as v2
        byte[] down = v3.clone();
        down[5] = 2;
        assertThrows(IntegrityException.class, () -> email.decrypt(encode(down)));
        // v1 given a version 2 header in front of its synthetic IV and ciphertext
        byte[] promoted = new byte[v1.length + 4];
        promoted[0] = 2;
        promoted[1] = 1;
        promoted[5] = 2;
        System.arraycopy(v1, 2, promoted, 6, v1.length - 2);
        assertThrows(IntegrityException.class, () -> email.decrypt(encode(promoted)));
        // a version 2 header naming version 1 is not a form the SDK writes
        byte[] namesOne = v2.clone();
        namesOne[5] = 1;
        assertThrows(InvalidInputException.class, () -> email.decrypt(encode(namesOne)));
        assertEquals(OptionalInt.empty(), email.versionOf(encode(namesOne)));
        // moved from another field, every version
        DeterministicField backup = DeterministicEncryptor.create(keys).field("account", "backup_email",
                Normalization.EMAIL);
        for (String moved : backup.candidates(ANA)) {
            assertThrows(IntegrityException.class, () -> email.decrypt(moved));
        }
    }

    @Test
    void aSecondVersionWithTheSameRootKey_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> v1().withVersion(2, root(0)));
        assertFalse(e.getMessage().contains("000102"));
        assertThrows(ConfigurationException.class, () -> v1v2().withVersion(2, root(64)), "a version twice");
    }

    // --- forms ---------------------------------------------------------------------------------------------

    @Test
    void versionOf_readsOnlyTheFieldsOwnForms() {
        BlindIndexField email = BlindIndex.create(v1v2()).field("account", "email", Normalization.EMAIL, 32);
        assertEquals(OptionalInt.of(1), email.versionOf("e856f98a"));
        assertEquals(OptionalInt.of(2), email.versionOf("v2.e856f98a"));
        assertEquals(OptionalInt.of(9999), email.versionOf("v9999.e856f98a"));
        for (String bad : List.of("", "e856f98", "e856f98a0", "E856F98A", "v1.e856f98a", "v02.e856f98a",
                "v0.e856f98a", "v10000.e856f98a", "v2e856f98a", "v2.e856f98", "v2.e856f98g", "x2.e856f98a", "v.e856f98a",
                "v2..856f98a", "v-2.e856f98a", "v+2.e856f98a", "v2.e856f98a ")) {
            assertEquals(OptionalInt.empty(), email.versionOf(bad), bad);
            assertFalse(email.isCurrent(bad));
        }
        assertThrows(InvalidInputException.class, () -> email.versionOf(null));

        DeterministicField det = DeterministicEncryptor.create(v1v2()).field("account", "email", Normalization.EMAIL);
        for (String bad : List.of("", "cpd.", "cpf.AQE", "cpd.AQE", "cpd.!!", "plain")) {
            assertEquals(OptionalInt.empty(), det.versionOf(bad), bad);
        }
        assertThrows(InvalidInputException.class, () -> det.versionOf(null));
    }

    @Test
    void candidates_haveNoDuplicates_andAreUnmodifiable() {
        SearchKeys keys = v1v2().withVersion(5, root(96)).withVersion(4, root(64));
        BlindIndexField email = BlindIndex.create(keys).field("account", "email", Normalization.EMAIL, 64);
        List<String> candidates = email.candidates(ANA);
        assertEquals(4, new HashSet<>(candidates).size());
        List<Integer> versions = new ArrayList<>();
        candidates.forEach(c -> versions.add(email.versionOf(c).getAsInt()));
        assertEquals(List.of(5, 4, 2, 1), versions);
        assertThrows(UnsupportedOperationException.class, () -> candidates.add("x"));
        SortedSet<Integer> active = email.activeVersions();
        assertThrows(UnsupportedOperationException.class, () -> active.add(9));
    }

    @Test
    void bindingTheSameField_givesTheSameObject() {
        BlindIndex index = BlindIndex.create(v1v2());
        assertSame(index.field("account", "email", Normalization.EMAIL, 64),
                index.field("account", "email", Normalization.EMAIL, 64));
        assertEquals(2, index.currentVersion());
        assertEquals(2, DeterministicEncryptor.create(v1v2()).currentVersion());
    }

    // --- no key material, no value in text -----------------------------------------------------------------

    @Test
    void toStringsAndMessages_holdNoKeyAndNoValue() {
        SearchKeys keys = v1v2().withRetiredBlindIndex("account", "email", 1).withRetiredDeterministic("account", "email", 1);
        BlindIndex index = BlindIndex.create(keys);
        BlindIndexField field = index.field("account", "email", Normalization.EMAIL, 64);
        DeterministicEncryptor encryptor = DeterministicEncryptor.create(keys);
        DeterministicField det = encryptor.field("account", "email", Normalization.EMAIL);
        List<String> texts = new ArrayList<>(List.of(keys.toString(), index.toString(), field.toString(),
                encryptor.toString(), det.toString()));
        String old = DeterministicEncryptor.create(v1()).field("account", "email", Normalization.EMAIL).encrypt(ANA);
        List<Runnable> failing = List.of(
                () -> det.decrypt(old),
                () -> det.decrypt(old.substring(0, 20)),
                () -> field.retire(2),
                () -> SearchKeys.of(1, root(0)).withVersion(2, root(0)),
                () -> field.compute("not an e-mail " + ANA),
                () -> det.encrypt("4111111111111111"));
        for (Runnable r : failing) {
            texts.add(assertThrows(PrivacyException.class, r::run).getMessage());
        }
        String[] secrets = {"000102030405", "AAECAwQF", "202122232425", ANA, "ana.pop", "4111111111111111",
            old.substring(4, 20)};
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "leaks " + secret + " in " + text);
            }
        }
        assertTrue(keys.toString().contains("current 2"));
        assertNotEquals(-1, field.toString().indexOf("current version 2"));
    }

    private static byte[] decode(String ciphertext) {
        return Base64.getUrlDecoder().decode(ciphertext.substring(4));
    }

    private static String encode(byte[] bytes) {
        return "cpd." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
