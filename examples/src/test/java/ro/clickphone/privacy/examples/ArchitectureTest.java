package ro.clickphone.privacy.examples;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import ro.clickphone.privacy.architecture.ArchitectureRules;
import ro.clickphone.privacy.architecture.ModuleClasses;

/** The examples print on purpose, so they hold the shared rules but not the library's no-console rule. */
@AnalyzeClasses(packages = "ro.clickphone.privacy.examples", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests ARCHITECTURE_RULES = ArchTests.in(ArchitectureRules.class);
}
