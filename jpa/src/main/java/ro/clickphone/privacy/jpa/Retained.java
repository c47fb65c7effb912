package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags each new row of an application entity for retention when it is persisted: the policy's data
 * category whose retention period applies, and the attribute holding the date the period runs from. The
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
     * The attribute (a {@code LocalDate}, {@code Instant} or {@code LocalDateTime}) the retention period
     * runs from; empty means the moment of persisting.
     *
     * @return the anchor attribute's name, or empty
     */
    String anchor() default "";
}
