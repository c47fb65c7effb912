package ro.clickphone.privacy.jpa.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.PassphraseKeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.Reidentification;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.keys.JpaSubjectKeyStore;
import ro.clickphone.privacy.jpa.internal.keys.RawRows;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.TokenVaultStoreContract;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/**
 * The token vault on each database: the spi contract, two application instances tokenizing one value at
 * once, the raw rows (ciphertext only), a vault writer swapping ciphertexts, erasure, the caller's
 * transaction.
 */
abstract class JpaTokenVaultStoreTest extends TokenVaultStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final String CONTEXT = "partner_export";
    private static final KeyScope TRAFFIC = KeyScope.of("traffic");
    private static final String PHONE = "+40721234567";
    private static final ReidentificationReason REASON =
            ReidentificationReason.of(Actor.system("dpo-tool", Set.of("DPO")), "FRAUD_INVESTIGATION");

    private final TestDatabase db;
    private final List<Reidentification> revealed = new ArrayList<>();

    JpaTokenVaultStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected TokenVaultStore newVault() {
        return new JpaTokenVaultStore(JpaContext.of(db.emf(), () -> null));
    }

    /** A vault tokenizer as an application instance has it: its own factory for the vault and the keys. */
    private VaultTokenizer tokenizer(KeyEncryptionKeyProvider kek) {
        JpaContext jpa = JpaContext.of(db.newEmf(Map.of()), () -> null);
        FieldEncryptor fields = new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), new JpaSubjectKeyStore(jpa),
                Clock.systemUTC()));
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
                PseudonymAuthorizer.unrestricted(revealed::add));
        return pseudonyms.withVault(new JpaTokenVaultStore(jpa), fields).vault(CONTEXT, TRAFFIC);
    }

    private static KeyEncryptionKeyProvider kek() {
        return PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
    }

    private byte[] ciphertextOf(String token) {
        byte[][] out = new byte[1][];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ciphertext FROM cpp_vault_entry WHERE token = ?")) {
                s.setString(1, token);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    out[0] = rs.getBytes(1);
                }
            }
        });
        return out[0];
    }

    private void setCiphertext(String token, byte[] ciphertext) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE cpp_vault_entry SET ciphertext = ? WHERE token = ?")) {
                s.setBytes(1, ciphertext);
                s.setString(2, token);
                assertEquals(1, s.executeUpdate());
            }
        });
    }

    @Test
    void twoInstances_tokenizingOneValueAtOnce_endWithOneToken() throws Exception {
        List<TokenVaultStore> instances = List.of(newVault(),
                new JpaTokenVaultStore(JpaContext.of(db.newEmf(Map.of()), () -> null)));
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 25; round++) {
                String lookup = String.format("%032x", round + 1);
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<VaultEntry>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    TokenVaultStore vault = instances.get(w % 2);
                    VaultEntry entry = new VaultEntry(CONTEXT, "vt.round" + round + "writer" + w, lookup, ANA,
                            new byte[] {(byte) w, 1, 2, 3});
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return vault.putIfAbsent(entry);
                    }));
                }
                Set<VaultEntry> handedOut = new HashSet<>();
                for (Future<VaultEntry> result : results) {
                    handedOut.add(result.get(60, TimeUnit.SECONDS));
                }
                assertEquals(1, handedOut.size(), "round " + round + ": one token for one value");
                assertEquals(Optional.of(handedOut.iterator().next()), instances.get(1).findByLookup(CONTEXT, lookup));
                assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_vault_entry WHERE lookup_value = ?", lookup));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rawRows_holdTheCiphertextOnly_neverTheValue() {
        KeyEncryptionKeyProvider kek = kek();
        VaultTokenizer vault = tokenizer(kek);
        String token = vault.tokenize(ANA, PHONE);
        assertEquals(token, vault.tokenize(ANA, PHONE), "the same value of the same subject, the same token");
        for (String form : List.of(PHONE, "40721234567", "0721234567")) {
            assertFalse(RawRows.anyCellContains(db, "cpp_vault_entry", form.getBytes(StandardCharsets.UTF_8)),
                    "the vault table holds no form of the value");
            assertFalse(RawRows.anyCellContains(db, "cpp_vault_entry", form.getBytes(StandardCharsets.UTF_16BE)));
        }
        VaultEntry entry = newVault().findByToken(CONTEXT, token).orElseThrow();
        assertArrayEquals(entry.ciphertext(), ciphertextOf(token), "the ciphertext as given, verbatim");
        assertEquals(PHONE, tokenizer(kek).reidentify(token, REASON), "another instance reverses it");
    }

    /** VaultTokenizer's guarantee, against this table: a writer without keys swaps two rows' ciphertexts. */
    @Test
    void aVaultWriterSwappingCiphertexts_makesReidentifyFail_neverAnotherValue() {
        KeyEncryptionKeyProvider kek = kek();
        VaultTokenizer vault = tokenizer(kek);
        String t1 = vault.tokenize(ANA, PHONE);
        String t2 = vault.tokenize(ANA, "+40729999999");
        byte[] c1 = ciphertextOf(t1);
        byte[] c2 = ciphertextOf(t2);
        setCiphertext(t1, c2);
        setCiphertext(t2, c1);
        revealed.clear();
        VaultTokenizer reader = tokenizer(kek);
        assertThrows(IntegrityException.class, () -> reader.reidentify(t1, REASON));
        assertThrows(IntegrityException.class, () -> reader.reidentify(t2, REASON));
        assertEquals(List.of(), revealed, "nothing recorded as revealed");
    }

    @Test
    void erase_deletesTheSubjectsRows_fromTheTable() {
        VaultTokenizer vault = tokenizer(kek());
        String anas = vault.tokenize(ANA, PHONE);
        vault.tokenize(BOB, PHONE);
        byte[] ciphertext = ciphertextOf(anas);
        assertEquals(1, vault.erase(ANA));
        assertEquals(0, RawRows.number(db, "SELECT COUNT(*) FROM cpp_vault_entry WHERE subject_id = ?", ANA.value()));
        assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_vault_entry WHERE subject_id = ?", BOB.value()));
        assertFalse(RawRows.anyCellContains(db, "cpp_vault_entry", ciphertext), "the erased ciphertext is gone");
        assertFalse(RawRows.anyCellContains(db, "cpp_vault_entry", anas.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aLargeCiphertext_isKeptWhole() {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        VaultEntry entry = new VaultEntry(CONTEXT, "vt.bigbigbig", "00112233445566778899", ANA, big);
        assertEquals(entry, newVault().putIfAbsent(entry));
        assertArrayEquals(big, newVault().findByToken(CONTEXT, "vt.bigbigbig").orElseThrow().ciphertext());
    }

    @Test
    void inTheCallersTransaction_anEntryCommitsAndRollsBackWithIt() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            TokenVaultStore joined = new JpaTokenVaultStore(JpaContext.of(db.emf(), () -> caller));
            VaultEntry entry = new VaultEntry(CONTEXT, "vt.callers-tx", "00112233445566778899", ANA, new byte[] {1});
            caller.getTransaction().begin();
            assertEquals(entry, joined.putIfAbsent(entry));
            assertEquals(Optional.of(entry), joined.findByToken(CONTEXT, "vt.callers-tx"), "visible in the transaction");
            caller.getTransaction().rollback();
            assertEquals(Optional.empty(), newVault().findByToken(CONTEXT, "vt.callers-tx"));

            caller.getTransaction().begin();
            joined.putIfAbsent(entry);
            caller.getTransaction().commit();
            assertEquals(Optional.of(entry), newVault().findByLookup(CONTEXT, "00112233445566778899"));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaTokenVaultStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaTokenVaultStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaTokenVaultStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
