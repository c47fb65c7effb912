package ro.clickphone.privacy.spi.memory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.PersonalDataSourceContract;

class InMemoryPersonalDataSourceTest extends PersonalDataSourceContract {

    private final AtomicInteger ids = new AtomicInteger();

    @Override
    protected PersonalDataSource newSource() {
        return new InMemoryPersonalDataSource("cdr.store", Set.of(DataCategory.of("TRAFFIC")));
    }

    @Override
    protected RecordRef newRecord(PersonalDataSource source) {
        return ((InMemoryPersonalDataSource) source).add("r-" + ids.incrementAndGet());
    }

    @Override
    protected boolean isDisposed(PersonalDataSource source, RecordRef record) {
        InMemoryPersonalDataSource memory = (InMemoryPersonalDataSource) source;
        return !memory.holds(record) || memory.isAnonymized(record);
    }
}
