package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStatus;

/** The deadlines of incidents, at their exact boundaries, with a clock the test moves. */
class IncidentDeadlineTest {

    private static final Duration NANO = Duration.ofNanos(1);

    private static Deadline only(List<Deadline> deadlines, String id, IncidentClock clock) {
        List<Deadline> found = deadlines.stream().filter(d -> d.incidentId().equals(id) && d.clock() == clock).toList();
        assertTrue(found.size() <= 1, "one deadline per incident and clock");
        return found.isEmpty() ? null : found.get(0);
    }

    @ParameterizedTest
    @EnumSource(IncidentClock.class)
    void aClock_isDueAtDiscoveryPlusItsPeriod_andOverdueJustAfter(IncidentClock clock) {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withClocks(clock.name().startsWith("EPRIVACY")
                ? EnumSet.of(IncidentClock.EPRIVACY_INITIAL_24H, IncidentClock.EPRIVACY_FULL_3D) : EnumSet.of(clock)),
                STAFF);
        Instant due = DISCOVERED.plus(clock.period());
        Deadline deadline = only(incidents.deadlines(id), id, clock);
        assertEquals(due, deadline.due());
        assertEquals(Optional.empty(), deadline.satisfiedAt());

        assertEquals(null, only(incidents.overdue(due), id, clock), "at the due instant it is still in time");
        assertFalse(deadline.isLate(due));
        assertEquals(deadline, only(incidents.overdue(due.plus(NANO)), id, clock), "overdue just after");
        assertTrue(deadline.isLate(due.plus(NANO)));

