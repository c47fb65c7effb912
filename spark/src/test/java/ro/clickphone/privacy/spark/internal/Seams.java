package ro.clickphone.privacy.spark.internal;

import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.api.java.UDF1;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;

/** The internals' package-private seams, for the module's tests, which live beside the API. */
public final class Seams {

    private Seams() {
    }

    /** What a test gives to see every job a partition function opens: shipped with the function. */
    public interface JobsOpened extends Consumer<CdrJob>, Serializable {
    }

    /** {@link Rejected#asNull}. */
    public static <T> T asNull(String function, CdrPseudonymizer pseudonymizer,
            Function<CdrPseudonymizer, T> technique) {
        return Rejected.asNull(function, pseudonymizer, technique);
    }

    /** The Dataset API's partition function, telling {@code opened} of each job it opens. */
    public static PseudonymizePartitions observed(PseudonymizationSpec spec, int[] positions, int pseudonymMemo,
            JobsOpened opened) {
        return new PseudonymizePartitions(spec, positions, pseudonymMemo, opened::accept);
    }

    /**
     * A SQL function whose technique fails with an {@link IllegalStateException} quoting the value, as
     * a fault in a cipher might: it must fail the query, never give NULL, never show the value.
     */
    public static UDF1<Object, String> faultyPseudoPhone(PseudonymizationSpec spec) {
        return new FaultyPseudoPhone(spec);
    }

    private static final class FaultyPseudoPhone extends SpecBound implements UDF1<Object, String> {

        private static final long serialVersionUID = 1L;

        FaultyPseudoPhone(PseudonymizationSpec spec) {
            super(spec);
        }

        @Override
        public String call(Object number) {
            return Rejected.asNull("pseudo_phone", pseudonymizer(), p -> {
                throw new IllegalStateException("the technique failed on " + number);
            });
        }
    }
}
