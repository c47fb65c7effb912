package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * What another process on the token sees of a KEK this JVM made ({@link TokenProbe}): through the
 * PKCS#11 functions themselves, without the PIN no object; with it, an object whose value the token
 * refuses to return and whose attributes say it was generated on the token, sensitive and never
 * extractable; with a wrong PIN, nothing opens; with the PIN, the KEK unwraps what this JVM wrapped.
 * PKCS#11 logs in per application, which is why the probes run in JVMs of their own.
 */
class Pkcs11KeyEncryptionKeyProviderProcessTest {

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteKeks() throws Exception {
        for (String kekId : created) {
            SoftHsm.delete(kekId);
        }
    }

    private static String probe(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TokenProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe ran too long");
        assertEquals(0, process.exitValue(), output);
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void anotherProcess_seesTheKekOnlyWithThePin() throws Exception {
        String kekId = SoftHsm.newKekId();
        created.add(kekId);
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        kek.rotate();
        SecretBytes key = SecretBytes.random(32, new SecureRandom());
        WrappedKey wrapped = kek.wrap(key);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.revealBytes()));

        assertEquals("withoutLogin=0 withLogin=1 value=CKR_ATTRIBUTE_SENSITIVE token=true private=true sensitive=true"
                + " alwaysSensitive=true extractable=false neverExtractable=true local=true encrypt=true wrap=false"
                + " unwrap=false bytes=32", probe("raw", SoftHsm.label(SoftHsm.otherStore(SoftHsm.otherProvider("")), kekId, 1)),
                "a private, sensitive, never extractable AES-256 object generated on the token");
        assertTrue(probe("wrong-pin", kekId).startsWith("refused ConfigurationException"));
        assertEquals("same", probe("unwrap", kekId, String.valueOf(wrapped.kekVersion()), wrapped.ciphertext(), digest));
    }
}
