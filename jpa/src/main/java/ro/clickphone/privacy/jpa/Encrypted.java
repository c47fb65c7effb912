package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} or {@code byte[]} attribute of an application entity whose column holds only
 * ciphertext: the application reads and writes plaintext, the database sees the field encryptor's output
 * under the key of the entity's {@link DataSubject} and the key scope of the field's data category in the
 * policy. Encryption needs the {@code hibernate} module (JPA alone cannot change what is written without
 * changing the managed entity).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Encrypted {

    /**
     * The policy's field id when the Java name differs from it (for example {@code "notification_email"});
     * empty means the attribute's name in snake case ({@code ipAddress} is {@code ip_address}).
     *
     * @return the policy field id, or empty
     */
    String field() default "";
}
