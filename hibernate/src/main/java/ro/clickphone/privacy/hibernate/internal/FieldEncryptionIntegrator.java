package ro.clickphone.privacy.hibernate.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.jpa.Retained;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;

/**
 * Registers field encryption with every Hibernate session factory whose settings hold the kit
 * ({@link FieldEncryption#KIT}), and refuses to boot one whose entities need it when they do not. The
 * entity models are built and checked once the factory's persisters exist (a factory observer): any
 * problem fails the factory's creation.
 */
public final class FieldEncryptionIntegrator implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        Map<String, Object> settings = bootstrapContext.getServiceRegistry()
                .requireService(ConfigurationService.class).getSettings();
        Map<String, BootFacts> facts = new HashMap<>();
        List<String> needing = new ArrayList<>();
        for (PersistentClass pc : metadata.getEntityBindings()) {
            Class<?> type = mappedClass(pc);
            if (type == null) {
                continue;
            }
            Annotated annotated = Annotated.of(type);
            if (annotated.needsEncryption()) {
                needing.add(type.getSimpleName());
            }
            facts.put(pc.getEntityName(), BootFacts.of(pc, type, annotated));
        }
        Object kit = settings.get(FieldEncryption.KIT);
        if (kit == null) {
            if (!needing.isEmpty()) {
                throw new ConfigurationException("Entities " + needing + " have @Encrypted or @BlindIndex attributes,"
                        + " but the persistence unit has no " + FieldEncryption.KIT + " property: pass the PrivacyKit"
                        + " as that property, or their values would be stored in clear");
            }
            return;
        }
        Supplier<PrivacyKit> supplier;
        boolean atBoot;
        if (kit instanceof PrivacyKit privacyKit) {
            supplier = () -> privacyKit;
            atBoot = true;
        } else if (kit instanceof Supplier<?> given) {
            supplier = () -> {
                Object k = given.get();
                if (k != null && !(k instanceof PrivacyKit)) {
                    throw new ConfigurationException("The supplier given as " + FieldEncryption.KIT
                            + " must supply a ro.clickphone.privacy.core.PrivacyKit");
                }
                return (PrivacyKit) k;
            };
            atBoot = false;
        } else {
            throw new ConfigurationException("The persistence-unit property " + FieldEncryption.KIT + " must be a"
                    + " ro.clickphone.privacy.core.PrivacyKit object (or a Supplier of one), not a "
                    + kit.getClass().getName());
        }
        boolean nullWhenDestroyed = flag(settings, FieldEncryption.NULL_WHEN_KEY_DESTROYED);
        boolean databaseIds = flag(settings, FieldEncryption.ALLOW_DATABASE_GENERATED_IDS);
        Object source = settings.get(FieldEncryption.RETENTION_SOURCE);
        String retentionSource = source == null ? "" : source.toString().trim();
        if (!retentionSource.isEmpty()) {
            try {
                RecordRef.of(retentionSource, "probe");
            } catch (InvalidInputException e) {
                throw new ConfigurationException("The persistence-unit property " + FieldEncryption.RETENTION_SOURCE
                        + " must be a source name (" + e.rule() + "), or empty to turn tagging off");
            }
        }
        EncryptionListeners listeners = new EncryptionListeners(supplier, facts, nullWhenDestroyed, databaseIds,
                retentionSource);
        EventListenerRegistry registry = sessionFactory.getEventListenerRegistry();
        registry.appendListeners(EventType.PRE_LOAD, listeners);
        registry.prependListeners(EventType.FLUSH_ENTITY, listeners);
        registry.appendListeners(EventType.PRE_INSERT, listeners);
        registry.appendListeners(EventType.PRE_UPDATE, listeners);
        registry.appendListeners(EventType.PRE_UPSERT, listeners);
        registry.appendListeners(EventType.POST_INSERT, listeners);
        registry.appendListeners(EventType.POST_UPDATE, listeners);
        registry.appendListeners(EventType.POST_UPSERT, listeners);
        sessionFactory.addObserver(new SessionFactoryObserver() {
            private static final long serialVersionUID = 1L;

            @Override
            public void sessionFactoryCreated(SessionFactory factory) {
                listeners.factoryCreated(factory.unwrap(SessionFactoryImplementor.class), atBoot);
            }
        });
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
        // the listeners go with the factory
    }

    private static Class<?> mappedClass(PersistentClass pc) {
        try {
            return pc.getMappedClass();
        } catch (RuntimeException e) {
            return null; // a dynamic-map entity: no annotations
        }
    }

    private static boolean flag(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        if (value == null) {
            return false;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new ConfigurationException("The persistence-unit property " + name + " must be true or false");
    }

    /**
     * What only the boot model tells: the entity's root table and which attributes' columns are in a unique
     * key (of one column or several), the mapped lengths of single-column attributes, and whether the class
     * is {@code @Retained}.
     *
     * @param annotated the entity's annotations
     * @param rootTable the root table's name
     * @param uniqueAttributes the Java names of attributes with a column in a unique key
     * @param columnLengths the mapped length ({@code @Column(length)}) of each attribute of one column with a
     *     length and no {@code columnDefinition}, by Java name
     * @param retained whether the class is {@code @Retained}
     */
    record BootFacts(Annotated annotated, String rootTable, Set<String> uniqueAttributes, Map<String, Long> columnLengths,
            boolean retained) {

        static BootFacts of(PersistentClass pc, Class<?> type, Annotated annotated) {
            Set<Column> uniqueColumns = new HashSet<>();
            for (UniqueKey key : pc.getTable().getUniqueKeys().values()) {
                uniqueColumns.addAll(key.getColumns());
            }
            Set<String> unique = new LinkedHashSet<>();
            Map<String, Long> lengths = new HashMap<>();
            for (Property p : pc.getPropertyClosure()) {
                for (Column c : p.getColumns()) {
                    if (c.isUnique() || uniqueColumns.contains(c)) {
                        unique.add(p.getName());
                    }
                }
                if (p.getColumns().size() == 1) {
                    Column c = p.getColumns().get(0);
                    if (c.getLength() != null && c.getSqlType() == null) {
                        lengths.put(p.getName(), c.getLength());
                    }
                }
            }
            return new BootFacts(annotated, pc.getRootTable().getName(), Set.copyOf(unique), Map.copyOf(lengths),
                    type.isAnnotationPresent(Retained.class));
        }
    }
}
