package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.DateTimeException;
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

    /**
     * What an epoch day beyond {@link LocalDate}'s range reads as (an edited row): the store refuses a tag
     * with it as the SPI's validation error, instead of the whole query failing on a {@code DateTimeException}.
     */
    static final LocalDate OUT_OF_RANGE = LocalDate.MIN;

    @Override
    public LocalDate convertToEntityAttribute(Long epochDay) {
        if (epochDay == null) {
            return null;
        }
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            return OUT_OF_RANGE;
        }
    }
}
