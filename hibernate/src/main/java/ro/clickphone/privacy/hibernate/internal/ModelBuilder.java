package ro.clickphone.privacy.hibernate.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.generator.Generator;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * Builds and checks the entity models of a factory (the "fail fast" list of the design note §3): every
 * problem of every entity is collected, and one {@link ConfigurationException} names them all.
 */
final class ModelBuilder {

    /** The blind index's normalization: version 1 of the index, fixed. */
    static final Normalization NORMALIZATION = Normalization.CASE_INSENSITIVE_TEXT;
    /** The blind index's length in bits (32 hexadecimal characters). */
    static final int BITS = 128;

    private final PrivacyKit kit;
    private final Map<String, FieldEncryptionIntegrator.BootFacts> facts;
    private final boolean databaseIdsAllowed;
    private final boolean tagging;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> retained = new LinkedHashSet<>();

    ModelBuilder(PrivacyKit kit, Map<String, FieldEncryptionIntegrator.BootFacts> facts, boolean databaseIdsAllowed,
            boolean tagging) {
        this.kit = kit;
        this.facts = facts;
        this.databaseIdsAllowed = databaseIdsAllowed;
        this.tagging = tagging;
    }

    /** The entity names of the {@code @Retained} entities to tag on insert (after {@link #build}). */
    Set<String> retained() {
        return Set.copyOf(retained);
    }

