package ro.clickphone.privacy.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;
import ro.clickphone.privacy.spi.vault.VaultEntry;

class PseudonymsTest {

    static final SecretBytes ROOT = SecretBytes.copyOf(sequence(32, 0));
    static final SecretBytes ROOT_2 = SecretBytes.copyOf(sequence(32, 100));
    static final ReidentificationReason REASON =
            ReidentificationReason.of(Actor.system("fraud-review", Set.of("FRAUD_ANALYST")), "FRAUD_INVESTIGATION");

    private final List<Reidentification> logged = new ArrayList<>();
    private final Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, ROOT), PseudonymAuthorizer.unrestricted(logged::add));

    static byte[] sequence(int length, int start) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (start + i);
        }
        return bytes;
    }

    // --- keyed tokens ---

    /** Golden values computed with Python's hmac/hashlib from the documented derivation (HKDF info, HMAC, base32). */
    @Test
    void token_matchesAnIndependentImplementation() {
        assertEquals("v1.oi2jbjhcpyyqw6cc4st6vjht2r", pseudonyms.tokens("analytics").token("407212345678"));
        assertEquals("v1.typ7ectfdRyy4c01yJIU77",
                pseudonyms.tokens("fraud", TokenFormat.base64url(22)).token("407212345678"));
    }

    @Test
    void tokens_ofTwoContexts_doNotJoin_andAreStable() {
        String analytics = pseudonyms.tokens("analytics").token("407212345678");
        assertNotEquals(analytics, pseudonyms.tokens("fraud").token("407212345678"));
        Pseudonyms elsewhere = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(sequence(32, 0))),
                PseudonymAuthorizer.unrestricted(e -> { }));
        assertEquals(analytics, elsewhere.tokens("analytics").token("407212345678"));
    }

    @Test
    void token_saysItsVersion_andOldVersionsStillMatch() {
        Pseudonyms rotated = Pseudonyms.create(PseudonymKeys.of(1, ROOT).withVersion(2, ROOT_2), PseudonymAuthorizer.unrestricted(e -> { }));
        KeyedTokens tokens = rotated.tokens("analytics");
        String now = tokens.token("407212345678");
        assertTrue(now.startsWith("v2."));
        assertEquals(2, tokens.versionOf(now));
        assertEquals("v1.oi2jbjhcpyyqw6cc4st6vjht2r", tokens.tokenAtVersion("407212345678", 1));
        assertThrows(KeyUnavailableException.class, () -> tokens.tokenAtVersion("x", 3));
        assertThrows(InvalidInputException.class, () -> tokens.versionOf("v1.ABC"));
    }

    @Test
    void token_lengthAndAlphabet_followTheFormat() {
        String token = pseudonyms.tokens("analytics", TokenFormat.base32(13)).token("x");
        assertTrue(token.matches("v1\\.[a-z2-7]{13}"), token);
        assertThrows(InvalidInputException.class, () -> TokenFormat.base32(12));
        assertThrows(InvalidInputException.class, () -> TokenFormat.base64url(43));
        assertThrows(InvalidInputException.class, () -> pseudonyms.tokens("Analytics"));
        assertThrows(InvalidInputException.class, () -> pseudonyms.tokens("analytics").token(""));
    }

    @Test
    void token_withNormalization_joinsSpellings() {
        KeyedTokens tokens = pseudonyms.tokens("analytics");
        assertEquals(tokens.token(Normalization.EMAIL, "Ion.Popescu@Example.RO"),
                tokens.token(Normalization.EMAIL, " ion.popescu@example.ro "));
    }

    @Test
    void phoneToken_joinsNationalAndInternationalForms() {
        KeyedTokens tokens = pseudonyms.tokens("analytics");
        assertEquals(tokens.token("+40721234567"), tokens.phoneToken("0721 234 567", "RO"));
        assertEquals(tokens.phoneToken("+40 721 234 567", "DE"), tokens.phoneToken("(0721) 234-567", "RO"));
        assertThrows(InvalidInputException.class, () -> tokens.phoneToken("+40 721 234 56", "RO"));
        assertThrows(InvalidInputException.class, () -> tokens.phoneToken("+40721234567", "XX"));
    }

    @Test
    void rootKeys_canLiveWrappedByTheKeyEncryptionKeys() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kek", ".p12");
        java.nio.file.Files.delete(file);
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file, "pw".toCharArray(), "kek");
        ro.clickphone.privacy.spi.keys.WrappedKey v1 = PseudonymKeys.newWrappedRootKey(kek);
        ro.clickphone.privacy.spi.keys.WrappedKey v2 = PseudonymKeys.newWrappedRootKey(kek);
        String token = Pseudonyms.create(PseudonymKeys.ofWrapped(1, kek, v1), PseudonymAuthorizer.unrestricted(e -> { })).tokens("analytics").token("x");
        assertEquals(token, Pseudonyms.create(PseudonymKeys.ofWrapped(1, kek, v1), PseudonymAuthorizer.unrestricted(e -> { })).tokens("analytics").token("x"));
        PseudonymKeys both = PseudonymKeys.ofWrapped(1, kek, v1).withWrappedVersion(2, kek, v2);
        assertEquals(2, both.currentVersion());
        assertEquals(token, Pseudonyms.create(both, PseudonymAuthorizer.unrestricted(e -> { })).tokens("analytics").tokenAtVersion("x", 1));
        assertFalse(v1.toString().isEmpty());
        assertThrows(InvalidInputException.class, () -> PseudonymKeys.ofWrapped(1, null, v1));
    }

    // --- phone numbers ---

    @Test
    void phone_keepsCountryPrefixAndLength_andReverses() {
        PhonePseudonymizer phones = pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
        String pseudonym = phones.pseudonymize("+40 721 234 567");
        assertTrue(pseudonym.matches("\\+40721[0-9]{6}"), pseudonym);
        assertNotEquals("+40721234567", pseudonym);
        assertEquals(pseudonym, phones.pseudonymize("0721.234.567"));
        assertEquals(pseudonym, phones.pseudonymize("(0721) 234-567"));
        assertEquals("+40721234567", phones.reidentify(pseudonym, REASON));
        assertEquals(1, logged.size());
        assertEquals(Technique.FF1_PHONE, logged.get(0).technique());
        assertEquals("analytics", logged.get(0).context());
        assertEquals("FRAUD_INVESTIGATION", logged.get(0).reason().code());
    }

    @Test
    void phone_isABijection_onAPrefix() {
        PhonePseudonymizer phones = pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            String number = String.format("+40721%06d", random.nextInt(1_000_000));
            String pseudonym = phones.pseudonymize(number);
            assertEquals(number, phones.reidentify(pseudonym, REASON));
            seen.add(number + ">" + pseudonym);
        }
        assertEquals(seen.stream().map(s -> s.substring(0, 12)).distinct().count(),
                seen.stream().map(s -> s.substring(13)).distinct().count());
    }

    @Test
    void phone_contextsAndCountries_differ() {
        String ro = pseudonyms.phone("analytics").pseudonymize("+40721234567");
        assertNotEquals(ro, pseudonyms.phone("fraud").pseudonymize("+40721234567"));
        String de = pseudonyms.phone("analytics").pseudonymize("+4915123456789");
        assertTrue(de.startsWith("+49") && de.length() == "+4915123456789".length(), de);
        String it = pseudonyms.phone("analytics").pseudonymize("+390612345678");
        assertTrue(it.startsWith("+39"), it);
        assertEquals("+390612345678", pseudonyms.phone("analytics").reidentify(it, REASON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "+40 721 234 56", "+40 721 234 567 890 123", "+999 123 456 789",
        "+40 721 234 567 ext. 12", "+40 72l 234 567", "+40 \u0667\u0662\u0661 234 567", "\uFF0B40721234567",
        "+40 \uFF17\uFF12\uFF11 234 567", "ana@example.ro",
        "+40721234567+40721234567+40721234567+40721234567+40721234567+40721234567"})
    void phone_badInput_isRefused_withoutEchoingIt(String input) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> pseudonyms.phone("analytics").pseudonymize(input));
        if (!input.isBlank()) {
            assertFalse(e.getMessage().contains(input.strip()), e.getMessage());
        }
        assertFalse(e.getMessage().contains("721"), e.getMessage());
    }

    @Test
    void phone_smallDomainConfiguration_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(4)));
        assertTrue(e.getMessage().contains("at least 6"), e.getMessage());
        PhonePseudonymizer keep3 = pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
        InvalidInputException shortNumber = assertThrows(InvalidInputException.class,
                () -> keep3.pseudonymize("+37322123456"));
        assertTrue(shortNumber.getMessage().contains("at least 6"), shortNumber.getMessage());
    }

    @Test
    void phone_reidentify_needsAReason_andALogThatWorks() {
        PhonePseudonymizer phones = pseudonyms.phone("analytics");
        String pseudonym = phones.pseudonymize("+40721234567");
        assertThrows(InvalidInputException.class, () -> phones.reidentify(pseudonym, null));
        Pseudonyms failing = Pseudonyms.create(PseudonymKeys.of(1, ROOT), PseudonymAuthorizer.unrestricted(e -> {
            throw new StoreException("audit store down", true, null);
        }));
        assertThrows(StoreException.class, () -> failing.phone("analytics").reidentify(pseudonym, REASON));
        assertThrows(InvalidInputException.class, () -> phones.reidentify("0721234567", REASON));
        assertThrows(InvalidInputException.class, () -> Pseudonyms.create(PseudonymKeys.of(1, ROOT), null));
    }

    @Test
    void phone_afterRotation_oldPseudonymsReverseWithTheirVersion() {
        String old = pseudonyms.phone("analytics").pseudonymize("+40721234567");
        Pseudonyms rotated = Pseudonyms.create(PseudonymKeys.of(1, ROOT).withVersion(2, ROOT_2), PseudonymAuthorizer.unrestricted(logged::add));
        assertNotEquals(old, rotated.phone("analytics").pseudonymize("+40721234567"));
        assertEquals("+40721234567", rotated.phone("analytics").reidentify(old, 1, REASON));
        assertEquals(1, logged.get(0).keyVersion());
    }

    /**
     * The attack: a pseudonym made under v1, reversed after the rotation without its version, decrypts
     * under v2 to a valid-looking number of someone else. With two versions held, a version-less
     * reversal is refused; the version-less call stays for a service that holds one version.
     */
    @Test
    void phone_afterRotation_versionlessReversal_isRefused() {
        String old = pseudonyms.phone("analytics").pseudonymize("+40721234567");
        Pseudonyms rotated = Pseudonyms.create(PseudonymKeys.of(1, ROOT).withVersion(2, ROOT_2), PseudonymAuthorizer.unrestricted(logged::add));
        PhonePseudonymizer phones = rotated.phone("analytics");
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> phones.reidentify(old, REASON));
        assertTrue(refused.getMessage().contains("version"), refused.getMessage());
        assertFalse(refused.getMessage().contains(old.substring(3)), refused.getMessage());
        assertTrue(logged.isEmpty(), "nothing was re-identified, so nothing is logged as done");
        assertEquals("+40721234567", phones.reidentify(old, 1, REASON));
        assertEquals("+40721234567", pseudonyms.phone("analytics").reidentify(old, REASON));
    }

    @Test
    void ip_afterRotation_versionlessReversal_isRefused() {
        String old = pseudonyms.ip("fraud").pseudonymize("192.0.2.17");
        String oldV6 = pseudonyms.ip("fraud").pseudonymize("2001:db8::1");
        Pseudonyms rotated = Pseudonyms.create(PseudonymKeys.of(1, ROOT).withVersion(2, ROOT_2), PseudonymAuthorizer.unrestricted(logged::add));
        IpPseudonymizer ips = rotated.ip("fraud");
        assertThrows(InvalidInputException.class, () -> ips.reidentify(old, REASON));
        assertThrows(InvalidInputException.class, () -> ips.reidentify(oldV6, REASON));
        assertEquals("192.0.2.17", ips.reidentify(old, 1, REASON));
        assertEquals("2001:db8::1", ips.reidentify(oldV6, 1, REASON));
    }

    @Test
    void pseudonymizers_onManyThreads_agreeWithOneThread() throws Exception {
        PhonePseudonymizer phones = pseudonyms.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
        IpPseudonymizer ips = pseudonyms.ip("fraud");
        java.util.function.IntFunction<String> both = i -> phones.pseudonymize(String.format("+40721%06d", i * 37))
                + " " + ips.pseudonymize("10." + (i % 256) + "." + (i / 256) + ".1");
        List<String> sequential = java.util.stream.IntStream.range(0, 4000).mapToObj(both).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < sequential.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> both.apply(index)));
            }
            for (int i = 0; i < sequential.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- IP addresses ---

    @Test
    void ip_pseudonymizes_keepsPrefixes_andReverses() {
        IpPseudonymizer ips = pseudonyms.ip("fraud");
        String a = ips.pseudonymize("192.0.2.17");
        String b = ips.pseudonymize("192.0.2.200");
        assertEquals(a.substring(0, a.lastIndexOf('.')), b.substring(0, b.lastIndexOf('.')));
        assertEquals("192.0.2.17", ips.reidentify(a, REASON));
        String v6 = ips.pseudonymize("2001:DB8::1");
        assertTrue(v6.contains(":"), v6);
        assertEquals("2001:db8::1", ips.reidentify(v6, REASON));
        assertEquals(Technique.CRYPTO_PAN, logged.get(0).technique());
        assertNotEquals(a, pseudonyms.ip("analytics").pseudonymize("192.0.2.17"));
    }

    @Test
    void ip_mappedIpv6_isTheIpv4Address() {
        IpPseudonymizer ips = pseudonyms.ip("fraud");
        assertEquals(ips.pseudonymize("192.0.2.17"), ips.pseudonymize("::ffff:192.0.2.17"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.ro", "192.0.2", "192.0.2.256", "192.0.2.017", "1.2.3.4.5",
        "fe80::1%eth0", "2001:db8::1::2", "::ffff:192.0.2.999", "\u0661\u0669\u0662.0.2.1", " 192.0.2.1",
        "2001:0db8:0000:0000:0000:0000:0000:0001:0000"})
    void ip_badInput_isRefused(String input) {
        assertThrows(InvalidInputException.class, () -> pseudonyms.ip("fraud").pseudonymize(input));
    }

    // --- e-mail ---

    @Test
    void email_keepsOrTokenizesTheDomain() {
        String kept = pseudonyms.email("analytics", EmailOptions.defaults()).pseudonymize("Ion.Popescu@Example.RO");
        assertTrue(kept.matches("v1\\.[a-z2-7]{26}@example\\.ro"), kept);
        assertEquals(kept, pseudonyms.email("analytics", EmailOptions.defaults()).pseudonymize("ion.popescu@example.ro"));
        String hidden = pseudonyms.email("analytics", EmailOptions.defaults().withKeepDomain(false)).pseudonymize("ion.popescu@example.ro");
        assertTrue(hidden.matches("v1\\.[a-z2-7]{26}@v1\\.[a-z2-7]{26}\\.invalid"), hidden);
        assertEquals(kept.substring(0, kept.indexOf('@')), hidden.substring(0, hidden.indexOf('@')));
    }

    @Test
    void email_dotlessI_doesNotSplitAnAddress() {
        EmailPseudonymizer emails = pseudonyms.email("analytics", EmailOptions.defaults());
        assertEquals(emails.pseudonymize("info@ist.ro"), emails.pseudonymize("INFO@IST.RO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ion", "ion@", "@example.ro", "ion@@example.ro", "ion@example", ".ion@example.ro",
        "i..on@example.ro", "ion popescu@example.ro", "ioană@example.ro", "ion@exa mple.ro"})
    void email_malformed_isRefused(String input) {
        assertThrows(InvalidInputException.class,
                () -> pseudonyms.email("analytics", EmailOptions.defaults()).pseudonymize(input));
    }

    // --- token vault ---

    private VaultTokenizer vault(EnvelopeKeys keys, InMemoryTokenVaultStore store) {
        return pseudonyms.withVault(store, new FieldEncryptor(keys)).vault("partner_export", KeyScope.of("traffic"));
    }

    private static EnvelopeKeys envelopeKeys(InMemorySubjectKeyStore store) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kek", ".p12");
        java.nio.file.Files.delete(file);
        char[] password = "test-password".toCharArray();
        return EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(file, password, "kek")),
                store, java.time.Clock.systemUTC());
    }

    @Test
    void vault_tokenizesReidentifiesAndErases() throws Exception {
        InMemoryTokenVaultStore store = new InMemoryTokenVaultStore();
        VaultTokenizer tokenizer = vault(envelopeKeys(new InMemorySubjectKeyStore()), store);
        SubjectId ana = SubjectId.of("ana");
        SubjectId bob = SubjectId.of("bob");
        String token = tokenizer.tokenize(ana, "+40721234567");
        assertTrue(token.matches("vt\\.[a-z2-7]{27}"), token);
        assertEquals(token, tokenizer.tokenize(ana, "+40721234567"));
        String bobs = tokenizer.tokenize(bob, "+40721234567");
        assertNotEquals(token, bobs);
        VaultEntry entry = store.findByToken("partner_export", token).orElseThrow();
        assertFalse(new String(entry.ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("721234567"));
        assertEquals("+40721234567", tokenizer.reidentify(token, REASON));
        assertEquals(Optional.of(ana), logged.get(0).subject());
        assertEquals(1, tokenizer.erase(ana));
        assertThrows(InvalidInputException.class, () -> tokenizer.reidentify(token, REASON));
        assertEquals("+40721234567", tokenizer.reidentify(bobs, REASON));
    }

    @Test
    void vault_afterShredding_cannotReidentify() throws Exception {
        EnvelopeKeys keys = envelopeKeys(new InMemorySubjectKeyStore());
        VaultTokenizer tokenizer = vault(keys, new InMemoryTokenVaultStore());
        SubjectId ana = SubjectId.of("ana");
        String token = tokenizer.tokenize(ana, "+40721234567");
        keys.shred(ana, KeyScope.of("traffic"));
        assertThrows(KeyDestroyedException.class, () -> tokenizer.reidentify(token, REASON));
        assertTrue(logged.isEmpty());
    }

    /** Item 12: the look-up key comes from the subject's data key, so a shred ends tokenizing too. */
    @Test
    void vault_afterShredding_tokenizeThrowsKeyDestroyed() throws Exception {
        EnvelopeKeys keys = envelopeKeys(new InMemorySubjectKeyStore());
        VaultTokenizer tokenizer = vault(keys, new InMemoryTokenVaultStore());
        SubjectId ana = SubjectId.of("ana");
        tokenizer.tokenize(ana, "+40721234567");
        keys.shred(ana, KeyScope.of("traffic"));
        assertThrows(KeyDestroyedException.class, () -> tokenizer.tokenize(ana, "+40721234567"));
        assertThrows(KeyDestroyedException.class, () -> tokenizer.tokenize(ana, "+40729999999"));
    }

    /**
     * The attacker holds a vault backup and the pseudonymization root keys, and guesses numbers of a
     * shredded subject. Before, the look-up was an HMAC under a root-derived key: one guess per
     * number found the row. Now the same root keys with another subject key store give other
     * look-ups, and the old root-derived look-up matches nothing.
     */
    @Test
    void vault_storedLookup_cannotBeRecomputedFromTheRootKeys() throws Exception {
        InMemoryTokenVaultStore backup = new InMemoryTokenVaultStore();
        EnvelopeKeys keys = envelopeKeys(new InMemorySubjectKeyStore());
        SubjectId ana = SubjectId.of("ana");
        String token = vault(keys, backup).tokenize(ana, "+40721234567");
        keys.shred(ana, KeyScope.of("traffic"));
        String stored = backup.findByToken("partner_export", token).orElseThrow().lookup();

        byte[] rootDerived = pseudonyms.keysForTest().derive(Technique.VAULT.label(), "partner_export", 1, 32);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(rootDerived, "HmacSHA256"));
        mac.update(ana.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        mac.update((byte) 0);
        String guessed = java.util.HexFormat.of().formatHex(
                mac.doFinal("+40721234567".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertNotEquals(guessed, stored);

        InMemoryTokenVaultStore other = new InMemoryTokenVaultStore();
        String again = vault(envelopeKeys(new InMemorySubjectKeyStore()), other).tokenize(ana, "+40721234567");
        assertNotEquals(stored, other.findByToken("partner_export", again).orElseThrow().lookup());
    }

    // --- authorisation ---

    /** An authorizer that records what it is asked and refuses whatever the test says. */
    private static final class Recording implements PseudonymAuthorizer {
        final List<String> calls = new ArrayList<>();
        final List<String> revealed = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean requiresActor() {
            return true;
        }

        @Override
        public void authorizePseudonymization(Pseudonymization request) {
            calls.add("forward " + request.context());
            if (refuse) {
                throw new ro.clickphone.privacy.spi.PolicyViolationException("refused");
            }
        }

        @Override
        public void authorizeReidentification(Reidentification request) {
            calls.add("reverse " + request.context() + " v" + request.keyVersion());
            if (refuse) {
                throw new ro.clickphone.privacy.spi.PolicyViolationException("refused");
            }
        }

        @Override
        public void recordReidentification(Reidentification request, String revealedValue) {
            calls.add("done " + request.context());
            revealed.add(revealedValue);
        }

        @Override
        public void recordUnboundRefusal(Technique technique, String context, Optional<SubjectId> erasureOf) {
            calls.add("unbound " + technique.label() + " " + context + (erasureOf.isPresent() ? " erase" : ""));
        }

        @Override
        public void recordErasure(Pseudonymization by, SubjectId subject, int erased) {
            calls.add("erased " + by.context() + " " + erased);
        }
    }

    @Test
    void reversal_refusedByTheAuthorizer_returnsNothing() {
        Recording authorizer = new Recording();
        Pseudonyms guarded = Pseudonyms.create(PseudonymKeys.of(1, ROOT), authorizer);
        String pseudonym = pseudonyms.phone("fraud").pseudonymize("+40721234567");
        String ip = pseudonyms.ip("fraud").pseudonymize("192.0.2.17");
        authorizer.refuse = true;
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class,
                () -> guarded.phone("fraud").reidentify(pseudonym, 1, REASON));
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class,
                () -> guarded.ip("fraud").reidentify(ip, 1, REASON));
        assertEquals(List.of("reverse fraud v1", "reverse fraud v1"), authorizer.calls);
        assertTrue(authorizer.revealed.isEmpty());
        authorizer.refuse = false;
        assertEquals("+40721234567", guarded.phone("fraud").reidentify(pseudonym, 1, REASON));
        assertEquals(List.of("+40721234567"), authorizer.revealed);
    }

    @Test
    void forward_needsABoundActor_decidedOncePerContextAndBinding() {
        Recording authorizer = new Recording();
        Pseudonyms guarded = Pseudonyms.create(PseudonymKeys.of(1, ROOT), authorizer);
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class,
                () -> guarded.phone("fraud").pseudonymize("+40721234567"));
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class,
                () -> guarded.ip("fraud").pseudonymize("192.0.2.17"));
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class, () -> guarded.tokens("fraud"));
        assertEquals(List.of("unbound ff1-phone fraud", "unbound crypto-pan fraud", "unbound token fraud"),
                authorizer.calls, "every refusal is handed to the authorizer to record");
        authorizer.calls.clear();

        Pseudonyms run = guarded.as(Actor.system("cdr-export", Set.of("ANALYTICS_JOB")));
        String p = run.phone("fraud").pseudonymize("+40721234567");
        run.phone("fraud", PhoneOptions.defaults().withKeepLeadingDigits(3)).pseudonymize("+40721234567");
        run.ip("fraud").pseudonymize("192.0.2.17");
        run.tokens("fraud").token("x");
        assertEquals(List.of("forward fraud"), authorizer.calls, "one decision for the run, not one per value");
        assertEquals(p, pseudonyms.phone("fraud").pseudonymize("+40721234567"));

        authorizer.refuse = true;
        Pseudonyms refused = guarded.as(Actor.system("other-job", Set.of("NOTHING")));
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class, () -> refused.phone("fraud"));
        assertThrows(ro.clickphone.privacy.spi.PolicyViolationException.class, () -> refused.tokens("fraud"));
        assertThrows(InvalidInputException.class, () -> guarded.as(null));
        assertThrows(InvalidInputException.class, () -> PseudonymAuthorizer.unrestricted(null));
    }

    // --- generalization ---

    @Test
    void generalization_cutsTimesInTheZone() {
        ZoneId bucharest = ZoneId.of("Europe/Bucharest");
        Instant t = Instant.parse("2026-03-29T00:59:59Z");   // 03:59:59 local, the night clocks go forward
        assertEquals(Instant.parse("2026-03-29T00:00:00Z"), Generalization.truncate(t, TimeGranularity.HOUR, bucharest));
        assertEquals(Instant.parse("2026-03-28T22:00:00Z"), Generalization.truncate(t, TimeGranularity.DAY, bucharest));
        assertEquals(Instant.parse("2026-03-22T22:00:00Z"), Generalization.truncate(t, TimeGranularity.WEEK, bucharest));
    }

    @Test
    void generalization_cutsNetworks_andBucketsDurations() {
        assertEquals("192.0.2.0", Generalization.ipPrefix("192.0.2.17", 24, 48));
        assertEquals("2001:db8:85a3::", Generalization.ipPrefix("2001:db8:85a3:8d3:1319:8a2e:370:7348", 24, 48));
        assertThrows(InvalidInputException.class, () -> Generalization.ipPrefix("192.0.2.17", 33, 48));
        DurationBuckets buckets = DurationBuckets.callDurations();
        assertEquals("PT0S-PT30S", buckets.bucket(Duration.ZERO));
        assertEquals("PT1M-PT5M", buckets.bucket(Duration.ofSeconds(192)));
        assertEquals("PT1M-PT5M", buckets.bucket(Duration.ofSeconds(60)));
        assertEquals("PT1H+", buckets.bucket(Duration.ofHours(3)));
        assertThrows(InvalidInputException.class, () -> buckets.bucket(Duration.ofSeconds(-1)));
        assertThrows(InvalidInputException.class, () -> DurationBuckets.of(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void toStrings_holdNoKeyOrValue() {
        PseudonymKeys keys = PseudonymKeys.of(1, SecretBytes.random(32, new SecureRandom()));
        assertFalse(keys.toString().contains("0001020304"));
        String all = pseudonyms + " " + pseudonyms.phone("analytics") + " " + pseudonyms.ip("fraud") + " "
                + pseudonyms.tokens("analytics") + " " + REASON;
        assertFalse(all.contains("721234567"), all);
    }
}
