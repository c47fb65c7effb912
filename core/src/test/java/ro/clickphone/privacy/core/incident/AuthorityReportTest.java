package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.incident.IncidentFixture.DISCOVERED;
import static ro.clickphone.privacy.core.incident.IncidentFixture.STAFF;
import static ro.clickphone.privacy.core.incident.IncidentFixture.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.IncidentClock;

/** The notification to the authority: every item of GDPR art. 33(3), the times, and the delay of art. 33(1). */
class AuthorityReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void json_parses_andHoldsEveryItemOfArticle33_3() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withAffectedRecords(AffectedCount.estimate(40_000)), STAFF);
        JsonNode json = JSON.readTree(incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).toJson());
        Policy policy = Policy.clickPhoneDefault();

        assertEquals(id, json.at("/incident/id").asText());
        assertEquals(1, json.at("/incident/version").asInt());
        assertEquals("Caro Network SRL", json.at("/controller/name").asText());
        assertTrue(json.at("/authority/name").asText().contains("ANSPDCP"));
        // (a) nature, categories, approximate numbers of subjects and of records
        assertEquals(report().nature(), json.at("/nature/description").asText());
        assertEquals(2, json.at("/nature/categories").size());
        assertEquals("CONTACT", json.at("/nature/categories/0/id").asText());
        assertEquals(policy.category(IncidentFixture.CONTACT).name(), json.at("/nature/categories/0/name").asText());
        assertEquals("CUSTOMER", json.at("/nature/subjectCategories/0/id").asText());
        assertEquals(policy.dataSubject("CUSTOMER").orElseThrow().description(),
                json.at("/nature/subjectCategories/0/name").asText());
        assertEquals(1, json.at("/nature/subjectCategories").size());
        assertEquals(1200, json.at("/nature/dataSubjects/approximateNumber").asLong());
        assertTrue(json.at("/nature/dataSubjects/estimated").asBoolean());
        assertEquals(40_000, json.at("/nature/records/approximateNumber").asLong());
        // (b) the DPO, from the policy document
        assertEquals(policy.dpo().name(), json.at("/contact/name").asText());
        assertEquals(policy.dpo().email().orElseThrow(), json.at("/contact/email").asText());
        assertEquals(policy.dpo().phone().orElseThrow(), json.at("/contact/phone").asText());
        // (c) and (d)
        assertEquals(report().likelyConsequences(), json.at("/likelyConsequences/description").asText());
        assertEquals(report().measures(), json.at("/measures/description").asText());
        for (String item : List.of("/nature", "/contact", "/likelyConsequences", "/measures")) {
            assertTrue(json.at(item + "/article").asText().startsWith("GDPR art. 33(3)("), item);
        }
        // the times
        assertEquals(IncidentFixture.OCCURRED.toString(), json.at("/times/occurredAt").asText());
        assertEquals(DISCOVERED.toString(), json.at("/times/discoveredAt").asText());
        assertEquals("2026-03-01 10:00:00 +02:00", json.at("/times/discoveredAtLocal").asText(), "Bucharest time");
        assertEquals(4, json.at("/deadlines").size());
        assertEquals("ANSPDCP_72H", json.at("/deadlines/0/clock").asText());
        assertEquals(DISCOVERED.plus(Duration.ofHours(72)).toString(), json.at("/deadlines/0/due").asText());
        assertTrue(json.at("/deadlines/0/satisfiedAt").isNull());
        assertFalse(json.at("/delay/late").asBoolean());
        assertFalse(json.at("/delay/reasonsMissing").asBoolean());
        assertEquals("ANSPDCP_72H", json.at("/notification/clock").asText());
        assertEquals("GDPR_ART_33", json.at("/notification/kind").asText());
        assertTrue(json.at("/annexI").isNull(), "Annex I belongs to the notifications under Reg. 611/2013");
    }

    @Test
    void unknownRecordCount_isSaidToBeUnknown() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        AuthorityReport report = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        JsonNode json = JSON.readTree(report.toJson());
        assertFalse(json.at("/nature/records/known").asBoolean());
        assertTrue(json.at("/nature/records/approximateNumber").isNull());
        assertTrue(json.at("/nature/records/estimated").isNull(), "neither an estimate nor exact: unknown");
        assertTrue(report.toMarkdown().contains("**Approximate number of personal data records concerned:** not yet"
                + " known"));
    }

    @Test
    void markdown_hasASectionPerItemOfArticle33_3_withTheirContents() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withAffectedRecords(AffectedCount.exactly(40_000)), STAFF);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(30)));
        incidents.recordAuthorityNotice(id, IncidentClock.EPRIVACY_INITIAL_24H, DISCOVERED.plus(Duration.ofHours(20)),
                "ANSPDCP-0042", STAFF);
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1042")), STAFF);
        String md = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).toMarkdown();
        Policy policy = Policy.clickPhoneDefault();
        for (String expected : List.of("## (a) Nature of the breach (art. 33(3)(a))",
                "**Categories of data subjects concerned:** " + policy.dataSubject("CUSTOMER").orElseThrow()
                        .description() + " (CUSTOMER)",
                "## (b) Data protection officer (art. 33(3)(b))", "## (c) Likely consequences (art. 33(3)(c))",
                "## (d) Measures taken or proposed (art. 33(3)(d))", report().nature(),
                report().likelyConsequences(), report().measures(), policy.dpo().name(),
                policy.dpo().email().orElseThrow(), policy.dpo().phone().orElseThrow(),
                policy.category(IncidentFixture.CONTACT).name() + " (CONTACT)",
                "**Approximate number of data subjects concerned:** about 1200 (estimate)",
                "**Approximate number of personal data records concerned:** 40000",
                "- **Occurred:** 2026-03-01 04:00:00 +02:00 (2026-03-01T02:00:00Z)",
                "- **Discovered:** 2026-03-01 10:00:00 +02:00 (2026-03-01T08:00:00Z)",
                "| EPRIVACY_INITIAL_24H |", "- EPRIVACY_INITIAL_24H: sent 2026-03-02 06:00:00 +02:00, reference"
                        + " ANSPDCP-0042", "- **Notices sent:** 1", "Caro Network SRL")) {
            assertTrue(md.contains(expected), "missing: " + expected + "\n" + md);
        }
        assertFalse(md.contains("This notification is late"), "within 72 hours");
        assertFalse(md.contains("Notices are missing"), "an estimated count is not held against the notices");
    }

    @Test
    void anExactCount_withFewerNoticesSent_isShownAsMissingNotices() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        incidents.update(id, IncidentChanges.none().withAffectedSubjects(AffectedCount.exactly(1200)), STAFF);
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1042")), STAFF);
        AuthorityReport report = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        assertTrue(report.subjectNoticesIncomplete());
        assertTrue(report.toMarkdown().contains("> **Notices are missing:** 1200 data subjects are affected and 1 were"
                + " notified."), report.toMarkdown());
        assertTrue(JSON.readTree(report.toJson()).at("/subjectsNotified/incomplete").asBoolean());
        f.clock.advance(Duration.ofMinutes(5));
        incidents.recordPublicCommunication(id, f.clock.instant(), "Notice on the home page", STAFF);
        assertFalse(incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).subjectNoticesIncomplete(),
                "the others were reached by a public communication");
    }

    @Test
    void eachNotification_isJudgedLateByItsOwnClock_withItsOwnLegalBasis() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        f.clock.set(DISCOVERED.plus(Duration.ofHours(30)));
        AuthorityReport initial = incidents.authorityReport(id, IncidentClock.EPRIVACY_INITIAL_24H, STAFF);
        AuthorityReport gdpr = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        assertTrue(initial.late(), "the 24-hour initial notification is late at 30 hours");
        assertFalse(gdpr.late(), "the 72-hour GDPR notification is not");
        assertFalse(gdpr.toMarkdown().contains("This notification is late"));
        assertFalse(gdpr.toMarkdown().contains("GDPR art. 33(1): the reasons for the delay") && gdpr.late());
        JsonNode json = JSON.readTree(initial.toJson());
        assertEquals("EPRIVACY_INITIAL", json.at("/notification/kind").asText());
        assertTrue(json.at("/delay/late").asBoolean());
        assertTrue(json.at("/delay/article").asText().startsWith("Regulation (EU) No 611/2013 art. 2(2)"),
                "the basis of this clock, not GDPR art. 33(1)");
        assertTrue(initial.toMarkdown().contains("# Personal data breach: initial notification (Regulation (EU) No"
                + " 611/2013 art. 2(2))"), initial.toMarkdown());
        AuthorityReport second = incidents.authorityReport(id, IncidentClock.EPRIVACY_FULL_3D, STAFF);
        assertEquals("second notification (Regulation (EU) No 611/2013 art. 2(3))", second.kind());
        assertFalse(second.late());
        assertEquals(List.of("EPRIVACY_INITIAL_24H", "ANSPDCP_72H", "EPRIVACY_FULL_3D"),
                f.audited("incident.authority-report").stream().map(r -> r.details().get("clock")).toList());

        String gdprOnly = incidents.report(report().withClocks(java.util.EnumSet.of(IncidentClock.ANSPDCP_72H)),
                STAFF);
        assertEquals(IncidentException.Rule.CLOCK_NOT_APPLICABLE, org.junit.jupiter.api.Assertions.assertThrows(
                IncidentException.class, () -> incidents.authorityReport(gdprOnly, IncidentClock.EPRIVACY_FULL_3D,
                        STAFF)).brokenRule());
        assertEquals(IncidentException.Rule.CLOCK_NOT_APPLICABLE, org.junit.jupiter.api.Assertions.assertThrows(
                IncidentException.class, () -> incidents.authorityReport(id, IncidentClock.CUSTOMERS_24H, STAFF))
                .brokenRule());
    }

    @Test
    void aNotificationUnderRegulation611_holdsAnnexI_andSaysWhatIsMissing() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String bare = incidents.report(IncidentFixture.bare(), STAFF);
        AuthorityReport missing = incidents.authorityReport(bare, IncidentClock.EPRIVACY_FULL_3D, STAFF);
        assertEquals(List.of("circumstances", "crossBorder", "noticeToSubscribers"), missing.annexIMissing());
        assertEquals(List.of("circumstances"), incidents.authorityReport(bare, IncidentClock.EPRIVACY_INITIAL_24H,
                STAFF).annexIMissing(), "the initial notification asks less");
        assertTrue(missing.toMarkdown().contains("> **Missing for this notification:** circumstances, crossBorder,"
                + " noticeToSubscribers"));

        String id = incidents.report(report().withCircumstances("Theft of credentials by phishing")
                .withOtherProviders("The mailboxes are hosted by a processor in Romania")
                .withCrossBorder("None: every affected subscriber lives in Romania"), STAFF);
        incidents.notifySubjects(id, List.of(SubjectId.of("acct-1042"), SubjectId.of("acct-2077")), STAFF);
        AuthorityReport full = incidents.authorityReport(id, IncidentClock.EPRIVACY_FULL_3D, STAFF);
        assertEquals(List.of(), full.annexIMissing());
        JsonNode annex = JSON.readTree(full.toJson()).at("/annexI");
        assertEquals("Theft of credentials by phishing", annex.at("/circumstances").asText());
        assertEquals("The mailboxes are hosted by a processor in Romania", annex.at("/otherProviders").asText());
        assertEquals("None: every affected subscriber lives in Romania", annex.at("/crossBorder").asText());
        assertEquals(IncidentFixture.NOTICE.nature(), annex.at("/noticeToSubscribers/content/nature").asText());
        assertEquals(IncidentFixture.NOTICE.recommendations(),
                annex.at("/noticeToSubscribers/content/recommendations").asText());
        assertEquals("EMAIL", annex.at("/noticeToSubscribers/means/0").asText(), "the policy's channel");
        assertEquals(2, annex.at("/noticeToSubscribers/subscribersNotified").asLong());
        String md = full.toMarkdown();
        for (String expected : List.of("## Regulation (EU) No 611/2013 Annex I",
                "- **Circumstances:** Theft of credentials by phishing",
                "- **Cross-border matters:** None: every affected subscriber lives in Romania",
                "- **Means of the notice to the subscribers:** EMAIL", "- **Subscribers notified:** 2",
                "  - **Recommendations:** " + IncidentFixture.NOTICE.recommendations())) {
            assertTrue(md.contains(expected), "missing: " + expected + "\n" + md);
        }
    }

    @Test
    void everyCorrectionOfTheDiscovery_isListed() throws Exception {
        IncidentFixture f = new IncidentFixture(DISCOVERED.plus(Duration.ofDays(1)));
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        Instant later = DISCOVERED.plus(Duration.ofHours(20));
        incidents.update(id, IncidentChanges.none().withDiscoveredAt(later), STAFF);
        incidents.update(id, IncidentChanges.none().withStatus(ro.clickphone.privacy.spi.incident.IncidentStatus
                .CONTAINED), STAFF);
        AuthorityReport report = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        assertEquals(List.of(new AuthorityReport.DiscoveryCorrection(2, DISCOVERED, later, f.clock.instant())),
                report.discoveryCorrections());
        JsonNode json = JSON.readTree(report.toJson());
        assertEquals(DISCOVERED.toString(), json.at("/times/discoveryCorrections/0/from").asText());
        assertEquals(later.toString(), json.at("/times/discoveryCorrections/0/to").asText());
        assertEquals(2, json.at("/times/discoveryCorrections/0/version").asInt());
        assertTrue(report.toMarkdown().contains("- **Discovery corrected** in version 2 (recorded 2026-03-02 10:00:00"
                + " +02:00): from 2026-03-01 10:00:00 +02:00 to 2026-03-02 06:00:00 +02:00"), report.toMarkdown());
    }

    @Test
    void aLateNotification_saysSo_andAsksForTheReasonsUntilTheyAreRecorded() throws Exception {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report().withClocks(java.util.EnumSet.of(IncidentClock.ANSPDCP_72H)), STAFF);
        Instant due = DISCOVERED.plus(Duration.ofHours(72));
        f.clock.set(due);
        assertFalse(incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).late(), "at the due instant, still in time");

        f.clock.set(due.plusSeconds(1));
        AuthorityReport late = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        assertTrue(late.late());
        assertTrue(late.reasonsForDelayMissing());
        JsonNode json = JSON.readTree(late.toJson());
        assertTrue(json.at("/delay/late").asBoolean());
        assertTrue(json.at("/delay/reasonsMissing").asBoolean());
        assertTrue(json.at("/delay/reasons").isNull());
        assertTrue(late.toMarkdown().contains("> **This notification is late** (GDPR art. 33(1): the reasons for the"
                + " delay). **The reasons for the delay are missing:** the law requires them."), late.toMarkdown());

        incidents.update(id, IncidentChanges.none().withDelayReason("The intrusion was confirmed by the forensic"
                + " team only on day 4"), STAFF);
        AuthorityReport explained = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF);
        assertTrue(explained.late());
        assertFalse(explained.reasonsForDelayMissing());
        assertEquals("The intrusion was confirmed by the forensic team only on day 4",
                JSON.readTree(explained.toJson()).at("/delay/reasons").asText());
        assertTrue(explained.toMarkdown().contains("Reasons for the delay: The intrusion was confirmed"));

        incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, f.clock.instant(), "ANSPDCP-1", STAFF);
        f.clock.advance(Duration.ofDays(30));
        assertTrue(incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).late(), "a notice sent late stays late");
    }

    @Test
    void freeTexts_renderAsText_neverAsMarkdown() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(IncidentReport.of("*all* mailboxes | [click](http://x) <script> # _x_",
                IncidentFixture.OCCURRED, DISCOVERED, AffectedCount.exactly(2), IncidentFixture.CUSTOMERS,
                java.util.Set.of(IncidentFixture.TRAFFIC), "`code`", "~~gone~~ &amp; see www.evil.example"), STAFF);
        String md = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).toMarkdown();
        assertTrue(md.contains("\\*all\\* mailboxes \\| \\[click\\](http\\://x) \\<script\\> \\# \\_x\\_"), md);
        assertTrue(md.contains("\\&amp; see www\\.evil.example"), "no entity, no autolink: " + md);
        assertTrue(md.contains("\\`code\\`"));
        assertTrue(md.contains("\\~\\~gone\\~\\~"));
        assertFalse(md.contains("<script>"));
    }

    @Test
    void toString_showsNeitherTextsNorContacts() {
        IncidentFixture f = new IncidentFixture();
        IncidentRegister incidents = f.register();
        String id = incidents.report(report(), STAFF);
        String shown = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, STAFF).toString();
        assertEquals("AuthorityReport[" + id + ", v1, ANSPDCP_72H, in time]", shown);
    }
}
