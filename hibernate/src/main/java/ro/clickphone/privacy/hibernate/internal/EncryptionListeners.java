package ro.clickphone.privacy.hibernate.internal;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreLoadEvent;
import org.hibernate.event.spi.PreLoadEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
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
        PreInsertEventListener, PreUpdateEventListener, PostInsertEventListener, PostUpdateEventListener {

    private static final long serialVersionUID = 1L;

    private final transient FieldEncryptor fields;
    private final boolean nullWhenDestroyed;
    private final boolean cachePlaintextAllowed;
    private transient volatile Map<String, EntityModel> models = Map.of();
    /** The plaintext of each state array between its PRE and POST event: keyed by array identity, weakly. */
    private final transient Map<Object[], Pending> pending = Collections.synchronizedMap(new WeakHashMap<>());

    EncryptionListeners(FieldEncryptor fields, boolean nullWhenDestroyed, boolean cachePlaintextAllowed) {
        this.fields = fields;
        this.nullWhenDestroyed = nullWhenDestroyed;
        this.cachePlaintextAllowed = cachePlaintextAllowed;
    }

    /** Installs the validated models, once the factory's persisters exist. */
    void models(Map<String, EntityModel> byEntityName) {
        this.models = Map.copyOf(byEntityName);
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
     * The blind index of a value for an entity's attribute.
     *
     * @param entity the entity class
     * @param attribute the attribute
     * @param value the plaintext
     * @return the index
     */
    public String blindIndex(Class<?> entity, String attribute, String value) {
        EntityModel model = models.get(entity.getName());
        EncryptedAttribute a = model == null ? null : model.attribute(attribute);
        if (a == null || a.blind() == null) {
            throw new InvalidInputException("attribute", entity.getSimpleName() + "." + attribute
                    + " is not an @Encrypted attribute with a @BlindIndex in this factory");
        }
        return a.blind().compute(value);
    }

    private EntityModel model(EntityPersister persister) {
        return models.get(persister.getEntityName());
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
            if (cachePlaintextAllowed && stored instanceof String s && !s.startsWith(FieldEncryptor.PREFIX)) {
                continue; // a second-level cache hit holding the decrypted value (opted in)
            }
            if (subject == null) {
                subject = subjectOf(m, state, id, "loaded");
            }
            try {
                state[a.index()] = decrypt(subject, context(m, a, id), a, stored);
            } catch (KeyDestroyedException e) {
                KeyDestroyedException clear = new KeyDestroyedException(a.describe(m.simpleName())
                        + " cannot be read: the subject's key scope was shredded (crypto-shredding), the value is"
                        + " gone for good; set " + "ro.clickphone.privacy.hibernate.null_when_key_destroyed"
                        + "=true to load such attributes as null (FieldEncryption.whyNull tells why)");
                if (!nullWhenDestroyed) {
                    throw clear;
                }
                state[a.index()] = null;
                NullReasons.record(entity, a.name(), clear);
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

    private Object decrypt(SubjectId subject, FieldContext context, EncryptedAttribute a, Object stored) {
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
    public void onPostInsert(PostInsertEvent event) {
        restore(event.getState());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        restore(event.getState());
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
        boolean any = false;
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
            out[i] = a.binary() ? fields.encrypt(subject, context, (byte[]) plain)
                    : fields.encrypt(subject, context, (String) plain);
            any = true;
        }
        Object[] plaintext = new Object[n];
        for (int i = 0; i < n; i++) {
            EncryptedAttribute a = m.attributes().get(i);
            if (a.blind() != null) {
                state[a.blindIndex()] = indexes[i];
                if (!Objects.equals(indexes[i], persister.getValue(entity, a.blindIndex()))) {
                    persister.setValue(entity, a.blindIndex(), indexes[i]);
                }
            }
            if (out[i] != null) {
                plaintext[i] = state[a.index()];
                state[a.index()] = out[i];
            }
        }
        if (any) {
            pending.put(state, new Pending(m, plaintext));
        }
    }

    /** The plaintext a PRE event replaced in a state array, by attribute position in the model. */
    private record Pending(EntityModel model, Object[] plaintext) {
    }

    private void restore(Object[] state) {
        Pending p = pending.remove(state);
        if (p == null) {
            return;
        }
        for (int i = 0; i < p.plaintext().length; i++) {
            if (p.plaintext()[i] != null) {
                state[p.model().attributes().get(i).index()] = p.plaintext()[i];
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
        return "EncryptionListeners[" + models.size() + " entities]";
    }
}
