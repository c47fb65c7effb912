package ro.clickphone.privacy.spi.incident;

import static ro.clickphone.privacy.spi.testkit.Race.race;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link IncidentStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty store:
 *
 * <pre>{@code
 * class JpaIncidentStoreTest extends IncidentStoreContract {
 *     protected IncidentStore newStore() {
 *         database.clear();
 *         return new JpaIncidentStore(entityManagerFactory);
 *     }
 * }
 * }</pre>
 */
public abstract class IncidentStoreContract {

    private static final Instant DISCOVERED = Instant.parse("2026-03-01T08:00:00Z");
    private static final String NATURE = "Ion Popescu's mailbox ion.popescu@example.ro was read by an intruder";
    private static final SubjectId ANA = SubjectId.of("s-0123456789abcdef0123456789abcdef");
    private static final SubjectId BOB = SubjectId.of("s-fedcba9876543210fedcba9876543210");
    private static final SubjectId RAW = SubjectId.of("+40721234567");

    /** For subclasses. */
    protected IncidentStoreContract() {
    }

    /**
     * Creates an empty store.
     *
     * @return the store under test
     */
    protected abstract IncidentStore newStore();

    /**
     * A store whose storage is unavailable (a database that is down), for the failure tests; by
     * default none, and those tests are skipped. Return one to prove that every call then throws
     * {@link StoreException} whose message names no subject and carries no free text.
     *
     * @return the broken store, or null to skip the failure tests
     */
    protected IncidentStore brokenStore() {
        return null;
    }

    private static IncidentVersion version(String id, int n, IncidentStatus status) {
        return version(id, n, status, NATURE);
    }

    private static IncidentVersion version(String id, int n, IncidentStatus status, String nature) {
        return new IncidentVersion(id, n, nature, DISCOVERED.minus(Duration.ofHours(3)), DISCOVERED,
                AffectedCount.estimate(120 + n), n > 1 ? Optional.of(AffectedCount.exactly(4000)) : Optional.empty(),
                Set.of("CUSTOMER", "CALL_PARTY"), Set.of(DataCategory.of("TRAFFIC"), DataCategory.of("CONTACT")),
                "phishing of the customers", "passwords reset; mailbox closed (step " + n + ")",
                new IncidentContact("Andrei Bucur", Optional.of("dpo@caronet.ro"), Optional.of("031-005.00.15")),
                status, EnumSet.allOf(IncidentClock.class), Optional.empty(),
                n > 1 ? Optional.of(new BreachNoticeText("Un intrus a citit căsuțele de suport",
                        "Mesaje de phishing", "Parole resetate", "Schimbați parola")) : Optional.empty(),
                n > 1 ? Optional.of("theft of a session cookie") : Optional.empty(), Optional.empty(),
                n > 2 ? Optional.of("no other Member State") : Optional.empty(),
                n > 2 ? Optional.of(new PublicCommunication(DISCOVERED.plus(Duration.ofHours(20)), "home page"))
                        : Optional.empty(),
                DISCOVERED.plus(Duration.ofMinutes(10L * n)), "STAFF:emp-0815");
    }

    private static IncidentVersion first(String id) {
        return version(id, 1, IncidentStatus.OPEN);
    }

    private static AuthorityNotice notice(String id, IncidentClock clock, int minutes) {
        Instant at = DISCOVERED.plus(Duration.ofMinutes(minutes));
        return new AuthorityNotice(id, clock, at, "ANSPDCP-2026-" + minutes, at, "STAFF:emp-0815");
    }

    private static CooperationEntry entry(String id, CooperationKind kind, int minutes) {
        Instant at = DISCOVERED.plus(Duration.ofHours(minutes));
        return new CooperationEntry(id, kind, at, "the authority asked for the access logs (" + minutes + ")", at,
                "STAFF:dpo-1");
    }

    // --- missing incidents ---------------------------------------------------------------------------

