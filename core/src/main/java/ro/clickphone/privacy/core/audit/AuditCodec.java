package ro.clickphone.privacy.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * The canonical encoding of audit entries and checkpoints (docs/FORMAT.md, "Audit trail") and the
 * SHA-256 over it. Not thread-safe: each appender or verifier owns one, and reuses its buffer and
 * digest for every entry instead of allocating them per call.
 */
final class AuditCodec {

    /** First byte of an entry's encoding: the format version. */
    static final byte ENTRY_VERSION = 1;
    /** Domain-separation prefix of a version 1 checkpoint's signed bytes. */
    static final byte[] CHECKPOINT_PREFIX = "clickphone-audit-checkpoint/v1".getBytes(StandardCharsets.US_ASCII);
    /** Domain-separation prefix of a version 2 checkpoint's signed bytes. */
    static final byte[] CHECKPOINT_PREFIX_V2 = "clickphone-audit-checkpoint/v2".getBytes(StandardCharsets.US_ASCII);

    private static final HexFormat HEX = HexFormat.of();
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    private static final byte[] HEX_BYTES = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha256;
    private byte[] buffer = new byte[512];
    private int length;
    private final byte[] hexBuffer = new byte[64];

    AuditCodec() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // SHA-256 is mandatory on every Java SE platform.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Encodes an entry (everything but its own hash) and returns the lower-case hex SHA-256. The
     * trail appends through {@link #digestEntry}; this form is kept for the tests and fixtures (the
     * golden vector, tamper fixtures), which also check that both give the same hash.
     */
    String hashEntry(long sequence, Instant timestamp, String actorKind, String actorRef, String action,
            Optional<String> purpose, List<String> categories, Optional<String> subjectRef, String outcome,
            Map<String, String> details, String previousHash) {
        encodeEntry(sequence, timestamp, actorKind, actorRef, action, purpose, categories, subjectRef, outcome,
                details, previousHash);
        sha256.update(buffer, 0, length);
        return HEX.formatHex(sha256.digest());
    }

