package ro.clickphone.privacy.attacks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.core.squat.Squatter;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * Application code on the class path, where {@code core.internal} is not hidden by a module
 * boundary, tries to use the kit's wiring: to open capabilities over the kit's parts, or to register
 * a factory of its own first (which would make every later kit fail to build, or build with its
 * code). This package is outside {@code ro.clickphone.privacy.core} on purpose.
 */
class WiringAttackTest {

    @Test
    void applicationCode_cannotReachTheFactories() {
        // Lambdas, not method references: the caller Wiring checks must be this test's code.
        assertThrows(IllegalCallerException.class, () -> Wiring.audit());
        assertThrows(IllegalCallerException.class, () -> Wiring.consent());
        assertThrows(IllegalCallerException.class, () -> Wiring.access());
        assertThrows(IllegalCallerException.class, () -> Wiring.retention());
        assertThrows(IllegalCallerException.class, () -> Wiring.notifications());
    }

    @Test
    void codeThatClaimsACorePackageName_cannotReachTheFactoriesEither() {
        assertThrows(IllegalCallerException.class, Squatter::openTheAuditFactory);
    }

    @Test
    void applicationCode_cannotRegisterAFactory_andKitsStillBuild() {
        assertThrows(IllegalCallerException.class,
                () -> Wiring.register((Wiring.Consent) (archive, clock, store, audit, receipts, accounts, g, s, f, w,
                        m) -> null));
        assertThrows(IllegalCallerException.class, () -> Wiring.register(new Wiring.Audit() {
            @Override
            public AuditTrail open(AuditLogStore store, AuditSettings settings, Clock clock, PrivacyMetrics metrics) {
                return null;
            }

            @Override
            public Signer signer(AuditSettings s) {
                return null;
            }

            @Override
            public ro.clickphone.privacy.spi.SecretBytes pseudonymKey(AuditSettings s) {
                return null;
            }
        }));
        assertThrows(IllegalCallerException.class,
                () -> Wiring.register((Wiring.Access) (policy, grants, accounts, designations, notices, consent, audit,
                        clock) -> null));
        assertThrows(IllegalCallerException.class, () -> Wiring.register(new Wiring.Retention() {
            @Override
            public RetentionSchedule open(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
                    Map<String, PersonalDataSource> sources, Wiring.Shredder shredder, Duration skew,
                    ConsentLedger consent, ConsentStore consentEvents, ContactDirectory contacts, PrivacyMetrics metrics) {
                return null;
            }

            @Override
            public Wiring.Withdrawals withdrawals(RetentionSchedule schedule) {
                return null;
            }
        }));
        assertThrows(IllegalCallerException.class, () -> Wiring.register((Wiring.Notify) parts -> null));
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create()).build();
        assertTrue(kit.audit().verify().intact());
        kit.consent();
        kit.access();
        kit.retention();
    }
}
