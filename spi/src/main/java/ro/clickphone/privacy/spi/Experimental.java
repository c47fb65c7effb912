package ro.clickphone.privacy.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks API that may still change in a minor release: its shape is known to grow (more stores in
 * the bundle) or is waiting on a capability that is not built yet. Everything public and not marked
 * follows semantic versioning from its {@code @since} version on.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Experimental {

    /**
     * Why the element may change, and what it waits on.
     *
     * @return the reason
     */
    String value();
}
