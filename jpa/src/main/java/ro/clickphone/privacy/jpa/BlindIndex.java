package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a companion attribute of the same entity holding the blind index of this (plaintext) attribute,
 * so that equality queries work on an encrypted field ({@code where e.emailIndex = :index}). The index
 * reveals which rows hold equal values, nothing more.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface BlindIndex {

    /**
     * The name of the attribute (a {@code String}) that holds the index.
     *
     * @return the companion attribute's name
     */
    String target();
}
