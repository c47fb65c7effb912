package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** Attacks on the consent decision memo: races with a local withdrawal, a future event, a clock stepping back, a failing feed, a slow poll. */
class ConsentMemoAttackTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");
    private static final Duration STALENESS = Duration.ofSeconds(1);

    private final MutableClock clock = MutableClock.of(ConsentFixtures.NOW);
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();

    /** A store whose feed can fail, or take time (advancing the monotonic clock while it answers). */
    final class FeedStore extends TamperableConsentStore {
        volatile boolean fail;
        volatile long pollTakesNanos;

        @Override
        public synchronized List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
            if (fail) {
                throw new StoreException("feed down", true, null);
            }
            nanos.addAndGet(pollTakesNanos);
            return super.changesSince(afterSequence, maxCount);
        }
    }

    /** Blocks one thread's wall-clock read (the read a check makes after it found the cached subject). */
    static final class GateClock extends Clock {
        final Clock delegate;
        volatile Thread gated;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GateClock(Clock delegate) {
            this.delegate = delegate;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread() == gated) {
                gated = null;
                arrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return delegate.instant();
        }

        @Override
        public ZoneId getZone() {
            return delegate.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final FeedStore store = new FeedStore();

    private ConsentLedger ledger(Clock c, ConsentSettings settings) {
        return ConsentLedger.create(ConsentFixtures.ARCHIVE, c, store, trail, ConsentFixtures.SIGNER, accounts,
                ConsentFixtures.GRANTS, settings.withStaleness(STALENESS), null, nanos::get);
    }

    private static ConsentProof by(SubjectId s) {
        return ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT);
    }

    /**
     * A check holds the cached subject (a permit memoized) and stops before it decides; a withdrawal
     * through the same ledger completes; the check then decides from the old events and writes its
     * memo back. The next check must not get that memo.
     */
    @Test
    void checkRacingALocalWithdrawal_withTheMemoWarm_notServedAfter() throws Exception {
        racingLocalWithdrawal(true);
    }

    @Test
    void checkRacingALocalWithdrawal_writesItsMemoBackAfterTheInvalidation_notServed() throws Exception {
        racingLocalWithdrawal(false);
    }

    private void racingLocalWithdrawal(boolean warm) throws Exception {
        GateClock gate = new GateClock(clock);
        ConsentLedger ledger = ledger(gate, ConsentFixtures.settings());
        ledger.grant(ANA, ANALYTICS, by(ANA));
        if (warm) {
            assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS).reason());
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ConsentDecision> racing = pool.submit(() -> {
                gate.gated = Thread.currentThread();
                return ledger.check(ANA, ANALYTICS);
            });
            assertTrue(gate.arrived.await(10, TimeUnit.SECONDS));
            ledger.withdraw(ANA, ANALYTICS, by(ANA));
            // The withdrawal has returned: checks from now on must see it, and they load a new subject.
            assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason());
            gate.release.countDown();
            // The racing check may answer from the events it held (a check concurrent with the withdrawal).
            assertEquals(ConsentReason.CONSENT_GIVEN, racing.get(10, TimeUnit.SECONDS).reason());
            assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason(),
                    "a memo written back after the withdrawal must not be served");
            assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason());
        } finally {
            gate.release.countDown();
            pool.shutdownNow();
        }
    }

    /** Another instance whose clock runs ahead records a grant effective after this instance's "now". */
    @Test
    void anEventEffectiveInTheFuture_endsTheWindowAtItsEffectiveTime() {
        MutableClock ahead = MutableClock.of(ConsentFixtures.NOW.plus(Duration.ofMinutes(10)));
        ConsentLedger a = ledger(ahead, ConsentFixtures.settings());
        ConsentLedger b = ledger(clock, ConsentFixtures.settings());
        assertEquals(ConsentReason.NO_CONSENT, b.check(ANA, ANALYTICS).reason());
        a.grant(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.NO_CONSENT, b.check(ANA, ANALYTICS).reason());
        assertTrue(b.memoized(ANA, ANALYTICS, clock.instant()));
        clock.set(ConsentFixtures.NOW.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertEquals(ConsentReason.NO_CONSENT, b.check(ANA, ANALYTICS).reason());
        clock.set(ConsentFixtures.NOW.plus(Duration.ofMinutes(10)));
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason());
        clock.set(ConsentFixtures.NOW);
        assertEquals(ConsentReason.NO_CONSENT, b.check(ANA, ANALYTICS).reason(), "clock stepped back");
    }

    /** After 2026.2 a 2026.1 marketing grant needs re-consent; the clock steps back across its start. */
    @Test
    void clockSteppingBackAcrossAPolicyStart_isDecidedAgain() {
        clock.set(Instant.parse("2026-06-30T20:00:00Z"));
        ConsentLedger ledger = ledger(clock, ConsentFixtures.settings());
        ledger.grant(ANA, MARKETING, by(ANA));
        clock.set(Instant.parse("2026-07-01T10:00:00Z"));
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
        assertTrue(ledger.memoized(ANA, MARKETING, clock.instant()));
        clock.set(Instant.parse("2026-06-30T20:59:59.999999999Z"));
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason());
        clock.set(Instant.parse("2026-07-01T10:00:00Z"));
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
    }

    /** The feed fails: past the staleness bound every check fails; none is answered from the memo. */
    @Test
    void failingFeed_pastTheStalenessBound_noCheckIsServedFromTheMemo() {
        ConsentLedger a = ledger(clock, ConsentFixtures.settings());
        ConsentLedger b = ledger(clock, ConsentFixtures.settings());
        a.grant(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason());
        assertTrue(b.memoized(ANA, ANALYTICS, clock.instant()));
        a.withdraw(ANA, ANALYTICS, by(ANA));
        store.fail = true;
        nanos.addAndGet(STALENESS.toNanos() - 1);
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason(), "within the bound");
        nanos.addAndGet(1);
        assertThrows(StoreException.class, () -> b.check(ANA, ANALYTICS));
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThrows(StoreException.class, () -> b.check(ANA, ANALYTICS));
        assertThrows(StoreException.class, () -> b.check(ANA, ANALYTICS, clock.instant()));
        store.fail = false;
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, ANALYTICS).reason());
    }

    /**
     * The feed never reports the withdrawal (a store breaking its contract), and the poll that a check
     * makes takes a second. On main the cache's expiry was read after the poll; here the exact expiry
     * compares the clock read before the poll.
     */
    @Test
    void aSlowPoll_doesNotStretchTheCacheExpiry() {
        ConsentSettings settings = ConsentFixtures.settings().withCacheExpiry(Duration.ofMinutes(2))
                .withFeedGapBound(Duration.ofHours(1));
        ConsentLedger a = ledger(clock, settings);
        ConsentLedger b = ledger(clock, settings);
        a.grant(ANA, ANALYTICS, by(ANA));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(ANA, ANALYTICS).reason());
        ConsentEvent withdrawal = a.withdraw(ANA, ANALYTICS, by(ANA));
        store.missingFromFeed.add(withdrawal.sequence());
        nanos.addAndGet(Duration.ofMinutes(2).toNanos() - 1);
        store.pollTakesNanos = Duration.ofSeconds(1).toNanos();
        // The check starts a nanosecond before the expiry, polls for a second, then answers.
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ANA, ANALYTICS).reason(),
                "answered a second after the subject's expiry");
    }
}
