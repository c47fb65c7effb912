package ro.clickphone.privacy.examples.day;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** An instant as milliseconds since the epoch in a BIGINT: one exact type on H2, PostgreSQL and MariaDB. */
@Converter
public final class EpochMillis implements AttributeConverter<Instant, Long> {

    /** For JPA. */
    public EpochMillis() {
    }

    @Override
    public Long convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
