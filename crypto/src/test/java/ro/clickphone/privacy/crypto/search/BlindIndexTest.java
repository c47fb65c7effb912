package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.TestVectors;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;

class BlindIndexTest {

    private static final BlindIndex INDEX = BlindIndex.create(SecretBytes.copyOf(root()));

    private static byte[] root() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    /** Computed independently with Python's cryptography package (HKDF-SHA256, then HMAC-SHA256). */
    @Test
    void goldenVector() {
        assertEquals("e856f98af8a73599b71c67b32134fe1f7ae401cc591faafc4c745c92b8126265",
                INDEX.field("account", "email", Normalization.EMAIL, 256).compute("ana.pop@example.ro"));
        assertEquals("e856f98a", INDEX.field("account", "email", Normalization.EMAIL, 32).compute("ana.pop@example.ro"));
    }

    @ParameterizedTest
    @CsvSource({
        "EMAIL, ana.pop@example.ro, '  Ana.Pop@EXAMPLE.ro '",
        "EMAIL, ivan.ilic@example.ro, IVAN.ILIC@EXAMPLE.RO",
        "PHONE_E164, +40721234567, '+40 721 234 567'",
        "PHONE_E164, +40721234567, '+40 (721) 234-567'",
        "CASE_INSENSITIVE_TEXT, ion popescu, '  ION   Popescu '",
    })
    void equalValuesInDifferentSpellings_shareAnIndex(Normalization normalization, String a, String b) {
        assertEquals(INDEX.field("account", "f", normalization, 64).compute(a), INDEX.field("account", "f", normalization, 64).compute(b));
    }

