package ro.clickphone.privacy.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.archfixture.HandsOutASigner;
import ro.clickphone.privacy.core.archfixture.HandsOutASignerSneakily;
import ro.clickphone.privacy.core.archfixture.LogsTheBody;
import ro.clickphone.privacy.core.archfixture.PrintsToConsole;
import ro.clickphone.privacy.core.archfixture.ReachesIntoCryptoInternals;
import ro.clickphone.privacy.crypto.archfixture.ReachesUpToCore;
import ro.clickphone.privacy.crypto.archfixture.UsesJavaUtilRandom;
import ro.clickphone.privacy.crypto.archfixture.UsesOwnInternals;
import ro.clickphone.privacy.crypto.cdr.archfixture.ParsesPhonesWithInternals;
import ro.clickphone.privacy.crypto.internal.archfixture.HiddenHelper;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.audit.VouchingImpostor;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.archfixture.EnvelopeChannel;
import ro.clickphone.privacy.spi.notify.archfixture.PlainChannel;
import ro.clickphone.privacy.spi.notify.archfixture.SubjectAwareChannel;

/** The rules catch what they are for: each is run over fixture classes that break it. */
class ArchitectureRulesTest {

    private static JavaClasses classes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    private static boolean violated(ArchRule rule, Class<?>... types) {
        return rule.evaluate(classes(types)).hasViolation();
    }

    @Test
    void layers_cryptoDependingOnCore_isViolation() {
        assertTrue(violated(ArchitectureRules.LAYERS, ReachesUpToCore.class, PrintsToConsole.class));
    }

    @Test
    void layers_moduleUsingItsOwnInternals_isAllowed() {
        assertFalse(violated(ArchitectureRules.LAYERS, UsesOwnInternals.class, HiddenHelper.class));
    }

    @Test
    void internals_coreUsingCryptoInternals_isViolation() {
        assertTrue(violated(ArchitectureRules.INTERNAL_PACKAGES_STAY_INSIDE_THEIR_MODULE,
                ReachesIntoCryptoInternals.class, HiddenHelper.class));
    }

    @Test
    void internals_cryptoUsingCryptoInternals_isAllowed() {
        assertFalse(violated(ArchitectureRules.INTERNAL_PACKAGES_STAY_INSIDE_THEIR_MODULE,
                UsesOwnInternals.class, HiddenHelper.class));
    }

    @Test
    void coreChannels_aChannelReadingTheBody_isViolation() {
        assertTrue(violated(ArchitectureRules.CORE_CHANNELS_READ_NO_MESSAGE_TEXT, LogsTheBody.class));
    }

    @Test
    void coreChannels_aClassThatIsNoChannel_isAllowed() {
        assertFalse(violated(ArchitectureRules.CORE_CHANNELS_READ_NO_MESSAGE_TEXT, PrintsToConsole.class));
    }

    @Test
    void random_javaUtilRandom_isViolation() {
        assertTrue(violated(ArchitectureRules.NO_INSECURE_RANDOM, UsesJavaUtilRandom.class));
    }

    @Test
    void random_classWithoutRandom_isAllowed() {
        assertFalse(violated(ArchitectureRules.NO_INSECURE_RANDOM, UsesOwnInternals.class));
    }

    @Test
    void signer_publicCoreMethodReturningOne_isViolation() {
        assertTrue(violated(ArchitectureRules.CORE_HANDS_OUT_NO_SIGNER, HandsOutASigner.class));
    }

    @Test
    void signer_asASubclassInAGenericOrInAField_isViolation() {
        assertTrue(violated(ArchitectureRules.CORE_HANDS_OUT_NO_SIGNER, HandsOutASignerSneakily.class));
        assertEquals(2, ArchitectureRules.CORE_HANDS_OUT_NO_SIGNER.evaluate(classes(HandsOutASignerSneakily.class))
                .getFailureReport().getDetails().size());
    }

    @Test
    void signer_coreClassWithoutOne_isAllowed() {
        assertFalse(violated(ArchitectureRules.CORE_HANDS_OUT_NO_SIGNER, PrintsToConsole.class));
    }

    @Test
    void cdrModel_usingCryptoInternals_isViolation() {
        assertTrue(violated(ArchitectureRules.CDR_MODEL_USES_PUBLIC_CRYPTO_ONLY, ParsesPhonesWithInternals.class,
                HiddenHelper.class));
        assertFalse(violated(ArchitectureRules.CDR_MODEL_USES_PUBLIC_CRYPTO_ONLY, UsesOwnInternals.class,
                HiddenHelper.class));
    }

    @Test
    void packageHoldsOnly_aStrayType_isViolation() {
        String fixtures = "ro.clickphone.privacy.core.archfixture";
        assertTrue(violated(ArchitectureRules.packageHoldsOnly(fixtures, "PrintsToConsole"), PrintsToConsole.class,
                HandsOutASigner.class));
        assertFalse(violated(ArchitectureRules.packageHoldsOnly(fixtures, "PrintsToConsole", "HandsOutASigner"),
                PrintsToConsole.class, HandsOutASigner.class));
    }

    @Test
    void auditVouch_byAnyoneButTheTrustedMaker_isViolation() throws ClassNotFoundException {
        assertTrue(violated(ArchitectureRules.ONLY_THE_TRUSTED_MAKER_VOUCHES, VouchingImpostor.class));
        assertFalse(violated(ArchitectureRules.ONLY_THE_TRUSTED_MAKER_VOUCHES, AuditRecord.class,
                Class.forName(AuditRecord.class.getName() + "$Trusted")));
    }

    @Test
    void console_systemOut_isViolation() {
        assertTrue(violated(LibraryRules.NO_CONSOLE_OUTPUT, PrintsToConsole.class));
    }

    @Test
    void channels_handedTheSubject_isViolation() {
        assertTrue(violated(ArchitectureRules.CHANNELS_NEVER_SEE_THE_SUBJECT, SubjectAwareChannel.class));
    }

    @Test
    void channels_reachingTheSubjectsKeysThroughANestedGeneric_isViolation() {
        assertTrue(violated(ArchitectureRules.CHANNELS_NEVER_SEE_THE_SUBJECT, EnvelopeChannel.class));
    }

    @Test
    void channels_seeingTheMessageOnly_andTheSpisOwnChannel_areAllowed() {
        assertFalse(violated(ArchitectureRules.CHANNELS_NEVER_SEE_THE_SUBJECT, PlainChannel.class,
                NotificationChannel.class));
    }
}
