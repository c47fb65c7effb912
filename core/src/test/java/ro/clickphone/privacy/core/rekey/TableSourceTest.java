package ro.clickphone.privacy.core.rekey;

import ro.clickphone.privacy.spi.rekey.RekeySource;
import ro.clickphone.privacy.spi.rekey.RekeySourceContract;

/** The jobs' test table keeps the source contract, so that what the job tests prove holds for real sources. */
class TableSourceTest extends RekeySourceContract {

    private TableSource table;

    @Override
    protected RekeySource sourceWithRows(int rows) {
        table = TableSource.forReindex();
        for (long id = 1; id <= rows; id++) {
            table.put(id * 10, null, "user" + id + "@example.ro", "index-" + id);
        }
        return table;
    }

    @Override
    protected String storedValue(String key) {
        TableSource.Cell c = table.cell(Long.parseLong(key));
        return c == null ? null : c.stored;
    }

    @Override
    protected void writerChanges(String key) {
        TableSource.Cell c = table.cell(Long.parseLong(key));
        c.plaintext = "changed@example.ro";
        c.stored = "index-changed";
    }

    @Override
    protected void writerDeletes(String key) {
        table.delete(Long.parseLong(key));
    }
}
