package ro.clickphone.privacy.spi.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.PersonalDataSourceContract;

class InMemoryPersonalDataSourceTest extends PersonalDataSourceContract {

    private final AtomicInteger ids = new AtomicInteger();

    @Override
    protected PersonalDataSource newSource() {
        return new InMemoryPersonalDataSource("cdr.store", Set.of(DataCategory.of("TRAFFIC"), DataCategory.of("NETWORK")))
                .searchable(DataCategory.of("NETWORK"), "note").searchable(DataCategory.of("TRAFFIC"), "note");
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

    @Override
    protected RecordRef newSubjectRecord(PersonalDataSource source, SubjectId subject, DataCategory category,
            Map<String, String> fields) {
        return ((InMemoryPersonalDataSource) source).add("s-" + ids.incrementAndGet(), subject, category,
                new LinkedHashMap<>(fields));
    }

    @Override
    protected Optional<Function<String, Set<RecordRef>>> searchableLookup(PersonalDataSource source,
            DataCategory category, String field) {
        InMemoryPersonalDataSource memory = (InMemoryPersonalDataSource) source;
        return Optional.of(value -> memory.findBySearchable(category, field, value));
    }
}
