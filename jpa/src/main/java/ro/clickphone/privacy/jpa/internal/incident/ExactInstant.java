package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Stores an {@link Instant} exactly as nanoseconds since the epoch in a {@code DECIMAL(21, 0)}: the incident
 * register takes instants up to the year 9999, beyond the year 2262 where nanoseconds outgrow a {@code BIGINT}
 * ({@code EpochNanos}). Ordered and compared in SQL like the instants themselves.
 */
@Converter
public class ExactInstant implements AttributeConverter<Instant, BigDecimal> {

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    /** For JPA. */
    public ExactInstant() {
    }

    @Override
    public BigDecimal convertToDatabaseColumn(Instant instant) {
        if (instant == null) {
            return null;
        }
        return new BigDecimal(BigInteger.valueOf(instant.getEpochSecond()).multiply(BILLION)
                .add(BigInteger.valueOf(instant.getNano())));
    }

    @Override
    public Instant convertToEntityAttribute(BigDecimal nanos) {
        if (nanos == null) {
            return null;
        }
        BigInteger[] qr = nanos.toBigIntegerExact().divideAndRemainder(BILLION);
        long seconds = qr[0].longValueExact();
        long nano = qr[1].longValueExact();
        if (nano < 0) {
            seconds -= 1;
            nano += 1_000_000_000L;
        }
        return Instant.ofEpochSecond(seconds, nano);
    }
}
