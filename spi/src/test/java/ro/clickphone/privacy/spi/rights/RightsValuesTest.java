package ro.clickphone.privacy.spi.rights;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;

/** The rights request's value types: validation, immutability, and no personal data in toString. */
class RightsValuesTest {

    private static final String EMAIL = "ana.popescu@example.ro";
    private static final SubjectId ANA = SubjectId.of(EMAIL);
    private static final String ID = "rr-0123456789abcdef0123456789abcdef";
    private static final Instant AT = Instant.parse("2026-01-31T09:00:00Z");
    private static final LocalDate BASE = LocalDate.of(2026, 2, 28);
    private static final LocalDate DUE = LocalDate.of(2026, 3, 2);
    private static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    private static final String SEALED = "v1.sealed-0721234567";
    private static final String REASON = "Ana Popescu sent 40 000 records to check";

    /** A request with every component; {@code change} replaces one by position for the invalid cases. */
    private static RequestRecord request(Map<Integer, Object> change) {
        Object[] c = {ID, RightType.RECTIFICATION, ANA, RequestChannel.DPO_EMAIL, AT,
            Optional.of(Actor.delegate(Recipient.of("PBX_ADMIN"), SubjectId.of("pbx-admin-0721234567"), Set.of("a-1"))),
            Set.of(TRAFFIC), Set.of(RecordRef.of("cdr", "call-0721234567")), Set.of(Purpose.of("MARKETING")),
            Optional.of(SEALED), RequestState.IN_PROGRESS, Optional.empty(), BASE, DUE, true, Optional.of(REASON),
            Optional.empty(), 2, List.of(SourceProgress.pending("cdr")), Set.of("COURIER"), Optional.empty(), 1L, AT};
        change.forEach((i, v) -> c[i] = v);
        @SuppressWarnings("unchecked")
        RequestRecord r = new RequestRecord((String) c[0], (RightType) c[1], (SubjectId) c[2], (RequestChannel) c[3],
                (Instant) c[4], (Optional<Actor>) c[5], (Set<DataCategory>) c[6], (Set<RecordRef>) c[7],
                (Set<Purpose>) c[8], (Optional<String>) c[9], (RequestState) c[10], (Optional<RefusalReason>) c[11],
                (LocalDate) c[12], (LocalDate) c[13], (Boolean) c[14], (Optional<String>) c[15],
                (Optional<Instant>) c[16], (Integer) c[17], (List<SourceProgress>) c[18], (Set<String>) c[19],
                (Optional<Lease>) c[20], (Long) c[21], (Instant) c[22]);
        return r;
    }

    /** The change that makes one component null. */
    private static Map<Integer, Object> nulled(int position) {
        Map<Integer, Object> change = new HashMap<>();
        change.put(position, null);
        return change;
    }

    private static RequestRecord request() {
        return request(Map.of());
    }

