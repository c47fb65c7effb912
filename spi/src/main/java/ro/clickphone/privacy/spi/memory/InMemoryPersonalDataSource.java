package ro.clickphone.privacy.spi.memory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.ExportSink;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Provenance;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Rectified;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/**
 * A {@link PersonalDataSource} in memory, for tests and demos: a small system of record that declares
 * every capability ({@link SourceCapability#FIND FIND}, {@link SourceCapability#EXPORT EXPORT},
 * {@link SourceCapability#RECTIFY RECTIFY}, {@link SourceCapability#ERASE ERASE},
 * {@link SourceCapability#RESTRICT RESTRICT}) and keeps the {@code PersonalDataSourceContract}.
 *
 * <h2>Records</h2>
 * A record is either a bare id ({@link #add(String)}, what retention tests need: no subject, no
 * content) or a subject's record ({@link #add(SubjectId, ExportedRecord)}) with a category, a
 * provenance, an origin and a map of fields holding JSON scalars. A subject's records are found,
 * exported, rectified, erased and restricted; bare ids only disposed of. Deleting or crypto-shredding
 * forgets a record; anonymizing keeps it with its subject and fields removed, so that it is no longer
 * the subject's. A field exists in a category once a record of that category held it: rectifying a
 * field no record of the category ever held is refused, as a real schema would refuse it. A rectified
 * value is stored as the string given.
 *
 * <h2>Searchable columns</h2>
 * A field of a category can be made searchable ({@link #searchable}), as a real system keeps a blind
 * index or a deterministic ciphertext beside an encrypted column: the source then keeps, apart from the
 * records, a map from the keyed hash of each value (HMAC-SHA256 under a random key of this source) to
 * the records holding it, and {@link #findBySearchable} looks a value up there. The map is maintained
 * by every change: adding or replacing a record, {@link #rectify} (the old value's entry goes, the
 * corrected value's comes), {@link #erase} and {@link #dispose} (their entries go), {@link #restore}
 * (rebuilt from the restored records, as a restored database brings its index columns back).
 *
 * <h2>Restrictions</h2>
 * A record holds a set of restrictions, one per ground, each with its until-date: a restriction
 * placed adds (or re-dates) its ground, a lifting removes that ground only, and the record is
 * restricted while any ground remains. So lifting {@code ACCURACY_CONTESTED} never lifts the
 * {@code FINANCIAL_RECORDS} restriction an erasure left.
 *
 * <h2>For tests of the kit</h2>
 * <ul>
 *   <li>{@link #failNext} makes the next calls of an operation throw a retryable
 *       {@link StoreException} before they change anything ("a source failing on its first try");
 *       {@link #calls} counts the calls of each operation, failed ones included (a source done for a
 *       request is never called again).</li>
 *   <li>A source that declares only some capabilities cannot be this class: the kit checks a source's
 *       declaration against the methods its class overrides. {@link #disposingOnly()},
 *       {@link #findingOnly()} and {@link #withoutExportAndErase()} are views of this source's records
 *       declaring less; {@link InMemorySourceView} makes any other.</li>
 *   <li>{@link #backup()} and {@link #restore} copy the records out and back, to play a backup
 *       restored after an erasure.</li>
 * </ul>
 *
 * <p>Thread-safe: every method holds the source's lock, except that {@link #find} and {@link #export}
 * call their sink outside it, on a snapshot of the subject's records. {@link #toString()} prints the
 * name and a count only.
 *
 * @since 0.1.0
 */
public final class InMemoryPersonalDataSource implements PersonalDataSource {

    private static final Set<SourceCapability> ALL = Set.of(SourceCapability.FIND, SourceCapability.EXPORT,
            SourceCapability.RECTIFY, SourceCapability.ERASE, SourceCapability.RESTRICT);

