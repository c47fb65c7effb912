package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * The decision memo of a cached check (one per subject and purpose, with its validity window) plays
 * the attacker that wants a stale PERMIT: each test first proves the memo is in use, then changes what
 * the decision rests on (a withdrawal here, one reported by the change feed, the clock past the end of
 * the window, an instant before it, the cache expiry), and the next check must not serve the memo.
 */
class ConsentDecisionMemoTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final SubjectId BOGDAN = SubjectId.of("bogdan");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");
    private static final Duration STALENESS = Duration.ofSeconds(1);

    private final MutableClock clock = MutableClock.of(ConsentFixtures.NOW);
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

    /** Checks twice: the second check must have come from the memo. */
    private static ConsentDecision memoized(ConsentLedger ledger, SubjectId s, Purpose p) {
        ConsentDecision first = ledger.check(s, p);
        assertTrue(ledger.memoized(s, p, first.at()), "the decision is memoized");
        ConsentDecision second = ledger.check(s, p);
        assertEquals(first.reason(), second.reason());
        assertEquals(first.eventId(), second.eventId());
        return second;
    }

    @Test
    void memoizedPermit_afterALocalWithdrawal_isNotServed() {
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        ConsentEvent grant = ledger.grant(ANA, ANALYTICS, by(ANA));
        ConsentDecision permit = memoized(ledger, ANA, ANALYTICS);
        assertEquals(ConsentReason.CONSENT_GIVEN, permit.reason());
        assertEquals(grant.id(), permit.eventId().orElseThrow());

        // Same instant as the grant (a fixed clock): the memo's window still holds it.
        ConsentEvent withdrawal = ledger.withdraw(ANA, ANALYTICS, by(ANA));
        ConsentDecision after = ledger.check(ANA, ANALYTICS);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, after.reason());
        assertEquals(withdrawal.id(), after.eventId().orElseThrow());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason());
    }

    @Test
    void memoizedPermit_afterAnObjectionRecordedHere_isNotServed() {
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        ledger.grant(ANA, MARKETING, by(ANA));
        assertEquals(ConsentReason.CONSENT_GIVEN, memoized(ledger, ANA, MARKETING).reason());
        ledger.object(ANA, MARKETING, by(ANA));
        assertEquals(ConsentReason.OBJECTED, ledger.check(ANA, MARKETING).reason());
    }

    @Test
    void memoizedPermit_afterAWithdrawalOnTheChangeFeed_isNotServedPastTheStalenessBound() {
        ConsentLedger a = ledger(ConsentFixtures.settings());
        ConsentLedger b = ledger(ConsentFixtures.settings());
        a.grant(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, memoized(b, ANA, ANALYTICS).reason());

        a.withdraw(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos() - 1);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason(),
                "within the staleness bound b may still answer from its memo");
        assertTrue(b.memoized(ANA, ANALYTICS, clock.instant()));
        nanos.addAndGet(1);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, ANALYTICS).reason(),
                "at the bound b has polled the feed and dropped the subject with its memo");
    }

    @Test
    void memoizedDenial_afterAGrantOnTheChangeFeed_isNotServedPastTheStalenessBound() {
        ConsentLedger a = ledger(ConsentFixtures.settings());
        ConsentLedger b = ledger(ConsentFixtures.settings());
        assertEquals(ConsentReason.NO_CONSENT, memoized(b, BOGDAN, ANALYTICS).reason());
        a.grant(BOGDAN, ANALYTICS, by(BOGDAN));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(BOGDAN, ANALYTICS).reason());
    }

    @Test
    void memoizedPermit_pastTheEndOfItsWindow_isNotServed() {
        // 2026.2 takes effect on 1 July 2026 (Europe/Bucharest) and changes MARKETING materially: a
        // grant under 2026.1 stops counting then, while the subject stays cached and nothing is written.
        clock.set(Instant.parse("2026-06-30T20:59:00Z"));
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        ledger.grant(ANA, MARKETING, by(ANA));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(ConsentReason.CONSENT_GIVEN, memoized(ledger, ANA, MARKETING).reason());

        clock.set(Instant.parse("2026-06-30T20:59:59.999999999Z"));
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason(), "the last instant of 2026.1");
        assertTrue(ledger.memoized(ANA, MARKETING, clock.instant()));
        clock.set(Instant.parse("2026-06-30T21:00:00Z"));
        assertFalse(ledger.memoized(ANA, MARKETING, clock.instant()), "the window ends where 2026.2 begins");
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
    }

    @Test
    void memoizedDecision_forAnInstantBeforeItsWindow_isNotServed() {
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        Instant granted = clock.instant();
        ledger.grant(ANA, ANALYTICS, by(ANA));
        clock.advance(Duration.ofHours(1));
        ledger.withdraw(ANA, ANALYTICS, by(ANA));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, memoized(ledger, ANA, ANALYTICS).reason());

        Instant between = granted.plus(Duration.ofMinutes(30));
        assertFalse(ledger.memoized(ANA, ANALYTICS, between));
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS, between).reason(),
                "art. 7(3): a withdrawal counts from its effective time on, never before");
        assertEquals(ConsentReason.NO_CONSENT, ledger.check(ANA, ANALYTICS, granted.minusNanos(1)).reason());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason());
    }

    @Test
    void memoizedDecision_isNotServedForAnotherPurpose() {
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        ledger.grant(ANA, ANALYTICS, by(ANA));
        assertEquals(ConsentReason.CONSENT_GIVEN, memoized(ledger, ANA, ANALYTICS).reason());
        assertEquals(ConsentReason.NO_CONSENT, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS).reason());
        assertEquals(ConsentReason.NO_CONSENT, ledger.check(ANA, MARKETING).reason());
    }

    @Test
    void memoizedPermit_isReadAgainAtTheCacheExpiry_notAStalenessBoundLater() {
        // The feed never reports the withdrawal (a store breaking its contract): only the cache expiry
        // bounds how long b serves the grant, counted from when b read the subject, to the nanosecond.
        ConsentSettings settings = ConsentFixtures.settings().withCacheExpiry(Duration.ofMinutes(2))
                .withFeedGapBound(Duration.ofHours(1));
        ConsentLedger a = ledger(settings);
        ConsentLedger b = ledger(settings);
        a.grant(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, memoized(b, ANA, ANALYTICS).reason());
        ConsentEvent withdrawal = a.withdraw(ANA, ANALYTICS, by(ANA));
        store.missingFromFeed.add(withdrawal.sequence());

        nanos.addAndGet(Duration.ofMinutes(2).toNanos() - STALENESS.toNanos() / 2);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason(), "half a bound before the expiry");
        nanos.addAndGet(STALENESS.toNanos() / 2 - 1);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason(), "a nanosecond before");
        nanos.addAndGet(1);
        // No feed poll is due now (the last was half a bound ago): the expiry alone must read ana again.
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, ANALYTICS).reason(), "at the expiry");
    }

    @Test
    void concurrentChecksAtInstantsAcrossTheWindow_neverGetAnotherInstantsDecision() throws Exception {
        // Two threads keep replacing the one memo of each subject (the instants alternate between
        // before and after a withdrawal, and between two purposes): a torn memo would give a decision
        // of the other window or purpose.
        ConsentLedger ledger = ledger(ConsentFixtures.settings());
        Instant granted = clock.instant();
        ledger.grant(ANA, ANALYTICS, by(ANA));
        ledger.grant(ANA, MARKETING, by(ANA));
        clock.advance(Duration.ofHours(1));
        Instant withdrawn = clock.instant();
        ledger.withdraw(ANA, ANALYTICS, by(ANA));
        int threads = 2;
        int rounds = 200_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 42 + t;
                results.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<String> wrong = new ArrayList<>();
                    start.await();
                    for (int i = 0; i < rounds && wrong.size() < 10; i++) {
                        boolean before = random.nextBoolean();
                        Purpose purpose = random.nextInt(4) == 0 ? MARKETING : ANALYTICS;
                        Instant at = before ? granted.plusSeconds(random.nextInt(3600)) : withdrawn
                                .plusSeconds(random.nextInt(3600));
                        ConsentReason expected = purpose == MARKETING || before ? ConsentReason.CONSENT_GIVEN
                                : ConsentReason.CONSENT_WITHDRAWN;
                        ConsentDecision d = ledger.check(ANA, purpose, at);
                        if (d.reason() != expected || !d.at().equals(at) || !d.purpose().equals(purpose)) {
                            wrong.add(i + ": " + purpose + " at " + at + " gave " + d.reason());
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : results) {
                assertEquals(List.of(), f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
