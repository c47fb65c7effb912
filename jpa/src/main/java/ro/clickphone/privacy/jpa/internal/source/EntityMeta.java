package ro.clickphone.privacy.jpa.internal.source;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.SingularAttribute;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.PersonalData;
import ro.clickphone.privacy.jpa.Retained;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.source.Provenance;

/**
 * What the personal-data source knows of one application entity, read once from the JPA metamodel and the
 * annotations: its name, id, subject attribute, category, provenance, the attributes it exports, those it
 * can rectify, the blind-index companions, what anonymization removes and the retention anchor.
 */
public final class EntityMeta {

    private final String name;
    private final Class<?> type;
    private final Attr id;
    private final Optional<Attr> subject;
    private final Optional<DataCategory> category;
    private final Provenance provenance;
    private final Optional<String> origin;
    private final List<Attr> exported;
    private final Map<String, Attr> rectifiable;
    /** Indexed attribute name → companion attribute. */
    private final Map<String, Attr> blindIndexes;
    /** Attribute name → the policy's field id. */
    private final Map<String, String> fieldIds;
    private final List<Attr> anonymized;
    private final Optional<Retained> retained;
    private final Optional<Attr> anchor;

    private EntityMeta(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.id = b.id;
        this.subject = Optional.ofNullable(b.subject);
        this.category = Optional.ofNullable(b.category);
        this.provenance = b.provenance;
        this.origin = b.origin;
        this.exported = List.copyOf(b.exported);
        this.rectifiable = Collections.unmodifiableMap(new LinkedHashMap<>(b.rectifiable));
        this.blindIndexes = Collections.unmodifiableMap(new LinkedHashMap<>(b.blindIndexes));
        this.fieldIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.fieldIds));
        this.anonymized = List.copyOf(b.anonymized);
        this.retained = Optional.ofNullable(b.retained);
        this.anchor = Optional.ofNullable(b.anchor);
    }

    private static final class Builder {
        String name;
        Class<?> type;
        Attr id;
        Attr subject;
        DataCategory category;
        Provenance provenance = Provenance.PROVIDED;
        Optional<String> origin = Optional.empty();
        final List<Attr> exported = new ArrayList<>();
        final Map<String, Attr> rectifiable = new LinkedHashMap<>();
        final Map<String, Attr> blindIndexes = new LinkedHashMap<>();
        final Map<String, String> fieldIds = new LinkedHashMap<>();
        final List<Attr> anonymized = new ArrayList<>();
        Retained retained;
        Attr anchor;
    }

    /**
     * Reads an entity type.
     *
     * @param entity the metamodel's entity type
     * @return what the source knows of it
     * @throws ConfigurationException if the annotations are inconsistent (two subjects, no category, a
     *     blind-index target that is no String attribute, a composite id, an anchor that is no date)
     */
    static EntityMeta of(EntityType<?> entity) {
        Builder b = new Builder();
        b.name = entity.getName();
        b.type = entity.getJavaType();
        String where = "entity " + b.name;
        if (!entity.hasSingleIdAttribute()) {
            throw new ConfigurationException(where + ": the personal-data source needs a single id attribute");
        }
        List<SingularAttribute<?, ?>> attributes = new ArrayList<>();
        for (SingularAttribute<?, ?> a : entity.getSingularAttributes()) {
            attributes.add(a);
        }
        attributes.sort(java.util.Comparator.comparing(Attribute::getName));
        Map<String, Attr> basics = new LinkedHashMap<>();
        Attr version = null;
        for (SingularAttribute<?, ?> a : attributes) {
            Attr attr = Attr.of(b.type, a.getName(), a.getJavaType(), a.getJavaMember());
            if (a.isId()) {
                b.id = attr;
                continue;
            }
            if (a.isVersion()) {
                version = attr;
                continue;
            }
            if (a.getPersistentAttributeType() == Attribute.PersistentAttributeType.BASIC) {
                basics.put(a.getName(), attr);
            }
        }
        if (b.id == null || !idTypeSupported(b.id.type())) {
            throw new ConfigurationException(where + ": the id must be a String, Long, Integer, Short or UUID");
        }
        java.util.Set<String> indexTargets = new java.util.HashSet<>();
        for (Attr attr : basics.values()) {
            if (attr.annotation(DataSubject.class) != null) {
                if (b.subject != null) {
                    throw new ConfigurationException(where + ": two attributes are annotated @DataSubject");
                }
                if (attr.type() != String.class) {
                    throw new ConfigurationException(where + ": the @DataSubject attribute must be a String");
                }
                b.subject = attr;
            }
            Encrypted encrypted = attr.annotation(Encrypted.class);
            b.fieldIds.put(attr.name(),
                    encrypted != null && !encrypted.field().isEmpty() ? encrypted.field() : attr.name());
            BlindIndex index = attr.annotation(BlindIndex.class);
            if (index != null) {
                Attr target = basics.get(index.target());
                if (target == null || target.type() != String.class || attr.type() != String.class) {
                    throw new ConfigurationException(where + ": @BlindIndex(target = ...) must name a String attribute"
                            + " of the entity, on a String attribute");
                }
                b.blindIndexes.put(attr.name(), target);
                indexTargets.add(target.name());
            }
        }
        for (Attr attr : basics.values()) {
            boolean personal = attr.annotation(NotPersonal.class) == null;
            if (personal) {
                b.anonymized.add(attr);
            }
            if (attr == b.subject || indexTargets.contains(attr.name())) {
                continue;
            }
            b.exported.add(attr);
            if (attr.type() == String.class) {
                b.rectifiable.put(attr.name(), attr);
            }
        }
        if (version != null && b.anonymized.contains(version)) {
            b.anonymized.remove(version);
        }
        PersonalData data = annotation(b.type, PersonalData.class);
        b.retained = annotation(b.type, Retained.class);
        String category = data != null ? data.category() : b.retained != null ? b.retained.category() : null;
        if (data != null && b.retained != null && !data.category().equals(b.retained.category())) {
            throw new ConfigurationException(where + ": @PersonalData and @Retained name different categories");
        }
        if (category != null) {
            try {
                b.category = DataCategory.of(category);
            } catch (RuntimeException e) {
                throw new ConfigurationException(where + ": the category is not a policy category id (upper-case)", e);
            }
        }
        if (data != null) {
            b.provenance = data.provenance();
            b.origin = data.origin().isEmpty() ? Optional.empty() : Optional.of(data.origin());
        }
        if (b.retained != null && !b.retained.anchor().isEmpty()) {
            Attr anchor = basics.get(b.retained.anchor());
            if (anchor == null || !(anchor.type() == LocalDate.class || anchor.type() == Instant.class
                    || anchor.type() == LocalDateTime.class || anchor.type() == OffsetDateTime.class
                    || anchor.type() == ZonedDateTime.class)) {
                throw new ConfigurationException(where + ": @Retained(anchor = ...) must name a LocalDate, Instant,"
                        + " LocalDateTime, OffsetDateTime or ZonedDateTime attribute");
            }
            b.anchor = anchor;
        }
        if (b.subject != null && b.category == null) {
            throw new ConfigurationException(where + " has a @DataSubject attribute but no category: annotate it"
                    + " @PersonalData(category = ...) or @Retained(category = ...)");
        }
        return new EntityMeta(b);
    }

    /**
     * Whether a class is annotated for the source or the retention tagging at all ({@code @PersonalData},
     * {@code @Retained}, or an attribute with {@code @DataSubject}); other entities are not read.
     *
     * @param type the entity class
     * @return true if annotated
     */
    static boolean annotated(Class<?> type) {
        if (annotation(type, PersonalData.class) != null || annotation(type, Retained.class) != null) {
            return true;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(DataSubject.class)) {
                    return true;
                }
            }
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(DataSubject.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(Class<?> type, Class<A> annotation) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            A found = c.getAnnotation(annotation);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean idTypeSupported(Class<?> t) {
        return t == String.class || t == Long.class || t == long.class || t == Integer.class || t == int.class
                || t == Short.class || t == short.class || t == UUID.class;
    }

    /**
     * The record id part of an id value: {@code <entity name>:<id>}.
     *
     * @param idValue the id
     * @return the record id
     */
    public String recordId(Object idValue) {
        return name + ":" + idValue;
    }

    /**
     * The id value a record id's id part names, or empty when it is malformed for this entity's id type.
     *
     * @param idPart the part after {@code <entity name>:}
     * @return the id value
     */
    public Optional<Object> parseId(String idPart) {
        Class<?> t = id.type();
        try {
            if (t == String.class) {
                return Optional.of(idPart);
            } else if (t == Long.class || t == long.class) {
                return Optional.of(Long.valueOf(idPart));
            } else if (t == Integer.class || t == int.class) {
                return Optional.of(Integer.valueOf(idPart));
            } else if (t == Short.class || t == short.class) {
                return Optional.of(Short.valueOf(idPart));
            } else {
                UUID uuid = UUID.fromString(idPart);
                return uuid.toString().equals(idPart) ? Optional.of(uuid) : Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An attribute value as an export field: a JSON scalar {@code ExportedRecord} accepts.
     *
     * @param value the attribute's value
     * @return the field value
     */
    public static Object scalar(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal
                || value instanceof Instant || value instanceof LocalDate) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : String.valueOf(d);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    /** @return the JPA entity name */
    public String name() {
        return name;
    }

    /** @return the entity class */
    public Class<?> type() {
        return type;
    }

    /** @return the id attribute */
    public Attr id() {
        return id;
    }

    /** @return the {@code @DataSubject} attribute, when the entity has one */
    public Optional<Attr> subject() {
        return subject;
    }

    /** @return the category, when annotated */
    public Optional<DataCategory> category() {
        return category;
    }

    /** @return the provenance */
    public Provenance provenance() {
        return provenance;
    }

    /** @return the origin, for third-party data */
    public Optional<String> origin() {
        return origin;
    }

    /** @return the exported attributes, by name */
    public List<Attr> exported() {
        return exported;
    }

    /** @return the rectifiable (String) attributes, by name */
    public Map<String, Attr> rectifiable() {
        return rectifiable;
    }

    /** @return the companion attribute of each blind-indexed attribute */
    public Map<String, Attr> blindIndexes() {
        return blindIndexes;
    }

    /**
     * The policy's field id of an attribute.
     *
     * @param attribute the attribute's name
     * @return the field id
     */
    public String fieldId(String attribute) {
        return fieldIds.getOrDefault(attribute, attribute);
    }

    /** @return the attributes anonymization sets to null */
    public List<Attr> anonymized() {
        return anonymized;
    }

    /** @return the {@code @Retained} annotation, when present */
    public Optional<Retained> retained() {
        return retained;
    }

    /** @return the retention anchor attribute, when named */
    public Optional<Attr> anchor() {
        return anchor;
    }

    @Override
    public String toString() {
        return "EntityMeta[" + name + "]";
    }
}
