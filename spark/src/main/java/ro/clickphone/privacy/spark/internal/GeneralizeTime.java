package ro.clickphone.privacy.spark.internal;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.pseudonym.Generalization;
import ro.clickphone.privacy.spark.SparkPseudonymizer;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * {@code generalize_time(timestamp)}: the profile's start treatment (cut to its granularity in its
 * zone, kept as is, or dropped: {@code NULL}). Spark hands a timestamp over as a
 * {@link Timestamp}, or as an {@link Instant} when {@code spark.sql.datetime.java8API.enabled} is
 * on; the result has the same class. Both stand for an instant, so neither the session's zone nor
 * the JVM's changes the result. It takes any timestamp Spark holds (years 1 to 9999): the start range
 * the Dataset API and the CSV path check (1970 to 2100) is theirs, not this function's.
 */
public final class GeneralizeTime extends SpecBound implements UDF1<Object, Object> {

    private static final long serialVersionUID = 1L;

    /**
     * The function of a spec.
     *
     * @param spec the spec
     */
    public GeneralizeTime(PseudonymizationSpec spec) {
        super(spec);
    }

    /**
     * Generalizes one start time.
     *
     * @param time a {@link Timestamp} or an {@link Instant}, or {@code null}
     * @return the generalized time of the same class, or {@code null}
     * @throws InvalidInputException if the argument is of another type (the query passes something
     *     else than a {@code TIMESTAMP}: cast it); this fails the query
     */
    @Override
    public Object call(Object time) {
        if (time == null) {
            return null;
        }
        Instant instant;
        if (time instanceof Instant given) {
            instant = given;
        } else if (time instanceof Timestamp given) {
            instant = given.toInstant();
        } else {
            throw new InvalidInputException(SparkPseudonymizer.GENERALIZE_TIME, "takes a TIMESTAMP, not "
                    + time.getClass().getSimpleName() + ": cast the column, generalize_time(CAST(start AS TIMESTAMP))");
        }
        Instant generalized = Rejected.asNull(SparkPseudonymizer.GENERALIZE_TIME, pseudonymizer(),
                p -> generalize(p.profile(), instant));
        if (generalized == null) {
            return null;
        }
        return time instanceof Instant ? generalized : Timestamp.from(generalized);
    }

    private static Instant generalize(CdrProfile profile, Instant start) {
        if (!profile.keepStart()) {
            return null;
        }
        return profile.startGranularity().isPresent()
                ? Generalization.truncate(start, profile.startGranularity().get(), profile.zone())
                : start;
    }
}
