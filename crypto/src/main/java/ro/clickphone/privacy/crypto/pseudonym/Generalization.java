package ro.clickphone.privacy.crypto.pseudonym;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import ro.clickphone.privacy.crypto.internal.IpLiterals;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Generalization for exports that must not single people out: times cut to the hour, day or week,
 * IP addresses cut to their network. Keyless and irreversible. Durations go through
 * {@link DurationBuckets}.
 *
 * <p><b>Warning:</b> generalization lowers the risk of singling out; it does not by itself make a
 * data set k-anonymous. Whether each combination of generalized values is shared by at least
 * {@code k} people depends on the data and must be checked on the export.
 *
 * @since 0.1.0
 */
public final class Generalization {

    private static final Instant EARLIEST = Instant.parse("-999999-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+999999-12-31T23:59:59Z");

    private Generalization() {
    }

    /**
     * Cuts a time down to the start of its hour, day or ISO week in a zone (days and weeks begin at
     * local midnight, which a daylight-saving change can move).
     *
     * @param time the time
     * @param granularity how coarsely
     * @param zone the zone days and weeks are counted in, such as {@code Europe/Bucharest}
     * @return the start of the period holding {@code time}
     * @throws InvalidInputException if an argument is null or the time is beyond year 999999 either way
     */
    public static Instant truncate(Instant time, TimeGranularity granularity, ZoneId zone) {
        if (time == null || granularity == null || zone == null) {
            throw new InvalidInputException("truncate", "time, granularity and zone must be given");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            // at the ends of Instant's range a zoned date-time overflows
            throw new InvalidInputException("time", "must be between years -999999 and 999999");
        }
        switch (granularity) {
            case HOUR:
                return time.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY:
                return time.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            default:
                ZonedDateTime day = time.atZone(zone).toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
                return day.toInstant();
        }
    }

    /**
     * Cuts an IP address to its network: the host bits become zero.
     *
     * @param address an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address counts as IPv4)
     * @param ipv4Bits the IPv4 prefix kept, 0 to 32 (24 is usual)
     * @param ipv6Bits the IPv6 prefix kept, 0 to 128 (48 is usual)
     * @return the network address literal, such as {@code 192.0.2.0} or {@code 2001:db8:85a3::}
     * @throws InvalidInputException if the address is not a literal or a prefix is out of range
     */
    public static String ipPrefix(String address, int ipv4Bits, int ipv6Bits) {
        if (ipv4Bits < 0 || ipv4Bits > 32 || ipv6Bits < 0 || ipv6Bits > 128) {
            throw new InvalidInputException("prefix", "must be 0 to 32 bits for IPv4 and 0 to 128 for IPv6");
        }
        byte[] bytes = IpLiterals.parse(address, "address");
        int keep = bytes.length == 4 ? ipv4Bits : ipv6Bits;
        for (int bit = keep; bit < bytes.length * 8; bit++) {
            bytes[bit >>> 3] &= (byte) ~(1 << (7 - (bit & 7)));
        }
        return IpLiterals.format(bytes);
    }
}
