package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

import ro.clickphone.privacy.spi.IntegrityException;

/**
 * The encrypted export's bytes are frozen by a known-answer vector computed outside Java (Python's
 * hashlib and cryptography): a change to the header, to its role as GCM associated data (without
 * {@code updateAAD(header)} the tag differs: the encryption test fails, and the decryption test fails on
 * the vector's tag), to the key derivation or to the passphrase's canonical form fails here, on every build.
 */
class ExportCipherTest {

    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vector() throws IOException {
        try (InputStream in = ExportCipherTest.class.getResourceAsStream(
                "/ro/clickphone/privacy/core/rights/export-encrypted-v1.kat.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void encrypting_theKnownAnswerVector_givesItsExactBytes() throws IOException {
        JsonNode v = vector();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ExportCipher.Encrypting out = ExportCipher.encrypting(file, v.get("passphrase").asText().toCharArray(),
                v.get("iterations").asInt(), HEX.parseHex(v.get("saltHex").asText()),
                HEX.parseHex(v.get("nonceHex").asText()));
        out.write(v.get("plaintextUtf8").asText().getBytes(StandardCharsets.UTF_8));
        out.finish();

        assertEquals(v.get("fileHex").asText(), HEX.formatHex(file.toByteArray()));
    }

    @Test
    void decrypting_theKnownAnswerVector_withThePassphraseAsHandedOffOrTypedAnotherWay_givesThePlaintext()
            throws IOException {
        JsonNode v = vector();
        byte[] file = HEX.parseHex(v.get("fileHex").asText());
        List<String> typings = new ArrayList<>(List.of(v.get("passphrase").asText(),
                v.get("canonicalPassphrase").asText()));
        v.get("sameAsTyped").forEach(t -> typings.add(t.asText()));
        List<String> failed = new ArrayList<>();
        for (String typed : typings) {
            byte[] plain = ExportCipher.decrypt(new ByteArrayInputStream(file), typed.toCharArray()).readAllBytes();
            if (!Arrays.equals(v.get("plaintextUtf8").asText().getBytes(StandardCharsets.UTF_8), plain)) {
                failed.add(typed);
            }
        }
        assertEquals(List.of(), failed);
        System.out.println("ExportCipherTest: " + typings.size() + " typings of the vector's passphrase opened it");
    }

    @Test
    void theCanonicalForm_isCrockfords() {
        assertArrayEquals("7QK2M9XD0111".toCharArray(), ExportCipher.canonical("7qk2-m9xd o-I-L-l".toCharArray()));
        assertArrayEquals("U*".toCharArray(), ExportCipher.canonical("u*".toCharArray()), "other characters stay");
    }

    @Test
    void everyFailureToOpen_hasOneMessage() throws IOException {
        JsonNode v = vector();
        byte[] file = HEX.parseHex(v.get("fileHex").asText());
        char[] passphrase = v.get("passphrase").asText().toCharArray();
        List<byte[]> bad = new ArrayList<>();
        bad.add("not an export".getBytes(StandardCharsets.US_ASCII));
        byte[] version = file.clone();
        version[8] = 2;
        bad.add(version);
        byte[] iterations = file.clone();
        iterations[10] = (byte) 0x7f;
        bad.add(iterations);
        byte[] tag = file.clone();
        tag[tag.length - 1] ^= 1;
        bad.add(tag);
        List<String> messages = new ArrayList<>();
        for (byte[] b : bad) {
            messages.add(assertThrows(IntegrityException.class,
                    () -> ExportCipher.decrypt(new ByteArrayInputStream(b), passphrase)).getMessage());
        }
        messages.add(assertThrows(IntegrityException.class, () -> ExportCipher.decrypt(new ByteArrayInputStream(file),
                "0000-0000-0000-0000-0000-0000-0000-0000".toCharArray())).getMessage());
        assertEquals(List.of(ExportCipher.CANNOT_OPEN), messages.stream().distinct().toList());
        assertFalse(ExportCipher.CANNOT_OPEN.contains(v.get("canonicalPassphrase").asText()));
    }
}