    @Test
    void emailCaseFolding_isLocaleIndependent() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr", "TR"));
            // In Turkish, "I".toLowerCase() is a dotless i; the index must not care.
            assertEquals(INDEX.field("account", "email", Normalization.EMAIL, 64).compute("ivan@example.ro"),
                    INDEX.field("account", "email", Normalization.EMAIL, 64).compute("IVAN@EXAMPLE.RO"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void fieldsAndRootKeys_areSeparated() {
        String email = INDEX.field("account", "email", Normalization.EXACT, 64).compute("x");
        assertNotEquals(email, INDEX.field("account", "backup_email", Normalization.EXACT, 64).compute("x"));
        assertNotEquals(email, INDEX.field("delivery", "email", Normalization.EXACT, 64).compute("x"));
        assertNotEquals(email, INDEX.field("account", "email", Normalization.CASE_INSENSITIVE_TEXT, 64).compute("x"));
        byte[] other = root();
        other[0] = 99;
        assertNotEquals(email, BlindIndex.create(SecretBytes.copyOf(other)).field("account", "email",
                Normalization.EXACT, 64).compute("x"));
        assertNotEquals(email, INDEX.field("account", "email", Normalization.EXACT, 64).compute("y"));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 20, 32, 64, 128, 256})
    void truncation_keepsTheRequestedBits(int bits) {
        String index = INDEX.field("account", "email", Normalization.EXACT, bits).compute("ana");
        assertEquals(bits / 4, index.length());
        assertTrue(index.matches("[0-9a-f]+"));
    }

    @Test
    void badInput_isRefusedWithoutEchoingTheValue() {
        for (String bad : List.of("not-an-email", "a@b@c", "@example.ro", "ana@")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> INDEX.field("account", "email", Normalization.EMAIL, 64).compute(bad));
            assertFalse(e.getMessage().contains(bad));
        }
        for (String bad : List.of("0721234567", "+0721234567", "+40 72x 234", "+4012345678901234567")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> INDEX.field("account", "phone", Normalization.PHONE_E164, 64).compute(bad));
            assertFalse(e.getMessage().contains(bad));
        }
        assertThrows(InvalidInputException.class, () -> INDEX.field("account", "email", Normalization.EXACT, 8).compute("x"));
        assertThrows(InvalidInputException.class, () -> INDEX.field("account", "email", Normalization.EXACT, 30).compute("x"));
        assertThrows(InvalidInputException.class, () -> INDEX.field("Account", "email", Normalization.EXACT, 32).compute("x"));
        assertThrows(InvalidInputException.class, () -> INDEX.field("account", "email", null, 32).compute("x"));
        assertThrows(InvalidInputException.class, () -> INDEX.field("account", "email", Normalization.EXACT, 32).compute(null));
        assertThrows(InvalidInputException.class, () -> BlindIndex.create(SecretBytes.copyOf(new byte[16])));
        assertFalse(INDEX.toString().contains("00010203"));
    }

    /** The HKDF the per-field keys come from, against every Wycheproof HKDF-SHA256 vector. */
    @Test
    void hkdf_wycheproof() {
        List<String> failures = new ArrayList<>();
        List<TestVectors.Case> cases = TestVectors.wycheproof("hkdf_sha256_test.json");
        for (TestVectors.Case c : cases) {
            byte[] salt = c.bytes("salt");
            try {
                byte[] okm = Hkdf.derive(c.bytes("ikm"), salt.length == 0 ? null : salt, c.bytes("info"), c.intField("size"));
                if (!c.valid()) {
                    failures.add(c.id() + ": an invalid vector was accepted");
                } else if (!Arrays.equals(okm, c.bytes("okm"))) {
                    failures.add(c.id() + ": wrong output");
                }
            } catch (InvalidInputException e) {
                if (c.valid()) {
                    failures.add(c.id() + ": a valid vector was refused");
                }
            }
        }
        System.out.println("Wycheproof HKDF-SHA256: " + cases.size() + " vectors run");
        assertEquals(86, cases.size());
        assertEquals(List.of(), failures);
    }
    @Test
    void boundField_fixesWhatWritersAndReadersShare_andAgreesAcrossThreads() throws Exception {
        BlindIndexField email = INDEX.field("account", "email", Normalization.EMAIL, 64);
        assertSame(email, INDEX.field("account", "email", Normalization.EMAIL, 64), "one binding, one keyed field");
        assertNotSame(email, INDEX.field("account", "email", Normalization.EMAIL, 32));
        assertEquals("account", email.entity());
        assertEquals(64, email.bits());
        assertEquals(Normalization.EMAIL, email.normalization());
        assertEquals("BlindIndexField[account.email, EMAIL, 64 bits, current version 1]", email.toString());
        String expected = email.compute("ana.pop@example.ro");
        assertEquals(16, expected.length());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String spelling = i % 2 == 0 ? "ANA.POP@example.ro" : "ana.pop@EXAMPLE.RO";
                results.add(pool.submit(() -> email.compute(spelling)));
            }
            for (Future<String> r : results) {
                assertEquals(expected, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void guard_refusesAField_evenOneAlreadyBound_andLeavesTheIndexUnchanged() {
        SecretBytes root = SecretBytes.copyOf(root());
        BlindIndex guarded = BlindIndex.create(root, (entity, field) -> {
            if (field.equals("sms_content")) {
                throw new PolicyViolationException("Field " + entity + "." + field + " is never stored");
            }
        });
        assertEquals(INDEX.field("account", "email", Normalization.EMAIL, 64).compute("ana@example.ro"),
                guarded.field("account", "email", Normalization.EMAIL, 64).compute("ana@example.ro"),
                "the guard does not enter the key derivation");
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> guarded.field("sms", "sms_content", Normalization.EXACT, 64));
        assertTrue(e.getMessage().contains("sms.sms_content"), e.getMessage());
        // The guard is asked on every binding, not only the first: a cached binding cannot slip past it.
        List<String> asked = new ArrayList<>();
        BlindIndex counting = BlindIndex.create(root, (entity, field) -> asked.add(field));
        counting.field("account", "email", Normalization.EMAIL, 64);
        counting.field("account", "email", Normalization.EMAIL, 64);
        assertEquals(List.of("email", "email"), asked);
        assertThrows(InvalidInputException.class, () -> BlindIndex.create(root, null));
        assertThrows(InvalidInputException.class, () -> counting.field("Account", "email", Normalization.EXACT, 64));
        assertEquals(List.of("email", "email"), asked, "malformed names are refused before the guard is asked");
    }

    /**
     * The attacker bound a field while its owner still allowed it and keeps the bound object after
     * the owner closes the field (a later policy version lists it as never stored): every
     * computation asks the guard again.
     */
    @Test
    void boundField_isRefusedAtEachCompute_onceTheGuardRefusesIt() {
        AtomicBoolean closed = new AtomicBoolean(false);
        BlindIndex guarded = BlindIndex.create(SecretBytes.copyOf(root()), (entity, field) -> {
            if (closed.get()) {
                throw new PolicyViolationException("Field " + entity + "." + field + " is never stored");
            }
        });
        BlindIndexField bound = guarded.field("sms", "sms_content", Normalization.EXACT, 64);
        assertEquals(16, bound.compute("Salut").length());
        closed.set(true);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> bound.compute("Salut"));
        assertTrue(e.getMessage().contains("sms.sms_content"), e.getMessage());
        assertFalse(e.getMessage().contains("Salut"), e.getMessage());
        closed.set(false);
        assertEquals(16, bound.compute("Salut").length(), "asked at each call, not frozen at the first refusal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "5500-0055-5555-5559", "378282246310005"})
    void cardNumbers_areNeverIndexed(String pan) {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> INDEX.field("account", "email", Normalization.EXACT, 64).compute(pan));
        assertFalse(e.getMessage().contains(pan.substring(0, 4)), e.getMessage());
        assertFalse(e.getMessage().replaceAll("[^0-9]", "").contains("1111"), e.getMessage());
        assertEquals(16, INDEX.field("account", "email", Normalization.EXACT, 64).compute("4111111111111112").length(),
                "a number failing the Luhn check is indexed");
    }
}
