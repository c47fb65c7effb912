package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an application entity for retention: with the {@code hibernate} module and its
 * {@code FieldEncryption.RETENTION_SOURCE} property set, each new row is tagged when its transaction completes
 * ({@link RetentionTagging#tag} does it by hand otherwise), with the policy's data category whose retention
 * period applies and the attribute holding the date the period runs from. The
 * retention sweep then disposes of the row through the personal-data source with no hand-written tagging.
 *
 * <pre>{@code
 * @Entity @Retained(category = "FINANCIAL", anchor = "invoiceDate")
 * class Invoice { ... LocalDate invoiceDate; ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Retained {

    /**
     * The policy's data category id.
     *
     * @return the category
     */
    String category();

    /**
     * The attribute (a {@code LocalDate}, {@code LocalDateTime}, {@code Instant}, {@code OffsetDateTime} or
     * {@code ZonedDateTime}) the retention period runs from; empty means the kit clock's instant when the row
     * is inserted.
     *
     * @return the anchor attribute's name, or empty
     */
    String anchor() default "";
}
