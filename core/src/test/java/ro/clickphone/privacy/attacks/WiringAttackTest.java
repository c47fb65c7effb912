package ro.clickphone.privacy.attacks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Application code on the class path, where {@code core.internal} is not hidden by a module
 * boundary, tries to use the kit's wiring: to open capabilities over the kit's parts, or to register
 * a factory of its own first (which would make every later kit fail to build, or build with its
 * code). This package is outside {@code ro.clickphone.privacy.core} on purpose.
 */
class WiringAttackTest {

    @Test
    void applicationCode_cannotReachTheFactories() {
        assertThrows(IllegalCallerException.class, Wiring::audit);
        assertThrows(IllegalCallerException.class, Wiring::consent);
        assertThrows(IllegalCallerException.class, Wiring::access);
    }

    @Test
    void applicationCode_cannotRegisterAFactory_andKitsStillBuild() {
        assertThrows(IllegalCallerException.class,
                () -> Wiring.register((Wiring.Consent) (archive, clock, store, audit, receipts, accounts, s) -> null));
        assertThrows(IllegalCallerException.class,
                () -> Wiring.register((Wiring.Access) (policy, grants, accounts, audit) -> null));
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create()).build();
        assertTrue(kit.audit().verify().intact());
        kit.consent();
        kit.access();
    }
}
