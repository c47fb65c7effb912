package ro.clickphone.privacy.hibernate;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;

@AnalyzeClasses(packages = "ro.clickphone.privacy.hibernate", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);
}
