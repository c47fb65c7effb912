package ro.clickphone.privacy.core.rights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedgerContract;

/** The spi test kit's erasure ledger contract, run against the file ledger. */
class FileErasureLedgerContractTest extends ErasureLedgerContract {

    @TempDir
    Path dir;

    @Override
    protected ErasureLedger newLedger() {
        return FileErasureLedger.create(dir.resolve("erasures.jsonl"));
    }

    /** A ledger whose file was replaced by a directory after it was opened: every call fails to open it. */
    @Override
    protected ErasureLedger brokenLedger() {
        Path file = dir.resolve("broken.jsonl");
        ErasureLedger ledger = FileErasureLedger.create(file);
        try {
            Files.delete(file);
            Files.createDirectory(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ledger;
    }
}
