package ro.clickphone.privacy.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/**
 * The attacker writes the token vault's table (an operator, a compromised partner database) but
 * holds no key: they swap columns of two rows of one subject so that a reversal hands out another
 * value than the one the token was issued for.
 */
class VaultTamperTest {

    private static final KeyScope SCOPE = KeyScope.of("traffic");
    private static final String CONTEXT = "partner_export";
    private static final SubjectId ANA = SubjectId.of("ana");
    private static final String V1 = "+40721234567";
    private static final String V2 = "+40729999999";
    private static final ReidentificationReason REASON =
            ReidentificationReason.of(Actor.system("dpo-tool", java.util.Set.of("DPO")), "FRAUD_INVESTIGATION");

    private final List<Reidentification> logged = new ArrayList<>();
    private final TamperableVaultStore store = new TamperableVaultStore();
    private final EnvelopeKeys keys = envelopeKeys();
    private final FieldEncryptor fields = new FieldEncryptor(keys);
    private final Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
            PseudonymAuthorizer.unrestricted(logged::add));
    private final VaultTokenizer vault = pseudonyms.withVault(store, fields).vault(CONTEXT, SCOPE);

    @Test
    void ciphertextsOfTwoEntriesSwappedByVaultWriter_reidentifyThrowsIntegrity() {
        String t1 = vault.tokenize(ANA, V1);
        String t2 = vault.tokenize(ANA, V2);
        VaultEntry e1 = store.rows.get(t1);
        VaultEntry e2 = store.rows.get(t2);
        store.rows.put(t1, new VaultEntry(CONTEXT, t1, e1.lookup(), ANA, e2.ciphertext()));
        store.rows.put(t2, new VaultEntry(CONTEXT, t2, e2.lookup(), ANA, e1.ciphertext()));

        assertThrows(IntegrityException.class, () -> vault.reidentify(t1, REASON));
        assertThrows(IntegrityException.class, () -> vault.reidentify(t2, REASON));
        assertEquals(List.of(), logged, "no reversal may be recorded as revealed");
    }

    @Test
    void lookupsOfTwoEntriesSwappedByVaultWriter_tokenizeAndReidentifyThrowIntegrity() {
        String t1 = vault.tokenize(ANA, V1);
        String t2 = vault.tokenize(ANA, V2);
        VaultEntry e1 = store.rows.get(t1);
        VaultEntry e2 = store.rows.get(t2);
        store.rows.put(t1, new VaultEntry(CONTEXT, t1, e2.lookup(), ANA, e1.ciphertext()));
        store.rows.put(t2, new VaultEntry(CONTEXT, t2, e1.lookup(), ANA, e2.ciphertext()));

        assertThrows(IntegrityException.class, () -> vault.tokenize(ANA, V1));
        assertThrows(IntegrityException.class, () -> vault.tokenize(ANA, V2));
        assertThrows(IntegrityException.class, () -> vault.reidentify(t1, REASON));
        assertEquals(List.of(), logged);
    }

    @Test
    void wholeRowsSwappedByVaultWriter_reidentifyThrowsIntegrity() {
        String t1 = vault.tokenize(ANA, V1);
        String t2 = vault.tokenize(ANA, V2);
        VaultEntry e1 = store.rows.get(t1);
        VaultEntry e2 = store.rows.get(t2);
        // Everything but the token moves: only the token in the associated data tells.
        store.rows.put(t1, new VaultEntry(CONTEXT, t1, e2.lookup(), ANA, e2.ciphertext()));
        store.rows.put(t2, new VaultEntry(CONTEXT, t2, e1.lookup(), ANA, e1.ciphertext()));

        assertThrows(IntegrityException.class, () -> vault.reidentify(t1, REASON));
        assertThrows(IntegrityException.class, () -> vault.tokenize(ANA, V1));
    }

    @Test
    void vaultRow_throughThePublicFieldApi_isRefused() {
        String token = vault.tokenize(ANA, V1);
        byte[] ciphertext = store.rows.get(token).ciphertext();

        // With the token as record id the row would decrypt, were the entity not reserved.
        for (FieldContext guessed : List.of(FieldContext.of("token_vault", CONTEXT, SCOPE).withRecordId(token),
                FieldContext.of("token_vault", CONTEXT, SCOPE))) {
            assertThrows(InvalidInputException.class, () -> fields.decrypt(ANA, guessed, ciphertext));
            assertThrows(InvalidInputException.class, () -> new FieldEncryptor(keys).decrypt(ANA, guessed, ciphertext));
            assertThrows(InvalidInputException.class, () -> fields.encrypt(ANA, guessed, "x"));
        }
    }

    @Test
    void fieldEncryptor_hasNoPublicLookupOracle() {
        for (java.lang.reflect.Method m : FieldEncryptor.class.getMethods()) {
            assertNotEquals("lookup", m.getName(), "a public look-up is an unaudited dictionary oracle");
        }
    }

    /** A row written before tokens were bound (field format 1, no record id) still reverses. */
    @Test
    void rowWrittenBeforeTokenBinding_stillReads() {
        String token = "vt.abcdefghijklmnopqrstuvwxyz2";
        FieldContext legacy = FieldContext.of("token_vault", CONTEXT, SCOPE);
        byte[] ciphertext = VaultFieldsForTest.encrypt(fields, ANA, legacy, V1.getBytes(StandardCharsets.UTF_8));
        String lookup = java.util.HexFormat.of().formatHex(
                VaultFieldsForTest.lookup(fields, ANA, legacy, V1.getBytes(StandardCharsets.UTF_8)));
        store.putIfAbsent(new VaultEntry(CONTEXT, token, lookup, ANA, ciphertext));

        assertEquals(V1, vault.reidentify(token, REASON));
        assertEquals(token, vault.tokenize(ANA, V1));
    }

    /** A row whose look-up was made under the root-derived vault key (before item 12) still reverses. */
    @Test
    void rowWithRootKeyedLookup_stillReadsAndStaysBoundToItsValue() throws Exception {
        FieldContext legacy = FieldContext.of("token_vault", CONTEXT, SCOPE);
        String t1 = "vt.abcdefghijklmnopqrstuvwxyz2";
        String t2 = "vt.abcdefghijklmnopqrstuvwxyz3";
        byte[] c1 = VaultFieldsForTest.encrypt(fields, ANA, legacy, V1.getBytes(StandardCharsets.UTF_8));
        byte[] c2 = VaultFieldsForTest.encrypt(fields, ANA, legacy, V2.getBytes(StandardCharsets.UTF_8));
        store.putIfAbsent(new VaultEntry(CONTEXT, t1, rootKeyedLookup(V1), ANA, c1));
        store.putIfAbsent(new VaultEntry(CONTEXT, t2, rootKeyedLookup(V2), ANA, c2));

        assertEquals(V1, vault.reidentify(t1, REASON));
        store.rows.put(t2, new VaultEntry(CONTEXT, t2, rootKeyedLookup(V2), ANA, c1));
        assertThrows(IntegrityException.class, () -> vault.reidentify(t2, REASON));
    }

    private String rootKeyedLookup(String value) throws Exception {
        byte[] key = pseudonyms.keysForTest().derive(Technique.VAULT.label(), CONTEXT, 1, 32);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        mac.update(ANA.value().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static EnvelopeKeys envelopeKeys() {
        try {
            Path file = Files.createTempFile("kek", ".p12");
            Files.delete(file);
            return EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(file,
                    "test-password".toCharArray(), "kek")), new InMemorySubjectKeyStore(), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A vault table its writer can edit behind the tokenizer's back. */
    static final class TamperableVaultStore implements TokenVaultStore {
        final Map<String, VaultEntry> rows = new LinkedHashMap<>();

        @Override
        public synchronized VaultEntry putIfAbsent(VaultEntry entry) {
            Optional<VaultEntry> existing = findByLookup(entry.context(), entry.lookup());
            if (existing.isPresent()) {
                return existing.get();
            }
            rows.put(entry.token(), entry);
            return entry;
        }

        @Override
        public synchronized Optional<VaultEntry> findByToken(String context, String token) {
            return Optional.ofNullable(rows.get(token)).filter(e -> e.context().equals(context));
        }

        @Override
        public synchronized Optional<VaultEntry> findByLookup(String context, String lookup) {
            return rows.values().stream().filter(e -> e.context().equals(context) && e.lookup().equals(lookup))
                    .findFirst();
        }

        @Override
        public synchronized int deleteSubject(SubjectId subject) {
            int before = rows.size();
            rows.values().removeIf(e -> e.subject().equals(subject));
            return before - rows.size();
        }
    }
}
