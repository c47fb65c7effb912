package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a companion attribute of the same entity holding the blind index of this (plaintext) attribute,
 * so that equality queries work on an encrypted field ({@code where e.emailIndex = :index}). The index
 * reveals which rows hold equal values, nothing more. Only on an {@link Encrypted} {@code String}; the target
 * is a plain, unencrypted {@code String} attribute that is not the subject. The {@code hibernate} module fills
 * it on every insert and update; {@link JpaPersonalDataSource} recomputes it when it rectifies.
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
