package ro.clickphone.privacy.jpa.internal.source;

import jakarta.persistence.Column;
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
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.source.ExportedRecord;
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
    private final Optional<Attr> version;
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
        this.version = Optional.ofNullable(b.version);
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
        Attr version;
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
     * @throws ConfigurationException if the annotations are inconsistent or name something the source cannot
     *     serve (see {@code JpaPersonalDataSource}'s class comment: no or two subjects, a subject that is no
     *     basic, non-id, non-updatable {@code String}, personal data outside basic attributes, a primitive
     *     personal attribute, no category, a bad blind-index target, a composite id, an anchor that is no date,
     *     a name or origin the export refuses, a {@code java.sql.Time} attribute, {@code @NotPersonal} where
     *     it would keep personal data)
     */
    static EntityMeta of(EntityType<?> entity) {
        Builder b = new Builder();
        b.name = entity.getName();
        b.type = entity.getJavaType();
        String where = "entity " + b.name;
        if (!entity.hasSingleIdAttribute()) {
            throw new ConfigurationException(where + ": the personal-data source needs a single id attribute");
        }
        List<Attribute<?, ?>> attributes = new ArrayList<>(entity.getAttributes());
        attributes.sort(java.util.Comparator.comparing(Attribute::getName));
        Map<String, Attr> basics = new LinkedHashMap<>();
        for (Attribute<?, ?> a : attributes) {
            boolean singular = a instanceof SingularAttribute<?, ?>;
            SingularAttribute<?, ?> s = singular ? (SingularAttribute<?, ?>) a : null;
            boolean basic = singular && a.getPersistentAttributeType() == Attribute.PersistentAttributeType.BASIC;
            String at = where + ", attribute " + a.getName();
            if (!basic || s.isId()) {
                if (annotationOn(b.type, a, DataSubject.class) != null) {
                    throw new ConfigurationException(at + ": @DataSubject must be on a basic String attribute that is"
                            + " not the id (not on an id, an association, an embeddable or a collection)");
                }
            }
            if (singular && s.isId()) {
                b.id = Attr.of(b.type, a.getName(), a.getJavaType(), a.getJavaMember());
                continue;
            }
            if (singular && s.isVersion()) {
                b.version = Attr.of(b.type, a.getName(), a.getJavaType(), a.getJavaMember());
                if (!numericVersion(b.version.type()) && !temporalVersion(b.version.type())) {
                    throw new ConfigurationException(at + ": the @Version attribute must be a number or an Instant,"
                            + " LocalDateTime or java.sql.Timestamp");
                }
                continue;
            }
            if (!basic) {
                if (a.getPersistentAttributeType() == Attribute.PersistentAttributeType.EMBEDDED
                        && declaresSubject(a.getJavaType())) {
                    throw new ConfigurationException(at + ": @DataSubject must be on a basic String attribute of the"
                            + " entity itself, not inside an embeddable");
                }
                if (annotationOn(b.type, a, NotPersonal.class) == null) {
                    throw new ConfigurationException(at + " is " + kind(a) + ": the personal-data source exports and"
                            + " anonymizes basic attributes only; mark it @NotPersonal when it holds nothing personal,"
                            + " or map personal data as basic attributes (or as an entity of its own with a"
                            + " @DataSubject attribute)");
                }
                continue;
            }
            basics.put(a.getName(), Attr.of(b.type, a.getName(), a.getJavaType(), a.getJavaMember()));
        }
        if (b.id == null || !idTypeSupported(b.id.type())) {
            throw new ConfigurationException(where + ": the id must be a String, Long, Integer, Short or UUID");
        }
        java.util.Set<String> indexTargets = new java.util.HashSet<>();
        for (Attr attr : basics.values()) {
            String at = where + ", attribute " + attr.name();
            boolean notPersonal = attr.annotation(NotPersonal.class) != null;
            if (attr.annotation(DataSubject.class) != null) {
                if (b.subject != null) {
                    throw new ConfigurationException(where + ": two attributes are annotated @DataSubject");
                }
                if (attr.type() != String.class) {
                    throw new ConfigurationException(where + ": the @DataSubject attribute must be a String");
                }
                Column column = attr.annotation(Column.class);
                if (column == null || column.updatable()) {
                    throw new ConfigurationException(at + ": the @DataSubject column must not be updatable: annotate"
                            + " it @Column(updatable = false)");
                }
                b.subject = attr;
            }
            Encrypted encrypted = attr.annotation(Encrypted.class);
            if (encrypted != null && notPersonal) {
                throw new ConfigurationException(at + " is @Encrypted and @NotPersonal: encrypted data is personal");
            }
            b.fieldIds.put(attr.name(), encrypted == null ? attr.name()
                    : ro.clickphone.privacy.jpa.BlindIndexer.fieldIdOf(attr.name(), encrypted));
            BlindIndex index = attr.annotation(BlindIndex.class);
            if (index != null) {
                Attr target = basics.get(index.target());
                if (target == null || target.type() != String.class || attr.type() != String.class) {
                    throw new ConfigurationException(where + ": @BlindIndex(target = ...) must name a String attribute"
                            + " of the entity, on a String attribute");
                }
                if (notPersonal || target.annotation(NotPersonal.class) != null) {
                    throw new ConfigurationException(at + ": a blind-indexed attribute and its index column are"
                            + " personal (the index finds the subject): remove @NotPersonal");
                }
                b.blindIndexes.put(attr.name(), target);
                indexTargets.add(target.name());
            }
            if (attr.type() == java.sql.Time.class) {
                throw new ConfigurationException(at + " is a java.sql.Time, which the source cannot export"
                        + " exactly: map it as a java.time.LocalTime or a String");
            }
            if (attr.type().isPrimitive() && !notPersonal) {
                throw new ConfigurationException(at + " is a primitive, which anonymization cannot set to null:"
                        + " mark it @NotPersonal when it identifies nobody, or use its wrapper type");
            }
        }
        if (b.subject != null && b.subject.annotation(NotPersonal.class) != null) {
            throw new ConfigurationException(where + ": the @DataSubject attribute cannot be @NotPersonal");
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
            Column column = attr.annotation(Column.class);
            if (attr.type() == String.class && personal && (column == null || column.updatable())) {
                b.rectifiable.put(attr.name(), attr);
            }
        }
        PersonalDataCategory data = annotation(b.type, PersonalDataCategory.class);
        b.retained = annotation(b.type, Retained.class);
        String category = data != null ? data.category() : b.retained != null ? b.retained.category() : null;
        if (data != null && b.retained != null && !data.category().equals(b.retained.category())) {
            throw new ConfigurationException(where + ": @PersonalDataCategory and @Retained name different"
                    + " categories");
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
        if (b.subject == null) {
            throw new ConfigurationException(where + " is annotated for the personal-data source but has no"
                    + " @DataSubject attribute: its rows could never be found, exported or erased; add a basic"
                    + " String attribute annotated @DataSubject @Column(updatable = false)");
        }
        if (b.category == null) {
            throw new ConfigurationException(where + " has a @DataSubject attribute but no category: annotate it"
                    + " @PersonalDataCategory(category = ...) or @Retained(category = ...)");
        }
        probeExport(where, b);
        return new EntityMeta(b);
    }

    /** What the export will build of these rows must pass {@link ExportedRecord}'s checks: fail now, not then. */
    private static void probeExport(String where, Builder b) {
        RecordRef probe = RecordRef.of("probe", "probe");
        try {
            new ExportedRecord(probe, b.category, b.provenance, b.origin, Map.of());
        } catch (InvalidInputException e) {
            throw new ConfigurationException(where + ": the @PersonalDataCategory origin is no export text (at most"
                    + " 256 characters, not blank, no control characters)", e);
        }
        for (Attr attr : b.exported) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(attr.name(), null);
            try {
                new ExportedRecord(probe, b.category, b.provenance, Optional.empty(), one);
            } catch (InvalidInputException e) {
                throw new ConfigurationException(where + ", attribute " + attr.name() + ": the export names fields by"
                        + " attribute name, and this one is no export field name (ASCII letters, digits and _, a"
                        + " letter first, at most " + ExportedRecord.MAX_FIELD_NAME + " characters)", e);
            }
        }
    }

    private static String kind(Attribute<?, ?> a) {
        return switch (a.getPersistentAttributeType()) {
            case EMBEDDED -> "an embeddable";
            case ELEMENT_COLLECTION -> "an element collection";
            default -> "an association";
        };
    }

    private static boolean declaresSubject(Class<?> type) {
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

    /** An annotation on any attribute's member, its field of the same name or its getter. */
    private static <A extends java.lang.annotation.Annotation> A annotationOn(Class<?> owner, Attribute<?, ?> a,
            Class<A> annotation) {
        if (a.getJavaMember() instanceof java.lang.reflect.AnnotatedElement e && e.getAnnotation(annotation) != null) {
            return e.getAnnotation(annotation);
        }
        String cap = a.getName().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + a.getName().substring(1);
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getName().equals(a.getName()) && f.getAnnotation(annotation) != null) {
                    return f.getAnnotation(annotation);
                }
            }
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if ((m.getName().equals("get" + cap) || m.getName().equals("is" + cap)) && m.getParameterCount() == 0
                        && m.getAnnotation(annotation) != null) {
                    return m.getAnnotation(annotation);
                }
            }
        }
        return null;
    }

    private static boolean numericVersion(Class<?> t) {
        return t == Long.class || t == long.class || t == Integer.class || t == int.class || t == Short.class
                || t == short.class;
    }

    private static boolean temporalVersion(Class<?> t) {
        return t == Instant.class || t == LocalDateTime.class || t == java.sql.Timestamp.class;
    }

    /**
     * The JPQL assignment that moves the version on in a bulk update of alias {@code e}, so that another
     * persistence context's stale copy fails its optimistic check; empty when the entity has no version.
     *
     * @return the assignment (with the parameter {@code :cppVersionNow} for a temporal version)
     */
    public Optional<String> versionBump() {
        return version.map(v -> "e." + v.name() + (numericVersion(v.type()) ? " = e." + v.name() + " + 1"
                : " = :cppVersionNow"));
    }

    /**
     * The value of {@code :cppVersionNow} for a temporal version, or null.
     *
     * @param now the instant
     * @return the value, of the version's type
     */
    public Object versionNow(Instant now) {
        if (version.isEmpty() || numericVersion(version.get().type())) {
            return null;
        }
        Class<?> t = version.get().type();
        if (t == Instant.class) {
            return now;
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, java.time.ZoneId.systemDefault());
        return t == LocalDateTime.class ? local : java.sql.Timestamp.valueOf(local);
    }

    /** @return the {@code @Version} attribute, when the entity has one */
    public Optional<Attr> version() {
        return version;
    }

    /**
     * Whether a class is annotated for the source or the retention tagging at all ({@code @PersonalDataCategory},
     * {@code @Retained}, or an attribute with {@code @DataSubject}); other entities are not read.
     *
     * @param type the entity class
     * @return true if annotated
     */
    static boolean annotated(Class<?> type) {
        if (annotation(type, PersonalDataCategory.class) != null || annotation(type, Retained.class) != null) {
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

    /** @return the rectifiable attributes (personal, updatable {@code String}s), by name */
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
