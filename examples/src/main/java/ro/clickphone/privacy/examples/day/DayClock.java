package ro.clickphone.privacy.examples.day;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The day's clock: a fixed instant that the program moves forward through the day, never back, so that every
 * instant the kit records is derived from it and every run prints the same times.
 */
final class DayClock extends Clock {

    /** ClickPhone's business zone. */
    static final ZoneId BUCHAREST = ZoneId.of("Europe/Bucharest");

    private final LocalDate day;
    private final AtomicReference<Instant> now;

    private DayClock(LocalDate day, Instant start) {
        this.day = day;
        this.now = new AtomicReference<>(start);
    }

    /**
     * A clock at a local time of a day in Bucharest.
     *
     * @param day the day
     * @param time the local time
     * @return the clock
     */
    static DayClock at(LocalDate day, LocalTime time) {
        return new DayClock(day, day.atTime(time).atZone(BUCHAREST).toInstant());
    }

    /**
     * Moves the clock to a later local time of its day.
     *
     * @param time the local time
     * @return the new instant
     * @throws IllegalStateException if that time is before the clock's instant
     */
    Instant moveTo(LocalTime time) {
        Instant next = day.atTime(time).atZone(BUCHAREST).toInstant();
        Instant previous = now.getAndUpdate(current -> next.isBefore(current) ? current : next);
        if (next.isBefore(previous)) {
            throw new IllegalStateException("the day's clock only moves forward");
        }
        return next;
    }

    /**
     * The clock's day.
     *
     * @return the day
     */
    LocalDate day() {
        return day;
    }

    @Override
    public ZoneId getZone() {
        return BUCHAREST;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the day's clock stays in Europe/Bucharest");
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "DayClock[" + now.get() + "]";
    }
}
