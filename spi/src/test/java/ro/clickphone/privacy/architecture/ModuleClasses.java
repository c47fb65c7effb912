package ro.clickphone.privacy.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports a module's own main classes only: not its tests, and not the jars on its class path
 * (another module's classes are checked by that module's own test).
 */
public final class ModuleClasses implements ImportOption {

    private static final ImportOption NO_TESTS = new DoNotIncludeTests();
    private static final ImportOption NO_JARS = new DoNotIncludeJars();

    @Override
    public boolean includes(Location location) {
        return NO_TESTS.includes(location) && NO_JARS.includes(location);
    }
}
