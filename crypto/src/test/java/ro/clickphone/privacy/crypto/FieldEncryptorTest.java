package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

class FieldEncryptorTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOGDAN = SubjectId.of("acct-2077");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);
    private static final String VALUE = "ana@example.ro";

    @TempDir
    Path dir;

    private EnvelopeKeys keys;
    private FieldEncryptor fields;

    @BeforeEach
    void setUp() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        keys = EnvelopeKeys.create(kek, new InMemorySubjectKeyStore(), Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime);
        fields = new FieldEncryptor(keys);
    }

    /**
     * docs/FORMAT.md "Field ciphertext": the expected bytes were computed by an independent
     * implementation of the documented format (Python, the cryptography package's AESGCM).
     */
    @Test
    void goldenVector_formatIsFrozen() {
        byte[] binary = goldenSeal(EMAIL);
        assertEquals("01010770726f66696c65000000016465666768696a6b6c6d6e6f2975bf261c9137f34e0e3ac6a80a58b2c9906b03664f"
                + "d1d6e308ce9f8845", HexFormat.of().formatHex(binary));
        assertEquals("cpf.AQEHcHJvZmlsZQAAAAFkZWZnaGlqa2xtbm8pdb8mHJE3804OOsaoCliyyZBrA2ZP0dbjCM6fiEU",
                FieldEncryptor.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(binary));
    }

    /** The same for AES-GCM-SIV (algorithm byte 2), computed with Python's cryptography AESGCMSIV. */
    @Test
    void goldenVector_gcmSiv() {
        byte[] binary = goldenSeal(EMAIL.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV));
        assertEquals("01020770726f66696c65000000016465666768696a6b6c6d6e6fca5cf1ab1382a8424143ea7b6741781f094e93cc51"
                + "bc9b9e402cb8e1b93c", HexFormat.of().formatHex(binary));
    }

    /** Seals {@code VALUE} for Ana under key version 1 with the golden vectors' key (bytes 0..31) and nonce (100..111). */
    private static byte[] goldenSeal(FieldContext field) {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) (100 + i);
        }
        return FieldEncryptor.seal(ANA, field, new EnvelopeKeys.DataKey(1, key), nonce, VALUE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gcmSiv_roundTripsAndOldGcmValuesStillDecryptWhateverTheFieldSetting() {
        FieldContext siv = EMAIL.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV);
        String gcmValue = fields.encrypt(ANA, EMAIL, VALUE);
        String sivValue = fields.encrypt(ANA, siv, VALUE);
        assertEquals(VALUE, fields.decrypt(ANA, siv, sivValue));
        assertEquals(VALUE, fields.decrypt(ANA, siv, gcmValue));
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, sivValue));
        assertThrows(IntegrityException.class, () -> fields.decrypt(BOGDAN, siv, sivValue));
        byte[] c = fields.encrypt(ANA, siv, VALUE.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < c.length; i++) {
            byte[] flipped = c.clone();
            flipped[i] ^= 1;
            assertThrows(PrivacyException.class, () -> fields.decrypt(ANA, siv, flipped), "byte " + i);
        }
    }

    @Test
    void gcmSiv_aRepeatedNonceRevealsOnlyEquality() {
        FieldContext siv = EMAIL.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV);
        EnvelopeKeys.DataKey key = new EnvelopeKeys.DataKey(1, new byte[32]);
        byte[] nonce = new byte[12];
        byte[] a = FieldEncryptor.seal(ANA, siv, key, nonce, "same".getBytes(StandardCharsets.UTF_8));
        byte[] b = FieldEncryptor.seal(ANA, siv, key, nonce, "same".getBytes(StandardCharsets.UTF_8));
        byte[] c = FieldEncryptor.seal(ANA, siv, key, nonce, "samf".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(a, b);
        // Under GCM a repeated nonce would xor the plaintexts; under GCM-SIV the bodies differ entirely.
        int differing = 0;
        for (int i = 3 + 7 + 4 + 12; i < a.length; i++) {
            differing += a[i] != c[i] ? 1 : 0;
        }
        assertTrue(differing > 10, "differing bytes: " + differing);
    }

    @Test
    void roundTrip_textAndBytes() {
        String stored = fields.encrypt(ANA, EMAIL, VALUE);
        assertTrue(stored.startsWith("cpf."));
        assertFalse(stored.contains("example"));
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, stored));
        byte[] audio = new byte[4096];
        audio[7] = 42;
        assertArrayEquals(audio, fields.decrypt(ANA, EMAIL, fields.encrypt(ANA, EMAIL, audio)));
        assertEquals("", fields.decrypt(ANA, EMAIL, fields.encrypt(ANA, EMAIL, "")));
        assertEquals("Ștefan Țăranu ✓", fields.decrypt(ANA, EMAIL, fields.encrypt(ANA, EMAIL, "Ștefan Țăranu ✓")));
        assertNotEquals(fields.encrypt(ANA, EMAIL, VALUE), fields.encrypt(ANA, EMAIL, VALUE), "random nonces");
    }

    @Test
    void valueMovedToAnotherSubjectEntityOrField_failsToDecrypt() {
        String stored = fields.encrypt(ANA, EMAIL, VALUE);
        List<Runnable> moves = List.of(
                () -> fields.decrypt(BOGDAN, EMAIL, stored),
                () -> fields.decrypt(ANA, FieldContext.of("account", "contact_phone", PROFILE), stored),
                () -> fields.decrypt(ANA, FieldContext.of("delivery", "email", PROFILE), stored),
                () -> fields.decrypt(ANA, FieldContext.of("account", "email", KeyScope.of("traffic")), stored));
        for (Runnable move : moves) {
            IntegrityException e = assertThrows(IntegrityException.class, move::run);
            assertEquals("The value could not be decrypted for this subject and field", e.getMessage());
        }
    }

    @Test
    void everyBitFlipAndEveryTruncation_isRejected() {
        byte[] c = fields.encrypt(ANA, EMAIL, VALUE.getBytes(StandardCharsets.UTF_8));
        int checked = 0;
        for (int i = 0; i < c.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = c.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertThrows(PrivacyException.class, () -> fields.decrypt(ANA, EMAIL, flipped), "byte " + i);
                checked++;
            }
        }
        for (int length = 0; length < c.length; length++) {
            byte[] truncated = Arrays.copyOf(c, length);
            assertThrows(PrivacyException.class, () -> fields.decrypt(ANA, EMAIL, truncated), "length " + length);
        }
        assertEquals(c.length * 8, checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cpf.", "plaintext@example.ro", "cpf.!!!not-base64!!!", "cpf.AQ", "cpf.AgEHcHJvZmlsZQ",
        "cpf.AQkHcHJvZmlsZQAAAAFkZWZnaGlqa2xtbm8pdb8mHJE3804OOsaoCliyyZBrA2ZP0dbjCM6fiEU",
        "cpf.AQEHcHJvZmlsZQ", "cpf.AQEAcHJvZmlsZQAAAAFkZWZnaGlqa2xtbm8pdb8mHJE3804OOsaoCliyyZBrA2ZP0dbjCM6fiEU"})
    void malformedCiphertext_givesATypedExceptionWithoutContent(String ciphertext) {
        PrivacyException e = assertThrows(PrivacyException.class, () -> fields.decrypt(ANA, EMAIL, ciphertext));
        assertTrue(e instanceof InvalidInputException || e instanceof IntegrityException, e.getClass().getName());
        if (ciphertext.length() > 6) {
            assertFalse(e.getMessage().contains(ciphertext.substring(4)), e.getMessage());
        }
    }

    @Test
    void oversizeInput_isRefused() {
        assertThrows(InvalidInputException.class,
                () -> fields.encrypt(ANA, EMAIL, new byte[FieldEncryptor.MAX_PLAINTEXT_BYTES + 1]));
        assertThrows(InvalidInputException.class,
                () -> fields.decrypt(ANA, EMAIL, "cpf." + "A".repeat(200_000)));
    }

    @Test
    void unknownKeyVersion_looksLikeAnyOtherMismatch() {
        byte[] c = fields.encrypt(ANA, EMAIL, new byte[] {1});
        c[3 + 7 + 3] = 9;
        assertThrows(IntegrityException.class, () -> fields.decrypt(ANA, EMAIL, c));
    }

    @Test
    void shredding_makesEveryValueUnreadable() {
        String stored = fields.encrypt(ANA, EMAIL, VALUE);
        FieldContext invoice = FieldContext.of("invoice", "buyer_name", KeyScope.of("fiscal"));
        String fiscal = fields.encrypt(ANA, invoice, "Ana Pop");
        keys.shred(ANA, PROFILE);
        assertThrows(KeyDestroyedException.class, () -> fields.decrypt(ANA, EMAIL, stored));
        assertThrows(KeyDestroyedException.class, () -> fields.encrypt(ANA, EMAIL, VALUE));
        assertEquals("Ana Pop", fields.decrypt(ANA, invoice, fiscal), "the fiscal scope is kept");
    }

    @Test
    void rotation_oldValuesDecrypt_reencryptUpgrades() {
        String v1 = fields.encrypt(ANA, EMAIL, VALUE);
        keys.rotate(ANA, PROFILE);
        String v2 = fields.encrypt(ANA, EMAIL, VALUE);
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, v1));
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, v2));
        String upgraded = fields.reencrypt(ANA, EMAIL, v1);
        assertNotEquals(v1, upgraded);
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, upgraded));
        assertEquals(2, Base64.getUrlDecoder().decode(upgraded.substring(4))[3 + 7 + 3]);
        assertEquals(upgraded, fields.reencrypt(ANA, EMAIL, upgraded), "already current");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559",
        "378282246310005", "6011111111111117", "4000056655665556"})
    void cardNumbers_areRefusedUnlessTheFieldIsDeclaredForThem(String pan) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> fields.encrypt(ANA, EMAIL, pan));
        assertFalse(e.getMessage().contains(pan));
        assertTrue(e.getMessage().contains("PayU"));
        FieldContext declared = FieldContext.of("payment", "pan", PROFILE).withCardNumbersAllowed();
        assertEquals(pan, fields.decrypt(ANA, declared, fields.encrypt(ANA, declared, pan)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "0721234567", "+40721234567", "1234", "4111 1111 1111 111x",
        "12345678901234567890"})
    void nonCardNumbers_areEncrypted(String value) {
        assertEquals(value, fields.decrypt(ANA, EMAIL, fields.encrypt(ANA, EMAIL, value)));
    }

    @Test
    void nullArguments_areInvalidInput() {
        assertThrows(InvalidInputException.class, () -> fields.encrypt(null, EMAIL, VALUE));
        assertThrows(InvalidInputException.class, () -> fields.encrypt(ANA, null, VALUE));
        assertThrows(InvalidInputException.class, () -> fields.encrypt(ANA, EMAIL, (String) null));
        assertThrows(InvalidInputException.class, () -> fields.decrypt(ANA, EMAIL, (byte[]) null));
        assertThrows(InvalidInputException.class, () -> FieldContext.of("Account", "email", PROFILE));
        assertThrows(InvalidInputException.class, () -> new FieldEncryptor(null));
        List<String> texts = new ArrayList<>();
        texts.add(fields.toString());
        texts.add(EMAIL.toString());
        texts.forEach(t -> assertFalse(t.contains(VALUE)));
    }
}
