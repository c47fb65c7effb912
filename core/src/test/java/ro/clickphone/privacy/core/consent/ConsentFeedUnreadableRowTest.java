package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * One stored event the store cannot read (a row a database writer edited into a value no event can
 * have): the change feed must not fail every check of every subject, and the subject whose row it is
 * must deny as tampered.
 */
class ConsentFeedUnreadableRowTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final SubjectId BOB = SubjectId.of("bob");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Duration STALENESS = Duration.ofSeconds(1);

    /** Throws the SPI's validation error for any read that meets an unreadable sequence, as a JPA store does. */
    private static final class UnreadableRowStore extends TamperableConsentStore {
        final Set<Long> unreadable = new HashSet<>();

        private void check(List<ConsentEvent> events) {
            for (ConsentEvent e : events) {
                if (unreadable.contains(e.sequence())) {
                    throw new InvalidInputException("consentEvent.channel", "is not a channel this version knows");
                }
            }
        }

        @Override
        public synchronized List<ConsentEvent> eventsOf(SubjectId subject) {
            List<ConsentEvent> events = super.eventsOf(subject);
            check(events);
            return events;
        }

        @Override
        public synchronized List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
            List<ConsentEvent> events = super.changesSince(afterSequence, maxCount);
            check(events);
            return events;
        }
    }

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final UnreadableRowStore store = new UnreadableRowStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    private final AtomicLong nanos = new AtomicLong();

    private ConsentLedger ledger() {
        return ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, store, trail, ConsentFixtures.SIGNER, accounts,
                ConsentFixtures.GRANTS, ConsentFixtures.settings().withStaleness(STALENESS), null, nanos::get);
    }

    private static ConsentProof by(SubjectId s) {
        return ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT);
    }

    @Test
    void anUnreadableRowInTheFeed_failsNoCheck_itsSubjectDeniesAsTampered_andTheFeedGoesOn() {
        ConsentLedger a = ledger();
        ConsentLedger b = ledger();
        ConsentEvent anas = a.grant(ANA, MARKETING, by(ANA));
        a.grant(BOB, MARKETING, by(BOB));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(BOB, MARKETING).reason(), "b caches bob");

        store.unreadable.add(anas.sequence());
        a.withdraw(BOB, MARKETING, by(BOB));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(BOB, MARKETING).reason(),
                "the unreadable page flushed the cache: bob is read again, his withdrawal applied");
        assertEquals(ConsentReason.TAMPERED, b.check(ANA, MARKETING).reason(), "ana's own events hold the bad row");

        ConsentLedger fresh = ledger();
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh.check(BOB, MARKETING).reason(),
                "a fresh instance, whose feed starts a page back, over the bad row");
        assertEquals(ConsentReason.TAMPERED, fresh.check(ANA, MARKETING).reason());

        a.grant(BOB, MARKETING, by(BOB));
        nanos.addAndGet(STALENESS.toNanos());
        assertEquals(ConsentReason.CONSENT_GIVEN, b.check(BOB, MARKETING).reason(), "the feed goes on past it");
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh.check(BOB, MARKETING).reason());
    }
}