        assertEquals(deadline, only(incidents.dueSoon(due, Duration.ZERO), id, clock), "due now, within a 0 window");
        assertEquals(deadline, only(incidents.dueSoon(due.minus(Duration.ofHours(2)), Duration.ofHours(2)), id, clock),
                "the window's end is inside it");
        assertEquals(null, only(incidents.dueSoon(due.minus(Duration.ofHours(2)), Duration.ofHours(2).minus(NANO)),
                id, clock), "a window ending just before the due instant");
        assertEquals(null, only(incidents.dueSoon(due.plus(NANO), Duration.ofDays(1)), id, clock),
                "overdue is not due soon");
    }

    @Test
    void eprivacyFull_isThreeDays_countedFromDiscovery_notFromTheInitialNotice() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(20)));
        incidents.recordAuthorityNotice(id, IncidentClock.EPRIVACY_INITIAL_24H, f.clock.instant(), "init-1", STAFF);
        assertEquals(DISCOVERED.plus(Duration.ofDays(3)),
                only(incidents.deadlines(id), id, IncidentClock.EPRIVACY_FULL_3D).due(), "not 20 h later");
    }

    @Test
    void anAuthorityNotice_meetsItsOwnClockOnly() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(10)));
        incidents.recordAuthorityNotice(id, IncidentClock.EPRIVACY_INITIAL_24H, f.clock.instant(), "init-1", STAFF);
        List<Deadline> after = incidents.overdue(DISCOVERED.plus(Duration.ofDays(4)));
        assertEquals(null, only(after, id, IncidentClock.EPRIVACY_INITIAL_24H), "met");
        assertEquals(Set.of(IncidentClock.ANSPDCP_72H, IncidentClock.EPRIVACY_FULL_3D, IncidentClock.CUSTOMERS_24H),
                Set.copyOf(after.stream().map(Deadline::clock).toList()));
        Deadline met = only(incidents.deadlines(id), id, IncidentClock.EPRIVACY_INITIAL_24H);
        assertEquals(Optional.of(DISCOVERED.plus(Duration.ofHours(10))), met.satisfiedAt());
        assertFalse(met.isLate(DISCOVERED.plus(Duration.ofDays(30))), "met in time stays in time");
    }

    @Test
    void aLateNotice_meetsTheClock_butTheDeadlineStaysLate() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        Instant late = DISCOVERED.plus(Duration.ofHours(72)).plus(NANO);
        f.clock.set(late);
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, late, "ANSPDCP-1", STAFF);
        Deadline d = only(incidents.deadlines(id), id, IncidentClock.ANSPDCP_72H);
        assertTrue(d.isSatisfied());
        assertTrue(d.isLate(late));
        assertEquals(null, only(incidents.overdue(late.plus(Duration.ofDays(1))), id, IncidentClock.ANSPDCP_72H));
        assertEquals("true", f.audited("incident.authority-notice").get(0).details().get("late"));
    }

    @Test
    void aNoticeAtTheDueInstant_isInTime() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        Instant due = DISCOVERED.plus(Duration.ofHours(72));
        f.clock.set(due);
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, due, "ANSPDCP-1", STAFF);
        assertFalse(only(incidents.deadlines(id), id, IncidentClock.ANSPDCP_72H).isLate(due.plus(Duration.ofDays(1))));
        assertEquals("false", f.audited("incident.authority-notice").get(0).details().get("late"));
    }

    @Test
    void theCustomersClock_isOverdueWhileNoticesAreMissingAfter24Hours_andMetWhenEveryPlannedOneIsSent() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        Instant due = DISCOVERED.plus(Duration.ofHours(24));
        assertEquals(due, only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H).due(),
                "nobody notified at all");

        SubjectId ana = SubjectId.of("acct-1042");
        SubjectId bob = SubjectId.of("acct-2077");
        f.outbox.refused = Set.of(bob);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(2)));
        BreachNoticeReport first = incidents.notifySubjects(id, List.of(ana, bob), STAFF);
        assertEquals(List.of(bob), first.failed());
        assertTrue(only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H) != null,
                "one planned subject has no notice: still overdue after 24 h");
        assertTrue(only(incidents.dueSoon(f.clock.instant(), Duration.ofHours(22)), id,
                IncidentClock.CUSTOMERS_24H) != null, "and due soon before");

        f.outbox.refused = Set.of();
        f.clock.set(DISCOVERED.plus(Duration.ofHours(5)));
        incidents.notifySubjects(id, List.of(ana, bob), STAFF);
        Deadline met = only(incidents.deadlines(id), id, IncidentClock.CUSTOMERS_24H);
        assertEquals(Optional.of(DISCOVERED.plus(Duration.ofHours(5))), met.satisfiedAt(), "when the last one went");
        assertEquals(null, only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H));
    }

    @Test
    void theCustomersClock_withAnExactCount_isNotMetUntilThatManyWereNotified() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withClocks(EnumSet.of(IncidentClock.CUSTOMERS_24H)), STAFF);
        incidents.update(id, IncidentChanges.none().withAffectedSubjects(
                ro.clickphone.privacy.spi.incident.AffectedCount.exactly(3)), STAFF);
        Instant due = DISCOVERED.plus(Duration.ofHours(24));
        f.clock.set(DISCOVERED.plus(Duration.ofHours(1)));
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1"), SubjectId.of("acct-2")), STAFF);
        assertEquals(Optional.empty(), only(incidents.deadlines(id), id, IncidentClock.CUSTOMERS_24H).satisfiedAt(),
                "two of three affected customers notified: every planned one, but not every affected one");
        assertTrue(only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H) != null);

        f.clock.set(DISCOVERED.plus(Duration.ofHours(3)));
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-3")), STAFF);
        assertEquals(Optional.of(DISCOVERED.plus(Duration.ofHours(3))),
                only(incidents.deadlines(id), id, IncidentClock.CUSTOMERS_24H).satisfiedAt());

        String estimated = incidents.report(IncidentReport.of("another", IncidentFixture.OCCURRED, DISCOVERED,
                ro.clickphone.privacy.spi.incident.AffectedCount.estimate(3), IncidentFixture.CUSTOMERS,
                Set.of(IncidentFixture.CONTACT), "c", "m").withNotice(IncidentFixture.NOTICE)
                .withClocks(EnumSet.of(IncidentClock.CUSTOMERS_24H)), STAFF);
        incidents.notifySubjects(estimated, List.of(SubjectId.of("acct-1")), STAFF);
        assertTrue(only(incidents.deadlines(estimated), estimated, IncidentClock.CUSTOMERS_24H).isSatisfied(),
                "an estimate is not held against the notices: every planned one went");
    }

    @Test
    void aPublicCommunication_meetsTheCustomersClock_forThoseWhoCannotBeReached() {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofHours(12)));
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        SubjectId unreachable = SubjectId.of("acct-no-address");
        f.outbox.refused = Set.of(unreachable);
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1"), unreachable), STAFF);
        Instant due = DISCOVERED.plus(Duration.ofHours(24));
        assertTrue(only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H) != null,
                "one customer without an address keeps the clock open");

        Instant published = DISCOVERED.plus(Duration.ofHours(11));
        assertEquals(IncidentException.Rule.BEFORE_DISCOVERY, assertThrows(IncidentException.class,
                () -> incidents.recordPublicCommunication(id, DISCOVERED.minusSeconds(1), "home page", STAFF))
                .brokenRule());
        assertEquals(IncidentException.Rule.IN_THE_FUTURE, assertThrows(IncidentException.class,
                () -> incidents.recordPublicCommunication(id, f.clock.instant().plus(Duration.ofHours(1)), "home page",
                        STAFF)).brokenRule());
        var v = incidents.recordPublicCommunication(id, published,
                "Notice on the home page of clickphone.ro and in two national newspapers", STAFF);
        assertEquals(2, v.version(), "a version of its own");
        assertEquals(Optional.of(published), only(incidents.deadlines(id), id, IncidentClock.CUSTOMERS_24H)
                .satisfiedAt());
        assertEquals(null, only(incidents.overdue(due.plus(NANO)), id, IncidentClock.CUSTOMERS_24H));
        var entry = f.audited("incident.public-communication").get(0).details();
        assertEquals(published.toString(), entry.get("at"));
        assertEquals("2", entry.get("version"));
        assertTrue(entry.get("digest").startsWith("sha256:"));
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), STAFF);
        assertTrue(incidents.current(id).orElseThrow().publicCommunication().isPresent(), "carried over by updates");
    }

    @Test
    void theDiscovery_cannotMoveAfterANoticeAlreadyGiven() {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofHours(12)));
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, DISCOVERED.plus(Duration.ofHours(2)), "r-1",
                STAFF);
        IncidentException moved = assertThrows(IncidentException.class, () -> incidents.update(id,
                IncidentChanges.none().withDiscoveredAt(DISCOVERED.plus(Duration.ofHours(3))), STAFF));
        assertEquals(IncidentException.Rule.BEFORE_DISCOVERY, moved.brokenRule());
        assertEquals(1, incidents.history(id).size(), "nothing stored");
        incidents.update(id, IncidentChanges.none().withDiscoveredAt(DISCOVERED.plus(Duration.ofHours(1))), STAFF);

        String other = incidents.report(IncidentReport.of("other", IncidentFixture.OCCURRED, DISCOVERED,
                report().affectedSubjects(), IncidentFixture.CUSTOMERS, report().categories(), "c", "m")
                .withNotice(IncidentFixture.NOTICE), STAFF);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(13)));
        incidents.notifySubjects(other, List.of(SubjectId.of("acct-1")), STAFF);
        assertEquals(IncidentException.Rule.BEFORE_DISCOVERY, assertThrows(IncidentException.class,
                () -> incidents.update(other, IncidentChanges.none().withDiscoveredAt(
                        DISCOVERED.plus(Duration.ofHours(13)).plusNanos(1)), STAFF)).brokenRule(),
                "nor after a breach notice");
    }

    @Test
    void overdue_readsNoNoticeOneByOne_evenForAMassBreach() {
        IncidentFixture f = new IncidentFixture();
        java.util.concurrent.atomic.AtomicInteger perNotice = new java.util.concurrent.atomic.AtomicInteger();
        ro.clickphone.privacy.spi.incident.IncidentStore real = f.stores.incidents();
        ro.clickphone.privacy.spi.incident.IncidentStore counting = (ro.clickphone.privacy.spi.incident.IncidentStore)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {ro.clickphone.privacy.spi.incident.IncidentStore.class}, (proxy, m, args) -> {
                            if (m.getName().equals("subjectNotices")) {
                                perNotice.incrementAndGet();
                            }
                            try {
                                return m.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        IncidentRegister incidents = f.register(f.outbox, counting);
        String id = incidents.report(report(), STAFF);
        List<SubjectId> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(SubjectId.of("acct-" + i));
        }
        incidents.notifySubjects(id, many, STAFF);
        perNotice.set(0);
        Instant later = DISCOVERED.plus(Duration.ofDays(10));
        for (int tick = 0; tick < 3; tick++) {
            incidents.overdue(later);
            incidents.dueSoon(DISCOVERED, Duration.ofDays(1));
            incidents.deadlines(id);
        }
        assertEquals(0, perNotice.get(), "the deadlines come from the store's notice summary");
        assertTrue(only(incidents.deadlines(id), id, IncidentClock.CUSTOMERS_24H).isSatisfied());
    }

    @Test
    void onlyTheChosenClocksRun_andClosingAnIncidentMeetsNone() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withClocks(EnumSet.of(IncidentClock.ANSPDCP_72H)), STAFF);
        assertEquals(List.of(IncidentClock.ANSPDCP_72H), incidents.deadlines(id).stream().map(Deadline::clock).toList());
        String none = incidents.report(report().withClocks(Set.of()), STAFF);
        assertEquals(List.of(), incidents.deadlines(none));
        incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CLOSED), STAFF);
        Instant later = DISCOVERED.plus(Duration.ofDays(10));
        assertEquals(List.of(id), incidents.overdue(later).stream().map(Deadline::incidentId).toList());
        incidents.update(id, IncidentChanges.none().withClocks(Set.of()), STAFF);
        assertEquals(List.of(), incidents.overdue(later), "a clock taken off no longer runs");
    }

    @Test
    void correctingTheDiscovery_movesTheDeadlines() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        Instant earlier = DISCOVERED.minus(Duration.ofHours(5));
        incidents.update(id, IncidentChanges.none().withDiscoveredAt(earlier), STAFF);
        assertEquals(earlier.plus(Duration.ofHours(72)), only(incidents.deadlines(id), id, IncidentClock.ANSPDCP_72H)
                .due());
        assertEquals(DISCOVERED, incidents.history(id).get(0).discoveredAt(), "the history keeps the first one");
        var entry = f.audited("incident.update").get(0).details();
        assertEquals(DISCOVERED.toString(), entry.get("discoveredAt.from"), "the audit keeps both times");
        assertEquals(earlier.toString(), entry.get("discoveredAt.to"));
        assertFalse(entry.containsKey("occurredAt.from"), "only what moved");
    }

    @Test
    void overdue_readsEveryIncident_acrossPages_earliestDueFirst() {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofDays(3)));
        IncidentRegister incidents = f.register();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            IncidentReport r = IncidentReport.of("incident " + i, IncidentFixture.OCCURRED,
                    DISCOVERED.plus(Duration.ofMinutes(i)), report().affectedSubjects(), IncidentFixture.CUSTOMERS,
                    report().categories(), "c", "m").withClocks(EnumSet.of(IncidentClock.ANSPDCP_72H));
            ids.add(incidents.report(r, STAFF));
        }
        List<Deadline> overdue = incidents.overdue(DISCOVERED.plus(Duration.ofDays(10)));
        assertEquals(ids, overdue.stream().map(Deadline::incidentId).toList(), "all of them, by due instant");
        assertEquals(100, incidents.overdue(DISCOVERED.plus(Duration.ofHours(72)).plus(Duration.ofMinutes(100)))
                .size(), "due up to minute 99 only");
    }

    @Test
    void outOfRangeInstantsAndWindows_areInvalidInput() {
        IncidentRegister incidents = new IncidentFixture().register();
        assertThrows(InvalidInputException.class, () -> incidents.overdue(null));
        assertThrows(InvalidInputException.class, () -> incidents.overdue(Instant.MAX));
        assertThrows(InvalidInputException.class, () -> incidents.dueSoon(DISCOVERED, Duration.ofHours(-1)));
        assertThrows(InvalidInputException.class, () -> incidents.dueSoon(DISCOVERED, Duration.ofDays(367)));
        assertThrows(InvalidInputException.class, () -> incidents.dueSoon(Instant.MIN, Duration.ZERO));
        assertThrows(IncidentException.class, () -> incidents.deadlines("i-unknown"));
    }
}
