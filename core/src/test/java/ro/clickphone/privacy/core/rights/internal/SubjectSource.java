package ro.clickphone.privacy.core.rights.internal;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/** A small system of record for the erasure tests: FIND, ERASE, RESTRICT; a snapshot plays a backup. */
final class SubjectSource implements PersonalDataSource {

    /** One record: whose, which category, and its restriction. */
    record Rec(SubjectId subject, DataCategory category, Optional<String> ground, Optional<LocalDate> until) {
        boolean restricted() {
            return ground.isPresent();
        }
    }

    private final String name;
    private final Set<DataCategory> categories;
    private final Map<String, Rec> records = new LinkedHashMap<>();
    /** What it declares (the kit checks it at build time; tests may narrow it afterwards). */
    volatile Set<SourceCapability> capabilities = EnumSet.of(SourceCapability.FIND, SourceCapability.ERASE,
            SourceCapability.RESTRICT);
    /** Fails the next erase calls (a source down). */
    volatile int failNextErases;

    SubjectSource(String name, DataCategory... categories) {
        this.name = name;
        this.categories = Set.of(categories);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<DataCategory> categories() {
        return categories;
    }

    @Override
    public Set<SourceCapability> capabilities() {
        return capabilities;
    }

    synchronized RecordRef add(SubjectId subject, String id, DataCategory category) {
        records.put(id, new Rec(subject, category, Optional.empty(), Optional.empty()));
        return RecordRef.of(name, id);
    }

    synchronized Optional<Rec> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    synchronized int size() {
        return records.size();
    }

    /** A copy of the records, as a backup holds them. */
    synchronized Map<String, Rec> snapshot() {
        return new HashMap<>(records);
    }

    /** The records of a backup, as a restore brings them back. */
    synchronized void restore(Map<String, Rec> backup) {
        records.clear();
        records.putAll(backup);
    }

    @Override
    public synchronized void dispose(RecordRef record, DisposalAction action) {
        records.remove(record.id());
    }

    @Override
    public synchronized void find(SubjectId subject, Consumer<SubjectRecord> sink) {
        records.forEach((id, r) -> {
            if (r.subject().equals(subject)) {
                sink.accept(new SubjectRecord(RecordRef.of(name, id), r.category(), r.restricted()));
            }
        });
    }

    @Override
    public synchronized ErasureResult erase(SubjectId subject, Set<DataCategory> erase) {
        if (failNextErases > 0) {
            failNextErases--;
            throw new StoreException("source " + name + " is down", true, null);
        }
        if (!categories.containsAll(erase) || erase.isEmpty()) {
            throw new InvalidInputException("categories", "must be held by the source");
        }
        Map<DataCategory, Integer> counts = new HashMap<>();
        records.entrySet().removeIf(e -> {
            boolean hit = e.getValue().subject().equals(subject) && erase.contains(e.getValue().category());
            if (hit) {
                counts.merge(e.getValue().category(), 1, Integer::sum);
            }
            return hit;
        });
        return new ErasureResult(counts);
    }

    @Override
    public synchronized int restrict(SubjectId subject, Restriction restriction) {
        int changed = 0;
        for (Map.Entry<String, Rec> e : records.entrySet()) {
            Rec r = e.getValue();
            if (r.subject().equals(subject) && restriction.categories().contains(r.category())) {
                Optional<String> ground = restriction.lift() ? Optional.empty() : Optional.of(restriction.ground());
                if (!ground.equals(r.ground())) {
                    changed++;
                }
                e.setValue(new Rec(r.subject(), r.category(), ground, restriction.lift() ? Optional.empty()
                        : restriction.until()));
            }
        }
        return changed;
    }

    @Override
    public String toString() {
        return "SubjectSource[" + name + "]";
    }
}
