package ro.clickphone.privacy.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.source.Attr;
import ro.clickphone.privacy.jpa.internal.source.EntityMeta;
import ro.clickphone.privacy.jpa.internal.source.EntityModel;
import ro.clickphone.privacy.jpa.internal.source.RestrictionRow;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.ExportSink;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Rectified;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/**
 * A {@link PersonalDataSource} over the application's own JPA entities: every entity of the persistence
 * unit with an attribute annotated {@link DataSubject} (found through the JPA metamodel), with every
 * capability (find, export, rectify, erase, restrict) and retention disposal. Portable: it uses
 * {@code jakarta.persistence} only (JPQL on the entities' attribute names), so it runs on any provider; the
 * {@code hibernate} module's field encryption is transparent to it (it reads and writes plaintext through
 * the entities).
 *
 * <pre>{@code
 * JpaPersonalDataSource billing = JpaPersonalDataSource.builder(emf)
 *         .name("billing")                                     // the RecordRef source of its records
 *         .currentEntityManager(transactions::currentEntityManager)
 *         .blindIndexer(FieldEncryption.blindIndexer(emf))   // the hibernate module's: the index its writes keep
 *         .build();
 * PrivacyKit kit = PrivacyKit.builder()....source(billing).build();
 * }</pre>
 *
 * <h2>Entities</h2>
 * Every entity annotated {@link PersonalDataCategory} or {@link Retained}, or with a {@link DataSubject}
 * attribute, is checked when the source is built, and a {@link ConfigurationException} names the entity, the
 * attribute and the rule it breaks: never a source that silently leaves rows out.
 * <ul>
 *   <li>Exactly one {@link DataSubject} attribute: a basic {@code String} attribute that is not the id (not an
 *       association, an embeddable or inside one), mapped {@code @Column(updatable = false)} (checked on the
 *       annotation: entities mapped in {@code orm.xml} need the annotation too), not {@link NotPersonal};
 *       its column must be nullable if rows are anonymized.</li>
 *   <li>The category: {@link PersonalDataCategory#category()} or {@link Retained#category()}; the provenance and
 *       origin from {@link PersonalDataCategory}.</li>
 *   <li>A single id attribute of type {@code String}, {@code Long}, {@code Integer}, {@code Short} or
 *       {@code UUID}. A row's {@link RecordRef} is {@code (name(), "<entity name>:<id>")}, stable for the row's
 *       life ({@link #recordOf(Object)}; {@link RetentionTagging} tags with the same). The JPA entity name is
 *       part of every stored reference (retention tags, erasure ledgers): renaming an entity orphans them, and
 *       {@link #dispose} then fails for them rather than reporting them disposed of. Give entities an explicit
 *       {@code @Entity(name = ...)} so that a class rename keeps it.</li>
 *   <li>Export fields: every basic attribute but the id, the version, the subject and the blind-index
 *       companions, by attribute name, as JSON scalars (enums and UUIDs as text, {@code byte[]} in Base64).
 *       Rectifiable: the exported {@code String} attributes that are personal (not {@link NotPersonal}) and
 *       updatable; a correction of any other field is an {@link InvalidInputException} naming the field.
 *       Attribute names must be export field names (ASCII letters, digits and {@code _}, at most 64);
 *       {@code java.sql.Time} attributes are refused (map {@code LocalTime}).</li>
 *   <li>Personal data lives in basic attributes only: an embeddable, element collection or association that
 *       is not annotated {@link NotPersonal} is refused (it could be neither exported nor anonymized); map
 *       owned personal children as entities of their own with a {@link DataSubject} attribute. A primitive
 *       attribute must be {@link NotPersonal} (anonymization sets personal attributes to null). The
 *       {@link BlindIndex} attributes, their companions and {@link Encrypted} attributes cannot be
 *       {@link NotPersonal}.</li>
 *   <li>Anonymization ({@link DisposalAction#ANONYMIZE}) sets every basic attribute but the id, the version
 *       and those annotated {@link NotPersonal} to null, with a bulk JPQL update (no row is loaded, so it
 *       works after the subject's keys are destroyed) that also moves the {@code @Version} on (plus one, or
 *       the clock's time for a temporal version), so another persistence context that loaded the row before
 *       fails its next write with an {@code OptimisticLockException} instead of writing the data back.
 *       <b>Entities without {@code @Version} have no such protection</b>: a stale copy written after the
 *       anonymization restores its columns. Give anonymized entities a version.</li>
 * </ul>
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>{@link #find} reads ids only (nothing is decrypted). {@link #export} loads a page of rows at a
 *       time ({@link Builder#pageSize}, keyset paging by id), each page in a read transaction and persistence
 *       context of its own that is closed before the page's records go to the sink, so neither this source
 *       nor the provider holds a subject's history at once.</li>
 *   <li>{@link #erase} deletes the subject's rows of the categories in one transaction (all or nothing) with
 *       bulk JPQL deletes by id, page by page, and counts what each delete removed, so concurrent erasures
 *       never count a row twice. Rows are deleted, so their blind-index columns go with them. Foreign keys
 *       from other tables to these rows must cascade in the schema, or the erasure fails whole.</li>
 *   <li>{@link #rectify} loads each target row (locked), computes its {@link BlindIndex} companion through the
 *       {@link BlindIndexer} first, then sets both (the encryption listener encrypts the value), a page at a
 *       time (in its own transaction the persistence context is cleared between pages; in the caller's it is
 *       left to the caller).</li>
 *   <li>{@link #dispose} locks the row, then deletes ({@link DisposalAction#DELETE},
 *       {@link DisposalAction#CRYPTO_SHRED}) or anonymizes it by a bulk statement; idempotent, safe when
 *       several sweepers dispose of one row at once. A reference without {@code ':'} names a record that never
 *       existed here (returns normally); one that names an unknown entity or an id that entity cannot have is
 *       a non-retryable {@link StoreException}, and the record is kept.</li>
 * </ul>
 * Every write joins the caller's transaction when {@link Builder#currentEntityManager} gives one, and runs in
 * its own otherwise. Database failures are {@link StoreException}s whose messages carry no values. A
 * rectification or erasure that fails after writing part of its rows marks the caller's transaction
 * rollback-only (all or nothing). Erasure, disposal and restriction lock the entity rows before they touch
 * restrictions and are retried on deadlocks when they run in a transaction of their own.
 *
 * <h2>Restriction (GDPR art. 18)</h2>
 * Restrictions are kept in the table {@code cpp_restriction} (migration {@code V6__source.sql}; the entity is
 * listed in this module's {@code META-INF/orm.xml}), one row per record and ground, so they outlive the
 * process. A restricted record is reported by {@link #find} as restricted and still exported (art. 18
 * restricts processing, not access). Further processing is refused:
 * <ul>
 *   <li>{@link #rectify} leaves restricted records alone: a correction of every record of the subject skips
 *       them (they are not reported as corrected), and a correction that names a restricted record is an
 *       {@link InvalidInputException}. Lift the restriction first. The exception is a restriction on
 *       {@code ACCURACY_CONTESTED} alone (art. 18(1)(a)): the correction is what the contest waits for, so the
 *       record is corrected and that restriction lifted in the same transaction.</li>
 *   <li>{@link #dispose} refuses, with a {@link StoreException} that keeps the record, while the record holds
 *       a restriction on one of the grounds of {@link Builder#disposalBlockedBy} ({@code ACCURACY_CONTESTED}
 *       and {@code OBJECTION_PENDING} unless configured): the retention sweep reports it failed and tries it
 *       again on a later sweep. Restrictions an erasure places to keep data for its retention (the retention
 *       rule's id as ground, or {@code LEGAL_HOLD}) do not block disposal: their end is that disposal, and a
 *       legal hold is enforced by the retention schedule itself.</li>
 *   <li>{@link #erase} erases restricted records of the categories it is given too: the kit passes only
 *       categories no obligation keeps, and the subject's erasure request supersedes the restriction.</li>
 * </ul>
 * A restriction whose last day ({@link Restriction#until()}) is before today ({@link Builder#clock}) no
 * longer restricts anything. Deleting a record deletes its restrictions; a restriction of a record deleted
 * meanwhile changes nothing (0).
 *
 * <p>Thread-safe. {@link #toString()} prints the name and the entity names only.
 *
 * @since 0.1.0
 */