    private final String name;
    private final Set<DataCategory> categories;
    /** Each record held, by id, in the order added. Guarded by {@code this}. */
    private final Map<String, Held> records = new LinkedHashMap<>();
    /** The field names each category's records ever held. Guarded by {@code this}. */
    private final Map<DataCategory, Set<String>> schema = new LinkedHashMap<>();
    private final Map<DisposalAction, Integer> applied = new EnumMap<>(DisposalAction.class);
    private final Map<SourceCapability, Integer> calls = new EnumMap<>(SourceCapability.class);
    private final Map<SourceCapability, Integer> failures = new EnumMap<>(SourceCapability.class);
    /** The searchable fields, each as "category/field". Guarded by {@code this}. */
    private final Set<String> searchable = new LinkedHashSet<>();
    /** Per searchable field: keyed hash of a value → ids of the records holding it. Guarded by {@code this}. */
    private final Map<String, Map<String, Set<String>>> index = new HashMap<>();
    /** The blind index's key: random, this source's own. */
    private final SecretKeySpec indexKey;

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
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.indexKey = new SecretKeySpec(key, "HmacSHA256");
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
     * Every capability: this source implements each optional method.
     *
     * @return FIND, EXPORT, RECTIFY, ERASE and RESTRICT
     */
    @Override
    public Set<SourceCapability> capabilities() {
        return ALL;
    }

    /**
     * Makes a field of a category searchable: the source keeps a blind index of its values (see the
     * class comment), for the records held now and every later one.
     *
     * @param category a category this source holds
     * @param field the field's name
     * @return this source
     * @throws InvalidInputException if an argument is null or blank, or the category is not one this
     *     source holds
     */
    public InMemoryPersonalDataSource searchable(DataCategory category, String field) {
        held(category, "category");
        Checks.notNull(field, "field");
        if (field.isBlank()) {
            throw new InvalidInputException("field", "must not be blank");
        }
        synchronized (this) {
            searchable.add(column(category, field));
            rebuildIndex();
        }
        return this;
    }

    /**
     * The records a value of a searchable field finds, as a lookup by blind index does: the value's
     * keyed hash, looked up in the index; the records are not read. Nothing once the records holding
     * it were erased, disposed of or rectified to another value.
     *
     * @param category the category
     * @param field a field made {@link #searchable} in that category
     * @param value the value looked for (compared as its string form)
     * @return the records found, in no particular order
     * @throws InvalidInputException if an argument is null, or the field is not searchable
     */
    public synchronized Set<RecordRef> findBySearchable(DataCategory category, String field, String value) {
        Checks.notNull(category, "category");
        Checks.notNull(field, "field");
        Checks.notNull(value, "value");
        String column = column(category, field);
        if (!searchable.contains(column)) {
            throw new InvalidInputException("field", "is not searchable in the category at this source");
        }
        Set<RecordRef> out = new LinkedHashSet<>();
        index.getOrDefault(column, Map.of()).getOrDefault(keyedHash(value), Set.of())
                .forEach(id -> out.add(RecordRef.of(name, id)));
        return Set.copyOf(out);
    }

    /**
     * Adds a bare record: an id with no subject and no content, which only {@link #dispose} reaches.
     * Adding an id held already replaces that record.
     *
     * @param id the record's id
     * @return the record's reference
     * @throws InvalidInputException if {@code id} is malformed
     */
    public RecordRef add(String id) {
        RecordRef ref = RecordRef.of(name, id);
        synchronized (this) {
            replace(id, Held.bare());
        }
        return ref;
    }

    /**
     * Adds a record of a subject: its reference, category, provenance, origin and fields as the given
     * export record has them. Adding a record held already replaces it.
     *
     * @param subject whose record it is
     * @param record the record, one of this source's, of a category it holds
     * @return the record's reference
     * @throws InvalidInputException if an argument is null, the record is another source's, or its
     *     category is not one this source holds
     */
    public RecordRef add(SubjectId subject, ExportedRecord record) {
        Checks.notNull(subject, "subject");
        Checks.notNull(record, "record");
        own(record.record());
        held(record.category(), "record.category");
        synchronized (this) {
            replace(record.record().id(), new Held(Optional.of(subject), Optional.of(record.category()),
                    record.provenance(), record.origin(), record.fields(), false, Map.of()));
            schema.computeIfAbsent(record.category(), c -> new java.util.HashSet<>()).addAll(record.fields().keySet());
        }
        return record.record();
    }

    /**
     * Adds a record of data the subject provided.
     *
     * @param id the record's id
     * @param subject whose record it is
     * @param category its category, one this source holds
     * @param fields its fields, JSON scalars as {@link ExportedRecord} allows them
     * @return the record's reference
     * @throws InvalidInputException if an argument is null or malformed, or the category is not one
     *     this source holds
     */
    public RecordRef add(String id, SubjectId subject, DataCategory category, Map<String, Object> fields) {
        return add(subject, ExportedRecord.provided(RecordRef.of(name, id), category, fields));
    }

