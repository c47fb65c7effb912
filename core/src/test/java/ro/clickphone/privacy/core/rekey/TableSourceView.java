package ro.clickphone.privacy.core.rekey;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import ro.clickphone.privacy.spi.rekey.RekeyChange;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/** A source that forwards to a table, for tests that break one method of the contract. */
class TableSourceView implements RekeySource {

    private final RekeySource table;

    TableSourceView(RekeySource table) {
        this.table = table;
    }

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public List<RekeyRow> rowsAfter(String afterKey, int limit) {
        return table.rowsAfter(afterKey, limit);
    }

    @Override
    public Optional<RekeyRow> row(String key) {
        return table.row(key);
    }

    @Override
    public Set<String> replace(List<RekeyChange> changes) {
        return table.replace(changes);
    }

    @Override
    public long count(Predicate<RekeyRow> test) {
        return table.count(test);
    }
}
