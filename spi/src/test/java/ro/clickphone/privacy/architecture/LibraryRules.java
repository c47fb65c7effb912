package ro.clickphone.privacy.architecture;

import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import java.net.InetAddress;

/**
 * The rules of {@link ArchitectureRules} plus those for library modules (spi, crypto, core, jpa),
 * which must not print: output goes through SLF4J, where the application decides what is kept, and
 * a stray stack trace on the console is where personal data leaks.
 */
public final class LibraryRules {

    private LibraryRules() {
    }

    /** Every module's rules. */
    @ArchTest
    public static final ArchTests ARCHITECTURE = ArchTests.in(ArchitectureRules.class);

    /** No System.out, System.err or printStackTrace() in library code. */
    @ArchTest
    public static final ArchRule NO_CONSOLE_OUTPUT = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("library code logs through SLF4J and never prints personal data to the console");

    /** Logging goes through SLF4J. */
    @ArchTest
    public static final ArchRule NO_JUL = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("the SDK logs through SLF4J so that the application chooses the backend");

    /**
     * No name resolution: IP literals are parsed by the SDK's own parser. {@link InetAddress}
     * resolves what it cannot read as a literal (such as {@code .1::1.2.3.4}) through DNS, which
     * would send log data, consent evidence or CDR fields to a name server.
     */
    @ArchTest
    public static final ArchRule NO_NAME_RESOLUTION = noClasses()
            .should().callMethod(InetAddress.class, "getByName", String.class)
            .orShould().callMethod(InetAddress.class, "getAllByName", String.class)
            .because("InetAddress resolves what it cannot read as a literal (such as .1::1.2.3.4) through DNS,"
                    + " which would send personal data to a name server");
}
