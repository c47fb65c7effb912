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
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Format version 2 (a record id in the associated data), computed with Python's cryptography
     * AESGCM and AESGCMSIV from docs/FORMAT.md.
     */
    @Test
    void goldenVector_v2WithRecordId() {
        FieldContext order = EMAIL.withRecordId("order-1");
        byte[] binary = goldenSeal(order);
        assertEquals("02010770726f66696c65000000016465666768696a6b6c6d6e6f2975bf261c9137f34e0e3ac6a80a69a7e04a853fe1"
                + "dda086e6f999827184", HexFormat.of().formatHex(binary));
        assertEquals("cpf.AgEHcHJvZmlsZQAAAAFkZWZnaGlqa2xtbm8pdb8mHJE3804OOsaoCmmn4EqFP-HdoIbm-ZmCcYQ",
                FieldEncryptor.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(binary));
        assertEquals("02020770726f66696c65000000016465666768696a6b6c6d6e6f7a498820bfe2e3cfe24c978bca3ebb56af8b4fd9"
                + "fa083c558a5752de3057", HexFormat.of().formatHex(goldenSeal(order.withAlgorithm(
                        FieldAlgorithm.AES_256_GCM_SIV))));
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
    void valueMovedBetweenTwoRecordsOfOneSubject_failsWithIntegrityException() {
        FieldContext first = EMAIL.withRecordId("order-1");
        FieldContext second = EMAIL.withRecordId("order-2");
        String stored = fields.encrypt(ANA, first, VALUE);
        assertEquals(VALUE, fields.decrypt(ANA, first, stored));
        for (FieldContext elsewhere : List.of(second, EMAIL, first.withRecordId("order-10"))) {
            IntegrityException e = assertThrows(IntegrityException.class, () -> fields.decrypt(ANA, elsewhere, stored));
            assertEquals("The value could not be decrypted for this subject and field", e.getMessage());
        }
        assertEquals(1, Base64.getUrlDecoder().decode(fields.encrypt(ANA, EMAIL, VALUE).substring(4))[0],
                "without a record id the format stays version 1");
        assertEquals(2, Base64.getUrlDecoder().decode(stored.substring(4))[0]);
    }

    @Test
    void valueWrittenWithoutRecordId_stillReads_andReencryptBindsIt() {
        FieldContext order = EMAIL.withRecordId("order-1");
        String old = fields.encrypt(ANA, EMAIL, VALUE);
        assertEquals(VALUE, fields.decrypt(ANA, order, old), "old data still reads");
        String bound = fields.reencrypt(ANA, order, old);
        assertEquals(2, Base64.getUrlDecoder().decode(bound.substring(4))[0]);
        assertEquals(VALUE, fields.decrypt(ANA, order, bound));
        assertThrows(IntegrityException.class, () -> fields.decrypt(ANA, EMAIL.withRecordId("order-2"), bound));
        assertEquals(bound, fields.reencrypt(ANA, order, bound), "already current");
        assertFalse(order.toString().contains("order-1"), order.toString());
        assertThrows(InvalidInputException.class, () -> EMAIL.withRecordId(""));
        assertThrows(InvalidInputException.class, () -> EMAIL.withRecordId("has space"));
        assertThrows(InvalidInputException.class, () -> EMAIL.withRecordId(null));
    }

    /**
     * docs/FORMAT.md: any edited header byte of a stored value fails as the same
     * IntegrityException, whatever the byte (version, algorithm, scope length, scope, key version).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyEditedHeaderByte_failsAsTheSameIntegrityException(boolean withRecordId) {
        FieldContext context = withRecordId ? EMAIL.withRecordId("order-1") : EMAIL;
        byte[] c = fields.encrypt(ANA, context, VALUE.getBytes(StandardCharsets.UTF_8));
        assertEquals(withRecordId ? 2 : 1, c[0]);
        int headerLength = 3 + PROFILE.name().length() + 4;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < headerLength; i++) {
            for (int mask : new int[] {0x01, 0x03, 0x80, 0xff}) {
                byte[] edited = c.clone();
                edited[i] ^= (byte) mask;
                try {
                    fields.decrypt(ANA, context, edited);
                    wrong.add("byte " + i + " ^ " + mask + ": decrypted");
                } catch (IntegrityException e) {
                    if (!e.getMessage().equals("The value could not be decrypted for this subject and field")) {
                        wrong.add("byte " + i + " ^ " + mask + ": " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    wrong.add("byte " + i + " ^ " + mask + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void nonCanonicalBase64url_isRefused() {
        String stored = fields.encrypt(ANA, EMAIL, VALUE);
        String body = stored.substring(4);
        assertTrue(body.length() % 4 != 0, "the golden value needs padding in padded Base64");
        String padded = stored + "=".repeat(4 - body.length() % 4);
        char last = body.charAt(body.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // The last character carries unused low bits; setting one gives another text for the same bytes.
        String nonCanonical = stored.substring(0, stored.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertNotEquals(stored, nonCanonical);
        for (String bad : List.of(padded, nonCanonical, stored + "\n", " " + stored, stored.substring(0, 20) + " "
                + stored.substring(20), stored.replace('-', '+').replace('_', '/') + (body.contains("-")
                        || body.contains("_") ? "" : "+"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> fields.decrypt(ANA, EMAIL, bad));
            assertFalse(e.getMessage().contains(body.substring(0, 8)), e.getMessage());
        }
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, stored));
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

    /**
     * The attacker holds the kit's encryptor and builds a context by hand for a field its owner
     * refuses (SMS content: "numerele de telefon unde s-au transmis mesajele SMS dar nu si
     * continutul mesajelor SMS"), or keeps a context from before the owner closed a field. The
     * guard is asked at every call: writes and re-encryptions through checkWrite, reads through
     * checkRead, each apart.
     */
    @Test
    void guardedEncryptor_asksItsGuardAtEveryCall_writesAndReadsApart() {
        AtomicBoolean writesClosed = new AtomicBoolean(false);
        AtomicBoolean readsClosed = new AtomicBoolean(false);
        List<String> asked = new ArrayList<>();
        FieldEncryptor guarded = new FieldEncryptor(keys, new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
                asked.add("write " + context.field());
                if (writesClosed.get() || context.field().equals("sms_content")) {
                    throw new PolicyViolationException("Field " + context.entity() + "." + context.field() + " is closed");
                }
            }

            @Override
            public void checkRead(FieldContext context) {
                asked.add("read " + context.field());
                if (readsClosed.get() || context.field().equals("sms_content")) {
                    throw new PolicyViolationException("Field " + context.entity() + "." + context.field() + " is closed");
                }
            }
        });
        FieldContext sms = FieldContext.of("sms", "sms_content", KeyScope.of("traffic"));
        String smsStored = fields.encrypt(ANA, sms, "Salut, Ana");
        for (Runnable call : List.<Runnable>of(() -> guarded.encrypt(ANA, sms, "Salut, Ana"),
                () -> guarded.encrypt(ANA, sms, new byte[1]), () -> guarded.decrypt(ANA, sms, smsStored),
                () -> guarded.reencrypt(ANA, sms, smsStored))) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class, call::run);
            assertTrue(e.getMessage().contains("sms.sms_content"), e.getMessage());
        }

        String stored = guarded.encrypt(ANA, EMAIL, VALUE);
        assertEquals(stored, fields.reencrypt(ANA, EMAIL, stored), "the guard does not enter the ciphertext");
        assertEquals(VALUE, fields.decrypt(ANA, EMAIL, stored));
        writesClosed.set(true);
        assertThrows(PolicyViolationException.class, () -> guarded.encrypt(ANA, EMAIL, VALUE), "asked at each call");
        assertThrows(PolicyViolationException.class, () -> guarded.reencrypt(ANA, EMAIL, stored),
                "re-encryption renews a value: a write");
        assertEquals(VALUE, guarded.decrypt(ANA, EMAIL, stored), "reads are the guard's own decision");
        readsClosed.set(true);
        assertThrows(PolicyViolationException.class, () -> guarded.decrypt(ANA, EMAIL, stored));
        assertTrue(asked.containsAll(List.of("write email", "read email", "write sms_content", "read sms_content")),
                asked.toString());

        // The card-number declaration is the guard's to judge too: it sees the whole context.
        FieldContext declared = FieldContext.of("payment", "pan", PROFILE).withCardNumbersAllowed();
        FieldEncryptor noCards = new FieldEncryptor(keys, new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
                if (context.cardNumbersAllowed()) {
                    throw new PolicyViolationException("Field " + context.entity() + "." + context.field()
                            + " is declared for card numbers");
                }
            }

            @Override
            public void checkRead(FieldContext context) {
                checkWrite(context);
            }
        });
        String pan = fields.encrypt(ANA, declared, "4111111111111111");
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> noCards.decrypt(ANA, declared, pan));
        assertFalse(e.getMessage().contains("4111"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> noCards.encrypt(ANA, declared, "4111111111111111"));
        assertThrows(InvalidInputException.class, () -> new FieldEncryptor(keys, null));
        assertEquals("FieldContextGuard.none()", FieldContextGuard.none().toString());
    }

    @Test
    void reservedEntity_isRefusedBeforeTheGuard_evenForReencryption() {
        List<String> asked = new ArrayList<>();
        FieldEncryptor guarded = new FieldEncryptor(keys, new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
                asked.add(context.field());
            }

            @Override
            public void checkRead(FieldContext context) {
                asked.add(context.field());
            }
        });
        FieldContext vault = FieldContext.of("token_vault", "partner_export", PROFILE);
        assertThrows(InvalidInputException.class, () -> guarded.reencrypt(ANA, vault, "cpf.AAAA"));
        assertThrows(InvalidInputException.class, () -> guarded.encrypt(ANA, vault, VALUE));
        assertEquals(List.of(), asked);
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