public final class JpaPersonalDataSource implements PersonalDataSource {

    /** The source name used when the builder is given none. */
    public static final String DEFAULT_NAME = "jpa.entities";
    /** The page size used when the builder is given none. */
    public static final int DEFAULT_PAGE_SIZE = 200;
    /** The grounds that block disposal unless configured otherwise. */
    public static final Set<String> DEFAULT_DISPOSAL_BLOCKERS = Set.of("ACCURACY_CONTESTED", "OBJECTION_PENDING");

    private static final Set<SourceCapability> ALL = Set.of(SourceCapability.FIND, SourceCapability.EXPORT,
            SourceCapability.RECTIFY, SourceCapability.ERASE, SourceCapability.RESTRICT);
    private static final String RESTRICTION = "CppRestriction";
    private static final int RETRIES = 5;
    /** The ground of a contested accuracy (art. 18(1)(a)), which a rectification settles. */
    private static final String CONTESTED = "ACCURACY_CONTESTED";

    private final String name;
    private final EntityModel model;
    private final JpaContext jpa;
    private final Supplier<EntityManager> current;
    private final List<EntityMeta> entities;
    private final Map<DataCategory, List<EntityMeta>> byCategory;
    private final Map<String, EntityMeta> byName;
    private final Set<DataCategory> categories;
    private final BlindIndexer indexer;
    private final Set<String> disposalBlockers;
    private final int pageSize;
    private final Clock clock;