    @Test
    void unknownIncidents_readEmpty_andNothingIsAppendedToThem() {
        IncidentStore store = newStore();
        assertTrue(store.latest("i-unknown").isEmpty());
        assertEquals(List.of(), store.history("i-unknown"));
        assertEquals(List.of(), store.latestVersions(Optional.empty(), 10));
        assertFalse(store.appendAuthorityNotice(notice("i-unknown", IncidentClock.ANSPDCP_72H, 5)));
        assertFalse(store.appendCooperation(entry("i-unknown", CooperationKind.REQUEST, 1)));
        assertEquals(0, store.planSubjectNotices("i-unknown", Set.of(ANA), DISCOVERED));
        assertFalse(store.markNoticeSent("i-unknown", ANA, "m-1", DISCOVERED));
        assertTrue(store.subjectNotice("i-unknown", ANA).isEmpty());
        assertEquals(List.of(), store.authorityNotices("i-unknown"));
        assertEquals(List.of(), store.cooperationLog("i-unknown"));
        assertEquals(List.of(), store.subjectNotices("i-unknown"));
        assertTrue(store.latest("i-unknown").isEmpty(), "no refused append created the incident");
    }

    // --- versions ------------------------------------------------------------------------------------

    @Test
    void append_storesVersionOneOnce_thenEachNextVersionOnlyAfterTheLatest() {
        IncidentStore store = newStore();
        IncidentVersion v1 = first("i-1");
        assertTrue(store.append(v1));
        assertFalse(store.append(first("i-1")), "version 1 of an existing incident");
        assertFalse(store.append(version("i-1", 3, IncidentStatus.OPEN)), "a version skipped");
        assertFalse(store.append(version("i-2", 2, IncidentStatus.OPEN)), "version 2 of an unknown incident");
        IncidentVersion v2 = version("i-1", 2, IncidentStatus.CONTAINED);
        assertTrue(store.append(v2));
        assertFalse(store.append(version("i-1", 2, IncidentStatus.CLOSED)), "version 2 again: never overwritten");
        assertEquals(Optional.of(v2), store.latest("i-1"));
        assertEquals(List.of(v1, v2), store.history("i-1"));
        assertTrue(store.latest("i-2").isEmpty());
    }

    @Test
    void storedVersions_readBackEqual_andAreNeverChangedByLaterVersions() {
        IncidentStore store = newStore();
        IncidentVersion v1 = first("i-1");
        store.append(v1);
        List<IncidentVersion> before = store.history("i-1");
        store.append(version("i-1", 2, IncidentStatus.CONTAINED));
        store.append(version("i-1", 3, IncidentStatus.CLOSED));
        assertEquals(List.of(v1), before, "a history read earlier is a snapshot");
        List<IncidentVersion> history = store.history("i-1");
        assertEquals(3, history.size());
        IncidentVersion read = history.get(0);
        assertEquals(v1, read, "every component kept");
        assertEquals(v1.nature(), read.nature());
        assertEquals(v1.contact(), read.contact());
        assertEquals(v1.clocks(), read.clocks());
        assertEquals(v1.categories(), read.categories());
        assertEquals(List.of(1, 2, 3), history.stream().map(IncidentVersion::version).toList());
        assertEquals(version("i-1", 2, IncidentStatus.CONTAINED), history.get(1), "the notice text and Annex I facts");
        assertEquals(version("i-1", 3, IncidentStatus.CLOSED), history.get(2), "the public communication");
        assertEquals(IncidentStatus.CLOSED, store.latest("i-1").orElseThrow().status());
    }

