package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;

/**
 * A worker JVM opens a PKCS#12 KEK from its own environment (here the system properties the factory
 * falls back to), never from the spec: the spec names the KEK, the worker holds it.
 */
class Pkcs12KeyEncryptionKeyProviderFactoryTest {

    private static final String PASSWORD = "correct horse battery staple";

    @AfterEach
    void clear() {
        System.clearProperty(Pkcs12KeyEncryptionKeyProviderFactory.FILE_PROPERTY);
        System.clearProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY);
    }

    private static Pkcs12KeyEncryptionKeyProvider store(Path dir) throws Exception {
        Path passwordFile = dir.resolve("kek.password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.FILE_PROPERTY, dir.resolve("lake.p12").toString());
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY, passwordFile.toString());
        return Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("lake.p12"), PASSWORD.toCharArray(), "lake-kek");
    }

    @Test
    void isRegistered_andOpensNothingWhenNotConfigured() {
        assertTrue(ServiceLoader.load(KeyEncryptionKeyProviderFactory.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList())
                .contains(Pkcs12KeyEncryptionKeyProviderFactory.class.getName()));
        assertTrue(new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek").isEmpty());
    }

    @Test
    void aWorker_opensTheSpecsKek_fromItsEnvironment(@TempDir Path dir) throws Exception {
        Pkcs12KeyEncryptionKeyProvider kek = store(dir);
        PseudonymKeys keys = PseudonymKeys.ofWrapped(1, kek, PseudonymKeys.newWrappedRootKey(kek));
        PseudonymizationSpec spec = PseudonymizationSpec.of(CdrFixture.profile(), keys);
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731111222",
                Instant.parse("2026-03-16T08:00:00Z"), Duration.ofSeconds(61));
        CdrPseudonymizer single = CdrPseudonymizer.create(Pseudonyms.create(keys,
                PseudonymAuthorizer.unrestricted(r -> { })), CdrFixture.profile());
        assertEquals(single.pseudonymize(call), CdrPseudonymizer.forSpec(spec).pseudonymize(call));
        assertEquals(single.pseudonymize(call), CdrPseudonymizer.forSpec(
                spec.withKekFactory(Pkcs12KeyEncryptionKeyProviderFactory.class.getName())).pseudonymize(call));
    }

    @Test
    void aStoreWithoutTheKek_leavesItToOtherFactories(@TempDir Path dir) throws Exception {
        store(dir);
        assertTrue(new Pkcs12KeyEncryptionKeyProviderFactory().open("other-kek").isEmpty());
        assertTrue(new Pkcs12KeyEncryptionKeyProviderFactory().open("Not A PKCS12 Id").isEmpty());
        assertTrue(new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek").isPresent());
    }

    @Test
    void aWrongPasswordOrAMissingFile_isUnavailable_withoutThePassword(@TempDir Path dir) throws Exception {
        store(dir);
        Path wrong = dir.resolve("wrong.password");
        Files.writeString(wrong, "Tr0ub4dor&3 is not it", StandardCharsets.UTF_8);
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY, wrong.toString());
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                () -> new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek"));
        assertFalse(e.getMessage().contains("Tr0ub4dor"), e.getMessage());
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY, dir.resolve("none").toString());
        assertThrows(KeyUnavailableException.class, () -> new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek"));
        System.clearProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY);
        assertThrows(KeyUnavailableException.class, () -> new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek"));
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.PASSWORD_FILE_PROPERTY, wrong.toString());
        System.setProperty(Pkcs12KeyEncryptionKeyProviderFactory.FILE_PROPERTY, dir.resolve("missing.p12").toString());
        assertThrows(KeyUnavailableException.class, () -> new Pkcs12KeyEncryptionKeyProviderFactory().open("lake-kek"));
    }
}