    /**
     * Adds a record with a given provenance (and, for {@link Provenance#THIRD_PARTY}, an origin).
     *
     * @param id the record's id
     * @param subject whose record it is
     * @param category its category, one this source holds
     * @param provenance where its data came from
     * @param origin who it came from, for data not collected from the subject; empty otherwise
     * @param fields its fields, JSON scalars as {@link ExportedRecord} allows them
     * @return the record's reference
     * @throws InvalidInputException if an argument is null or malformed, or the category is not one
     *     this source holds
     */
    public RecordRef add(String id, SubjectId subject, DataCategory category, Provenance provenance,
            Optional<String> origin, Map<String, Object> fields) {
        return add(subject, new ExportedRecord(RecordRef.of(name, id), category, provenance, origin, fields));
    }

    /**
     * Whether the source still holds a record (anonymized or not).
     *
     * @param record the record
     * @return {@code true} if held
     * @throws InvalidInputException if {@code record} is null or another source's
     */
    public synchronized boolean holds(RecordRef record) {
        return records.containsKey(own(record).id());
    }

    /**
     * Whether a record was anonymized.
     *
     * @param record the record
     * @return {@code true} if held and anonymized
     * @throws InvalidInputException if {@code record} is null or another source's
     */
    public synchronized boolean isAnonymized(RecordRef record) {
        Held held = records.get(own(record).id());
        return held != null && held.anonymized();
    }

    /**
     * The records held of a subject (not anonymized), in the order added.
     *
     * @param subject the subject
     * @return the records
     * @throws InvalidInputException if {@code subject} is null
     */
    public List<RecordRef> recordsOf(SubjectId subject) {
        Checks.notNull(subject, "subject");
        List<RecordRef> out = new ArrayList<>();
        for (Map.Entry<String, Held> e : snapshotOf(subject)) {
            out.add(RecordRef.of(name, e.getKey()));
        }
        return List.copyOf(out);
    }

    /**
     * A record's fields as held now.
     *
     * @param record the record
     * @return its fields in the order added (unmodifiable), or empty when it is not held
     * @throws InvalidInputException if {@code record} is null or another source's
     */
    public synchronized Optional<Map<String, Object>> fields(RecordRef record) {
        return Optional.ofNullable(records.get(own(record).id())).map(Held::fields);
    }

    /**
     * Whether processing of a record is restricted: it holds at least one restriction.
     *
     * @param record the record
     * @return {@code true} if held and restricted
     * @throws InvalidInputException if {@code record} is null or another source's
     */
    public synchronized boolean isRestricted(RecordRef record) {
        Held held = records.get(own(record).id());
        return held != null && held.restricted();
    }

    /**
     * A record's restrictions: each ground with the last day it is meant to last, when known.
     *
     * @param record the record
     * @return the restrictions by ground (unmodifiable), empty when none or not held
     * @throws InvalidInputException if {@code record} is null or another source's
     */
    public synchronized Map<String, Optional<LocalDate>> restrictions(RecordRef record) {
        Held held = records.get(own(record).id());
        return held == null ? Map.of() : held.restrictions();
    }

    /**
     * How many times a disposal action was applied, repeats included.
     *
     * @param action the action
     * @return the count
     * @throws InvalidInputException if {@code action} is null
     */
    public synchronized int applied(DisposalAction action) {
        Checks.notNull(action, "action");
        return applied.getOrDefault(action, 0);
    }

    /**
     * How many times an optional method was called, failed calls (injected or on invalid input)
     * included.
     *
     * @param operation the capability whose method was called
     * @return the count
     * @throws InvalidInputException if {@code operation} is null
     */
    public synchronized int calls(SourceCapability operation) {
        Checks.notNull(operation, "operation");
        return calls.getOrDefault(operation, 0);
    }

    /**
     * Makes the next calls of an operation fail: each of the next {@code times} calls throws a
     * retryable {@link StoreException} before it reads or changes anything. Replaces the count left
     * from an earlier call of this method.
     *
     * @param operation the capability whose method is to fail
     * @param times how many calls fail, 0 to stop failing
     * @throws InvalidInputException if {@code operation} is null or {@code times} is negative
     */
    public synchronized void failNext(SourceCapability operation, int times) {
        Checks.notNull(operation, "operation");
        if (times < 0) {
            throw new InvalidInputException("times", "must not be negative");
        }
        failures.put(operation, times);
    }

