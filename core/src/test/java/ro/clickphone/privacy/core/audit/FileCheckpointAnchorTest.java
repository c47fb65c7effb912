package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditRecord;

class FileCheckpointAnchorTest {

    @TempDir
    Path dir;

    private static AuditCheckpoint checkpoint(long sequence) {
        return new AuditCheckpoint(sequence, String.format("%064x", sequence), Instant.parse("2026-03-16T08:00:00Z"),
                "audit-2026", "Ed25519", "c2lnbmF0dXJl", 2, 1000, AuditRecord.GENESIS_HASH);
    }

    @Test
    void aMissingFile_holdsNothing_andPublishingWritesIt() {
        FileCheckpointAnchor anchor = FileCheckpointAnchor.at(dir.resolve("anchor.txt"));
        assertTrue(anchor.latest().isEmpty());
        assertTrue(anchor.all().isEmpty());
        anchor.publish(checkpoint(1000));
        assertEquals(checkpoint(1000), anchor.latest().orElseThrow());
        assertEquals(checkpoint(1000), FileCheckpointAnchor.at(dir.resolve("anchor.txt")).latest().orElseThrow());
    }

    @Test
    void everyCheckpointIsKept_andLatestIsTheHighest() {
        FileCheckpointAnchor anchor = FileCheckpointAnchor.at(dir.resolve("anchor.txt"));
        anchor.publish(checkpoint(2000));
        anchor.publish(checkpoint(1000));
        anchor.publish(checkpoint(3000));
        assertEquals(java.util.List.of(checkpoint(2000), checkpoint(1000), checkpoint(3000)), anchor.all());
        assertEquals(3000, anchor.latest().orElseThrow().sequence());
    }

    @Test
    void aMalformedFile_isAnIntegrityFailure_namingNoContent() throws IOException {
        Path file = dir.resolve("anchor.txt");
        FileCheckpointAnchor anchor = FileCheckpointAnchor.at(file);
        Files.writeString(file, "something else\n");
        assertThrows(IntegrityException.class, anchor::all);
        Files.delete(file);
        anchor.publish(checkpoint(1000));
        String text = Files.readString(file);
        Files.writeString(file, text.replace(" 1000 ", " ion@example.ro "));
        IntegrityException e = assertThrows(IntegrityException.class, anchor::latest);
        assertFalse(e.getMessage().contains("ion@example.ro"));
        Files.writeString(file, text.replace(" audit-2026 ", " "));
        assertThrows(IntegrityException.class, anchor::all);
    }

    @Test
    void anUnwritableDirectory_isAStoreFailure() {
        FileCheckpointAnchor anchor = FileCheckpointAnchor.at(dir.resolve("no-such-dir").resolve("anchor.txt"));
        assertThrows(StoreException.class, () -> anchor.publish(checkpoint(1)));
        assertThrows(InvalidInputException.class, () -> FileCheckpointAnchor.at(null));
        assertThrows(InvalidInputException.class, () -> anchor.publish(null));
        assertFalse(anchor.toString().contains(dir.toString()));
    }
}
