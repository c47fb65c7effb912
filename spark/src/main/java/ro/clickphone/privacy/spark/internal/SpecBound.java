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

    /**
     * A SQL function's argument as the string it must be. Spark does not cast a Java function's
     * arguments, so another type arrives as is: it fails the query with a rule that says what to do,
     * naming the type and never the value.
     *
     * @param function the function's name
     * @param argument the argument, not null
     * @param how what to do instead
     * @return the argument
     * @throws InvalidInputException if the argument is not a string
     */
    static String string(String function, Object argument, String how) {
        if (argument instanceof String text) {
            return text;
        }
        throw new InvalidInputException(function, "takes a STRING, not " + argument.getClass().getSimpleName() + ": "
                + how);
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
