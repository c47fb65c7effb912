package ro.clickphone.privacy.spi.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link TokenVaultStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return a fresh, empty vault from {@link #newVault()}.
 */
public abstract class TokenVaultStoreContract {

    /** For subclasses. */
    protected TokenVaultStoreContract() {
    }

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final SubjectId BOB = SubjectId.of("bob");

    private TokenVaultStore vault;

    /**
     * Creates a new, empty vault for one test.
     *
     * @return the vault under test
     */
    protected abstract TokenVaultStore newVault();

    @BeforeEach
    void createVault() {
        vault = newVault();
    }

    protected static VaultEntry entry(String context, String token, String lookup, SubjectId subject, int filler) {
        byte[] ciphertext = new byte[40];
        ciphertext[0] = (byte) filler;
        return new VaultEntry(context, token, lookup, subject, ciphertext);
    }

    @Test
    void putIfAbsent_storesAndFindsByTokenAndLookup() {
        VaultEntry e = entry("export", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 1);
        assertEquals(e, vault.putIfAbsent(e));
        assertEquals(Optional.of(e), vault.findByToken("export", "vt.aaaaaaaaaaaa"));
        assertEquals(Optional.of(e), vault.findByLookup("export", "00112233445566778899"));
    }

    @Test
    void putIfAbsent_sameLookup_returnsTheFirst() {
        VaultEntry first = entry("export", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 1);
        VaultEntry second = entry("export", "vt.bbbbbbbbbbbb", "00112233445566778899", ANA, 2);
        vault.putIfAbsent(first);
        assertEquals(first, vault.putIfAbsent(second));
        assertTrue(vault.findByToken("export", "vt.bbbbbbbbbbbb").isEmpty());
    }

    @Test
    void putIfAbsent_tokenTakenByAnotherEntry_isRefused() {
        vault.putIfAbsent(entry("export", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 1));
        assertThrows(InvalidInputException.class,
                () -> vault.putIfAbsent(entry("export", "vt.aaaaaaaaaaaa", "99887766554433221100", BOB, 2)));
    }

    @Test
    void contexts_areSeparate() {
        vault.putIfAbsent(entry("export", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 1));
        assertTrue(vault.findByToken("fraud", "vt.aaaaaaaaaaaa").isEmpty());
        assertTrue(vault.findByLookup("fraud", "00112233445566778899").isEmpty());
        VaultEntry other = entry("fraud", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 2);
        assertEquals(other, vault.putIfAbsent(other));
    }

    @Test
    void deleteSubject_removesEveryContext_onlyThatSubject_idempotently() {
        vault.putIfAbsent(entry("export", "vt.aaaaaaaaaaaa", "00112233445566778899", ANA, 1));
        vault.putIfAbsent(entry("fraud", "vt.cccccccccccc", "aabbccddeeff00112233", ANA, 1));
        vault.putIfAbsent(entry("export", "vt.bbbbbbbbbbbb", "99887766554433221100", BOB, 2));
        assertEquals(2, vault.deleteSubject(ANA));
        assertEquals(0, vault.deleteSubject(ANA));
        assertTrue(vault.findByToken("export", "vt.aaaaaaaaaaaa").isEmpty());
        assertTrue(vault.findByLookup("fraud", "aabbccddeeff00112233").isEmpty());
        assertFalse(vault.findByToken("export", "vt.bbbbbbbbbbbb").isEmpty());
    }

    @Test
    void nulls_areRefused() {
        assertThrows(InvalidInputException.class, () -> vault.putIfAbsent(null));
        assertThrows(InvalidInputException.class, () -> vault.findByToken(null, "vt.aaaaaaaaaaaa"));
        assertThrows(InvalidInputException.class, () -> vault.findByLookup("export", null));
        assertThrows(InvalidInputException.class, () -> vault.deleteSubject(null));
    }

    @Test
    void concurrentWriters_ofOneLookup_endWithOneToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<VaultEntry>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = "vt.concurrent" + i;
                int filler = i;
                writers.add(() -> vault.putIfAbsent(entry("export", token, "0123456789abcdef0123", ANA, filler)));
            }
            Set<VaultEntry> results = new HashSet<>();
            for (Future<VaultEntry> f : pool.invokeAll(writers)) {
                results.add(f.get());
            }
            assertEquals(1, results.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
