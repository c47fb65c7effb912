package ro.clickphone.privacy.spi.audit;

/** For the architecture rule test: a class of spi's package, not the trusted maker, that sets the mark. */
public final class VouchingImpostor {

    private VouchingImpostor() {
    }

    /**
     * Marks a map (with a token of its own, which the record ignores).
     *
     * @return the marked map
     */
    public static Object mark() {
        return new CodeMap(new String[0], new String[0], 0).vouch(new Object());
    }
}
