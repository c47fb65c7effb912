package ro.clickphone.privacy.jpa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;

@AnalyzeClasses(packages = "ro.clickphone.privacy.jpa", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);

    /** The plugin stays portable: Hibernate-specific hooks live in the hibernate module. */
    @ArchTest
    static final ArchRule PORTABLE_JPA = noClasses().that().resideInAPackage("ro.clickphone.privacy.jpa..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "org.eclipse.persistence..")
            .because("jakarta.persistence-api is the jpa module's only compile dependency on JPA; "
                    + "Hibernate hooks belong in the hibernate module");

    /** The application-facing package does not hand out the plugin's entities or stores. */
    @ArchTest
    static final ArchRule API_HIDES_INTERNALS = noClasses().that().resideInAPackage("ro.clickphone.privacy.jpa")
            .should().dependOnClassesThat().resideInAnyPackage("ro.clickphone.privacy.hibernate..",
                    "ro.clickphone.privacy.examples..")
            .because("dependencies point spi <- crypto <- core <- jpa <- hibernate <- examples");
}