    @Test
    void twoUpdaters_appendingTheSameVersion_exactlyOneWins() throws Exception {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        List<IncidentVersion> candidates = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            candidates.add(version("i-1", 2, IncidentStatus.values()[n % 3]));
        }
        List<Boolean> won = race(8, n -> () -> store.append(candidates.get(n)));
        assertEquals(1, won.stream().filter(Boolean::booleanValue).count());
        assertEquals(2, store.history("i-1").size());
        assertEquals(candidates.get(won.indexOf(true)), store.latest("i-1").orElseThrow(), "the winner's version");
    }

    @Test
    void manyUpdaters_readingAndAppendingUntilTheyWin_loseNoVersionAndLeaveNoGap() throws Exception {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        int threads = 6;
        int each = 10;
        race(threads, n -> () -> {
            for (int done = 0; done < each; ) {
                int latest = store.latest("i-1").orElseThrow().version();
                if (store.append(version("i-1", latest + 1, IncidentStatus.OPEN))) {
                    done++;
                }
            }
            return null;
        });
        List<IncidentVersion> history = store.history("i-1");
        assertEquals(1 + threads * each, history.size());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i + 1, history.get(i).version());
        }
    }

    @Test
    void latestVersions_pagesThroughIncidentsInIdOrder_givingEachOnesLatest() {
        IncidentStore store = newStore();
        for (String id : List.of("i-c", "i-a", "i-d", "i-b", "i-e")) {
            store.append(first(id));
        }
        store.append(version("i-b", 2, IncidentStatus.CONTAINED));
        List<IncidentVersion> page = store.latestVersions(Optional.empty(), 2);
        assertEquals(List.of("i-a", "i-b"), page.stream().map(IncidentVersion::incidentId).toList());
        assertEquals(2, page.get(1).version(), "the latest version of i-b");
        List<IncidentVersion> next = store.latestVersions(Optional.of("i-b"), 2);
        assertEquals(List.of("i-c", "i-d"), next.stream().map(IncidentVersion::incidentId).toList());
        assertEquals(List.of("i-e"), store.latestVersions(Optional.of("i-d"), 2).stream()
                .map(IncidentVersion::incidentId).toList());
        assertEquals(List.of(), store.latestVersions(Optional.of("i-e"), 2));
        assertEquals(List.of("i-c", "i-d", "i-e"), store.latestVersions(Optional.of("i-bb"), 10).stream()
                .map(IncidentVersion::incidentId).toList(), "after an id that is no incident's");
    }

    // --- append-only logs ----------------------------------------------------------------------------

    @Test
    void authorityNoticesAndCooperation_areAppendedInOrder_perIncident() {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        store.append(first("i-2"));
        AuthorityNotice initial = notice("i-1", IncidentClock.EPRIVACY_INITIAL_24H, 60);
        AuthorityNotice gdpr = notice("i-1", IncidentClock.ANSPDCP_72H, 90);
        AuthorityNotice again = notice("i-1", IncidentClock.ANSPDCP_72H, 30);
        assertTrue(store.appendAuthorityNotice(initial));
        assertTrue(store.appendAuthorityNotice(gdpr));
        assertTrue(store.appendAuthorityNotice(again), "a second notice for one clock is kept too");
        assertEquals(List.of(initial, gdpr, again), store.authorityNotices("i-1"), "in the order appended");
        assertEquals(List.of(), store.authorityNotices("i-2"));

        CooperationEntry request = entry("i-1", CooperationKind.REQUEST, 30);
        CooperationEntry answer = entry("i-1", CooperationKind.ANSWER, 50);
        CooperationEntry note = entry("i-1", CooperationKind.NOTE, 40);
        assertTrue(store.appendCooperation(request));
        assertTrue(store.appendCooperation(answer));
        assertTrue(store.appendCooperation(note));
        assertEquals(List.of(request, answer, note), store.cooperationLog("i-1"));
        assertEquals(List.of(), store.cooperationLog("i-2"));
        store.append(version("i-1", 2, IncidentStatus.CLOSED));
        assertEquals(3, store.cooperationLog("i-1").size(), "a new version keeps the log");
        assertEquals(3, store.authorityNotices("i-1").size());
    }

    // --- subject notices -----------------------------------------------------------------------------

    @Test
    void subjectNotices_arePlannedOnce_andMarkedSentOnce_keepingTheFirstMessage() {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        Instant planned = DISCOVERED.plus(Duration.ofHours(1));
        assertEquals(2, store.planSubjectNotices("i-1", Set.of(ANA, BOB), planned));
        assertEquals(0, store.planSubjectNotices("i-1", Set.of(ANA), planned.plusSeconds(60)), "planned already");
        assertEquals(Optional.of(SubjectNotice.planned("i-1", ANA, planned)), store.subjectNotice("i-1", ANA),
                "the first plan stays");
        assertFalse(store.markNoticeSent("i-1", RAW, "m-9", planned), "never planned");
        assertTrue(store.markNoticeSent("i-1", ANA, "m-1", planned.plusSeconds(5)));
        assertFalse(store.markNoticeSent("i-1", ANA, "m-2", planned.plusSeconds(6)), "sent already");
        SubjectNotice sent = store.subjectNotice("i-1", ANA).orElseThrow();
        assertEquals(Optional.of("m-1"), sent.messageId());
        assertEquals(Optional.of(planned.plusSeconds(5)), sent.sentAt());
        assertFalse(store.subjectNotice("i-1", BOB).orElseThrow().isSent());
        assertEquals(0, store.planSubjectNotices("i-1", Set.of(ANA), planned.plusSeconds(90)),
                "a sent notice is not planned again");
        assertTrue(store.subjectNotice("i-1", ANA).orElseThrow().isSent());
        assertEquals(Set.of(ANA, BOB), new HashSet<>(store.subjectNotices("i-1").stream()
                .map(SubjectNotice::subject).toList()));
        assertEquals(1, store.planSubjectNotices("i-1", Set.of(RAW), planned.plusSeconds(120)));
        assertEquals(RAW, store.subjectNotices("i-1").get(2).subject(), "later plans come after earlier ones");
        assertTrue(store.subjectNotice("i-2", ANA).isEmpty(), "per incident");
    }

    @Test
    void twoSenders_markingOneNotice_exactlyOneWins() throws Exception {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        store.planSubjectNotices("i-1", Set.of(ANA), DISCOVERED);
        List<Boolean> won = race(8, n -> () -> store.markNoticeSent("i-1", ANA, "m-" + n, DISCOVERED.plusSeconds(n)));
        assertEquals(1, won.stream().filter(Boolean::booleanValue).count());
        assertEquals(Optional.of("m-" + won.indexOf(true)), store.subjectNotice("i-1", ANA).orElseThrow().messageId());
    }

    @Test
    void aPlanWithANullSubject_isInvalidInput_andPlansNoOne() {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        Set<SubjectId> withNull = new LinkedHashSet<>();
        withNull.add(ANA);
        withNull.add(null);
        withNull.add(BOB);
        assertThrows(InvalidInputException.class, () -> store.planSubjectNotices("i-1", withNull, DISCOVERED));
        assertEquals(List.of(), store.subjectNotices("i-1"), "a plan is stored whole or not at all");
    }

    @Test
    void twoPlanners_withOverlappingSubjects_bothSucceed_andTheirCountsAddUpToTheDistinctSubjects() throws Exception {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        int threads = 4;
        List<Set<SubjectId>> plans = new ArrayList<>();
        Set<SubjectId> distinct = new HashSet<>();
        for (int n = 0; n < threads; n++) {
            Set<SubjectId> plan = new LinkedHashSet<>();
            for (int k = n * 10; k < n * 10 + 30; k++) {
                plan.add(SubjectId.of(String.format(java.util.Locale.ROOT, "s-%032x", k)));
            }
            plans.add(plan);
            distinct.addAll(plan);
        }
        List<Integer> counts = race(threads, n -> () -> store.planSubjectNotices("i-1", plans.get(n),
                DISCOVERED.plusSeconds(n)));
        assertEquals(distinct.size(), counts.stream().mapToInt(Integer::intValue).sum(),
                "each subject planned by exactly one of the racing calls");
        assertEquals(distinct.size(), store.subjectNotices("i-1").size());
        assertEquals(new NoticeSummary(distinct.size(), 0, Optional.empty(), Optional.empty()),
                store.noticeSummary("i-1"));
    }

    @Test
    void instants_readBackToTheNanosecond() {
        IncidentStore store = newStore();
        Instant odd = Instant.parse("2026-03-01T08:00:00.123456789Z");
        IncidentVersion v1 = new IncidentVersion("i-1", 1, NATURE, odd.minusNanos(987_654_321), odd,
                AffectedCount.exactly(3), Optional.empty(), Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")),
                "c", "m", new IncidentContact("DPO", Optional.empty(), Optional.empty()), IncidentStatus.OPEN,
                EnumSet.of(IncidentClock.ANSPDCP_72H), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(new PublicCommunication(odd.plusNanos(1), "web")),
                odd.plusNanos(3), "STAFF:emp-0815");
        store.append(v1);
        assertEquals(v1, store.latest("i-1").orElseThrow(), "a store truncating to micro- or milliseconds fails here");
        AuthorityNotice notice = new AuthorityNotice("i-1", IncidentClock.ANSPDCP_72H, odd.plusNanos(7), "r-1",
                odd.plusNanos(9), "STAFF:emp-0815");
        store.appendAuthorityNotice(notice);
        assertEquals(List.of(notice), store.authorityNotices("i-1"));
        CooperationEntry entry = new CooperationEntry("i-1", CooperationKind.NOTE, odd.plusNanos(11), "note",
                odd.plusNanos(13), "STAFF:emp-0815");
        store.appendCooperation(entry);
        assertEquals(List.of(entry), store.cooperationLog("i-1"));
        store.planSubjectNotices("i-1", Set.of(ANA), odd.plusNanos(15));
        store.markNoticeSent("i-1", ANA, "m-1", odd.plusNanos(17));
        assertEquals(SubjectNotice.planned("i-1", ANA, odd.plusNanos(15)).sent("m-1", odd.plusNanos(17)),
                store.subjectNotice("i-1", ANA).orElseThrow());
        assertEquals(Optional.of(odd.plusNanos(17)), store.noticeSummary("i-1").lastSentAt());
    }

    @Test
    void longTexts_inRomanianDiacriticsAndEmoji_readBackWhole() {
        IncidentStore store = newStore();
        // 4000 chars: two bytes each in UTF-8 for ș/ț/ă/î/â, four for the emoji (a surrogate pair).
        String romanian = "șțăîâȘȚĂÎÂ".repeat(400);
        String emoji = "🔐".repeat(IncidentVersion.MAX_TEXT / 2);
        assertEquals(IncidentVersion.MAX_TEXT, romanian.length());
        assertEquals(IncidentVersion.MAX_TEXT, emoji.length());
        IncidentVersion v1 = new IncidentVersion("i-1", 1, romanian, DISCOVERED, DISCOVERED, AffectedCount.exactly(1),
                Optional.empty(), Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")), emoji, romanian,
                new IncidentContact("Ștefan Țăranu", Optional.empty(), Optional.empty()), IncidentStatus.OPEN,
                Set.of(), Optional.of(emoji), Optional.of(new BreachNoticeText(romanian, emoji, romanian, emoji)),
                Optional.of(romanian), Optional.of(emoji), Optional.of(romanian), Optional.empty(), DISCOVERED,
                "STAFF:emp-0815");
        store.append(v1);
        IncidentVersion read = store.latest("i-1").orElseThrow();
        assertEquals(romanian, read.nature());
        assertEquals(emoji, read.likelyConsequences());
        assertEquals(v1, read);
        String log = "ș🔐".repeat(CooperationEntry.MAX_TEXT / 3);
        CooperationEntry entry = new CooperationEntry("i-1", CooperationKind.NOTE, DISCOVERED, log, DISCOVERED,
                "STAFF:emp-0815");
        store.appendCooperation(entry);
        assertEquals(log, store.cooperationLog("i-1").get(0).text());
    }

    @Test
    void idsThatDifferInCase_areDifferentIncidents_orderedAsJavaStrings() {
        IncidentStore store = newStore();
        assertTrue(store.append(first("i-a")));
        assertTrue(store.append(first("i-A")), "not the same incident as i-a");
        assertTrue(store.append(first("i-B")));
        assertTrue(store.append(version("i-A", 2, IncidentStatus.CLOSED)));
        assertEquals(1, store.latest("i-a").orElseThrow().version(), "i-A's version is not i-a's");
        assertEquals(List.of("i-A", "i-B", "i-a"), store.latestVersions(Optional.empty(), 10).stream()
                .map(IncidentVersion::incidentId).toList(), "upper case before lower case, as String.compareTo");
        assertEquals(List.of("i-a"), store.latestVersions(Optional.of("i-B"), 10).stream()
                .map(IncidentVersion::incidentId).toList());
        store.planSubjectNotices("i-a", Set.of(ANA), DISCOVERED);
        assertEquals(List.of(), store.subjectNotices("i-A"));
        SubjectId upper = SubjectId.of(ANA.value().toUpperCase(java.util.Locale.ROOT));
        assertEquals(1, store.planSubjectNotices("i-a", Set.of(upper), DISCOVERED), "subjects differing in case too");
        assertEquals(2, store.subjectNotices("i-a").size());
    }

    @Test
    void oneSubject_onTwoIncidents_hasTwoSeparateNotices() {
        IncidentStore store = newStore();
        store.append(first("i-1"));
        store.append(first("i-2"));
        store.planSubjectNotices("i-1", Set.of(ANA), DISCOVERED);
        store.planSubjectNotices("i-2", Set.of(ANA), DISCOVERED.plusSeconds(1));
        assertTrue(store.markNoticeSent("i-1", ANA, "m-1", DISCOVERED.plusSeconds(5)));
        assertFalse(store.subjectNotice("i-2", ANA).orElseThrow().isSent(), "marking i-1's notice leaves i-2's");
        assertTrue(store.markNoticeSent("i-2", ANA, "m-2", DISCOVERED.plusSeconds(6)));
        assertEquals(Optional.of("m-1"), store.subjectNotice("i-1", ANA).orElseThrow().messageId());
        assertEquals(Optional.of("m-2"), store.subjectNotice("i-2", ANA).orElseThrow().messageId());
        assertEquals(new NoticeSummary(1, 1, Optional.of(DISCOVERED.plusSeconds(5)),
                Optional.of(DISCOVERED.plusSeconds(5))), store.noticeSummary("i-1"));
    }

    @Test
    void noticeSummary_countsPlannedAndSent_withTheFirstAndLastSending() {
        IncidentStore store = newStore();
        assertEquals(NoticeSummary.NONE, store.noticeSummary("i-unknown"));
        store.append(first("i-1"));
        assertEquals(NoticeSummary.NONE, store.noticeSummary("i-1"));
        store.planSubjectNotices("i-1", Set.of(ANA, BOB, RAW), DISCOVERED);
        assertEquals(new NoticeSummary(3, 0, Optional.empty(), Optional.empty()), store.noticeSummary("i-1"));
        store.markNoticeSent("i-1", BOB, "m-2", DISCOVERED.plusSeconds(20));
        store.markNoticeSent("i-1", ANA, "m-1", DISCOVERED.plusSeconds(10));
        NoticeSummary two = store.noticeSummary("i-1");
        assertEquals(new NoticeSummary(3, 2, Optional.of(DISCOVERED.plusSeconds(10)),
                Optional.of(DISCOVERED.plusSeconds(20))), two, "by time, not by the order marked");
        assertFalse(two.allSent());
        store.markNoticeSent("i-1", RAW, "m-3", DISCOVERED.plusSeconds(15));
        assertTrue(store.noticeSummary("i-1").allSent());
        assertEquals(Optional.of(DISCOVERED.plusSeconds(20)), store.noticeSummary("i-1").lastSentAt());
    }

    // --- failure behaviour ---------------------------------------------------------------------------

    @Test
    void badArguments_areInvalidInput_andChangeNothing() {
        IncidentStore store = newStore();
        IncidentVersion v1 = first("i-1");
        store.append(v1);
        store.planSubjectNotices("i-1", Set.of(ANA), DISCOVERED.plusSeconds(60));
        assertThrows(InvalidInputException.class, () -> store.append(null));
        assertThrows(InvalidInputException.class, () -> store.latest(null));
        assertThrows(InvalidInputException.class, () -> store.history(null));
        assertThrows(InvalidInputException.class, () -> store.latestVersions(null, 1));
        assertThrows(InvalidInputException.class, () -> store.latestVersions(Optional.empty(), 0));
        assertThrows(InvalidInputException.class,
                () -> store.latestVersions(Optional.empty(), IncidentStore.MAX_BATCH + 1));
        assertThrows(InvalidInputException.class, () -> store.appendAuthorityNotice(null));
        assertThrows(InvalidInputException.class, () -> store.authorityNotices(null));
        assertThrows(InvalidInputException.class, () -> store.appendCooperation(null));
        assertThrows(InvalidInputException.class, () -> store.cooperationLog(null));
        assertThrows(InvalidInputException.class, () -> store.planSubjectNotices(null, Set.of(ANA), DISCOVERED));
        assertThrows(InvalidInputException.class, () -> store.planSubjectNotices("i-1", null, DISCOVERED));
        assertThrows(InvalidInputException.class, () -> store.planSubjectNotices("i-1", Set.of(BOB), null));
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent(null, ANA, "m-1", DISCOVERED));
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent("i-1", null, "m-1", DISCOVERED));
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent("i-1", ANA, null, DISCOVERED));
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent("i-1", ANA, "m-1", null));
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent("i-1", ANA, "m 1", DISCOVERED),
                "a malformed message id");
        assertThrows(InvalidInputException.class, () -> store.markNoticeSent("i-1", ANA, "m-1", DISCOVERED),
                "sent before it was planned");
        assertThrows(InvalidInputException.class, () -> store.subjectNotice(null, ANA));
        assertThrows(InvalidInputException.class, () -> store.subjectNotice("i-1", null));
        assertThrows(InvalidInputException.class, () -> store.subjectNotices(null));
        assertThrows(InvalidInputException.class, () -> store.noticeSummary(null));
        assertEquals(List.of(v1), store.history("i-1"), "nothing changed");
        assertFalse(store.subjectNotice("i-1", ANA).orElseThrow().isSent());
        assertEquals(1, store.subjectNotices("i-1").size());
    }

    @Test
    void aBrokenStore_throwsStoreException_fromEveryCall_namingNoSubjectAndNoText() {
        IncidentStore broken = brokenStore();
        Assumptions.assumeTrue(broken != null, "no broken store given (brokenStore())");
        IncidentVersion v1 = first("i-1");
        List<Executable> calls = List.of(
                () -> broken.append(v1),
                () -> broken.latest("i-1"),
                () -> broken.history("i-1"),
                () -> broken.latestVersions(Optional.empty(), 10),
                () -> broken.appendAuthorityNotice(notice("i-1", IncidentClock.ANSPDCP_72H, 5)),
                () -> broken.authorityNotices("i-1"),
                () -> broken.appendCooperation(entry("i-1", CooperationKind.REQUEST, 1)),
                () -> broken.cooperationLog("i-1"),
                () -> broken.planSubjectNotices("i-1", Set.of(RAW), DISCOVERED),
                () -> broken.markNoticeSent("i-1", RAW, "m-1", DISCOVERED),
                () -> broken.subjectNotice("i-1", RAW),
                () -> broken.subjectNotices("i-1"),
                () -> broken.noticeSummary("i-1"));
        for (Executable call : calls) {
            StoreException e = assertThrows(StoreException.class, call);
            // The whole cause chain: a database driver's exception echoes the values bound to the query.
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = String.valueOf(t.getMessage()) + " " + t;
                assertFalse(message.contains(RAW.value()), "no subject id in the message: " + message);
                assertFalse(message.contains("Popescu"), "no free text in the message: " + message);
                assertFalse(message.contains("dpo@caronet.ro"), "no contact point in the message: " + message);
                assertFalse(message.contains("Andrei Bucur"), "no contact point in the message: " + message);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

}
