package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the attribute of an application entity that names the data subject the row is about: the
 * {@link ro.clickphone.privacy.spi.SubjectId} value, as a {@code String}. Encrypted fields of the entity are
 * encrypted under this subject's keys, and the personal-data source finds, exports, erases, rectifies and
 * restricts the entity's rows by it. The column must not be updatable ({@code @Column(updatable = false)}):
 * moving a row to another subject would leave its ciphertext under the first subject's key.
 *
 * <pre>{@code
 * @Entity(name = "Account")
 * @PersonalDataCategory(category = "CONTACT")
 * class Account {
 *     @Id String id;
 *     @DataSubject @Column(updatable = false) String customerId;
 *     @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
 *     String emailIndex;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface DataSubject {
}
