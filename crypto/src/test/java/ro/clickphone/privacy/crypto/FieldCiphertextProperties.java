package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/** Properties of field ciphertexts over random values, for both algorithms. */
class FieldCiphertextProperties {

    private static final FieldEncryptor FIELDS = fields();
    private static final SubjectId ANA = SubjectId.of("acct-1042");

    private static FieldEncryptor fields() {
        try {
            Path dir = Files.createTempDirectory("props");
            return new FieldEncryptor(EnvelopeKeys.create(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                    "pw".toCharArray(), "k"), new InMemorySubjectKeyStore(), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FieldContext context(boolean siv) {
        FieldContext c = FieldContext.of("account", "note", KeyScope.of("profile"));
        return siv ? c.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV) : c;
    }

    @Property(tries = 300)
    void anyValue_roundTrips(@ForAll @Size(max = 300) byte[] value, @ForAll boolean siv) {
        assertArrayEquals(value, FIELDS.decrypt(ANA, context(siv), FIELDS.encrypt(ANA, context(siv), value)));
    }

    @Property(tries = 300)
    void anySingleBitFlip_isRejected(@ForAll @Size(max = 64) byte[] value, @ForAll boolean siv,
            @ForAll @IntRange(min = 0, max = 100_000) int position) {
        byte[] c = FIELDS.encrypt(ANA, context(siv), value);
        int bit = position % (c.length * 8);
        c[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThrows(PrivacyException.class, () -> FIELDS.decrypt(ANA, context(siv), c));
    }

    @Property(tries = 300)
    void anyTruncation_isRejected(@ForAll @Size(max = 64) byte[] value, @ForAll boolean siv,
            @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] c = FIELDS.encrypt(ANA, context(siv), value);
        byte[] truncated = Arrays.copyOf(c, cut % c.length);
        assertThrows(PrivacyException.class, () -> FIELDS.decrypt(ANA, context(siv), truncated));
    }
}