    private JpaPersonalDataSource(Builder b) {
        this.name = b.name;
        this.current = b.current;
        this.jpa = JpaContext.of(b.emf, b.current);
        this.model = EntityModel.of(b.emf);
        this.entities = model.subjectEntities();
        if (entities.isEmpty()) {
            throw new ConfigurationException("The persistence unit has no entity with a @DataSubject attribute");
        }
        Map<DataCategory, List<EntityMeta>> grouped = new TreeMap<>(Comparator.comparing(DataCategory::id));
        Map<String, EntityMeta> names = new LinkedHashMap<>();
        for (EntityMeta meta : entities) {
            for (EntityMeta other : entities) {
                if (other != meta && other.type().isAssignableFrom(meta.type())) {
                    throw new ConfigurationException("The entity " + meta.name() + " extends the entity " + other.name()
                            + ": the personal-data source does not support entity inheritance (its rows would be"
                            + " reached twice); annotate the root entity only, or map the classes apart");
                }
            }
            grouped.computeIfAbsent(meta.category().orElseThrow(), c -> new ArrayList<>()).add(meta);
            names.put(meta.name(), meta);
            if (!meta.blindIndexes().isEmpty() && b.indexer == null) {
                throw new ConfigurationException("The entity " + meta.name() + " keeps a @BlindIndex column: give the"
                        + " source a BlindIndexer (builder.blindIndexer) so that rectification recomputes it");
            }
        }
        grouped.replaceAll((c, l) -> List.copyOf(l));
        this.byCategory = java.util.Collections.unmodifiableMap(grouped);
        this.byName = java.util.Collections.unmodifiableMap(names);
        this.categories = Set.copyOf(grouped.keySet());
        this.indexer = b.indexer;
        this.disposalBlockers = Set.copyOf(b.disposalBlockers);
        this.pageSize = b.pageSize;
        this.clock = b.clock;
    }

    /**
     * Starts a source over a persistence unit.
     *
     * @param emf the application's factory; its unit lists the application's entities and this module's
     *     {@code META-INF/orm.xml}
     * @return the builder
     * @throws InvalidInputException if {@code emf} is null
     */
    public static Builder builder(EntityManagerFactory emf) {
        if (emf == null) {
            throw new InvalidInputException("entityManagerFactory", "must not be null");
        }
        return new Builder(emf);
    }

    /**
     * Builds a {@link JpaPersonalDataSource}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final EntityManagerFactory emf;
        private String name = DEFAULT_NAME;
        private Supplier<EntityManager> current = () -> null;
        private BlindIndexer indexer;
        private Set<String> disposalBlockers = DEFAULT_DISPOSAL_BLOCKERS;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder(EntityManagerFactory emf) {
            this.emf = emf;
        }

        /**
         * The source's name, the {@link RecordRef#source()} of its records.
         *
         * @param name a lower-case name such as {@code billing}; {@link JpaPersonalDataSource#DEFAULT_NAME} by
         *     default
         * @return this builder
         * @throws InvalidInputException if the name is not a record source name
         */
        public Builder name(String name) {
            this.name = RecordRef.of(name, "probe").source();
            return this;
        }

        /**
         * The caller's entity manager with an active transaction, or null when it has none: a write joins it.
         *
         * @param current the supplier
         * @return this builder
         * @throws InvalidInputException if {@code current} is null
         */
        public Builder currentEntityManager(Supplier<EntityManager> current) {
            if (current == null) {
                throw new InvalidInputException("current", "must not be null (give () -> null when there is none)");
            }
            this.current = current;
            return this;
        }

        /**
         * How blind-index companion columns are computed; needed when an entity has a {@link BlindIndex}.
         *
         * @param indexer the function
         * @return this builder
         * @throws InvalidInputException if {@code indexer} is null
         */
        public Builder blindIndexer(BlindIndexer indexer) {
            if (indexer == null) {
                throw new InvalidInputException("blindIndexer", "must not be null");
            }
            this.indexer = indexer;
            return this;
        }

        /**
         * The restriction grounds that block disposal of a record (see the class comment).
         *
         * @param grounds upper-case ground codes; {@link JpaPersonalDataSource#DEFAULT_DISPOSAL_BLOCKERS} by default
         * @return this builder
         * @throws InvalidInputException if {@code grounds} is null or holds null
         */
        public Builder disposalBlockedBy(Set<String> grounds) {
            if (grounds == null || grounds.stream().anyMatch(g -> g == null)) {
                throw new InvalidInputException("grounds", "must not be null nor hold null");
            }
            this.disposalBlockers = Set.copyOf(grounds);
            return this;
        }

