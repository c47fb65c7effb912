package ro.clickphone.privacy.jpa.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Stores an {@link Instant} exactly, as nanoseconds since the epoch in a {@code BIGINT}: no time zone,
 * driver or column precision can move it, which matters where an instant is part of sealed or hashed
 * bytes (an audit record, a consent event). Covers 1677-09-21 to 2262-04-11; an instant outside is
 * rejected. Apply it with {@code @Convert(converter = EpochNanos.class)}.
 */
@Converter
public class EpochNanos implements AttributeConverter<Instant, Long> {

    /** For JPA. */
    public EpochNanos() {
    }

    @Override
    public Long convertToDatabaseColumn(Instant instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidInputException("instant", "is outside what the JPA stores keep (1677 to 2262)");
        }
    }

    @Override
    public Instant convertToEntityAttribute(Long nanos) {
        if (nanos == null) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
