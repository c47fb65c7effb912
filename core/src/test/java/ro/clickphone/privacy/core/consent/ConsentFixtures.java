package ro.clickphone.privacy.core.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Two policy versions (2026.1 as shipped, assumed in force from 25 May 2018; MARKETING changes
 * materially on 1 July 2026) and ledgers over them.
 */
final class ConsentFixtures {

    static final Instant NOW = Instant.parse("2026-09-01T10:00:00Z");
    static final PolicyArchive ARCHIVE = PolicyArchive.of(Policy.clickPhoneDefault(),
            version("2026.2", "2026-07-01", "MARKETING"));

    private ConsentFixtures() {
    }

    static Policy version(String label, String effectiveFrom, String... materiallyChanged) {
        return PolicyDocuments.version(label, effectiveFrom, materiallyChanged);
    }

    static final Signer SIGNER = HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "consent-test");

    /** A trail as a kit opens it, over its own store, signing with {@link #SIGNER}. */
    static AuditTrail trail(Clock clock) {
        return PrivacyKit.builder().policies(ARCHIVE).clock(clock).stores(InMemoryStores.create())
                .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32])).withCheckpointInterval(100))
                .build().audit();
    }

    static ConsentLedger ledger(ConsentStore store, Clock clock, AuditTrail trail, InMemoryAccountDirectory accounts,
            Duration staleness, AtomicLong nanoTime, int auditEveryNth) {
        return ConsentLedger.create(ARCHIVE, clock, store, trail, SIGNER, accounts, GRANTS, settings()
                .withStaleness(staleness).withAuditEveryNthCheck(auditEveryNth).withCacheSize(10_000), null,
                nanoTime::get);
    }

    static final SecretBytes SEAL_KEY = SecretBytes.copyOf(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});

    /** The DPO's office may record consent events on subjects' behalf. */
    static final AccessPolicy GRANTS = AccessPolicy.builder().grant("DPO", ConsentSettings.DEFAULT_RECORDING_PURPOSE).build();

    static final Ed25519Signer RECEIPTS = Ed25519Signer.generate("receipts-test");

    /** The defaults with {@link #SEAL_KEY} and {@link #RECEIPTS} (valid from 2026). */
    static ConsentSettings settings() {
        return ConsentSettings.defaults().withSealKey(SEAL_KEY)
                .withReceiptSigner(RECEIPTS, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Clock fixed() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