    Map<String, EntityModel> build(SessionFactoryImplementor sf) {
        Map<String, EntityModel> models = new LinkedHashMap<>();
        sf.getMappingMetamodel().forEachEntityDescriptor(p -> {
            EntityModel m = model(p);
            if (m != null) {
                models.put(p.getEntityName(), m);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Field encryption cannot start: " + String.join("; ", problems));
        }
        return models;
    }

    private void problem(String entity, String text) {
        problems.add(entity + ": " + text);
    }

    private EntityModel model(EntityPersister p) {
        FieldEncryptionIntegrator.BootFacts boot = facts.get(p.getEntityName());
        Class<?> type = p.getMappedClass();
        String entity = type == null ? p.getEntityName() : type.getSimpleName();
        checkEmbeddables(entity, p);
        if (tagging && boot != null && boot.retained()) {
            if (boot == null || boot.annotated().subjects().size() != 1) {
                problem(entity, "is @Retained, so exactly one attribute must be @DataSubject: a retention tag names"
                        + " the subject");
            } else {
                retained.add(p.getEntityName());
            }
        }
        if (boot == null || !boot.annotated().needsEncryption()) {
            return null;
        }
        Annotated a = boot.annotated();
        List<String> names = Arrays.asList(p.getPropertyNames());
        Type[] types = p.getPropertyTypes();
        int before = problems.size();

        // the subject
        int subjectIndex = -2;
        String subjectName = null;
        if (a.subjects().size() != 1) {
            problem(entity, "has encrypted attributes, so exactly one attribute must be @DataSubject (found "
                    + a.subjects().size() + ")");
        } else {
            subjectName = a.subjects().keySet().iterator().next();
            subjectIndex = subject(entity, p, names, types, subjectName);
        }

        // the row id
        Generator generator = p.getGenerator();
        boolean idOnInsert = generator != null && generator.generatedOnExecution();
        if (idOnInsert && !databaseIdsAllowed && !(a.subjects().size() == 1
                && a.subjects().containsKey(p.getIdentifierPropertyName()))) {
            problem(entity, "has an id the database generates on insert (IDENTITY), which cannot be bound into its"
                    + " values: a database writer could swap the values of two rows of one subject unnoticed; use a"
                    + " sequence, UUID or assigned id, or accept that with "
                    + "ro.clickphone.privacy.hibernate.allow_database_generated_ids=true");
        }
        if (type != null && (SelfDirtinessTracker.class.isAssignableFrom(type)
                || PersistentAttributeInterceptable.class.isAssignableFrom(type))) {
            problem(entity, "is bytecode-enhanced (dirty tracking or lazy loading), which field encryption does not"
                    + " support: build it without the Hibernate enhancer");
        }
        if (p.getIdentifierType().isComponentType()) {
            problem(entity, "has a composite id: entities with encrypted attributes need a single id attribute");
        }

        // the attributes
        String aadEntity = aadEntity(entity, boot.rootTable());
        List<EncryptedAttribute> attributes = new ArrayList<>();
        Set<String> encryptedNames = new LinkedHashSet<>(a.encrypted().keySet());
        for (String name : a.blindIndexes().keySet()) {
            if (!encryptedNames.contains(name)) {
                problem(entity, name + " has @BlindIndex but is not @Encrypted");
            }
        }
        for (Map.Entry<String, Encrypted> e : a.encrypted().entrySet()) {
            EncryptedAttribute attribute = attribute(entity, p, boot, names, types, aadEntity, e.getKey(),
                    e.getValue(), a.blindIndexes().get(e.getKey()), a.subjects().keySet(), encryptedNames);
            if (attribute != null) {
                attributes.add(attribute);
            }
        }

        // the second-level cache: its entries would hold decrypted values, outlive crypto-shredding, and a
        // loaded state could not be told from a cache hit
        if (p.canWriteToCache()) {
            problem(entity, "is in the second-level cache, whose entries would hold its decrypted values (and serve"
                    + " them after crypto-shredding): take it out of the cache (no @Cacheable / @Cache)");
        }
        if (problems.size() > before) {
            return null;
        }
        return new EntityModel(p.getEntityName(), p.getJpaEntityName(), entity, subjectIndex, subjectName, !idOnInsert, attributes);
    }

    /** Annotations inside an embeddable would be silently ignored: refused. */
    private void checkEmbeddables(String entity, EntityPersister p) {
        String[] names = p.getPropertyNames();
        Type[] types = p.getPropertyTypes();
        for (int i = 0; i < names.length; i++) {
            if (types[i].isComponentType() && Annotated.of(types[i].getReturnedClass()).needsEncryption()) {
                problem(entity, names[i] + " is an embeddable with @Encrypted or @BlindIndex attributes, which field"
                        + " encryption does not support: move them to the entity");
            }
        }
    }

    private int subject(String entity, EntityPersister p, List<String> names, Type[] types, String name) {
        if (name.equals(p.getIdentifierPropertyName())) {
            Generator generator = p.getGenerator();
            if (generator != null && generator.generatedOnExecution()) {
                problem(entity, "the @DataSubject " + name + " is an id the database generates on insert (IDENTITY):"
                        + " it is unknown when the values are encrypted");
            }
            if (p.getIdentifierType().getReturnedClass() != String.class) {
                problem(entity, "the @DataSubject " + name + " must be a String (a SubjectId's value)");
            }
            return -1;
        }
        int i = names.indexOf(name);
        if (i < 0) {
            problem(entity, "the @DataSubject " + name + " is not a persistent attribute");
            return -2;
        }
        if (types[i].isAssociationType() || types[i].isComponentType() || types[i].getReturnedClass() != String.class) {
            problem(entity, "the @DataSubject " + name + " must be a basic String attribute (a SubjectId's value)");
        }
        if (p.getPropertyLaziness()[i]) {
            problem(entity, "the @DataSubject " + name + " must not be lazy");
        }
        if (p.getPropertyUpdateability()[i]) {
            problem(entity, "the @DataSubject " + name + " must not be updatable (@Column(updatable = false)): moving"
                    + " a row to another subject would leave its values under the first subject's key");
        }
        if (!p.getPropertyInsertability()[i]) {
            problem(entity, "the @DataSubject " + name + " must be insertable");
        }
        return i;
    }

    private EncryptedAttribute attribute(String entity, EntityPersister p, FieldEncryptionIntegrator.BootFacts boot,
            List<String> names, Type[] types, String aadEntity, String name, Encrypted encrypted, BlindIndex index,
            Set<String> subjects, Set<String> encryptedNames) {
        int before = problems.size();
        if (name.equals(p.getIdentifierPropertyName())) {
            problem(entity, name + " is the id and cannot be @Encrypted");
            return null;
        }
        int i = names.indexOf(name);
        if (i < 0) {
            problem(entity, name + " is @Encrypted but not a persistent attribute");
            return null;
        }
        if (subjects.contains(name)) {
            problem(entity, name + " cannot be both @DataSubject and @Encrypted");
        }
        Type type = types[i];
        boolean binary = type.getReturnedClass() == byte[].class;
        if (type.isAssociationType() || type.isCollectionType() || type.isComponentType()
                || type.getReturnedClass() != String.class && !binary) {
            problem(entity, name + " is @Encrypted but not a basic String or byte[] attribute");
        }
        if (p.getPropertyLaziness()[i]) {
            problem(entity, name + " is @Encrypted and lazy: encrypted attributes must be loaded with the row");
        }
        if (p.isVersioned() && p.getVersionPropertyIndex() == i) {
            problem(entity, name + " is the version and cannot be @Encrypted");
        }
        if (p.hasNaturalIdentifier() && Arrays.stream(p.getNaturalIdentifierProperties()).anyMatch(n -> n == i)) {
            problem(entity, name + " is part of the natural id and cannot be @Encrypted (its ciphertext changes at"
                    + " every write)");
        }
        if (boot.uniqueAttributes().contains(name)) {
            problem(entity, name + " is @Encrypted and unique (alone or in a unique key of several columns): ciphertexts of equal values differ, so the database"
                    + " cannot enforce it (put the constraint on the blind index)");
        }
        String fieldId = Annotated.fieldId(name, encrypted);
        FieldContext context = null;
        if (!Names.isName(fieldId)) {
            problem(entity, name + ": the policy field id '" + fieldId + "' is not " + Names.RULE);
        } else if (aadEntity != null) {
            context = context(entity, name, aadEntity, fieldId, p.getMappedClass());
        }
        BlindIndexField blind = null;
        int blindIndex = -1;
        String blindName = null;
        if (index != null) {
            blindName = index.target();
            blindIndex = names.indexOf(blindName);
            if (binary) {
                problem(entity, name + " is a byte[]: only String attributes can have a @BlindIndex");
            }
            if (blindIndex < 0) {
                problem(entity, name + ": the @BlindIndex target " + blindName + " is not a persistent attribute");
            } else {
                Type t = types[blindIndex];
                if (t.isAssociationType() || t.isComponentType() || t.getReturnedClass() != String.class
                        || p.getPropertyLaziness()[blindIndex] || !p.getPropertyInsertability()[blindIndex]
                        || !p.getPropertyUpdateability()[blindIndex] || encryptedNames.contains(blindName)
                        || subjects.contains(blindName)) {
                    problem(entity, name + ": the @BlindIndex target " + blindName + " must be an eager, insertable and"
                            + " updatable String attribute that is neither encrypted nor the subject");
                }
            }
            if (context != null) {
                try {
                    blind = kit.blindIndex().field(aadEntity, fieldId, NORMALIZATION, BITS);
                    checkIndexWidth(entity, name, blindName, boot.columnLengths().get(blindName), blind);
                } catch (PrivacyException e) {
                    problem(entity, name + ": no blind index: " + e.getMessage());
                }
            }
        }
        if (problems.size() > before || context == null) {
            return null;
        }
        return new EncryptedAttribute(name, i, context, binary, blind, blindIndex, blindName);
    }

    /**
     * Under a search-key version from 2 an index value is {@code v<n>.} and the hex, longer than the 32
     * characters of version 1: a mapped column narrower than {@code BITS / 4 + 6} would make every INSERT or
     * UPDATE fail, or, on a database that truncates (MariaDB outside strict mode), silently store an index that
     * matches nothing. Checked at boot, while the mapping says its length (a {@code columnDefinition} does
     * not: docs/JPA.md says how wide the column must be).
     */
    private void checkIndexWidth(String entity, String name, String blindName, Long length, BlindIndexField blind) {
        int needed = BITS / 4 + 6;
        if (blind.currentVersion() >= 2 && length != null && length < needed) {
            problem(entity, name + ": the @BlindIndex target " + blindName + " is mapped " + length + " characters"
                    + " wide, but the search keys' current version " + blind.currentVersion() + " writes index values"
                    + " of up to " + needed + " (v<version>. and " + BITS / 4 + " hex digits): widen the column to"
                    + " at least " + needed + " (ALTER TABLE) and its @Column(length)");
        }
    }

    /** The field's context: its category is the only one declaring it, or the entity's {@code @Retained}. */
    private FieldContext context(String entity, String name, String aadEntity, String fieldId, Class<?> type) {
        List<CategoryDefinition> declaring = new ArrayList<>();
        for (CategoryDefinition c : kit.policy().categories()) {
            if (c.fields().contains(fieldId)) {
                declaring.add(c);
            }
        }
        if (declaring.isEmpty()) {
            problem(entity, name + ": no category of the policy declares the field '" + fieldId + "': give the"
                    + " policy's field id as @Encrypted(field = ...)");
            return null;
        }
        DataCategory category = null;
        Retained retained = type == null ? null : type.getAnnotation(Retained.class);
        PersonalDataCategory personal = type == null ? null : type.getAnnotation(PersonalDataCategory.class);
        for (CategoryDefinition c : declaring) {
            if (personal != null && c.category().id().equals(personal.category())
                    || category == null && retained != null && c.category().id().equals(retained.category())) {
                category = c.category();
            }
        }
        if (category == null) {
            Set<KeyScope> scopes = new LinkedHashSet<>();
            for (CategoryDefinition c : declaring) {
                scopes.add(c.keyScope().orElse(null));
            }
            if (declaring.size() == 1 || scopes.size() == 1 && !scopes.contains(null)) {
                category = declaring.get(0).category();
            } else {
                List<String> options = new ArrayList<>();
                for (CategoryDefinition c : declaring) {
                    options.add(c.category().id() + " (key scope " + c.keyScope().map(KeyScope::name).orElse("none")
                            + ")");
                }
                problem(entity, name + ": the field '" + fieldId + "' is declared by categories " + options
                        + " with different key scopes: name the entity's category with @PersonalDataCategory(category = ...) or @Retained(category = ...)");
                return null;
            }
        }
        try {
            return kit.fieldContext(aadEntity, fieldId, category);
        } catch (PrivacyException e) {
            problem(entity, name + ": " + e.getMessage());
            return null;
        }
    }

    /** The entity name bound into the ciphertext: the root table's name, lower-cased. */
    private String aadEntity(String entity, String rootTable) {
        String table = rootTable == null ? "" : rootTable.replace("`", "").replace("\"", "");
        int dot = table.lastIndexOf('.');
        table = table.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!Names.isName(table)) {
            problem(entity, "its table name '" + table + "' is not " + Names.RULE + ", which the ciphertext binds");
            return null;
        }
        return table;
    }
}
