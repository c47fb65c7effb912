package ro.clickphone.privacy.spi.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

class IncidentValuesTest {

    private static final String NAME = "Ion Popescu";
    private static final String EMAIL = "ion.popescu@example.ro";
    private static final String PHONE = "+40721234567";
    private static final List<String> PERSONAL = List.of(NAME, EMAIL, PHONE, "0721234567", "Andrei Bucur",
            "dpo@caronet.ro", "031-005.00.15");
    private static final Instant DISCOVERED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant OCCURRED = DISCOVERED.minus(Duration.ofHours(5));
    private static final IncidentContact DPO = new IncidentContact("Andrei Bucur", Optional.of("dpo@caronet.ro"),
            Optional.of("031-005.00.15"));
    private static final String TEXT = NAME + " (" + EMAIL + ", " + PHONE + ") lost a laptop";

    private static IncidentVersion version(String id, int n, String nature, Instant occurred, Instant discovered,
            Set<DataCategory> categories, Set<IncidentClock> clocks, String recordedBy) {
        return version(id, n, nature, occurred, discovered, Set.of("CUSTOMER"), categories, clocks, Optional.empty(),
                recordedBy);
    }

    private static IncidentVersion version(String id, int n, String nature, Instant occurred, Instant discovered,
            Set<String> subjectCategories, Set<DataCategory> categories, Set<IncidentClock> clocks,
            Optional<PublicCommunication> publicCommunication, String recordedBy) {
        return new IncidentVersion(id, n, nature, occurred, discovered, AffectedCount.estimate(120), Optional.empty(),
                subjectCategories, categories, TEXT, TEXT, DPO, IncidentStatus.OPEN, clocks, Optional.of(TEXT),
                Optional.of(new BreachNoticeText(TEXT, TEXT, TEXT, TEXT)), Optional.of(TEXT), Optional.of(TEXT),
                Optional.of(TEXT), publicCommunication, discovered, recordedBy);
    }

    private static IncidentVersion good() {
        return version("i-1", 1, TEXT, OCCURRED, DISCOVERED, Set.of(DataCategory.of("TRAFFIC")),
                EnumSet.allOf(IncidentClock.class), "STAFF:emp-0815");
    }

