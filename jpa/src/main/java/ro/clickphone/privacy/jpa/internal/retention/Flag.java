package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * A boolean as an {@code INTEGER} 0 or 1: the one column type that reads back the same on PostgreSQL,
 * MariaDB ({@code BOOLEAN} is {@code TINYINT(1)} there) and H2, and validates on all three.
 */
@Converter
public class Flag implements AttributeConverter<Boolean, Integer> {

    /** For JPA. */
    public Flag() {
    }

    @Override
    public Integer convertToDatabaseColumn(Boolean value) {
        return value == null ? null : value ? 1 : 0;
    }

    @Override
    public Boolean convertToEntityAttribute(Integer value) {
        return value == null ? null : value != 0;
    }
}
