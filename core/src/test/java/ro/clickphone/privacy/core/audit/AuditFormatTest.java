package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * Golden vectors of docs/FORMAT.md ("Audit trail"): the expected values were computed by an
 * independent implementation of the documented encoding (Python's struct, hashlib and hmac), so a
 * change to the encoding, however small, fails here and every stored trail stays verifiable.
 */
class AuditFormatTest {

    private static final Instant TIME = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final String ENTRY_HASH = "5c9bfebe5392f968a88d5193fa9d80ac55dbc924ae5458b725ca7d4cd5ddd375";

    @Test
    void entryHash_matchesTheGoldenVector() {
        TreeMap<String, String> details = new TreeMap<>();
        details.put("reason", "ROLE_GRANTED");
        details.put("recipient", "EMPLOYEES");
        String hash = new AuditCodec().hashEntry(1, TIME, "STAFF", "emp-0815", "access.check",
                Optional.of("SERVICE_PROVISION"), List.of("TRAFFIC"), Optional.of("s-" + "0123456789abcdef".repeat(2)),
                "SUCCESS", details, AuditRecord.GENESIS_HASH);
        assertEquals(ENTRY_HASH, hash);
    }

    @Test
    void checkpointBytesAndHmac_matchTheGoldenVector() {
        byte[] message = new AuditCodec().checkpointBytes(1, ENTRY_HASH, Instant.parse("2026-03-01T10:00:00Z"),
                "audit-2026", "HmacSHA256");
        assertEquals("636c69636b70686f6e652d61756469742d636865636b706f696e742f76310000000000000001"
                + ENTRY_HASH + "0000000069a40e20000000000000000a61756469742d323032360000000a486d6163534841323536",
                HexFormat.of().formatHex(message));
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        assertEquals("PlDuElEMVtRbixr02c5B/I7/3mph4ZJSPweSyGbKKh8=", Base64.getEncoder().encodeToString(
                HmacSha256Signer.create(SecretBytes.copyOf(key), "audit-2026").sign(message)));
    }

    @Test
    void checkpointV2BytesAndHmac_matchTheGoldenVector() {
        // The version 1 vector's fields under the v2 prefix, then interval 1000 and a predecessor hash.
        AuditCodec codec = new AuditCodec();
        byte[] message = codec.checkpointBytesV2(1, ENTRY_HASH, Instant.parse("2026-03-01T10:00:00Z"),
                "audit-2026", "HmacSHA256", 1000, AuditRecord.GENESIS_HASH);
        assertEquals("636c69636b70686f6e652d61756469742d636865636b706f696e742f76320000000000000001"
                + ENTRY_HASH + "0000000069a40e20000000000000000a61756469742d323032360000000a486d6163534841323536"
                + "000003e8" + AuditRecord.GENESIS_HASH, HexFormat.of().formatHex(message));
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        assertEquals("g911h0BEmJEbqtl+PX5v8xNPXCybXpjWkxOWnpZ7i9U=", Base64.getEncoder().encodeToString(
                HmacSha256Signer.create(SecretBytes.copyOf(key), "audit-2026").sign(message)));
        assertEquals("dc0b1dcea4208dd92707da8824982b4f96a2bb660b50f6a7762fa7d2cdfc962a", codec.checkpointHash(message));
    }
}
