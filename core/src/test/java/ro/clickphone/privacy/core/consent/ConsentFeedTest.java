package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;

/**
 * Two instances over one store whose commits land out of order: instance B must apply a change
 * instance A made once it becomes visible, never skip it, and must not answer from a cached subject
 * forever.
 */
class ConsentFeedTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final SubjectId BOGDAN = SubjectId.of("bogdan");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Duration STALENESS = Duration.ofSeconds(1);

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final TamperableConsentStore store = new TamperableConsentStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    private final AtomicLong nanos = new AtomicLong();

    private ConsentLedger ledger(ConsentSettings settings) {
        return ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, store, trail, ConsentFixtures.SIGNER, accounts,
                ConsentFixtures.GRANTS, settings.withStaleness(STALENESS), null, nanos::get);
    }

    private static ConsentProof by(SubjectId s) {
        return ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT);
    }

    private void elapse(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aWithdrawalCommittedAfterALaterSequence_isAppliedWhenItAppears_neverSkipped() {
        ConsentLedger a = ledger(ConsentFixtures.settings());
        ConsentLedger b = ledger(ConsentFixtures.settings());
        a.grant(ANA, MARKETING, by(ANA));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason(), "b caches ana's grant");

        ConsentEvent withdrawal = a.withdraw(ANA, MARKETING, by(ANA));
        store.hidden.add(withdrawal.sequence());
        a.grant(BOGDAN, MARKETING, by(BOGDAN));
        elapse(STALENESS);
        b.check(BOGDAN, MARKETING);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason(),
                "while sequence 2 is uncommitted nobody can see it");

        store.hidden.clear();
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason(),
                "the feed waited at the gap, so the withdrawal is applied when it commits");
    }

    @Test
    void anInstanceStartedWhileASequenceIsUncommitted_stillAppliesIt() {
        ConsentLedger a = ledger(ConsentFixtures.settings());
        a.grant(ANA, MARKETING, by(ANA));
        ConsentEvent withdrawal = a.withdraw(ANA, MARKETING, by(ANA));
        store.hidden.add(withdrawal.sequence());
        a.grant(BOGDAN, MARKETING, by(BOGDAN));
        ConsentLedger b = ledger(ConsentFixtures.settings());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
        store.hidden.clear();
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason());
    }

    @Test
    void aGapThatOutlivesItsBound_flushesTheCache() {
        ConsentSettings settings = ConsentFixtures.settings().withFeedGapBound(Duration.ofSeconds(5));
        ConsentLedger a = ledger(settings);
        ConsentLedger b = ledger(settings);
        a.grant(ANA, MARKETING, by(ANA));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());

        // The withdrawal is stored and readable, but the feed never shows it (a store that breaks the contract).
        ConsentEvent withdrawal = a.withdraw(ANA, MARKETING, by(ANA));
        store.missingFromFeed.add(withdrawal.sequence());
        a.grant(BOGDAN, MARKETING, by(BOGDAN));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason(), "the gap is waited for first");
        elapse(Duration.ofSeconds(5));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason(),
                "past the bound the cache is flushed and ana read again");
        a.withdraw(BOGDAN, MARKETING, by(BOGDAN));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(BOGDAN, MARKETING).reason(),
                "and the feed goes on past the gap");
    }

    @Test
    void aCachedSubject_expires_evenIfTheFeedNeverReportsTheChange() {
        ConsentSettings settings = ConsentFixtures.settings().withCacheExpiry(Duration.ofMinutes(2))
                .withFeedGapBound(Duration.ofHours(1));
        ConsentLedger a = ledger(settings);
        ConsentLedger b = ledger(settings);
        a.grant(ANA, MARKETING, by(ANA));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
        ConsentEvent withdrawal = a.withdraw(ANA, MARKETING, by(ANA));
        store.missingFromFeed.add(withdrawal.sequence());
        elapse(Duration.ofMinutes(1));
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
        elapse(Duration.ofMinutes(1));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason());
    }

    @Test
    void aSubjectReadAgainAfterItsCacheEntryExpired_isStillEvictedByTheFeed() {
        ConsentSettings settings = ConsentFixtures.settings().withCacheExpiry(Duration.ofMinutes(2));
        ConsentLedger a = ledger(settings);
        ConsentLedger b = ledger(settings);
        a.grant(ANA, MARKETING, by(ANA));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
        elapse(Duration.ofMinutes(3));
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason(), "read again after the expiry");
        a.withdraw(ANA, MARKETING, by(ANA));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason(),
                "the entry read again is known to the feed by its subject reference");
    }

    @Test
    void aSubjectReadAgainAfterASizeEviction_isStillEvictedByTheFeed() {
        ConsentSettings settings = ConsentFixtures.settings().withCacheSize(1);
        ConsentLedger a = ledger(settings);
        ConsentLedger b = ledger(settings);
        a.grant(ANA, MARKETING, by(ANA));
        a.grant(BOGDAN, MARKETING, by(BOGDAN));
        elapse(STALENESS);
        for (int i = 0; i < 3; i++) {
            assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
            assertEquals(ConsentReason.CONSENT_GIVEN, b.check(BOGDAN, MARKETING).reason());
        }
        a.withdraw(ANA, MARKETING, by(ANA));
        a.withdraw(BOGDAN, MARKETING, by(BOGDAN));
        elapse(STALENESS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(BOGDAN, MARKETING).reason());
    }

    @Test
    void aStoreWhoseFeedRepeatsOldEvents_neverTrapsTheCheckInALoop() {
        // The contract says a feed page holds only later sequences; a store that breaks it must cost
        // a re-read at the next poll, not a poll that never ends while holding the poll lock.
        ConsentLedger a = ledger(ConsentFixtures.settings());
        a.grant(ANA, MARKETING, by(ANA));
        ConsentLedger b = ledger(ConsentFixtures.settings());
        elapse(STALENESS);
        b.check(ANA, MARKETING);
        store.feedRepeatsEverything = true;
        elapse(STALENESS);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> b.check(ANA, MARKETING));
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, MARKETING).reason());
    }

    @Test
    void settings_refuseOutOfRangeBounds() {
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withCacheExpiry(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withCacheExpiry(null));
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withFeedGapBound(Duration.ofDays(1)));
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withSealKey(null));
    }
}
