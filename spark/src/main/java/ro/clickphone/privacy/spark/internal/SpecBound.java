package ro.clickphone.privacy.spark.internal;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A function Spark ships to the executors: it holds the spec and nothing else that is serialized;
 * the pseudonymizer the spec stands for is looked up on the executor the first time the function
 * runs there ({@link CdrPseudonymizer#forSpec} unwraps once per JVM) and kept in a transient field,
 * which neither Java serialization nor Kryo writes.
 */
abstract class SpecBound implements Serializable {

    private static final long serialVersionUID = 1L;

    private final PseudonymizationSpec spec;
    private transient volatile CdrPseudonymizer pseudonymizer;

    SpecBound(PseudonymizationSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("spec", "must be given");
        }
        this.spec = spec;
    }

    /** The spec's pseudonymizer, unwrapped and its seal checked on first use in this JVM. */
    final CdrPseudonymizer pseudonymizer() {
        CdrPseudonymizer known = pseudonymizer;
        if (known == null) {
            known = CdrPseudonymizer.forSpec(spec);
            pseudonymizer = known;
        }
        return known;
    }

    final PseudonymizationSpec spec() {
        return spec;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (spec == null) {
            throw new InvalidObjectException("a Spark pseudonymization function without its spec");
        }
    }

    /** The function's name and the spec's own {@code toString()}, which holds no secret. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec + "]";
    }
}