        /**
         * How many rows a page of {@link JpaPersonalDataSource#find}, {@link JpaPersonalDataSource#export},
         * {@link JpaPersonalDataSource#rectify}, {@link JpaPersonalDataSource#restrict} and
         * {@link JpaPersonalDataSource#erase} reads.
         *
         * @param pageSize 1 to 10 000; {@link JpaPersonalDataSource#DEFAULT_PAGE_SIZE} by default
         * @return this builder
         * @throws InvalidInputException if out of range
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 10_000) {
                throw new InvalidInputException("pageSize", "must be between 1 and 10000");
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * The clock whose day says which restrictions have ended (a restriction with a last day before today
         * no longer restricts), and which dates a temporal {@code @Version} moved on by anonymization.
         *
         * @param clock the kit's clock, in the policy's time zone ({@code kit.clock().withZone(policy zone)});
         *     the system clock in UTC by default
         * @return this builder
         * @throws InvalidInputException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            notNull(clock, "clock");
            this.clock = clock;
            return this;
        }

        /**
         * Reads the persistence unit's metamodel and builds the source.
         *
         * @return the source
         * @throws ConfigurationException if the unit has no {@link DataSubject} entity, an entity's
         *     annotations are inconsistent (no category, two subjects, a bad blind-index target or anchor, a
         *     composite id), or an entity keeps a blind index and no {@link #blindIndexer} was given
         */
        public JpaPersonalDataSource build() {
            return new JpaPersonalDataSource(this);
        }
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
     * Every capability.
     *
     * @return FIND, EXPORT, RECTIFY, ERASE and RESTRICT
     */
    @Override
    public Set<SourceCapability> capabilities() {
        return ALL;
    }

    /**
     * The reference of an entity's row, as this source's methods and {@link RetentionTagging} use it.
     *
     * @param entity a persisted instance of a {@link DataSubject} entity of the unit (its id assigned)
     * @return the reference
     * @throws InvalidInputException if the instance is null, no such entity, or has no id yet
     */
    public RecordRef recordOf(Object entity) {
        if (entity == null) {
            throw new InvalidInputException("entity", "must not be null");
        }
        Optional<EntityMeta> found = model.of(entity).filter(m -> byName.get(m.name()) == m);
        if (found.isPresent()) {
            EntityMeta meta = found.get();
            Object id = meta.id().get(entity);
            if (id == null) {
                throw new InvalidInputException("entity", "has no id yet: persist and flush it first");
            }
            return RecordRef.of(name, meta.recordId(id));
        }
        throw new InvalidInputException("entity", "is no @DataSubject entity of the persistence unit");
    }

    // --- dispose -------------------------------------------------------------------------------------

    @Override
    public void dispose(RecordRef record, DisposalAction action) {
        own(record, "record");
        if (action == null) {
            throw new InvalidInputException("action", "must not be null");
        }
        if (record.id().indexOf(':') < 0) {
            return; // no reference of this source's form: a record that never existed here
        }
        Row row = resolve(record).orElseThrow(() -> new StoreException("The JPA source cannot dispose of a record"
                + " whose reference names no entity of this source, or an id that entity cannot have (was the"
                + " entity renamed since the record was tagged? the JPA entity name is part of the stored"
                + " reference): the record is kept", false, null));
        EntityMeta meta = row.meta();
        Object id = row.id();
        retrying(() -> jpa.inTransaction("dispose of a record", em -> {
            // The row lock first: a restriction placed meanwhile either waits for the disposal (and then finds
            // no row), or is committed before the check below sees it.
            if (lockRow(em, meta, id).isEmpty()) {
                deleteRestrictions(em, List.of(record.id()));
                return null;
            }
            if (!disposalBlockers.isEmpty()) {
                Set<String> grounds = new java.util.TreeSet<>(liveGrounds(em, List.of(record.id()))
                        .getOrDefault(record.id(), Set.of()));
                grounds.retainAll(disposalBlockers);
                if (!grounds.isEmpty()) {
                    throw new StoreException("The JPA source keeps a record of " + meta.name() + " whose processing"
                            + " is restricted (ground " + List.copyOf(grounds) + "): lift the restriction before it"
                            + " is disposed of", false, null);
                }
            }
            if (action == DisposalAction.ANONYMIZE) {
                List<String> sets = new ArrayList<>();
                meta.anonymized().forEach(a -> sets.add("e." + a.name() + " = null"));
                meta.versionBump().ifPresent(sets::add);
                if (!meta.anonymized().isEmpty()) {
                    jakarta.persistence.Query update = em.createQuery("update " + meta.name() + " e set "
                            + String.join(", ", sets) + " where e." + meta.id().name() + " = :id")
                            .setParameter("id", id);
                    Object now = meta.versionNow(clock.instant());
                    if (now != null) {
                        update.setParameter("cppVersionNow", now);
                    }
                    update.executeUpdate();
                }
            } else {
                em.createQuery("delete from " + meta.name() + " e where e." + meta.id().name() + " = :id")
                        .setParameter("id", id).executeUpdate();
            }
            deleteRestrictions(em, List.of(record.id()));
            return null;
        }));
    }

