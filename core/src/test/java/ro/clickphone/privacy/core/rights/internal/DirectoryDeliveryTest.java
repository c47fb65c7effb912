package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ro.clickphone.privacy.core.rights.ExportFixtures;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightType;

class DirectoryDeliveryTest {

    @TempDir
    Path dir;

    private final RequestRecord request = ExportFixtures.request(RightType.ACCESS, Set.of());

    @Test
    void open_failingAfterThePassphraseWasMade_wipesIt_andLeavesNoFile() {
        char[] made = "ABCD-EFGH".toCharArray();
        IOException broken = new IOException("no cipher");
        DirectoryDelivery delivery = new DirectoryDelivery(dir, (r, p) -> { }, () -> made, (sink, p) -> {
            throw broken;
        });

        assertSame(broken, assertThrows(IOException.class, () -> delivery.open(request)));
        assertArrayEquals(new char[made.length], made, "wiped");
        assertEquals(List.of(), list());
    }

    @Test
    void open_sweepsTemporaryFilesACrashLeft_butNotOnesBeingWritten() throws IOException {
        Path stale = Files.createFile(dir.resolve(DirectoryDelivery.TEMP_PREFIX + "crashed" + DirectoryDelivery.TEMP_SUFFIX));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(DirectoryDelivery.STALE_AFTER).minusSeconds(60)));
        Path fresh = Files.createFile(dir.resolve(DirectoryDelivery.TEMP_PREFIX + "writing" + DirectoryDelivery.TEMP_SUFFIX));
        Path other = Files.createFile(dir.resolve("notes.txt"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(DirectoryDelivery.STALE_AFTER).minusSeconds(60)));

        new DirectoryDelivery(dir, null).open(request).close();

        List<Path> left = list();
        assertFalse(left.contains(stale), "the crashed attempt's plain text is gone");
        assertTrue(left.contains(fresh), "a file another attempt is writing stays");
        assertTrue(left.contains(other), "only the delivery's own temporary files are swept");
    }

    private List<Path> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
