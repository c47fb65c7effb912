package ro.clickphone.privacy.core.consent;

import java.time.Clock;
import java.util.function.LongSupplier;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;

/**
 * Test-only door (in the JPA plugin's tests) to the ledger's package-private factory: a kit's ledger measures
 * its staleness bound on {@code System.nanoTime()}, which a test cannot move; this one measures it on a
 * supplier the test advances, so "another instance's change is seen within the bound" is tested without
 * sleeping. Everything else is as the kit wires it: the kit's audit trail (its subject references), the
 * given store and settings.
 */
public final class NanoClockLedgers {

    private NanoClockLedgers() {
    }

    /**
     * A ledger over a store, beside a kit.
     *
     * @param kit the kit whose audit trail (and subject-reference key) the ledger uses
     * @param clock the wall clock of recordings
     * @param store the consent store
     * @param settings the settings, with seal key and receipt signer
     * @param nanoTime the monotonic clock of the staleness bound and the cache expiry
     * @return the ledger
     */
    public static ConsentLedger open(PrivacyKit kit, Clock clock, ConsentStore store, ConsentSettings settings,
            LongSupplier nanoTime) {
        return ConsentLedger.create(PolicyArchive.of(Policy.clickPhoneDefault()), clock, store, kit.audit(),
                Ed25519Signer.generate("nano-clock-receipts"), new InMemoryAccountDirectory(),
                AccessPolicy.builder().build(), settings, null, nanoTime);
    }
}
