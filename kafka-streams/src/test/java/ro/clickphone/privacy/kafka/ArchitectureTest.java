package ro.clickphone.privacy.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.architecture.ArchitectureRules;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;
import ro.clickphone.privacy.kafka.archfixture.LeaksCore;

@AnalyzeClasses(packages = "ro.clickphone.privacy.kafka", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);

    /**
     * An engine module builds on crypto's public CDR API and the spi alone: core (the kit, the CSV
     * bulk mode) is a test dependency only, so that a stream application does not carry the kit.
     */
    @ArchTest
    static final ArchRule DEPENDS_ON_CRYPTO_AND_SPI_ONLY = classes()
            .that().resideInAPackage("ro.clickphone.privacy.kafka..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.apache.kafka..",
                    "org.apache.commons.csv..", "com.fasterxml.jackson.core..", "ro.clickphone.privacy.spi",
                    "ro.clickphone.privacy.crypto.cdr", "ro.clickphone.privacy.kafka..")
            .because("SPEC19: the engine modules depend on crypto alone in main code (core only in tests)");

    /** Nothing in the module reaches core, whatever else the rule above allows. */
    @ArchTest
    static final ArchRule NO_CORE = noClasses()
            .that().resideInAPackage("ro.clickphone.privacy.kafka..")
            .should().dependOnClassesThat().resideInAPackage("ro.clickphone.privacy.core..")
            .because("the kit is not on a stream worker's class path");

    /** The API package holds the supplier, the helper, the Serdes, their values and the task failure. */
    @ArchTest
    static final ArchRule API_PACKAGE = ArchitectureRules.packageHoldsOnly("ro.clickphone.privacy.kafka",
            "CdrFormat", "CdrProcessingException", "CdrProcessorSupplier", "CdrSerdes", "CdrStreamOptions",
            "CdrTopology", "DeadLetter", "OutputKey", "OutputTimestamp");

    @Test
    void rules_catchAClassThatReachesCore() {
        JavaClasses leak = new ClassFileImporter().importClasses(LeaksCore.class);
        assertTrue(DEPENDS_ON_CRYPTO_AND_SPI_ONLY.evaluate(leak).hasViolation(), "the dependency rule bites");
        assertTrue(NO_CORE.evaluate(leak).hasViolation(), "the core rule bites");
    }
}
