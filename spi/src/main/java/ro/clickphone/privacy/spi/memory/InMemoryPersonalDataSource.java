package ro.clickphone.privacy.spi.memory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * A {@link PersonalDataSource} in memory, for tests and demos: it holds record ids (no content),
 * forgets a record when it is deleted or crypto-shredded, marks it anonymized when it is anonymized,
 * and counts how often each action was applied.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryPersonalDataSource implements PersonalDataSource {

    private final String name;
    private final Set<DataCategory> categories;
    /** Each record held, and whether it was anonymized. */
    private final Map<String, Boolean> records = new ConcurrentHashMap<>();
    private final Map<DisposalAction, Integer> applied = new EnumMap<>(DisposalAction.class);

    /**
     * Creates an empty source.
     *
     * @param name the source's name, as {@link RecordRef#source()} has it
     * @param categories the categories it holds, not empty
     * @throws InvalidInputException if an argument is null or malformed, or no category is given
     */
    public InMemoryPersonalDataSource(String name, Set<DataCategory> categories) {
        this.name = RecordRef.of(name, "probe").source();
        if (categories == null || categories.isEmpty() || categories.stream().anyMatch(c -> c == null)) {
            throw new InvalidInputException("categories", "must hold at least one category and no null");
        }
        this.categories = Set.copyOf(categories);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<DataCategory> categories() {
        return categories;
    }

    /**
     * Adds a record to the source.
     *
     * @param id the record's id
     * @return the record's reference
     * @throws InvalidInputException if {@code id} is malformed
     */
    public RecordRef add(String id) {
        RecordRef ref = RecordRef.of(name, id);
        records.put(id, Boolean.FALSE);
        return ref;
    }

    /**
     * Whether the source still holds a record (anonymized or not).
     *
     * @param record the record
     * @return {@code true} if held
     * @throws InvalidInputException if {@code record} is null
     */
    public boolean holds(RecordRef record) {
        return records.containsKey(own(record).id());
    }

    /**
     * Whether a record was anonymized.
     *
     * @param record the record
     * @return {@code true} if held and anonymized
     * @throws InvalidInputException if {@code record} is null
     */
    public boolean isAnonymized(RecordRef record) {
        return Boolean.TRUE.equals(records.get(own(record).id()));
    }

    /**
     * How many times an action was applied, repeats included.
     *
     * @param action the action
     * @return the count
     * @throws InvalidInputException if {@code action} is null
     */
    public synchronized int applied(DisposalAction action) {
        if (action == null) {
            throw new InvalidInputException("action", "must not be null");
        }
        return applied.getOrDefault(action, 0);
    }

    @Override
    public void dispose(RecordRef record, DisposalAction action) {
        own(record);
        if (action == null) {
            throw new InvalidInputException("action", "must not be null");
        }
        if (action == DisposalAction.ANONYMIZE) {
            records.computeIfPresent(record.id(), (id, anonymized) -> Boolean.TRUE);
        } else {
            records.remove(record.id());
        }
        synchronized (this) {
            applied.merge(action, 1, Integer::sum);
        }
    }

    private RecordRef own(RecordRef record) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        if (!record.source().equals(name)) {
            throw new InvalidInputException("record", "belongs to another source");
        }
        return record;
    }

    @Override
    public String toString() {
        return "InMemoryPersonalDataSource[" + name + ", " + records.size() + " records]";
    }
}