    static Stream<Arguments> badVersions() {
        Set<DataCategory> traffic = Set.of(DataCategory.of("TRAFFIC"));
        Set<IncidentClock> all = EnumSet.allOf(IncidentClock.class);
        Set<DataCategory> withNull = new HashSet<>();
        withNull.add(null);
        return Stream.of(
                Arguments.of("incident.id", (Supplier<Object>) () -> version(PHONE, 1, TEXT, OCCURRED, DISCOVERED,
                        traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.id", (Supplier<Object>) () -> version(EMAIL, 1, TEXT, OCCURRED, DISCOVERED,
                        traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.version", (Supplier<Object>) () -> version("i-1", 0, TEXT, OCCURRED, DISCOVERED,
                        traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.nature", (Supplier<Object>) () -> version("i-1", 1, " ", OCCURRED, DISCOVERED,
                        traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.nature", (Supplier<Object>) () -> version("i-1", 1, NAME + "\n" + PHONE,
                        OCCURRED, DISCOVERED, traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.nature", (Supplier<Object>) () -> version("i-1", 1, TEXT.repeat(200),
                        OCCURRED, DISCOVERED, traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.discoveredAt", (Supplier<Object>) () -> version("i-1", 1, TEXT, DISCOVERED,
                        OCCURRED, traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.discoveredAt", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        Instant.MAX, traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.occurredAt", (Supplier<Object>) () -> version("i-1", 1, TEXT, Instant.MIN,
                        DISCOVERED, traffic, all, "STAFF:emp-0815")),
                Arguments.of("incident.categories", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, Set.of(), all, "STAFF:emp-0815")),
                Arguments.of("incident.categories", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, withNull, all, "STAFF:emp-0815")),
                Arguments.of("incident.subjectCategories", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, Set.of(), traffic, all, Optional.empty(), "STAFF:emp-0815")),
                Arguments.of("incident.subjectCategories", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, Set.of(NAME), traffic, all, Optional.empty(), "STAFF:emp-0815")),
                Arguments.of("incident.subjectCategories", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, Set.of("customer"), traffic, all, Optional.empty(), "STAFF:emp-0815")),
                Arguments.of("incident.publicCommunication", (Supplier<Object>) () -> version("i-1", 1, TEXT,
                        OCCURRED, DISCOVERED, Set.of("CUSTOMER"), traffic, all,
                        Optional.of(new PublicCommunication(DISCOVERED.minusNanos(1), TEXT)), "STAFF:emp-0815")),
                Arguments.of("publicCommunication.means", (Supplier<Object>) () -> new PublicCommunication(DISCOVERED,
                        TEXT + "\n" + NAME)),
                Arguments.of("notice.nature", (Supplier<Object>) () -> new BreachNoticeText(" " + TEXT, TEXT, TEXT,
                        TEXT)),
                Arguments.of("notice.recommendations", (Supplier<Object>) () -> new BreachNoticeText(TEXT, TEXT, TEXT,
                        TEXT + "\r")),
                Arguments.of("noticeSummary.sent", (Supplier<Object>) () -> new NoticeSummary(1, 2,
                        Optional.of(DISCOVERED), Optional.of(DISCOVERED))),
                Arguments.of("noticeSummary.sentAt", (Supplier<Object>) () -> new NoticeSummary(1, 0,
                        Optional.of(DISCOVERED), Optional.of(DISCOVERED))),
                Arguments.of("noticeSummary.firstSentAt", (Supplier<Object>) () -> new NoticeSummary(2, 2,
                        Optional.of(DISCOVERED), Optional.of(OCCURRED))),
                Arguments.of("incident.recordedBy", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, traffic, all, PHONE)),
                Arguments.of("incident.recordedBy", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, traffic, all, EMAIL)),
                Arguments.of("incident.recordedBy", (Supplier<Object>) () -> version("i-1", 1, TEXT, OCCURRED,
                        DISCOVERED, traffic, all, "STAFF:0721234567")),
                Arguments.of("notice.clock", (Supplier<Object>) () -> new AuthorityNotice("i-1",
                        IncidentClock.CUSTOMERS_24H, DISCOVERED, "ref-1", DISCOVERED, "STAFF:emp-0815")),
                Arguments.of("notice.sentAt", (Supplier<Object>) () -> new AuthorityNotice("i-1",
                        IncidentClock.ANSPDCP_72H, DISCOVERED.plusSeconds(1), "ref-1", DISCOVERED, "STAFF:emp-0815")),
                Arguments.of("notice.reference", (Supplier<Object>) () -> new AuthorityNotice("i-1",
                        IncidentClock.ANSPDCP_72H, DISCOVERED, PHONE + "\t", DISCOVERED, "STAFF:emp-0815")),
                Arguments.of("cooperation.text", (Supplier<Object>) () -> new CooperationEntry("i-1",
                        CooperationKind.REQUEST, DISCOVERED, "", DISCOVERED, "STAFF:emp-0815")),
                Arguments.of("cooperation.recordedBy", (Supplier<Object>) () -> new CooperationEntry("i-1",
                        CooperationKind.REQUEST, DISCOVERED, TEXT, DISCOVERED, "STAFF:" + EMAIL)),
                Arguments.of("subjectNotice.messageId", (Supplier<Object>) () -> new SubjectNotice("i-1",
                        SubjectId.of(PHONE), DISCOVERED, Optional.of("m-1"), Optional.empty())),
                Arguments.of("subjectNotice.messageId", (Supplier<Object>) () -> new SubjectNotice("i-1",
                        SubjectId.of(PHONE), DISCOVERED, Optional.of(PHONE), Optional.of(DISCOVERED))),
                Arguments.of("subjectNotice.sentAt", (Supplier<Object>) () -> new SubjectNotice("i-1",
                        SubjectId.of(PHONE), DISCOVERED, Optional.of("m-1"), Optional.of(OCCURRED))),
                Arguments.of("affectedCount", (Supplier<Object>) () -> AffectedCount.exactly(-1)),
                Arguments.of("affectedCount", (Supplier<Object>) () -> AffectedCount.estimate(AffectedCount.MAX + 1)),
                Arguments.of("contact.name", (Supplier<Object>) () -> new IncidentContact(" " + NAME,
                        Optional.empty(), Optional.empty())),
                Arguments.of("contact.email", (Supplier<Object>) () -> new IncidentContact(NAME,
                        Optional.of(EMAIL + "\r"), Optional.empty())));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("badVersions")
    void construct_withBadComponent_failsNamingTheComponentNeverTheValue(String component, Supplier<Object> make) {
        InvalidInputException e = assertThrows(InvalidInputException.class, make::get);
        assertEquals(component, e.argument());
        for (String value : PERSONAL) {
            assertFalse(e.getMessage().contains(value), "the message echoes a value: " + e.getMessage());
        }
    }

    @Test
    void toString_ofEveryValue_printsNoFreeTextContactOrSubject() {
        SubjectId subject = SubjectId.of(PHONE);
        List<Object> values = List.of(good(), DPO, new AuthorityNotice("i-1", IncidentClock.ANSPDCP_72H, DISCOVERED,
                        "ANSPDCP ref for " + NAME, DISCOVERED, "STAFF:emp-0815"),
                new CooperationEntry("i-1", CooperationKind.ANSWER, DISCOVERED, TEXT, DISCOVERED, "STAFF:emp-0815"),
                SubjectNotice.planned("i-1", subject, DISCOVERED),
                SubjectNotice.planned("i-1", subject, DISCOVERED).sent("m-1", DISCOVERED),
                AffectedCount.estimate(12), new BreachNoticeText(TEXT, TEXT, TEXT, TEXT),
                new PublicCommunication(DISCOVERED, TEXT));
        for (Object value : values) {
            String shown = value.toString();
            for (String planted : PERSONAL) {
                assertFalse(shown.contains(planted), value.getClass().getSimpleName() + " shows " + planted);
            }
            assertFalse(shown.contains(subject.fingerprint()), "no subject fingerprint either: " + shown);
        }
        assertEquals("IncidentVersion[i-1, v1, OPEN, categories=[TRAFFIC], subjectCategories=[CUSTOMER],"
                + " subjects=~120, clocks=[ANSPDCP_72H,"
                + " EPRIVACY_INITIAL_24H, EPRIVACY_FULL_3D, CUSTOMERS_24H]]", good().toString());
        assertEquals("IncidentContact[name, email, phone]", DPO.toString());
    }

    @Test
    void clocks_countFromTheDiscovery_andSayWhoTheyAreFor() {
        assertEquals(DISCOVERED.plus(Duration.ofHours(72)), IncidentClock.ANSPDCP_72H.dueFrom(DISCOVERED));
        assertEquals(DISCOVERED.plus(Duration.ofHours(24)), IncidentClock.EPRIVACY_INITIAL_24H.dueFrom(DISCOVERED));
        assertEquals(DISCOVERED.plus(Duration.ofHours(72)), IncidentClock.EPRIVACY_FULL_3D.dueFrom(DISCOVERED));
        assertEquals(DISCOVERED.plus(Duration.ofHours(24)), IncidentClock.CUSTOMERS_24H.dueFrom(DISCOVERED));
        assertEquals(EnumSet.of(IncidentClock.ANSPDCP_72H, IncidentClock.EPRIVACY_INITIAL_24H,
                IncidentClock.EPRIVACY_FULL_3D), EnumSet.copyOf(Stream.of(IncidentClock.values())
                        .filter(IncidentClock::authority).toList()));
        assertThrows(InvalidInputException.class, () -> IncidentClock.ANSPDCP_72H.dueFrom(null));
        assertThrows(InvalidInputException.class, () -> IncidentClock.ANSPDCP_72H.dueFrom(Instant.MAX));
    }

    @Test
    void versionSets_areCopiedAndUnmodifiable() {
        Set<DataCategory> categories = new HashSet<>(Set.of(DataCategory.of("TRAFFIC")));
        Set<IncidentClock> clocks = EnumSet.of(IncidentClock.ANSPDCP_72H);
        IncidentVersion v = version("i-1", 1, TEXT, OCCURRED, DISCOVERED, categories, clocks, "STAFF:emp-0815");
        categories.add(DataCategory.of("CONTACT"));
        clocks.add(IncidentClock.CUSTOMERS_24H);
        assertEquals(Set.of(DataCategory.of("TRAFFIC")), v.categories());
        assertEquals(Set.of(IncidentClock.ANSPDCP_72H), v.clocks());
        assertThrows(UnsupportedOperationException.class, () -> v.categories().clear());
        assertThrows(UnsupportedOperationException.class, () -> v.clocks().clear());
    }

    @Test
    void aSubjectNotice_isSentOnce_notBeforeItWasPlanned() {
        SubjectNotice planned = SubjectNotice.planned("i-1", SubjectId.of("s-1"), DISCOVERED);
        assertFalse(planned.isSent());
        SubjectNotice sent = planned.sent("m-1", DISCOVERED.plusSeconds(1));
        assertTrue(sent.isSent());
        assertEquals(Optional.of("m-1"), sent.messageId());
        assertThrows(InvalidInputException.class, () -> sent.sent("m-2", DISCOVERED.plusSeconds(2)));
        assertThrows(InvalidInputException.class, () -> planned.sent("m-1", DISCOVERED.minusSeconds(1)));
        assertThrows(InvalidInputException.class, () -> planned.sent(null, DISCOVERED));
    }

    @Test
    void subjectCategories_areCopiedSortedAndUnmodifiable() {
        Set<String> given = new HashSet<>(Set.of("VISITOR", "CUSTOMER"));
        IncidentVersion v = version("i-1", 1, TEXT, OCCURRED, DISCOVERED, given, Set.of(DataCategory.of("TRAFFIC")),
                Set.of(), Optional.empty(), "STAFF:emp-0815");
        given.add("BUYER");
        assertEquals(List.of("CUSTOMER", "VISITOR"), List.copyOf(v.subjectCategories()));
        assertThrows(UnsupportedOperationException.class, () -> v.subjectCategories().clear());
    }

    @Test
    void counts_printAnEstimateWithATilde() {
        assertEquals("120", AffectedCount.exactly(120).toString());
        assertEquals("~120", AffectedCount.estimate(120).toString());
        assertTrue(AffectedCount.estimate(0).estimated());
    }
}
