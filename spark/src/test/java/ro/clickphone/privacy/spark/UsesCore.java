package ro.clickphone.privacy.spark;

import java.util.List;
import ro.clickphone.privacy.core.cdr.CdrCsv;

/** A class breaking the module's dependency rule, for {@link ArchitectureTest}: it reaches core. */
final class UsesCore {

    private UsesCore() {
    }

    static List<String> header() {
        return CdrCsv.OUTPUT_HEADER;
    }
}
