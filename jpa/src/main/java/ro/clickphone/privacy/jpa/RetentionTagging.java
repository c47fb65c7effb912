package ro.clickphone.privacy.jpa;

import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.jpa.internal.source.EntityMeta;
import ro.clickphone.privacy.jpa.internal.source.EntityModel;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * Tags a newly persisted row of a {@link Retained} entity for retention, so that the retention sweep disposes
 * of it through the {@link JpaPersonalDataSource} with no hand-written tagging. Portable (JPA metamodel and
 * annotations only): the {@code hibernate} module calls it from its post-insert listener, and an application
 * on another provider calls it after {@code persist} + {@code flush} (or from a {@code @PostPersist} callback
 * that has the kit at hand).
 *
 * <pre>{@code
 * em.persist(invoice);
 * em.flush();
 * RetentionTagging.tag(kit, "billing", emf, invoice);   // the source's name
 * }</pre>
 *
 * <p>What is tagged: the record {@code (sourceName, "<entity name>:<id>")} — the reference
 * {@link JpaPersonalDataSource#dispose} and {@link JpaPersonalDataSource#recordOf} use —, the subject named by
 * the entity's {@link DataSubject} attribute, the category of {@link Retained#category()}, and the anchor: the
 * {@link Retained#anchor()} attribute's value (a {@link LocalDate} is taken at the start of that day in the
 * policy's time zone, a {@link LocalDateTime} in that zone), or the kit clock's instant when no anchor is named.
 *
 * @since 0.1.0
 */
public final class RetentionTagging {

    private RetentionTagging() {
    }

    /**
     * What {@link #tag} tags for an entity.
     *
     * @param record the row's record reference
     * @param subject whose row it is
     * @param category the category of {@link Retained#category()}
     * @param anchor what the retention period counts from
     *
     * @since 0.1.0
     */
    public record Tagging(RecordRef record, SubjectId subject, DataCategory category, Instant anchor) {

        /**
         * Checks the components.
         *
         * @param record the record, as the type describes it
         * @param subject the subject, as the type describes it
         * @param category the category, as the type describes it
         * @param anchor the anchor, as the type describes it
         * @throws InvalidInputException if a component is null
         */
        public Tagging {
            if (record == null || subject == null || category == null || anchor == null) {
                throw new InvalidInputException("tagging", "components must not be null");
            }
        }

        @Override
        public String toString() {
            return "Tagging[" + record + ", " + category.id() + "]";
        }
    }

    /**
     * Tags a persisted entity through {@code kit.retention()}.
     *
     * @param kit the kit whose retention schedule tags it (its policy's time zone and clock are used)
     * @param sourceName the name of the {@link JpaPersonalDataSource} registered with the kit over this unit
     * @param emf the factory the entity belongs to
     * @param entity the persisted entity, its id assigned
     * @return the stored tag, or empty when the entity's class is not {@link Retained}
     * @throws InvalidInputException if an argument is null, the name is malformed, the entity has no id or
     *     its subject attribute is null
     * @throws ConfigurationException if the entity is {@link Retained} but has no {@link DataSubject}
     *     attribute, or its annotations are inconsistent
     * @throws ro.clickphone.privacy.core.retention.RetentionException if the schedule refuses the tag (no
     *     registered source of that name holds the category, an anchor in the future, ...)
     * @throws ro.clickphone.privacy.spi.StoreException if the retention store failed
     */
    public static Optional<RetentionTag> tag(PrivacyKit kit, String sourceName, EntityManagerFactory emf,
            Object entity) {
        if (kit == null) {
            throw new InvalidInputException("kit", "must not be null");
        }
        Optional<Tagging> tagging = describe(sourceName, emf, entity, kit.policy().timeZone(), kit.clock().instant());
        return tagging.map(t -> kit.retention().tag(t.subject(), t.record(), t.category(), t.anchor()));
    }

    /**
     * What {@link #tag} would tag, without tagging.
     *
     * @param sourceName the name of the {@link JpaPersonalDataSource} over this unit
     * @param emf the factory the entity belongs to
     * @param entity the persisted entity, its id assigned
     * @param zone the zone dates are taken in (the policy's)
     * @param now the anchor when {@link Retained#anchor()} is empty
     * @return the tagging, or empty when the entity's class is not {@link Retained}
     * @throws InvalidInputException if an argument is null, the name is malformed, the entity has no id, its
     *     subject attribute or its anchor attribute is null, or it is no entity of the unit
     * @throws ConfigurationException if the entity is {@link Retained} but has no {@link DataSubject}
     *     attribute, or its annotations are inconsistent
     */
    public static Optional<Tagging> describe(String sourceName, EntityManagerFactory emf, Object entity, ZoneId zone,
            Instant now) {
        if (sourceName == null || emf == null || entity == null || zone == null || now == null) {
            throw new InvalidInputException("retentionTagging", "arguments must not be null");
        }
        String source = RecordRef.of(sourceName, "probe").source();
        Optional<EntityMeta> found = EntityModel.of(emf).of(entity);
        if (found.isEmpty()) {
            if (entity.getClass().isAnnotationPresent(Retained.class)) {
                throw new InvalidInputException("entity", "is no entity of the persistence unit");
            }
            return Optional.empty();
        }
        EntityMeta meta = found.get();
        if (meta.retained().isEmpty()) {
            return Optional.empty();
        }
        if (meta.subject().isEmpty()) {
            throw new ConfigurationException("The entity " + meta.name() + " is @Retained but has no @DataSubject"
                    + " attribute: a retention tag names the subject");
        }
        Object id = meta.id().get(entity);
        if (id == null) {
            throw new InvalidInputException("entity", "has no id yet: tag it after the insert");
        }
        Object subject = meta.subject().get().get(entity);
        if (subject == null) {
            throw new InvalidInputException("entity", "has no subject (its @DataSubject attribute is null)");
        }
        Instant anchor = now;
        if (meta.anchor().isPresent()) {
            Object value = meta.anchor().get().get(entity);
            if (value == null) {
                throw new InvalidInputException("entity", "has no value in its @Retained anchor attribute");
            }
            anchor = instant(value, zone);
        }
        return Optional.of(new Tagging(RecordRef.of(source, meta.recordId(id)), SubjectId.of((String) subject),
                meta.category().orElseThrow(), anchor));
    }

    private static Instant instant(Object value, ZoneId zone) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(zone).toInstant();
        }
        if (value instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return ((ZonedDateTime) value).toInstant();
    }
}