    private static void assertInvalid(Executable... calls) {
        for (Executable call : calls) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call);
            assertFalse(e.getMessage().contains(EMAIL) || e.getMessage().contains("0721234567"), e.getMessage());
        }
    }

    private static void assertNoPersonalData(Object value, String... secrets) {
        String text = value.toString();
        for (String secret : secrets) {
            assertFalse(text.contains(secret), text + " shows " + secret);
        }
    }

    @Test
    void requestRecord_valid_isBuilt_andItsToStringShowsNoPersonalData() {
        RequestRecord r = request();
        assertEquals(ID, r.id());
        assertNoPersonalData(r, EMAIL, "0721234567", SEALED, REASON, "Ana", "COURIER", "MARKETING");
        assertTrue(r.toString().contains(ID) && r.toString().contains("RECTIFICATION"), r.toString());
    }

    @Test
    void requestRecord_refusesMalformedComponents() {
        Set<DataCategory> withNull = new HashSet<>();
        withNull.add(null);
        assertInvalid(
                () -> request(Map.of(0, "rr-0123456789ABCDEF0123456789abcdef")),
                () -> request(Map.of(0, "rr-0123456789abcdefg123456789abcdef")),
                () -> request(Map.of(0, "rr-0123456789abcdef-123456789abcdef")),
                () -> request(Map.of(0, "rv-0123456789abcdef0123456789abcdef")),
                () -> request(Map.of(0, "rr-0123")),
                () -> request(nulled(2)),
                () -> request(nulled(9)),
                () -> request(nulled(22)),
                () -> request(Map.of(13, BASE.minusDays(1))),
                () -> request(Map.of(17, -1)),
                () -> request(Map.of(21, 0L)),
                () -> request(Map.of(6, withNull)),
                () -> request(Map.of(15, Optional.of("line\nbreak"))),
                () -> request(Map.of(18, List.of(SourceProgress.pending("cdr"), SourceProgress.pending("cdr")))));
        assertInvalid(() -> request(nulled(6)));
    }

    @Test
    void requestRecord_copiesItsCollections_andTheCopiesCannotChange() {
        Set<DataCategory> categories = new HashSet<>(Set.of(TRAFFIC));
        List<SourceProgress> progress = new ArrayList<>(List.of(SourceProgress.pending("cdr")));
        RequestRecord r = request(Map.of(6, categories, 18, progress));
        categories.add(DataCategory.of("CONTACT"));
        progress.add(SourceProgress.pending("billing"));
        assertEquals(Set.of(TRAFFIC), r.categories());
        assertEquals(1, r.progress().size());
        assertAll(
                () -> assertThrows(UnsupportedOperationException.class, () -> r.categories().clear()),
                () -> assertThrows(UnsupportedOperationException.class, () -> r.records().clear()),
                () -> assertThrows(UnsupportedOperationException.class, () -> r.purposes().clear()),
                () -> assertThrows(UnsupportedOperationException.class, () -> r.progress().clear()),
                () -> assertThrows(UnsupportedOperationException.class, () -> r.recipientsTold().clear()));
    }

    @Test
    void requestRecord_nextVersions_keepWhatWasAsked_andCountUp() {
        RequestRecord r = request();
        Lease lease = new Lease("worker-1", AT, AT.plusSeconds(300));
        RequestRecord leased = r.withLease(Optional.of(lease), AT.plusSeconds(1));
        RequestRecord progressed = leased.withProgress(SourceProgress.pending("cdr").failed("java.io.IOException"),
                AT.plusSeconds(2)).withProgress(SourceProgress.pending("billing"), AT.plusSeconds(3));
        RequestRecord done = progressed.moveTo(RequestState.COMPLETED, AT.plusSeconds(4));
        assertEquals(List.of(2L, 3L, 4L, 5L), List.of(leased.version(), progressed.version() - 1, progressed.version(),
                done.version()));
        assertEquals(Optional.of(lease), done.lease());
        assertEquals(List.of("cdr", "billing"), done.progress().stream().map(SourceProgress::source).toList());
        assertEquals(1, done.progressOf("cdr").orElseThrow().attempts());
        assertEquals(Optional.empty(), done.progressOf("crm"));
        assertEquals(List.of(r.id(), r.type(), r.subject(), r.sealed(), r.receivedAt()),
                List.of(done.id(), done.type(), done.subject(), done.sealed(), done.receivedAt()));
        assertEquals(AT.plusSeconds(4), done.updatedAt());
    }

    @Test
    void requestState_movesAlongTheLifecycleOnly() {
        assertTrue(RequestState.RECEIVED.canMoveTo(RequestState.VERIFIED));
        assertFalse(RequestState.RECEIVED.canMoveTo(RequestState.IN_PROGRESS), "not before verification");
        assertTrue(RequestState.IN_PROGRESS.canMoveTo(RequestState.PARTIALLY_COMPLETED));
        for (RequestState ended : List.of(RequestState.COMPLETED, RequestState.PARTIALLY_COMPLETED,
                RequestState.REJECTED)) {
            assertTrue(ended.ended());
            for (RequestState next : RequestState.values()) {
                assertFalse(ended.canMoveTo(next), ended + " -> " + next);
            }
        }
        for (RequestState open : List.of(RequestState.RECEIVED, RequestState.VERIFIED, RequestState.IN_PROGRESS)) {
            assertTrue(open.canMoveTo(RequestState.REJECTED));
            assertFalse(open.canMoveTo(null));
        }
    }

    @Test
    void sourceProgress_movesFromPendingToDone_andKeepsOnlyAClassNameOfAFailure() {
        SourceProgress failed = SourceProgress.pending("cdr").failed("ro.clickphone.privacy.spi.StoreException");
        assertEquals(SourceStatus.PENDING, failed.status());
        assertEquals(1, failed.attempts());
        SourceProgress done = failed.done(AT, List.of(CategoryOutcome.of(TRAFFIC, OutcomeKind.ERASED, 3)));
        assertEquals(SourceStatus.DONE, done.status());
        assertEquals(2, done.attempts());
        assertEquals(Optional.empty(), done.lastFailure());
        assertThrows(UnsupportedOperationException.class, () -> done.outcomes().clear());
        assertDoesNotThrow(() -> SourceProgress.pending("cdr").failed("Outer$Inner_2"));
        assertInvalid(
                () -> SourceProgress.pending("cdr").failed("java.lang.IllegalStateException: " + EMAIL),
                () -> SourceProgress.pending("cdr").failed("no match for 0721234567"),
                () -> new SourceProgress("cdr", SourceStatus.PENDING, -1, Optional.empty(), Optional.empty(), List.of()),
                () -> new SourceProgress("cdr", SourceStatus.DONE, 1, Optional.empty(), Optional.empty(), List.of()),
                () -> new SourceProgress(" ", SourceStatus.PENDING, 0, Optional.empty(), Optional.empty(), List.of()),
                () -> new SourceProgress("cdr", null, 0, Optional.empty(), Optional.empty(), List.of()),
                () -> new SourceProgress("cdr", SourceStatus.PENDING, 0, Optional.empty(), Optional.empty(), null));
    }

    @Test
    void categoryOutcome_refusesANegativeCountAndMalformedGrounds() {
        CategoryOutcome kept = new CategoryOutcome(TRAFFIC, OutcomeKind.KEPT_RESTRICTED, 4,
                Optional.of("TRAFFIC_DATA (Legea 506/2004)"), Optional.of(LocalDate.of(2026, 7, 31)));
        assertTrue(kept.toString().contains("TRAFFIC_DATA"));
        assertInvalid(
                () -> CategoryOutcome.of(TRAFFIC, OutcomeKind.ERASED, -1),
                () -> CategoryOutcome.of(null, OutcomeKind.ERASED, 1),
                () -> CategoryOutcome.of(TRAFFIC, null, 1),
                () -> new CategoryOutcome(TRAFFIC, OutcomeKind.KEPT_RESTRICTED, 1, Optional.of(""), Optional.empty()),
                () -> new CategoryOutcome(TRAFFIC, OutcomeKind.KEPT_RESTRICTED, 1, Optional.empty(), null));
    }

    private static ReviewTask task(String id, String requestId, ReviewState state, Optional<String> assignee,
            Optional<ReviewDecision> decision, Optional<Instant> decidedAt) {
        return new ReviewTask(id, requestId, ANA, "credit-decision-7", "v1.sealed-viewpoint-" + EMAIL, state, assignee,
                decision, decision.map(d -> "v1.sealed-rationale"), decidedAt, 1);
    }

    @Test
    void reviewTask_isTheRequestsTask_consistentWithItsState_andItsToStringShowsNoPersonalData() {
        String taskId = "rv-" + ID.substring(3);
        ReviewTask decided = task(taskId, ID, ReviewState.DECIDED, Optional.of("emp-0815"),
                Optional.of(ReviewDecision.CHANGED), Optional.of(AT));
        assertNoPersonalData(decided, EMAIL, "sealed", "emp-0815", "credit-decision");
        assertInvalid(
                () -> task("rv-ffffffffffffffffffffffffffffffff", ID, ReviewState.OPEN, Optional.empty(),
                        Optional.empty(), Optional.empty()),
                () -> task(ID, ID, ReviewState.OPEN, Optional.empty(), Optional.empty(), Optional.empty()),
                () -> task("rv-0123456789abcdef0123456789abcdeg", "rr-0123456789abcdef0123456789abcdeg",
                        ReviewState.OPEN, Optional.empty(), Optional.empty(), Optional.empty()),
                () -> task(taskId, ID, ReviewState.DECIDED, Optional.of("emp-0815"), Optional.empty(), Optional.of(AT)),
                () -> task(taskId, ID, ReviewState.OPEN, Optional.empty(), Optional.of(ReviewDecision.UPHELD),
                        Optional.of(AT)),
                () -> task(taskId, ID, ReviewState.ASSIGNED, Optional.empty(), Optional.empty(), Optional.empty()),
                () -> new ReviewTask(taskId, ID, ANA, "decision 7", "v", ReviewState.OPEN, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), 1),
                () -> new ReviewTask(taskId, ID, ANA, "d-7", "v", ReviewState.OPEN, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), 0));
    }

    @Test
    void erasureEntry_copiesAndSorts_refusesNull_andItsToStringShowsNoSubject() {
        Map<String, Set<DataCategory>> erased = new HashMap<>();
        erased.put("profile", new HashSet<>(Set.of(DataCategory.of("CONTACT"))));
        erased.put("cdr", Set.of(TRAFFIC, DataCategory.of("NETWORK")));
        ErasureEntry entry = new ErasureEntry(ID, AT, "v1.sealed-" + EMAIL, erased,
                Set.of(KeyScope.of("profile"), KeyScope.of("marketing")), true);
        erased.clear();
        assertEquals(List.of("cdr", "profile"), List.copyOf(entry.erased().keySet()));
        assertEquals(List.of("NETWORK", "TRAFFIC"), entry.erased().get("cdr").stream().map(DataCategory::id).toList());
        assertEquals(List.of("marketing", "profile"), entry.shredded().stream().map(KeyScope::name).toList());
        assertThrows(UnsupportedOperationException.class, () -> entry.erased().clear());
        assertThrows(UnsupportedOperationException.class, () -> entry.erased().get("cdr").clear());
        assertThrows(UnsupportedOperationException.class, () -> entry.shredded().clear());
        assertNoPersonalData(entry, EMAIL, "sealed");
        Set<DataCategory> withNull = new HashSet<>();
        withNull.add(null);
        Set<KeyScope> scopeNull = new HashSet<>();
        scopeNull.add(null);
        assertInvalid(
                () -> new ErasureEntry(ID, AT, "s", Map.of("cdr", withNull), Set.of(), false),
                () -> new ErasureEntry(ID, AT, "s", Map.of(), scopeNull, false),
                () -> new ErasureEntry(ID, AT, "", Map.of(), Set.of(), false),
                () -> new ErasureEntry(ID, null, "s", Map.of(), Set.of(), false),
                () -> new ErasureEntry(null, AT, "s", Map.of(), Set.of(), false));
    }

    @Test
    void recipientNotice_isForChangesOnly_andItsToStringShowsNoSubject() {
        Set<DataCategory> categories = new HashSet<>(Set.of(TRAFFIC));
        RecipientNotice notice = new RecipientNotice(ID, Recipient.of("COURIER"), RightType.ERASURE, ANA, categories);
        categories.clear();
        assertEquals(Set.of(TRAFFIC), notice.categories());
        assertThrows(UnsupportedOperationException.class, () -> notice.categories().clear());
        assertNoPersonalData(notice, EMAIL);
        for (RightType type : RightType.values()) {
            Supplier<RecipientNotice> make = () -> new RecipientNotice(ID, Recipient.of("COURIER"), type, ANA,
                    Set.of(TRAFFIC));
            if (type.changesData()) {
                assertDoesNotThrow(make::get);
            } else {
                assertInvalid(make::get);
            }
        }
        assertInvalid(() -> new RecipientNotice(ID, Recipient.of("COURIER"), RightType.ERASURE, null, Set.of()));
    }

    @Test
    void verification_takesUpperCaseCodesOnly() {
        assertEquals(Verification.Outcome.VERIFIED, Verification.verified("ACCOUNT_SESSION").outcome());
        assertEquals(Verification.Outcome.PENDING, Verification.pending("ID_DOCUMENT_ASKED").outcome());
        assertEquals(Verification.Outcome.NOT_VERIFIED, Verification.notVerified("NO_MATCHING_ACCOUNT").outcome());
        assertInvalid(() -> Verification.verified(EMAIL), () -> Verification.notVerified("no match"),
                () -> new Verification(null, "ACCOUNT_SESSION"), () -> Verification.pending(null));
    }
}
