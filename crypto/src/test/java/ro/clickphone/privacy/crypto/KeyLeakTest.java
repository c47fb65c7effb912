package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.DeterministicEncryptor;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/** Key material never appears in toString() or exception messages, in hex or Base64. */
class KeyLeakTest {

    @TempDir
    Path dir;

    @Test
    void noKeyMaterialInTextsOrMessages() {
        InMemorySubjectKeyStore store = new InMemorySubjectKeyStore();
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "password-1234".toCharArray(), "kek");
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC());
        SubjectId ana = SubjectId.of("acct-1042");
        FieldContext email = FieldContext.of("account", "email", KeyScope.of("profile"));
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(ana, email, "ana@example.ro");
        EnvelopeKeys.DataKey dataKey = keys.current(ana, email.scope());
        byte[] material = dataKey.key.getEncoded();
        SecretBytes searchKey = SecretBytes.copyOf(new byte[] {
            11, 22, 33, 44, 55, 66, 77, 88, 99, 110, 121, 12, 23, 34, 45, 56, 67, 78, 89, 100, 111, 122, 13, 24, 35, 46,
            57, 68, 79, 90, 101, 112});
        List<String> texts = new ArrayList<>();
        texts.add(keys.toString());
        texts.add(kek.toString());
        texts.add(fields.toString());
        texts.add(dataKey.toString());
        texts.add(searchKey.toString());
        texts.add(BlindIndex.create(searchKey).toString());
        texts.add(BlindIndex.create(searchKey).field("account", "email", Normalization.EMAIL, 64).toString());
        texts.add(DeterministicEncryptor.create(searchKey).toString());
        texts.add(DeterministicEncryptor.create(searchKey).field("account", "email", Normalization.EMAIL).toString());
        texts.add(KeySettings.of(kek).toString());
        texts.add(new StreamEncryptor(keys).toString());
        StoredKey storedKey = store.find(ana, email.scope(), 1).orElseThrow();
        texts.add(storedKey.toString());
        texts.add(storedKey.wrapped().toString());
        texts.add(assertThrows(RuntimeException.class,
                () -> fields.decrypt(SubjectId.of("acct-2"), email, stored)).getMessage());
        texts.add(assertThrows(RuntimeException.class, () -> kek.unwrap(new WrappedKey("kek", 1,
                Base64.getEncoder().encodeToString(new byte[60])))).getMessage());
        texts.add(assertThrows(RuntimeException.class, () -> Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("k.p12"),
                "wrong".toCharArray(), "kek")).getMessage());
        keys.shred(ana, email.scope());
        texts.add(assertThrows(RuntimeException.class, () -> fields.decrypt(ana, email, stored)).getMessage());
        List<String> secrets = List.of(HexFormat.of().formatHex(material), Base64.getEncoder().encodeToString(material),
                HexFormat.of().formatHex(searchKey.revealBytes()), "password-1234",
                storedKey.wrapped().ciphertext());
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "leaked in: " + text);
            }
        }
    }
}