    /**
     * A copy of every record held now, to {@link #restore} later (a backup of this system of record).
     *
     * @return the backup
     */
    public synchronized Backup backup() {
        return new Backup(name, new LinkedHashMap<>(records));
    }

    /**
     * Replaces every record held with those of a backup, as restoring a database backup does: records
     * erased since come back, records added since are gone. Call counts and injected failures stay.
     *
     * @param backup a backup of this source
     * @throws InvalidInputException if {@code backup} is null or another source's
     */
    public synchronized void restore(Backup backup) {
        Checks.notNull(backup, "backup");
        if (!backup.source.equals(name)) {
            throw new InvalidInputException("backup", "belongs to another source");
        }
        records.clear();
        records.putAll(backup.records);
        rebuildIndex();
    }

    @Override
    public void dispose(RecordRef record, DisposalAction action) {
        own(record);
        Checks.notNull(action, "action");
        synchronized (this) {
            Held held = records.get(record.id());
            if (held != null) {
                replace(record.id(), action == DisposalAction.ANONYMIZE ? held.anonymize() : null);
            }
            applied.merge(action, 1, Integer::sum);
        }
    }

    @Override
    public void find(SubjectId subject, Consumer<SubjectRecord> sink) {
        for (Map.Entry<String, Held> e : reading(SourceCapability.FIND, subject, sink)) {
            Held held = e.getValue();
            sink.accept(new SubjectRecord(RecordRef.of(name, e.getKey()), held.category().orElseThrow(),
                    held.restricted()));
        }
    }

    @Override
    public void export(SubjectId subject, ExportSink sink) {
        for (Map.Entry<String, Held> e : reading(SourceCapability.EXPORT, subject, sink)) {
            Held held = e.getValue();
            sink.accept(new ExportedRecord(RecordRef.of(name, e.getKey()), held.category().orElseThrow(),
                    held.provenance(), held.origin(), held.fields()));
        }
    }

