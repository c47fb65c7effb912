package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** Properties of field ciphertexts over seeded random values, for both algorithms. */
class FieldCiphertextPropertiesTest {

    private static final FieldEncryptor FIELDS = fields();
    private static final SubjectId ANA = SubjectId.of("acct-1042");

    private static FieldEncryptor fields() {
        try {
            Path dir = Files.createTempDirectory("props");
            return new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                    "pw".toCharArray(), "k")), new InMemorySubjectKeyStore(), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FieldContext context(boolean siv) {
        FieldContext c = FieldContext.of("account", "note", KeyScope.of("profile"));
        return siv ? c.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV) : c;
    }

    @Test
    void anyValue_roundTrips() {
        RandomCases.run(300, random -> {
            byte[] value = RandomCases.bytes(random, RandomCases.size(random, 0, 300));
            FieldContext context = context(random.nextBoolean());
            assertArrayEquals(value, FIELDS.decrypt(ANA, context, FIELDS.encrypt(ANA, context, value)));
        });
    }

    @Test
    void anySingleBitFlip_isRejected() {
        RandomCases.run(300, random -> {
            FieldContext context = context(random.nextBoolean());
            byte[] c = FIELDS.encrypt(ANA, context, RandomCases.bytes(random, RandomCases.size(random, 0, 64)));
            int bit = random.nextInt(c.length * 8);
            c[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(PrivacyException.class, () -> FIELDS.decrypt(ANA, context, c), () -> "bit " + bit);
        });
    }

    @Test
    void anyTruncation_isRejected() {
        RandomCases.run(300, random -> {
            FieldContext context = context(random.nextBoolean());
            byte[] c = FIELDS.encrypt(ANA, context, RandomCases.bytes(random, RandomCases.size(random, 0, 64)));
            int cut = RandomCases.size(random, 0, c.length - 1);
            byte[] truncated = Arrays.copyOf(c, cut);
            assertThrows(PrivacyException.class, () -> FIELDS.decrypt(ANA, context, truncated), () -> "cut at " + cut);
        });
    }
}
