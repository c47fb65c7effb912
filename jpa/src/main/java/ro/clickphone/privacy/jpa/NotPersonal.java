package ro.clickphone.privacy.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an attribute of a {@link DataSubject} entity that identifies nobody (an amount, a date, a tariff
 * code): it is kept when the {@link JpaPersonalDataSource} anonymizes the row at the end of its retention
 * ({@link ro.clickphone.privacy.spi.source.DisposalAction#ANONYMIZE}). Every other attribute except the id
 * and the version is set to null then, so an attribute forgotten here is removed, never kept by mistake
 * (its column must then be nullable, or the anonymization fails and the row is kept whole).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface NotPersonal {
}