    @Override
    public List<Rectified> rectify(SubjectId subject, Rectification rectification) {
        count(SourceCapability.RECTIFY);
        Checks.notNull(subject, "subject");
        Checks.notNull(rectification, "rectification");
        DataCategory category = held(rectification.category(), "rectification.category");
        rectification.record().ifPresent(this::own);
        synchronized (this) {
            if (!schema.getOrDefault(category, Set.of()).contains(rectification.field())) {
                throw new InvalidInputException("rectification.field", "is no field of the category at this source");
            }
            if (rectification.record().isPresent()) {
                Held held = records.get(rectification.record().get().id());
                if (held != null && !held.anonymized()) {
                    if (!held.isOf(subject)) {
                        throw new InvalidInputException("rectification.record", "is not the subject's");
                    }
                    if (!held.category().orElseThrow().equals(category)) {
                        throw new InvalidInputException("rectification.record", "is not of the category");
                    }
                }
            }
            failIfAsked(SourceCapability.RECTIFY);
            List<Rectified> out = new ArrayList<>();
            for (Map.Entry<String, Held> e : records.entrySet()) {
                Held held = e.getValue();
                boolean target = held.isOf(subject) && held.category().orElseThrow().equals(category)
                        && held.fields().containsKey(rectification.field())
                        && rectification.record().map(r -> r.id().equals(e.getKey())).orElse(true);
                if (target) {
                    Object previous = held.fields().get(rectification.field());
                    out.add(new Rectified(RecordRef.of(name, e.getKey()),
                            Optional.ofNullable(previous).map(String::valueOf)));
                    Held next = held.withField(rectification.field(), rectification.value());
                    unindex(e.getKey(), held);
                    e.setValue(next);
                    reindex(e.getKey(), next);
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public ErasureResult erase(SubjectId subject, Set<DataCategory> categories) {
        count(SourceCapability.ERASE);
        Checks.notNull(subject, "subject");
        Checks.notNull(categories, "categories");
        if (categories.isEmpty() || Checks.holdsNull(categories)) {
            throw new InvalidInputException("categories", "must name at least one category and no null");
        }
        for (DataCategory category : categories) {
            held(category, "categories");
        }
        synchronized (this) {
            failIfAsked(SourceCapability.ERASE);
            Map<DataCategory, Integer> erased = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
            for (DataCategory category : categories) {
                erased.put(category, 0);
            }
            records.entrySet().removeIf(e -> {
                Held held = e.getValue();
                if (held.isOf(subject) && categories.contains(held.category().orElseThrow())) {
                    erased.merge(held.category().orElseThrow(), 1, Integer::sum);
                    unindex(e.getKey(), held);
                    return true;
                }
                return false;
            });
            return new ErasureResult(erased);
        }
    }

    @Override
    public int restrict(SubjectId subject, Restriction restriction) {
        count(SourceCapability.RESTRICT);
        Checks.notNull(subject, "subject");
        Checks.notNull(restriction, "restriction");
        for (DataCategory category : restriction.categories()) {
            held(category, "restriction.categories");
        }
        restriction.records().forEach(this::own);
        synchronized (this) {
            for (RecordRef record : restriction.records()) {
                Held held = records.get(record.id());
                if (held != null && !held.anonymized() && !held.isOf(subject)) {
                    throw new InvalidInputException("restriction.records", "names a record that is not the subject's");
                }
            }
            failIfAsked(SourceCapability.RESTRICT);
            int changed = 0;
            for (Map.Entry<String, Held> e : records.entrySet()) {
                Held held = e.getValue();
                boolean target = held.isOf(subject) && (restriction.categories().contains(held.category().orElseThrow())
                        || restriction.records().contains(RecordRef.of(name, e.getKey())));
                if (!target) {
                    continue;
                }
                Held next = restriction.lift() ? held.lifting(restriction.ground())
                        : held.restricting(restriction.ground(), restriction.until());
                if (!next.restrictions().equals(held.restrictions())) {
                    e.setValue(next);
                    changed++;
                }
            }
            return changed;
        }
    }

    /**
     * Starts a call of FIND or EXPORT: counts it, checks its arguments, fails it if asked, and returns
     * the snapshot of the subject's records it goes through.
     */
    private List<Map.Entry<String, Held>> reading(SourceCapability operation, SubjectId subject, Object sink) {
        count(operation);
        Checks.notNull(subject, "subject");
        Checks.notNull(sink, "sink");
        failIfAsked(operation);
        return snapshotOf(subject);
    }

    private synchronized List<Map.Entry<String, Held>> snapshotOf(SubjectId subject) {
        List<Map.Entry<String, Held>> out = new ArrayList<>();
        for (Map.Entry<String, Held> e : records.entrySet()) {
            if (e.getValue().isOf(subject)) {
                out.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Puts a record in place of the one held under its id (or removes it, {@code next} null), keeping the index. */
    private synchronized void replace(String id, Held next) {
        Held previous = next == null ? records.remove(id) : records.put(id, next);
        if (previous != null) {
            unindex(id, previous);
        }
        if (next != null) {
            reindex(id, next);
        }
    }

    private synchronized void reindex(String id, Held held) {
        if (held.anonymized() || held.category().isEmpty()) {
            return;
        }
        held.fields().forEach((field, value) -> {
            String column = column(held.category().get(), field);
            if (value != null && searchable.contains(column)) {
                index.computeIfAbsent(column, c -> new HashMap<>())
                        .computeIfAbsent(keyedHash(String.valueOf(value)), h -> new LinkedHashSet<>()).add(id);
            }
        });
    }

    private synchronized void unindex(String id, Held held) {
        if (held.category().isEmpty()) {
            return;
        }
        held.fields().forEach((field, value) -> {
            Map<String, Set<String>> column = index.get(column(held.category().get(), field));
            if (column != null && value != null) {
                String hash = keyedHash(String.valueOf(value));
                Set<String> ids = column.get(hash);
                if (ids != null) {
                    ids.remove(id);
                    if (ids.isEmpty()) {
                        column.remove(hash);
                    }
                }
            }
        });
    }

    private synchronized void rebuildIndex() {
        index.clear();
        records.forEach(this::reindex);
    }

    private static String column(DataCategory category, String field) {
        return category.id() + "/" + field;
    }

    private String keyedHash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(indexKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private synchronized void count(SourceCapability operation) {
        calls.merge(operation, 1, Integer::sum);
    }

    private synchronized void failIfAsked(SourceCapability operation) {
        int left = failures.getOrDefault(operation, 0);
        if (left > 0) {
            failures.put(operation, left - 1);
            throw new StoreException("In-memory source " + name + ": injected failure of " + operation.methodName(),
                    true, null);
        }
    }

    private DataCategory held(DataCategory category, String argument) {
        Checks.notNull(category, argument);
        if (!categories.contains(category)) {
            throw new InvalidInputException(argument, "names a category this source does not hold");
        }
        return category;
    }

    private RecordRef own(RecordRef record) {
        Checks.notNull(record, "record");
        if (!record.source().equals(name)) {
            throw new InvalidInputException("record", "belongs to another source");
        }
        return record;
    }

    /**
     * Views of this source's records that declare fewer capabilities (see the class comment): each is
     * a {@link PersonalDataSource} of the same name, categories and records, whose class overrides only
     * the methods of the capabilities it declares.
     *
     * @return a view declaring no capability: it only disposes of records
     */
    public PersonalDataSource disposingOnly() {
        return new DisposingOnly(this);
    }

    /**
     * A view declaring {@link SourceCapability#FIND} only.
     *
     * @return the view
     */
    public PersonalDataSource findingOnly() {
        return new FindingOnly(this);
    }

    /**
     * A view declaring {@link SourceCapability#FIND}, {@link SourceCapability#RECTIFY} and
     * {@link SourceCapability#RESTRICT}: a source that cannot export nor erase.
     *
     * @return the view
     */
    public PersonalDataSource withoutExportAndErase() {
        return new WithoutExportAndErase(this);
    }

    @Override
    public synchronized String toString() {
        return "InMemoryPersonalDataSource[" + name + ", " + records.size() + " records]";
    }

    /**
     * A copy of a source's records ({@link #backup()}); opaque, and its {@link #toString()} prints the
     * source's name and a count only.
     *
     * @since 0.1.0
     */
    public static final class Backup {

        private final String source;
        private final Map<String, Held> records;

        private Backup(String source, Map<String, Held> records) {
            this.source = source;
            this.records = Collections.unmodifiableMap(records);
        }

        @Override
        public String toString() {
            return "Backup[" + source + ", " + records.size() + " records]";
        }
    }

    /** One record held: immutable, replaced on every change. */
    private record Held(Optional<SubjectId> subject, Optional<DataCategory> category, Provenance provenance,
            Optional<String> origin, Map<String, Object> fields, boolean anonymized,
            Map<String, Optional<LocalDate>> restrictions) {

        static Held bare() {
            return new Held(Optional.empty(), Optional.empty(), Provenance.PROVIDED, Optional.empty(), Map.of(), false,
                    Map.of());
        }

        boolean isOf(SubjectId who) {
            return !anonymized && subject.isPresent() && subject.get().equals(who);
        }

        boolean restricted() {
            return !restrictions.isEmpty();
        }

        Held anonymize() {
            return new Held(Optional.empty(), category, provenance, Optional.empty(), Map.of(), true, restrictions);
        }

        Held withField(String field, String value) {
            Map<String, Object> copy = new LinkedHashMap<>(fields);
            copy.put(field, value);
            return new Held(subject, category, provenance, origin, Collections.unmodifiableMap(copy), anonymized,
                    restrictions);
        }

        Held restricting(String ground, Optional<LocalDate> until) {
            Map<String, Optional<LocalDate>> copy = new TreeMap<>(restrictions);
            copy.put(ground, until);
            return new Held(subject, category, provenance, origin, fields, anonymized, Collections.unmodifiableMap(copy));
        }

        Held lifting(String ground) {
            Map<String, Optional<LocalDate>> copy = new TreeMap<>(restrictions);
            copy.remove(ground);
            return new Held(subject, category, provenance, origin, fields, anonymized, Collections.unmodifiableMap(copy));
        }

        @Override
        public String toString() {
            return "Held[" + category.map(DataCategory::id).orElse("bare") + "]";
        }
    }

    private static final class DisposingOnly extends InMemorySourceView {
        DisposingOnly(InMemoryPersonalDataSource data) {
            super(data);
        }
    }

    /** Declares FIND; its subclasses declare what else they override. */
    private static class FindingOnly extends InMemorySourceView {
        FindingOnly(InMemoryPersonalDataSource data) {
            super(data);
        }

        @Override
        public void find(SubjectId subject, Consumer<SubjectRecord> sink) {
            data().find(subject, sink);
        }
    }

    private static final class WithoutExportAndErase extends FindingOnly {
        WithoutExportAndErase(InMemoryPersonalDataSource data) {
            super(data);
        }

        @Override
        public List<Rectified> rectify(SubjectId subject, Rectification rectification) {
            return data().rectify(subject, rectification);
        }

        @Override
        public int restrict(SubjectId subject, Restriction restriction) {
            return data().restrict(subject, restriction);
        }
    }
}
