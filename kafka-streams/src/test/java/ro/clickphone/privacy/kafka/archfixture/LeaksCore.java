package ro.clickphone.privacy.kafka.archfixture;

import ro.clickphone.privacy.core.cdr.BulkOptions;

/** Breaks the module's dependency rule on purpose, so that ArchitectureTest can show the rule bites. */
public final class LeaksCore {

    private LeaksCore() {
    }

    /**
     * Reaches into core.
     *
     * @return core's default options
     */
    public static Object options() {
        return BulkOptions.defaults();
    }
}
