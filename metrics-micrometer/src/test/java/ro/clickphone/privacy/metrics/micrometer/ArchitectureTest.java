package ro.clickphone.privacy.metrics.micrometer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.architecture.ArchitectureRules;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;
import ro.clickphone.privacy.core.archfixture.CountsWithMicrometer;

@AnalyzeClasses(packages = "ro.clickphone.privacy.metrics", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);

    /** The adapter builds on the spi's listener and Micrometer alone: never on core or crypto. */
    @ArchTest
    static final ArchRule DEPENDS_ON_SPI_AND_MICROMETER_ONLY = classes()
            .that().resideInAPackage("ro.clickphone.privacy.metrics.micrometer..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.micrometer..",
                    "ro.clickphone.privacy.spi", "ro.clickphone.privacy.spi.metrics",
                    "ro.clickphone.privacy.metrics.micrometer..")
            .because("the adapter gets what the listener is told, and the kit does not carry Micrometer");

    /** The API package holds the adapter alone. */
    @ArchTest
    static final ArchRule API_PACKAGE = ArchitectureRules.packageHoldsOnly("ro.clickphone.privacy.metrics.micrometer",
            "MicrometerPrivacyMetrics");

    /** The shared rule catches a class outside the adapter that uses Micrometer, and lets the adapter do so. */
    @Test
    void onlyTheAdapterUsesMicrometer_catchesACoreClass_andAllowsTheAdapter() {
        assertTrue(ArchitectureRules.ONLY_THE_ADAPTER_USES_MICROMETER
                .evaluate(new ClassFileImporter().importClasses(CountsWithMicrometer.class)).hasViolation());
        assertFalse(ArchitectureRules.ONLY_THE_ADAPTER_USES_MICROMETER
                .evaluate(new ClassFileImporter().importClasses(MicrometerPrivacyMetrics.class)).hasViolation());
    }
}
