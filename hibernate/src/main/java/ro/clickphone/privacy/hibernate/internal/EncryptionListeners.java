package ro.clickphone.privacy.hibernate.internal;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PostUpsertEvent;
import org.hibernate.event.spi.PostUpsertEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreLoadEvent;
import org.hibernate.event.spi.PreLoadEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.event.spi.PreUpsertEvent;
import org.hibernate.event.spi.PreUpsertEventListener;
import org.hibernate.persister.entity.EntityPersister;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.jpa.RetentionTagging;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The event listeners of field encryption (design: {@code shared/notes/jpa-field-encryption.md} §3).
 *
 * <ul>
 *   <li>PRE_LOAD decrypts the loaded state before Hibernate injects it and takes its snapshot, so entity and
 *       snapshot both hold plaintext;</li>
 *   <li>FLUSH_ENTITY (before Hibernate's own dirty check) sets a blind-index attribute on the entity when its
 *       source changed, so that the index is dirty too and goes out in the same UPDATE under
 *       {@code @DynamicUpdate};</li>
 *   <li>PRE_INSERT / PRE_UPDATE encrypt the state about to be bound (never the entity) and put the blind
 *       index into state and entity;</li>
 *   <li>POST_INSERT / POST_UPDATE put the plaintext back into the same state array, which is (insert) or
 *       has just become (update) Hibernate's snapshot: the next dirty check compares plaintext with
 *       plaintext, so an unchanged entity is never written again. The values were bound and batched
 *       before the POST events, so no plaintext reaches a pending batch.</li>
 * </ul>
 */
public final class EncryptionListeners implements PreLoadEventListener, FlushEntityEventListener,
        PreInsertEventListener, PreUpdateEventListener, PreUpsertEventListener, PostInsertEventListener,
        PostUpdateEventListener, PostUpsertEventListener {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<PrivacyKit> kit;
    private final boolean nullWhenDestroyed;
    private final boolean databaseIdsAllowed;
    private final String retentionSource;
    private final transient Map<String, FieldEncryptionIntegrator.BootFacts> facts;
    private transient volatile SessionFactoryImplementor factory;
    private transient volatile Ready ready;

    EncryptionListeners(Supplier<PrivacyKit> kit, Map<String, FieldEncryptionIntegrator.BootFacts> facts,
            boolean nullWhenDestroyed, boolean databaseIdsAllowed, String retentionSource) {
        this.kit = kit;
        this.facts = Map.copyOf(facts);
        this.nullWhenDestroyed = nullWhenDestroyed;
        this.databaseIdsAllowed = databaseIdsAllowed;
        this.retentionSource = retentionSource;
    }

    /** Whether an entity needs the kit at all: encrypted attributes, or tagging of a {@code @Retained} one. */
    private boolean concerns(String entityName) {
        FieldEncryptionIntegrator.BootFacts f = facts.get(entityName);
        return f != null && (f.annotated().needsEncryption() || !retentionSource.isEmpty() && f.retained());
    }

    /**
     * Refuses a factory in which another listener runs after these in a POST event: it would see the
     * plaintext these put back (an audit listener such as Envers would write it to its tables).
     *
     * @param sf the factory
     * @throws ConfigurationException if a listener follows these in POST_INSERT, POST_UPDATE or POST_UPSERT
     */
    void checkOrder(SessionFactoryImplementor sf) {
        List<String> problems = new ArrayList<>();
        for (EventType<?> type : List.of(EventType.POST_INSERT, EventType.POST_UPDATE, EventType.POST_UPSERT)) {
            List<Object> listeners = new ArrayList<>();
            sf.getEventListenerRegistry().getEventListenerGroup(type).fireEventOnEachListener(listeners,
                    (listener, list) -> list.add(listener));
            int mine = listeners.indexOf(this);
            for (int i = mine + 1; mine >= 0 && i < listeners.size(); i++) {
                problems.add(type.eventName() + ": " + listeners.get(i).getClass().getName());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Field encryption must be the last listener of the POST events, or the"
                    + " listeners after it see the plaintext it puts back: " + problems + " (register their"
                    + " integrators before this module's, or prepend them)");
        }
    }

    /**
     * The kit's encryptor and the checked models of a factory's entities.
     *
     * @param kit the kit
     * @param fields its field encryptor, or null when no entity has encrypted attributes
     * @param models the models, by Hibernate entity name
     * @param retained the entity names of the {@code @Retained} entities to tag on insert
     */
    private record Ready(PrivacyKit kit, FieldEncryptor fields, Map<String, EntityModel> models, Set<String> retained) {
    }

    /** Remembers the factory once its persisters exist; builds and checks the models now if asked to. */
    void factoryCreated(SessionFactoryImplementor sf, boolean now) {
        this.factory = sf;
        checkOrder(sf);
        if (now) {
            ready();
        }
    }

    /**
     * Builds and checks the models, once (at boot when the kit was given, at first use when a supplier was).
     *
     * @throws ro.clickphone.privacy.spi.ConfigurationException if an entity does not fit
     */
    public void check() {
        ready();
    }

    private Ready ready() {
        Ready r = ready;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (ready == null) {
                SessionFactoryImplementor sf = factory;
                if (sf == null) {
                    throw new IllegalStateException("field encryption is used before its factory was created");
                }
                PrivacyKit k = kit.get();
                if (k == null) {
                    throw new ConfigurationException("The supplier given as " + FieldEncryption.KIT
                            + " returned no kit: build the kit before the factory is used");
                }
                checkOrder(sf);
                ModelBuilder builder = new ModelBuilder(k, facts, databaseIdsAllowed, !retentionSource.isEmpty());
                Map<String, EntityModel> models = builder.build(sf);
                ready = new Ready(k, models.isEmpty() ? null : k.fields(), models, builder.retained());
            }
            return ready;
        }
    }

    /**
     * The listeners of a factory.
     *
     * @param factory a Hibernate entity manager factory
     * @return its listeners
     * @throws InvalidInputException if it is no Hibernate factory, or field encryption is off in it
     */
    public static EncryptionListeners of(EntityManagerFactory factory) {
        SessionFactoryImplementor sf;
        try {
            sf = factory.unwrap(SessionFactoryImplementor.class);
        } catch (PersistenceException | IllegalStateException e) {
            throw new InvalidInputException("factory", "must be a Hibernate EntityManagerFactory");
        }
        AtomicReference<EncryptionListeners> found = new AtomicReference<>();
        sf.getEventListenerRegistry().getEventListenerGroup(EventType.PRE_LOAD).fireEventOnEachListener(found,
                (listener, holder) -> {
                    if (listener instanceof EncryptionListeners mine) {
                        holder.set(mine);
                    }
                });
        if (found.get() != null) {
            return found.get();
        }
        throw new InvalidInputException("factory", "has no field encryption: build it with the "
                + "ro.clickphone.privacy.hibernate.kit property");
    }

    /**
     * The blind index of a value for an entity's attribute, under the current key version.
     *
     * @param entity the entity class
     * @param attribute the attribute
     * @param value the plaintext
     * @return the index
     */
    public String blindIndex(Class<?> entity, String attribute, String value) {
        return blindIndexField(entity, attribute).compute(value);
    }

    /**
     * The bound blind-index field of an entity's attribute: the one the listeners write with.
     *
     * @param entity the entity class
     * @param attribute the attribute
     * @return the field
     */
    public BlindIndexField blindIndexField(Class<?> entity, String attribute) {
        EntityModel model = ready().models().get(entity.getName());
        EncryptedAttribute a = model == null ? null : model.attribute(attribute);
        if (a == null || a.blind() == null) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " is not an @Encrypted attribute with a @BlindIndex in this factory");
        }
        return a.blind();
    }

    /**
     * The blind index of a value by JPA entity name and policy field id: the {@code BlindIndexer} the
     * personal-data source needs to agree with this factory's writers.
     *
     * @param jpaEntity the JPA entity name
     * @param field the policy field id
     * @param value the plaintext
     * @return the index
     */
    public String blindIndexOf(String jpaEntity, String field, String value) {
        return blindFieldOf(jpaEntity, field, value).compute(value);
    }

    /**
     * A source of one encrypted attribute's column for a re-index ({@code reindex}: its blind-index column,
     * with the plaintext decrypted) or a re-encryption (the ciphertext column itself).
     *
     * @param factory the factory these listeners belong to
     * @param entity the entity class
     * @param attribute the {@code @Encrypted} attribute
     * @param reindex whether the column is the attribute's blind index (else its ciphertext)
     * @return the source
     */
    public EntityRekeySource rekeySource(EntityManagerFactory factory, Class<?> entity, String attribute,
            boolean reindex) {
        EntityModel model = ready().models().get(entity.getName());
        EncryptedAttribute a = model == null ? null : model.attribute(attribute);
        if (a == null) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " is not an @Encrypted attribute in this factory");
        }
        if (reindex && a.blind() == null) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " has no @BlindIndex to re-index");
        }
        if (!reindex && a.binary()) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " is binary: the re-encryption source reads String attributes only");
        }
        return EntityRekeySource.of(factory, entity, model, a, ready().fields(), reindex);
    }

    /**
     * The field context (without a record id) an encrypted attribute's values are encrypted in.
     *
     * @param entity the entity class
     * @param attribute the {@code @Encrypted} attribute
     * @return its context
     */
    public FieldContext fieldContext(Class<?> entity, String attribute) {
        EntityModel model = ready().models().get(entity.getName());
        EncryptedAttribute a = model == null ? null : model.attribute(attribute);
        if (a == null) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " is not an @Encrypted attribute in this factory");
        }
        return a.context();
    }

    /**
     * The candidate blind indexes (every active key version, current first) of a value by JPA entity name
     * and policy field id.
     *
     * @param jpaEntity the JPA entity name
     * @param field the policy field id
     * @param value the plaintext
     * @return the candidates
     */
    public List<String> blindIndexCandidatesOf(String jpaEntity, String field, String value) {
        return blindFieldOf(jpaEntity, field, value).candidates(value);
    }

    private BlindIndexField blindFieldOf(String jpaEntity, String field, String value) {
        if (jpaEntity == null || field == null || value == null) {
            throw new InvalidInputException("blindIndexer", "entity, field and value must not be null");
        }
        for (EntityModel m : ready().models().values()) {
            if (m.jpaName().equals(jpaEntity)) {
                for (EncryptedAttribute a : m.attributes()) {
                    if (a.blind() != null && a.context().field().equals(field)) {
                        return a.blind();
                    }
                }
            }
        }
        throw new InvalidInputException("field", jpaEntity + " has no @Encrypted @BlindIndex attribute of policy field "
                + field + " in this factory");
    }

    /** The model of an entity, null for one that needs neither encryption nor tagging (without the kit). */
    private EntityModel model(EntityPersister persister) {
        if (!concerns(persister.getEntityName())) {
            return null;
        }
        return ready().models().get(persister.getEntityName());
    }

    // --- load ----------------------------------------------------------------------------------------

    @Override
    public void onPreLoad(PreLoadEvent event) {
        EntityModel m = model(event.getPersister());
        if (m == null) {
            return;
        }
        Object[] state = event.getState();
        Object entity = event.getEntity();
        Object id = event.getId();
        SubjectId subject = null;
        boolean nulled = false;
        for (EncryptedAttribute a : m.attributes()) {
            Object stored = state[a.index()];
            if (stored == null || stored == LazyPropertyInitializer.UNFETCHED_PROPERTY) {
                continue;
            }
            if (subject == null) {
                subject = subjectOf(m, state, id, "loaded");
            }
            try {
                state[a.index()] = decrypt(ready().fields(), subject, context(m, a, id), a, stored);
            } catch (KeyDestroyedException e) {
                String reason = a.describe(m.simpleName())
                        + " cannot be read: the subject's key scope was shredded (crypto-shredding), the value is"
                        + " gone for good; set " + FieldEncryption.NULL_WHEN_KEY_DESTROYED
                        + "=true to load such attributes as null (FieldEncryption.whyNull tells why)";
                if (!nullWhenDestroyed) {
                    throw new KeyDestroyedException(reason);
                }
                state[a.index()] = null;
                NullReasons.record(entity, a.name(), reason);
                nulled = true;
            } catch (IntegrityException | InvalidInputException e) {
                throw new IntegrityException(a.describe(m.simpleName()) + " does not decrypt for this row: the"
                        + " stored value was edited, or copied from another row, subject or field");
            }
        }
        if (!nulled) {
            NullReasons.clear(entity);
        }
    }

    private static Object decrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, EncryptedAttribute a, Object stored) {
        if (a.binary()) {
            if (!(stored instanceof byte[] bytes)) {
                throw new InvalidInputException("stored", "is not binary");
            }
            return fields.decrypt(subject, context, bytes);
        }
        if (!(stored instanceof String text)) {
            throw new InvalidInputException("stored", "is not text");
        }
        return fields.decrypt(subject, context, text);
    }

    // --- flush ---------------------------------------------------------------------------------------

    @Override
    public void onFlushEntity(FlushEntityEvent event) {
        EntityEntry entry = event.getEntityEntry();
        if (entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null) {
            return;
        }
        EntityPersister persister = entry.getPersister();
        EntityModel m = model(persister);
        if (m == null || !m.hasBlindIndex()) {
            return;
        }
        Object entity = event.getEntity();
        Object[] loaded = entry.getLoadedState();
        for (EncryptedAttribute a : m.attributes()) {
            if (a.blind() == null) {
                continue;
            }
            Object value = persister.getValue(entity, a.index());
            if (Objects.equals(value, loaded[a.index()])) {
                continue;
            }
            String index = value == null ? null : a.blind().compute((String) value);
            if (!Objects.equals(index, persister.getValue(entity, a.blindIndex()))) {
                persister.setValue(entity, a.blindIndex(), index);
            }
        }
    }

    // --- write ---------------------------------------------------------------------------------------

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        encrypt(event.getPersister(), event.getEntity(), event.getId(), event.getState());
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        encrypt(event.getPersister(), event.getEntity(), event.getId(), event.getState()); // never the old state
        return false;
    }

    @Override
    public boolean onPreUpsert(PreUpsertEvent event) {
        EntityPersister persister = event.getPersister();
        if (!retentionSource.isEmpty() && concerns(persister.getEntityName())
                && ready().retained().contains(persister.getEntityName())) {
            throw new InvalidInputException(persister.getMappedClass().getSimpleName(), "is @Retained and tagged on"
                    + " insert: StatelessSession.upsert cannot tell an insert from an update, use insert or update");
        }
        EntityModel m = model(persister);
        if (m != null) {
            // StatelessSession.upsert copies the bound state into the entity: keep the plaintext to put back
            Object[] state = event.getState();
            Object[] plain = new Object[m.attributes().size()];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = state[m.attributes().get(i).index()];
            }
            UPSERTING.set(new Upserting(event.getEntity(), plain));
        }
        encrypt(persister, event.getEntity(), event.getId(), event.getState());
        return false;
    }

    /** The plaintext of the entity a thread is upserting, between PRE_UPSERT and POST_UPSERT (one call). */
    private static final ThreadLocal<Upserting> UPSERTING = new ThreadLocal<>();

    private record Upserting(Object entity, Object[] plaintext) {
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        EntityPersister persister = event.getPersister();
        restore(persister, event.getEntity(), event.getState());
        if (retentionSource.isEmpty() || !concerns(persister.getEntityName())) {
            return;
        }
        Ready r = ready();
        if (r.retained().contains(persister.getEntityName())) {
            // Described now (a bad subject or anchor fails this flush), written once every statement of the
            // transaction ran: a rolled-back or failed insert leaves no tag, and a tag that fails fails the commit.
            SharedSessionContractImplementor session = event.getSession();
            RetentionTagging.Tagging tagging = RetentionTagging.describe(retentionSource, session.getFactory(),
                    event.getEntity(), r.kit().policy().timeZone(), r.kit().clock().instant()).orElseThrow();
            PendingTag pending = new PendingTag(r.kit(), tagging);
            session.getTransactionCompletionCallbacks().registerCallback((BeforeCompletionCallback) pending);
            session.getTransactionCompletionCallbacks().registerCallback((AfterCompletionCallback) pending);
        }
    }

    /**
     * A tag to write before the transaction of its INSERT commits. A rollback runs no before-completion
     * callback but, in a stateless session, leaves it queued for the session's next commit: the
     * after-completion callback disarms it once its own transaction is over, committed or not.
     */
    private static final class PendingTag implements BeforeCompletionCallback, AfterCompletionCallback {

        private final PrivacyKit kit;
        private final RetentionTagging.Tagging tagging;
        private boolean over;

        PendingTag(PrivacyKit kit, RetentionTagging.Tagging tagging) {
            this.kit = kit;
            this.tagging = tagging;
        }

        @Override
        public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
            if (!over) {
                over = true;
                kit.retention().tag(tagging.subject(), tagging.record(), tagging.category(), tagging.anchor());
            }
        }

        @Override
        public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
            over = true;
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        restore(event.getPersister(), event.getEntity(), event.getState());
    }

    @Override
    public void onPostUpsert(PostUpsertEvent event) {
        Upserting upserting = UPSERTING.get();
        UPSERTING.remove();
        EntityPersister persister = event.getPersister();
        EntityModel m = model(persister);
        if (m == null || upserting == null || upserting.entity() != event.getEntity()) {
            return;
        }
        Object[] state = event.getState();
        for (int i = 0; i < upserting.plaintext().length; i++) {
            EncryptedAttribute a = m.attributes().get(i);
            state[a.index()] = upserting.plaintext()[i];
            persister.setValue(event.getEntity(), a.index(), upserting.plaintext()[i]);
        }
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    private void encrypt(EntityPersister persister, Object entity, Object id, Object[] state) {
        EntityModel m = model(persister);
        if (m == null) {
            return;
        }
        // Everything is computed first and applied at once: a failure leaves the state as it was.
        int n = m.attributes().size();
        Object[] out = new Object[n];
        String[] indexes = new String[n];
        SubjectId subject = null;
        for (int i = 0; i < n; i++) {
            EncryptedAttribute a = m.attributes().get(i);
            Object plain = state[a.index()];
            if (plain == LazyPropertyInitializer.UNFETCHED_PROPERTY) {
                throw new IllegalStateException(a.describe(m.simpleName()) + " is lazy: refused at boot");
            }
            if (a.blind() != null && plain != null) {
                indexes[i] = a.blind().compute((String) plain);
            }
            if (plain == null) {
                continue;
            }
            if (subject == null) {
                subject = subjectOf(m, state, id, "written");
            }
            FieldContext context = context(m, a, id);
            FieldEncryptor fields = ready().fields();
            refuseStoredForm(fields, subject, context, m, a, plain);
            out[i] = a.binary() ? fields.encrypt(subject, context, (byte[]) plain)
                    : fields.encrypt(subject, context, (String) plain);
        }
        for (int i = 0; i < n; i++) {
            EncryptedAttribute a = m.attributes().get(i);
            if (a.blind() != null) {
                state[a.blindIndex()] = indexes[i];
                if (!Objects.equals(indexes[i], persister.getValue(entity, a.blindIndex()))) {
                    persister.setValue(entity, a.blindIndex(), indexes[i]);
                }
            }
            if (out[i] != null) {
                state[a.index()] = out[i];
            }
        }
    }

    /**
     * Refuses to encrypt a value that is this very field's stored form: a ciphertext read where the
     * listeners do not decrypt (a {@code StatelessSession} read, a scalar projection) and written back
     * would otherwise be encrypted a second time, and the plaintext lost behind two layers.
     */
    private static void refuseStoredForm(FieldEncryptor fields, SubjectId subject, FieldContext context, EntityModel m,
            EncryptedAttribute a, Object value) {
        boolean stored;
        try {
            if (value instanceof String text) {
                stored = text.startsWith(FieldEncryptor.PREFIX) && fields.decrypt(subject, context, text) != null;
            } else {
                stored = fields.decrypt(subject, context, (byte[]) value) != null;
            }
        } catch (PrivacyException e) {
            stored = false; // not a ciphertext of this field, subject and row: a plaintext to encrypt
        }
        if (stored) {
            throw new InvalidInputException(m.simpleName() + "." + a.name(), "holds its own stored ciphertext (read"
                    + " where the listeners do not decrypt, e.g. a StatelessSession read or a scalar projection): it"
                    + " is not encrypted a second time; write the plaintext");
        }
    }

    /**
     * Puts the plaintext back into a state array after its row was bound: the entity's value, which these
     * listeners never change (design note §3), for each encrypted attribute.
     */
    private void restore(EntityPersister persister, Object entity, Object[] state) {
        EntityModel m = model(persister);
        if (m == null) {
            return;
        }
        for (EncryptedAttribute a : m.attributes()) {
            if (state[a.index()] != null) {
                state[a.index()] = persister.getValue(entity, a.index());
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static SubjectId subjectOf(EntityModel m, Object[] state, Object id, String verb) {
        Object value = m.subjectIndex() < 0 ? id : state[m.subjectIndex()];
        if (value == null) {
            throw new InvalidInputException(m.simpleName() + "." + m.subjectName(), "the @DataSubject must be set"
                    + " when an encrypted attribute of the entity is " + verb);
        }
        return SubjectId.of(value.toString());
    }

    private static FieldContext context(EntityModel m, EncryptedAttribute a, Object id) {
        if (!m.bindsRecordId() || id == null) {
            return a.context();
        }
        return a.context().withRecordId(id.toString());
    }

    @Override
    public String toString() {
        Ready r = ready;
        return "EncryptionListeners[" + (r == null ? "not checked yet" : r.models().size() + " entities") + "]";
    }
}