    /**
     * Encodes an entry (everything but its own hash) over the previous hash as bytes, and writes
     * the SHA-256 into {@code digest} (32 bytes), which it returns: the appender keeps its head's hash
     * as bytes and formats hex once per entry, for the stored record, instead of parsing it back for
     * the next. The same bytes as {@link #hashEntry}.
     */
    byte[] digestEntry(long sequence, Instant timestamp, String actorKind, String actorRef, String action,
            Optional<String> purpose, List<String> categories, Optional<String> subjectRef, String outcome,
            String[] detailKeys, String[] detailValues, int detailCount, byte[] previousHash, byte[] digest) {
        encodeFields(sequence, timestamp, actorKind, actorRef, action, purpose, categories, subjectRef, outcome);
        writeInt(detailCount);
        for (int i = 0; i < detailCount; i++) {
            writeString(detailKeys[i]);
            writeString(detailValues[i]);
        }
        writeBytes(previousHash);
        sha256.update(buffer, 0, length);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest into 32 bytes failed", e);
        }
        return digest;
    }

    /**
     * A SHA-256 as 64 lower-case hex digits, formatted from the lookup table into this codec's own
     * buffer: the only allocation is the string itself.
     */
    @SuppressWarnings("deprecation") // String(byte[], int, int, int): ASCII bytes into a string, one copy
    String hexOf(byte[] digest) {
        byte[] digits = hexBuffer;
        for (int i = 0; i < 32; i++) {
            int b = digest[i] & 0xff;
            digits[2 * i] = HEX_BYTES[b >>> 4];
            digits[2 * i + 1] = HEX_BYTES[b & 0xf];
        }
        return new String(digits, 0, 0, 64);
    }

    /** 64 hex digits as the 32 bytes they spell. */
    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private void encodeEntry(long sequence, Instant timestamp, String actorKind, String actorRef, String action,
            Optional<String> purpose, List<String> categories, Optional<String> subjectRef, String outcome,
            Map<String, String> details, String previousHash) {
        encodeFields(sequence, timestamp, actorKind, actorRef, action, purpose, categories, subjectRef, outcome);
        writeDetails(details);
        writeHash(previousHash);
    }

    private void encodeFields(long sequence, Instant timestamp, String actorKind, String actorRef, String action,
            Optional<String> purpose, List<String> categories, Optional<String> subjectRef, String outcome) {
        length = 0;
        writeByte(ENTRY_VERSION);
        writeLong(sequence);
        writeLong(timestamp.getEpochSecond());
        writeInt(timestamp.getNano());
        writeString(actorKind);
        writeString(actorRef);
        writeString(action);
        writeOptional(purpose);
        int count = categories.size();
        writeInt(count);
        for (int i = 0; i < count; i++) {
            writeString(categories.get(i));
        }
        writeOptional(subjectRef);
        writeString(outcome);
    }

    private void writeDetails(Map<String, String> details) {
        writeInt(details.size());
        for (Map.Entry<String, String> e : details.entrySet()) {
            writeString(e.getKey());
            writeString(e.getValue());
        }
    }

    /**
     * Whether a stored record's fields hash to its stored hash. Compares the digest with the stored
     * hex digits in place, without formatting a string: the verifier does this for every entry.
     */
    boolean hashMatches(AuditRecord r) {
        encodeEntry(r.sequence(), r.timestamp(), r.actorKind().name(), r.actorRef(), r.action(), r.purpose(),
                r.categories(), r.subjectRef(), r.outcome().name(), r.details(), r.previousHash());
        sha256.update(buffer, 0, length);
        byte[] digest = sha256.digest();
        String hex = r.hash();
        for (int i = 0; i < digest.length; i++) {
            int b = digest[i] & 0xff;
            if (hex.charAt(2 * i) != HEX_DIGITS[b >>> 4] || hex.charAt(2 * i + 1) != HEX_DIGITS[b & 0xf]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes a version 1 checkpoint's signature covers. */
    byte[] checkpointBytes(long sequence, String headHash, Instant createdAt, String keyId, String algorithm) {
        length = 0;
        writeBytes(CHECKPOINT_PREFIX);
        writeCheckpointFields(sequence, headHash, createdAt, keyId, algorithm);
        return Arrays.copyOf(buffer, length);
    }

    /**
     * The bytes a version 2 checkpoint's signature covers: the version 1 fields under their own
     * prefix, then the promised interval and the hash of the checkpoint before.
     */
    byte[] checkpointBytesV2(long sequence, String headHash, Instant createdAt, String keyId, String algorithm,
            int interval, String previousCheckpointHash) {
        length = 0;
        writeBytes(CHECKPOINT_PREFIX_V2);
        writeCheckpointFields(sequence, headHash, createdAt, keyId, algorithm);
        writeInt(interval);
        writeHash(previousCheckpointHash);
        return Arrays.copyOf(buffer, length);
    }

    private void writeCheckpointFields(long sequence, String headHash, Instant createdAt, String keyId,
            String algorithm) {
        writeLong(sequence);
        writeHash(headHash);
        writeLong(createdAt.getEpochSecond());
        writeInt(createdAt.getNano());
        writeString(keyId);
        writeString(algorithm);
    }

    /** The signed bytes of a stored checkpoint, by its version. */
    byte[] checkpointBytes(AuditCheckpoint c) {
        return c.version() == 1
                ? checkpointBytes(c.sequence(), c.headHash(), c.createdAt(), c.keyId(), c.algorithm())
                : checkpointBytesV2(c.sequence(), c.headHash(), c.createdAt(), c.keyId(), c.algorithm(), c.interval(),
                        c.previousCheckpointHash());
    }

    /** The hash by which the next checkpoint names this one: SHA-256 of its signed bytes, hex. */
    String checkpointHash(byte[] signedBytes) {
        return HEX.formatHex(sha256.digest(signedBytes));
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void writeByte(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void writeInt(int v) {
        ensure(4);
        buffer[length++] = (byte) (v >>> 24);
        buffer[length++] = (byte) (v >>> 16);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    private void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    /**
     * A length-prefixed string. Every audit string is ASCII (the record types refuse anything else),
     * so its chars are its bytes; a non-ASCII string reaching here is refused by the record after.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the copy without an allocation
    private void writeString(String s) {
        int n = s.length();
        writeInt(n);
        ensure(n);
        s.getBytes(0, n, buffer, length);
        length += n;
    }

    private void writeOptional(Optional<String> value) {
        if (value.isPresent()) {
            writeByte((byte) 1);
            writeString(value.get());
        } else {
            writeByte((byte) 0);
        }
    }

    private void writeHash(String hex) {
        ensure(32);
        for (int i = 0; i < 64; i += 2) {
            buffer[length++] = (byte) HexFormat.fromHexDigits(hex, i, i + 2);
        }
    }
}
