package ro.clickphone.privacy.notify.mail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import ro.clickphone.privacy.architecture.ArchitectureRules;
import ro.clickphone.privacy.architecture.LibraryRules;
import ro.clickphone.privacy.architecture.ModuleClasses;

@AnalyzeClasses(packages = "ro.clickphone.privacy.notify", importOptions = ModuleClasses.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests LIBRARY_RULES = ArchTests.in(LibraryRules.class);

    /** The module is a plugin: it builds on the spi's public packages and Jakarta Mail, never on core or crypto. */
    @ArchTest
    static final ArchRule DEPENDS_ON_SPI_AND_JAKARTA_MAIL_ONLY = classes()
            .that().resideInAPackage("ro.clickphone.privacy.notify.mail..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.net.ssl..",
                    "jakarta.mail..", "jakarta.activation..", "org.eclipse.angus.mail..",
                    "ro.clickphone.privacy.spi", "ro.clickphone.privacy.spi.notify", "ro.clickphone.privacy.notify.mail..")
            .because("a channel gets what the spi hands it, and the kit's core does not carry Jakarta Mail");

    /** The API package holds the two channels, their providers and the SMTP settings. */
    @ArchTest
    static final ArchRule API_PACKAGE = ArchitectureRules.packageHoldsOnly("ro.clickphone.privacy.notify.mail",
            "MailboxChannel", "MailboxChannelProvider", "SmtpChannel", "SmtpChannelProvider", "SmtpSettings", "StartTls");
}