    // --- find, export --------------------------------------------------------------------------------

    @Override
    public void find(SubjectId subject, Consumer<SubjectRecord> sink) {
        notNull(subject, "subject");
        notNull(sink, "sink");
        for (EntityMeta meta : entities) {
            Object last = null;
            while (true) {
                Object after = last;
                List<SubjectRecord> page = jpa.inTransaction("find a subject's records", em -> {
                    List<Object> ids = idPage(em, meta, subject, after);
                    List<String> recordIds = ids.stream().map(meta::recordId).toList();
                    Set<String> restricted = liveGrounds(em, recordIds).keySet();
                    List<SubjectRecord> out = new ArrayList<>();
                    for (String recordId : recordIds) {
                        out.add(new SubjectRecord(RecordRef.of(name, recordId), meta.category().orElseThrow(),
                                restricted.contains(recordId)));
                    }
                    return out;
                });
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(sink);
                if (page.size() < pageSize) {
                    break;
                }
                last = lastId(meta, page.get(page.size() - 1).record());
            }
        }
    }

    @Override
    public void export(SubjectId subject, ExportSink sink) {
        notNull(subject, "subject");
        notNull(sink, "sink");
        for (EntityMeta meta : entities) {
            Object last = null;
            while (true) {
                Object after = last;
                // A read transaction and persistence context per page, closed before the sink sees the page.
                List<ExportedRecord> page = jpa.inOwnTransaction("export a subject's records", em -> {
                    List<ExportedRecord> out = new ArrayList<>();
                    for (Object entity : entityPage(em, meta, subject, after, false)) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        for (Attr attr : meta.exported()) {
                            fields.put(attr.name(), EntityMeta.scalar(attr.get(entity)));
                        }
                        out.add(new ExportedRecord(RecordRef.of(name, meta.recordId(meta.id().get(entity))),
                                meta.category().orElseThrow(), meta.provenance(), meta.origin(), fields));
                    }
                    em.clear();
                    return out;
                });
                for (ExportedRecord r : page) {
                    sink.accept(r);
                }
                if (page.size() < pageSize) {
                    break;
                }
                last = lastId(meta, page.get(page.size() - 1).record());
            }
        }
    }

    // --- rectify -------------------------------------------------------------------------------------

    @Override
    public List<Rectified> rectify(SubjectId subject, Rectification rectification) {
        notNull(subject, "subject");
        notNull(rectification, "rectification");
        DataCategory category = held(rectification.category(), "rectification.category");
        String field = rectification.field();
        List<EntityMeta> holding = byCategory.get(category).stream()
                .filter(m -> m.rectifiable().containsKey(field)).toList();
        if (holding.isEmpty()) {
            throw new InvalidInputException("rectification.field", "names " + field + ", which is no rectifiable"
                    + " field of the category at this source (rectifiable: personal, updatable text attributes;"
                    + " not the subject, a blind index, a @NotPersonal or a non-updatable column)");
        }
        Optional<Row> named = Optional.empty();
        if (rectification.record().isPresent()) {
            RecordRef record = own(rectification.record().get(), "rectification.record");
            named = resolve(record);
            if (named.isPresent() && !holding.contains(named.get().meta())) {
                throw new InvalidInputException("rectification.record", "is not of the category, or holds no such"
                        + " field");
            }
            if (named.isEmpty()) {
                return List.of();
            }
        }
        Optional<Row> one = named;
        boolean joined = callerHasTransaction();
        return jpa.inTransaction("rectify a subject's records", em -> {
            boolean[] wrote = {false};
            try {
                return rectifyIn(em, subject, rectification, holding, one, joined, wrote);
            } catch (RuntimeException e) {
                if (wrote[0]) {
                    JpaContext.markRollbackOnly(em); // all or nothing: the caller must not commit a part
                }
                throw e;
            }
        });
    }

    private List<Rectified> rectifyIn(EntityManager em, SubjectId subject, Rectification rectification,
            List<EntityMeta> holding, Optional<Row> one, boolean joined, boolean[] wrote) {
        String field = rectification.field();
        List<Rectified> out = new ArrayList<>();
        if (one.isPresent()) {
            EntityMeta meta = one.get().meta();
            Object entity = em.find(meta.type(), one.get().id(), LockModeType.PESSIMISTIC_WRITE);
            if (entity == null || meta.subject().orElseThrow().get(entity) == null) {
                return List.of();
            }
            if (!subject.value().equals(meta.subject().orElseThrow().get(entity))) {
                throw new InvalidInputException("rectification.record", "is not the subject's");
            }
            String recordId = meta.recordId(one.get().id());
            Set<String> grounds = liveGrounds(em, List.of(recordId)).getOrDefault(recordId, Set.of());
            if (!Set.of(CONTESTED).containsAll(grounds)) {
                throw new InvalidInputException("rectification.record", "is restricted (GDPR art. 18) on a ground"
                        + " other than " + CONTESTED + ": lift the restriction before correcting it");
            }
            out.add(correct(em, meta, entity, field, rectification.value(), recordId, grounds, wrote));
            return out;
        }
        for (EntityMeta meta : holding) {
            Object last = null;
            while (true) {
                List<Object> entities = entityPage(em, meta, subject, last, true);
                List<String> recordIds = new ArrayList<>();
                for (Object entity : entities) {
                    recordIds.add(meta.recordId(meta.id().get(entity)));
                }
                Map<String, Set<String>> live = liveGrounds(em, recordIds);
                for (int i = 0; i < entities.size(); i++) {
                    Set<String> grounds = live.getOrDefault(recordIds.get(i), Set.of());
                    if (Set.of(CONTESTED).containsAll(grounds)) {
                        out.add(correct(em, meta, entities.get(i), field, rectification.value(), recordIds.get(i),
                                grounds, wrote));
                    }
                }
                em.flush();
                if (entities.size() < pageSize) {
                    break;
                }
                last = meta.id().get(entities.get(entities.size() - 1));
                if (!joined) {
                    em.clear(); // a page at a time in our own context; the caller's context is the caller's
                }
            }
        }
        return out;
    }

    /**
     * Corrects one loaded row: the blind index is computed before anything is set, so an indexer that fails
     * leaves the entity as it was; a standing {@code ACCURACY_CONTESTED} restriction is settled (lifted).
     */
    private Rectified correct(EntityManager em, EntityMeta meta, Object entity, String field, String value,
            String recordId, Set<String> grounds, boolean[] wrote) {
        Attr attr = meta.rectifiable().get(field);
        Object previous = attr.get(entity);
        if (!value.equals(previous)) {
            Attr index = meta.blindIndexes().get(field);
            String indexValue = index == null ? null : indexer.compute(meta.name(), meta.fieldId(field), value);
            wrote[0] = true;
            attr.set(entity, value);
            if (index != null) {
                index.set(entity, indexValue);
            }
        }
        if (grounds.contains(CONTESTED)) {
            wrote[0] = true;
            em.createQuery("delete from " + RESTRICTION + " r where r.source = :s and r.recordId = :r"
                    + " and r.ground = :g").setParameter("s", name).setParameter("r", recordId)
                    .setParameter("g", CONTESTED).executeUpdate();
        }
        return new Rectified(RecordRef.of(name, recordId), Optional.ofNullable(previous).map(String::valueOf));
    }

    // --- erase ---------------------------------------------------------------------------------------

    @Override
    public ErasureResult erase(SubjectId subject, Set<DataCategory> categories) {
        notNull(subject, "subject");
        notNull(categories, "categories");
        if (categories.isEmpty() || categories.stream().anyMatch(c -> c == null)) {
            throw new InvalidInputException("categories", "must name at least one category and no null");
        }
        for (DataCategory category : categories) {
            held(category, "categories");
        }
        List<DataCategory> sorted = categories.stream().sorted(Comparator.comparing(DataCategory::id)).toList();
        return retrying(() -> jpa.inTransaction("erase a subject's records", em -> {
            try {
                return eraseIn(em, subject, sorted);
            } catch (RuntimeException e) {
                JpaContext.markRollbackOnly(em); // a failure on a later category: nothing of the erasure commits
                throw e;
            }
        }));
    }

    private ErasureResult eraseIn(EntityManager em, SubjectId subject, List<DataCategory> sorted) {
        {
            Map<DataCategory, Integer> erased = new LinkedHashMap<>();
            for (DataCategory category : sorted) {
                int count = 0;
                for (EntityMeta meta : byCategory.get(category)) {
                    Object last = null;
                    while (true) {
                        List<Object> ids = idPage(em, meta, subject, last, true);
                        if (ids.isEmpty()) {
                            break;
                        }
                        deleteRestrictions(em, ids.stream().map(meta::recordId).toList());
                        count += em.createQuery("delete from " + meta.name() + " e where e." + meta.id().name()
                                + " in :ids and e." + meta.subject().orElseThrow().name() + " = :s")
                                .setParameter("ids", ids).setParameter("s", subject.value()).executeUpdate();
                        if (ids.size() < pageSize) {
                            break;
                        }
                        last = ids.get(ids.size() - 1);
                    }
                }
                erased.put(category, count);
            }
            return new ErasureResult(erased);
        }
    }

    // --- restrict ------------------------------------------------------------------------------------

    @Override
    public int restrict(SubjectId subject, Restriction restriction) {
        notNull(subject, "subject");
        notNull(restriction, "restriction");
        for (DataCategory category : restriction.categories()) {
            held(category, "restriction.categories");
        }
        List<Row> named = new ArrayList<>();
        for (RecordRef record : restriction.records()) {
            own(record, "restriction.records");
            resolve(record).ifPresent(named::add);
        }
        return retrying(() -> jpa.inTransaction("restrict processing of a subject's records", em -> {
            Set<String> targets = new LinkedHashSet<>();
            for (Row row : named) {
                // Each row is locked before its restriction is written: a disposal running at once either
                // went first (no row: nothing restricted, no orphan restriction) or waits for this one.
                List<String> owners = lockRow(em, row.meta(), row.id());
                if (owners.isEmpty() || owners.get(0) == null) {
                    continue;
                }
                if (!subject.value().equals(owners.get(0))) {
                    throw new InvalidInputException("restriction.records", "names a record that is not the subject's");
                }
                targets.add(row.meta().recordId(row.id()));
            }
            for (DataCategory category : restriction.categories()) {
                for (EntityMeta meta : byCategory.get(category)) {
                    Object last = null;
                    while (true) {
                        List<Object> ids = idPage(em, meta, subject, last, true);
                        ids.forEach(id -> targets.add(meta.recordId(id)));
                        if (ids.size() < pageSize) {
                            break;
                        }
                        last = ids.get(ids.size() - 1);
                    }
                }
            }
            int changed = 0;
            for (String recordId : targets) {
                RestrictionRow.Key key = new RestrictionRow.Key(name, recordId, restriction.ground());
                RestrictionRow existing = em.find(RestrictionRow.class, key, LockModeType.PESSIMISTIC_WRITE);
                if (restriction.lift()) {
                    if (existing != null) {
                        em.remove(existing);
                        changed++;
                    }
                } else if (existing == null) {
                    em.persist(new RestrictionRow(name, recordId, restriction.ground(),
                            restriction.until().orElse(null)));
                    changed++;
                } else if (!java.util.Objects.equals(existing.until(), restriction.until().orElse(null))) {
                    existing.until(restriction.until().orElse(null));
                    changed++;
                }
            }
            return changed;
        }));
    }

    // --- searchable columns --------------------------------------------------------------------------

    /**
     * The records whose {@link BlindIndex} companion column of a field holds the index of a value: a lookup
     * by the column (the rows are not decrypted), as an application's {@code findByEmail} does. It matches the
     * index of every key version still active ({@link BlindIndexer#candidates}), so rows written before a
     * rotation of the searchable-fields keys are found until they are re-indexed. Nothing once
     * the records holding the value were erased, anonymized, disposed of or rectified to another value.
     *
     * @param category a category of this source
     * @param field an attribute annotated {@link BlindIndex} in an entity of that category
     * @param value the value looked for, in clear
     * @return the records found
     * @throws InvalidInputException if an argument is null, the category is not held or no entity of it
     *     indexes the field
     * @throws ConfigurationException if the {@link BlindIndexer} gives no candidate or a null one
     * @throws StoreException if the database failed
     */
    public Set<RecordRef> findBySearchable(DataCategory category, String field, String value) {
        held(category, "category");
        notNull(field, "field");
        notNull(value, "value");
        List<EntityMeta> indexing = byCategory.get(category).stream()
                .filter(m -> m.blindIndexes().containsKey(field)).toList();
        if (indexing.isEmpty()) {
            throw new InvalidInputException("field", "has no blind index in the category at this source");
        }
        return jpa.inTransaction("look a record up by its blind index", em -> {
            Set<RecordRef> out = new LinkedHashSet<>();
            for (EntityMeta meta : indexing) {
                List<String> candidates = candidates(meta, field, value);
                em.createQuery("select e." + meta.id().name() + " from " + meta.name() + " e where e."
                        + meta.blindIndexes().get(field).name() + " in (:h)", Object.class)
                        .setParameter("h", candidates)
                        .getResultList().forEach(id -> out.add(RecordRef.of(name, meta.recordId(id))));
            }
            return Set.copyOf(out);
        });
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** The indexer's candidates, checked: at least one, none null (a custom indexer's mistake, not a miss). */
    private List<String> candidates(EntityMeta meta, String field, String value) {
        List<String> candidates = indexer.candidates(meta.name(), meta.fieldId(field), value);
        if (candidates == null || candidates.isEmpty()) {
            throw new ConfigurationException("The BlindIndexer gave no candidate index for " + meta.name() + "."
                    + meta.fieldId(field) + "; it must give at least the current version's");
        }
        List<String> checked = new ArrayList<>(candidates.size());
        for (String candidate : candidates) {
            if (candidate == null) {
                throw new ConfigurationException("The BlindIndexer gave a null candidate index for " + meta.name() + "."
                        + meta.fieldId(field) + "; every candidate must be an index value");
            }
            checked.add(candidate);
        }
        return checked;
    }

    /** A row this source's record reference names: its entity and id. */
    private record Row(EntityMeta meta, Object id) {
    }

    /** The row a reference of this source names, or empty when it names none (an unknown entity or bad id). */
    private Optional<Row> resolve(RecordRef record) {
        String id = record.id();
        int colon = id.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        EntityMeta meta = byName.get(id.substring(0, colon));
        if (meta == null) {
            return Optional.empty();
        }
        return meta.parseId(id.substring(colon + 1)).filter(v -> meta.recordId(v).equals(id))
                .map(v -> new Row(meta, v));
    }

    private Object lastId(EntityMeta meta, RecordRef record) {
        return resolve(record).orElseThrow().id();
    }

    /** The subject of a row, locked for writing (without loading the entity); empty when there is no such row. */
    private static List<String> lockRow(EntityManager em, EntityMeta meta, Object id) {
        return em.createQuery("select e." + meta.subject().orElseThrow().name() + " from " + meta.name()
                + " e where e." + meta.id().name() + " = :id", String.class).setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** The ids of the subject's next page of rows of an entity, after {@code after} (null: the first page). */
    private List<Object> idPage(EntityManager em, EntityMeta meta, SubjectId subject, Object after) {
        return idPage(em, meta, subject, after, false);
    }

    /** The same, the rows locked for writing when asked. */
    private List<Object> idPage(EntityManager em, EntityMeta meta, SubjectId subject, Object after, boolean lock) {
        String id = meta.id().name();
        TypedQuery<Object> q = em.createQuery("select e." + id + " from " + meta.name() + " e where e."
                + meta.subject().orElseThrow().name() + " = :s" + (after == null ? "" : " and e." + id + " > :after")
                + " order by e." + id, Object.class).setParameter("s", subject.value()).setMaxResults(pageSize);
        if (after != null) {
            q.setParameter("after", after);
        }
        if (lock) {
            q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return q.getResultList();
    }

    /** The subject's next page of rows of an entity, loaded (and locked for writing when asked). */
    private List<Object> entityPage(EntityManager em, EntityMeta meta, SubjectId subject, Object after,
            boolean lock) {
        String id = meta.id().name();
        TypedQuery<?> q = em.createQuery("select e from " + meta.name() + " e where e."
                + meta.subject().orElseThrow().name() + " = :s" + (after == null ? "" : " and e." + id + " > :after")
                + " order by e." + id, meta.type()).setParameter("s", subject.value()).setMaxResults(pageSize);
        if (after != null) {
            q.setParameter("after", after);
        }
        if (lock) {
            q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return new ArrayList<>(q.getResultList());
    }

    /**
     * The standing restrictions of the records, by record id: their grounds, leaving out restrictions whose
     * last day ({@code until_day}) has passed.
     */
    private Map<String, Set<String>> liveGrounds(EntityManager em, Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createQuery("select r.recordId, r.ground from " + RESTRICTION + " r where r.source = :s"
                + " and r.recordId in :ids and (r.until is null or r.until >= :today)", Object[].class)
                .setParameter("s", name).setParameter("ids", recordIds).setParameter("today", LocalDate.now(clock))
                .getResultList();
        Map<String, Set<String>> out = new java.util.HashMap<>();
        for (Object[] row : rows) {
            out.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((String) row[1]);
        }
        return out;
    }

    private void deleteRestrictions(EntityManager em, List<String> recordIds) {
        if (!recordIds.isEmpty()) {
            em.createQuery("delete from " + RESTRICTION + " r where r.source = :s and r.recordId in :ids")
                    .setParameter("s", name).setParameter("ids", recordIds).executeUpdate();
        }
    }

    /**
     * Runs a write, again when it failed with a retryable store failure (a deadlock between concurrent
     * erasures) and ran in a transaction of its own; in the caller's transaction the caller decides.
     */
    private <T> T retrying(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (StoreException e) {
                if (!e.isRetryable() || attempt >= RETRIES || callerHasTransaction()) {
                    throw e;
                }
            }
        }
    }

    private boolean callerHasTransaction() {
        EntityManager em = current.get();
        return em != null && em.isOpen() && em.getTransaction().isActive();
    }

    private RecordRef own(RecordRef record, String argument) {
        notNull(record, argument);
        if (!record.source().equals(name)) {
            throw new InvalidInputException(argument, "belongs to another source");
        }
        return record;
    }

    private DataCategory held(DataCategory category, String argument) {
        notNull(category, argument);
        if (!categories.contains(category)) {
            throw new InvalidInputException(argument, "names a category this source does not hold");
        }
        return category;
    }

    private static void notNull(Object value, String argument) {
        if (value == null) {
            throw new InvalidInputException(argument, "must not be null");
        }
    }

    @Override
    public String toString() {
        return "JpaPersonalDataSource[" + name + ", " + byName.keySet() + "]";
    }
}
