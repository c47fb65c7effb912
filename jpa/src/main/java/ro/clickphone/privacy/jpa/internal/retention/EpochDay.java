package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.LocalDate;

/**
 * Stores a {@link LocalDate} as its epoch day in a {@code BIGINT}: no JVM or JDBC time zone can move it
 * by a day (a {@code DATE} bound through {@code java.sql.Date} with {@code hibernate.jdbc.time_zone} set
 * can), and it orders as the days do.
 */
@Converter
public class EpochDay implements AttributeConverter<LocalDate, Long> {

    /** For JPA. */
    public EpochDay() {
    }

    @Override
    public Long convertToDatabaseColumn(LocalDate day) {
        return day == null ? null : day.toEpochDay();
    }

    @Override
    public LocalDate convertToEntityAttribute(Long epochDay) {
        return epochDay == null ? null : LocalDate.ofEpochDay(epochDay);
    }
}
