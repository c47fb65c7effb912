package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.RewrapReport;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * Runs README.md's "Writing a KMS plugin" snippet line by line (examples' {@code ReadmeSnippetsTest}
 * checks the mirror) on the PKCS#11 token named by {@code CLICKPHONE_PRIVACY_IT_PKCS11}: field
 * encryption under an HSM KEK, a KEK rotation, the rewrap and the retirement of the old version.
 */
class ReadmeKmsPluginTest {

    private static final SubjectId SUBJECT = SubjectId.of("acct-1042");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", KeyScope.of("profile"));

    @AfterEach
    void deleteKek() throws Exception {
        SoftHsm.delete("clickphone-kek");
    }

    @Test
    void theReadmeSnippet_encryptsUnderTheHsm_rotatesRewrapsAndRetires(@TempDir Path dir) throws Exception {
        Path library = SoftHsm.library();
        String slot = System.getenv(SoftHsm.SLOT_VARIABLE);
        assertNotNull(slot, SoftHsm.SLOT_VARIABLE + " must hold the token's slot id for the README's snippet");
        long slotId = Long.parseLong(slot.strip());
        Path pinFile = dir.resolve("hsm-user.pin");
        Files.writeString(pinFile, SoftHsm.pin() + "\n", StandardCharsets.UTF_8);
        InMemorySubjectKeyStore subjectKeyStore = new InMemorySubjectKeyStore();
        SubjectId subject = SUBJECT;

        Pkcs11Token token = Pkcs11Token.ofSlot(library, slotId, Pkcs11Token.readPin(pinFile));
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(token, "clickphone-kek");
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), subjectKeyStore, Clock.systemUTC());
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(subject, EMAIL, "ana@example.ro");
        WrappedKey underV1 = subjectKeyStore.find(SUBJECT, EMAIL.scope(), 1).orElseThrow().wrapped();

        kek.rotate();
        RewrapReport report = keys.rewrap(1_000);
        assertTrue(report.done(), report::toString);
        keys.retireKekVersion(1);

        assertEquals(2, subjectKeyStore.find(SUBJECT, EMAIL.scope(), 1).orElseThrow().wrapped().kekVersion());
        assertEquals("ana@example.ro", fields.decrypt(subject, EMAIL, stored));
        KeyStore onToken = SoftHsm.otherStore(SoftHsm.otherProvider(""));
        assertEquals(List.of(), SoftHsm.labels(onToken, "clickphone-kek", 1), "version 1's object left the token");
        assertThrows(KeyUnavailableException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(token, "clickphone-kek")
                .unwrap(underV1), "a backup of the old wrapped data key opens nothing any more");
        assertEquals("ana@example.ro", new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(
                Pkcs11KeyEncryptionKeyProvider.open(token, "clickphone-kek")), subjectKeyStore, Clock.systemUTC()))
                .decrypt(subject, EMAIL, stored), "a fresh instance over the token decrypts");
    }
}
