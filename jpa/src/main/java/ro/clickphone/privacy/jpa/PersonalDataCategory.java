package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import ro.clickphone.privacy.spi.source.Provenance;

/**
 * The policy's data category of an application entity's rows, and where their data comes from, for the
 * {@link JpaPersonalDataSource}: every entity with a {@link DataSubject} attribute needs a category, given
 * here or by {@link Retained#category()} (both may be present only when they agree).
 *
 * <pre>{@code
 * @Entity @PersonalDataCategory(category = "CONTACT")
 * class Account { @Id String id; @DataSubject @Column(updatable = false) String customerId; String email; }
 *
 * @Entity @PersonalDataCategory(category = "TRAFFIC", provenance = Provenance.OBSERVED)
 * class CallRecord { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PersonalDataCategory {

    /**
     * The policy's data category id (upper-case, e.g. {@code CONTACT}).
     *
     * @return the category
     */
    String category();

    /**
     * Where the rows' data comes from, as an access export states it (GDPR art. 15(1)(g), art. 20).
     *
     * @return the provenance; {@link Provenance#PROVIDED} unless given
     */
    Provenance provenance() default Provenance.PROVIDED;

    /**
     * For data not collected from the subject ({@link Provenance#THIRD_PARTY}), who it came from, as the
     * export names it (e.g. "your Custom PBX administrator"); empty otherwise.
     *
     * @return the origin, or empty
     */
    String origin() default "";
}
