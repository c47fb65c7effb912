package ro.clickphone.privacy.jpa.internal.source;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The application entities of one persistence unit as the personal-data source and the retention tagging see
 * them: every entity type of the metamodel, read once per {@link EntityManagerFactory} and cached.
 */
public final class EntityModel {

    private static final Map<EntityManagerFactory, EntityModel> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<Class<?>, EntityMeta> byClass;
    private final Map<String, EntityMeta> byName;
    private final List<EntityMeta> subjects;

    private EntityModel(Map<Class<?>, EntityMeta> byClass, Map<String, EntityMeta> byName, List<EntityMeta> subjects) {
        this.byClass = byClass;
        this.byName = byName;
        this.subjects = subjects;
    }

    /**
     * The model of a factory's persistence unit.
     *
     * @param emf the factory
     * @return the model
     * @throws ro.clickphone.privacy.spi.ConfigurationException if an annotated entity is inconsistent
     */
    public static EntityModel of(EntityManagerFactory emf) {
        EntityModel cached = CACHE.get(emf);
        if (cached != null) {
            return cached;
        }
        Map<Class<?>, EntityMeta> byClass = new LinkedHashMap<>();
        Map<String, EntityMeta> byName = new LinkedHashMap<>();
        List<EntityMeta> subjects = new ArrayList<>();
        List<EntityType<?>> types = new ArrayList<>(emf.getMetamodel().getEntities());
        types.sort(Comparator.comparing(EntityType::getName));
        for (EntityType<?> type : types) {
            if (type.getJavaType() == null || !EntityMeta.annotated(type.getJavaType())) {
                continue;
            }
            EntityMeta meta = EntityMeta.of(type);
            byClass.put(meta.type(), meta);
            byName.put(meta.name(), meta);
            if (meta.subject().isPresent()) {
                subjects.add(meta);
            }
        }
        EntityModel model = new EntityModel(Collections.unmodifiableMap(byClass), Collections.unmodifiableMap(byName),
                List.copyOf(subjects));
        CACHE.put(emf, model);
        return model;
    }

    /** @return the entities with a {@code @DataSubject} attribute, by name */
    public List<EntityMeta> subjectEntities() {
        return subjects;
    }

    /**
     * An entity by its JPA name.
     *
     * @param name the name
     * @return its model
     */
    public Optional<EntityMeta> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The model of an instance's entity (its class or, for a provider's proxy or subclass, a superclass).
     *
     * @param entity the instance
     * @return its model, or empty when it is no entity of the unit
     */
    public Optional<EntityMeta> of(Object entity) {
        for (Class<?> c = entity.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            EntityMeta meta = byClass.get(c);
            if (meta != null) {
                return Optional.of(meta);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "EntityModel[" + byName.size() + " entities, " + subjects.size() + " with a subject]";
    }
}
