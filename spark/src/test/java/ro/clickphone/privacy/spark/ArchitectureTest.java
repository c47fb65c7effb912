package ro.clickphone.privacy.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.architecture.ArchitectureRules;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;

@AnalyzeClasses(packages = "ro.clickphone.privacy.spark", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);

    /**
     * The engine module builds on crypto's public CDR model and the spi alone: not on core (a Spark
     * executor has no kit), not on another module's internals, and on Spark and Scala only as the
     * cluster provides them.
     */
    @ArchTest
    static final ArchRule DEPENDS_ON_CRYPTO_SPI_AND_SPARK_ONLY = classes()
            .that().resideInAPackage("ro.clickphone.privacy.spark..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "scala..", "org.apache.spark..",
                    "ro.clickphone.privacy.spi", "ro.clickphone.privacy.spi.keys", "ro.clickphone.privacy.crypto.cdr",
                    "ro.clickphone.privacy.crypto.pseudonym", "ro.clickphone.privacy.spark..")
            .because("engine modules depend on crypto alone (issue 19); the executors build their ciphers from the spec");

    /** The API package holds the one entry point. */
    @ArchTest
    static final ArchRule API_PACKAGE = ArchitectureRules.packageHoldsOnly("ro.clickphone.privacy.spark",
            "SparkPseudonymizer");

    /** The dependency rule is no rule that passes by matching nothing: a class that uses core breaks it. */
    @Test
    void dependencyRule_catchesAClassThatUsesCore() {
        assertThrows(AssertionError.class, () -> DEPENDS_ON_CRYPTO_SPI_AND_SPARK_ONLY.check(
                new ClassFileImporter().importClasses(UsesCore.class)));
    }
}
