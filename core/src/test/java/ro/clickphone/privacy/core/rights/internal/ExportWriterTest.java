package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.ExportFixtures.NUMBER;
import static ro.clickphone.privacy.core.rights.ExportFixtures.SUBJECT;
import static ro.clickphone.privacy.core.rights.ExportFixtures.TRAFFIC;
import static ro.clickphone.privacy.core.rights.ExportFixtures.exporting;
import static ro.clickphone.privacy.core.rights.ExportFixtures.request;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.ExportFixtures;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.ExportSink;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Provenance;
import ro.clickphone.privacy.spi.source.SourceCapability;

class ExportWriterTest {

    private static final DataCategory CONTACT = DataCategory.of("CONTACT");
    private static final DataCategory IDENTITY = DataCategory.of("IDENTITY");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final DataCategory ANALYTICS = DataCategory.of("ANALYTICS_COOKIES");
    private static final String EMAIL = "maria.ionescu@example.ro";
    private static final String LAST_NAME = "Ionescu-Vlad";
    private static final String SCORE_VALUE = "segment-gold-7731";
    private static final String PBX_ORIGIN = "Your Custom PBX administrator (Acme Birou SRL)";
    private static final Instant NOW = Instant.parse("2026-02-10T08:00:00Z");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final Policy policy = Policy.clickPhoneDefault();
    private final ExportWriter writer = new ExportWriter(() -> policy, Clock.fixed(NOW, ZoneOffset.UTC));

    private final InMemoryPersonalDataSource billing =
            new InMemoryPersonalDataSource("billing.accounts", Set.of(CONTACT, IDENTITY, FINANCIAL));
    private final InMemoryPersonalDataSource cdrs = new InMemoryPersonalDataSource("telephony.cdrs", Set.of(TRAFFIC));
    private final InMemoryPersonalDataSource web = new InMemoryPersonalDataSource("web.analytics", Set.of(ANALYTICS));

    ExportWriterTest() {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", EMAIL);
        contact.put("phone", NUMBER);
        contact.put("verified", Boolean.TRUE);
        billing.add("acct-1", SUBJECT, CONTACT, contact);
        billing.add("id-1", SUBJECT, IDENTITY, Map.of("last_name", LAST_NAME, "born", LocalDate.of(1980, 5, 17)));
        billing.add("seg-1", SUBJECT, FINANCIAL, Provenance.DERIVED, Optional.empty(),
                Map.of("segment", SCORE_VALUE, "balance", new BigDecimal("12.50")));
        billing.add("inv-1", SUBJECT, FINANCIAL, Provenance.PROVIDED, Optional.empty(), Map.of("amount", 4200L));
        billing.add("acct-other", ro.clickphone.privacy.spi.SubjectId.of("someone-else"), CONTACT,
                Map.of("email", "other.person@example.ro"));
        for (int i = 0; i < 3; i++) {
            cdrs.add(SUBJECT, ExportedRecord.observed(RecordRef.of("telephony.cdrs", "cdr-" + i), TRAFFIC,
                    ExportFixtures.cdr(i)));
        }
        cdrs.add("pbx-1", SUBJECT, TRAFFIC, Provenance.THIRD_PARTY, Optional.of(PBX_ORIGIN),
                Map.of("extension", "204", "missed", 2));
        web.add("ga-1", SUBJECT, ANALYTICS, Provenance.OBSERVED, Optional.empty(), Map.of("clientId", "GA1.2.99"));
    }

    private byte[] export(RightType type, Set<DataCategory> scope, List<String> unsupported, ExportResult[] result)
            throws IOException {
        CompletionProbe out = new CompletionProbe();
        result[0] = writer.write(request(type, scope), List.of(billing, cdrs, web), unsupported, out);
        return out.toByteArray();
    }

    @Test
    void access_writesEveryRecordAndTheArticle15Information_validAgainstTheSchema() throws IOException {
        ExportResult[] result = new ExportResult[1];
        byte[] bytes = export(RightType.ACCESS, Set.of(), List.of("fax.archive"), result);
        JsonNode doc = ExportFixtures.parse(bytes);

        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals("clickphone-privacy-export", doc.get("format").asText());
        assertEquals(1, doc.get("formatVersion").asInt());
        assertEquals(SUBJECT.value(), doc.get("subject").asText());
        assertEquals(NOW.toString(), doc.get("generatedAt").asText());
        assertEquals("ACCESS", doc.at("/request/type").asText());
        assertTrue(doc.at("/request/portability").isMissingNode());
        assertEquals(policy.version().label(), doc.at("/policy/version").asText());

        JsonNode info = doc.get("information");
        assertEquals(policy.purposes().size(), info.get("purposes").size());
        assertEquals(policy.categories().size(), info.get("categories").size());
        assertEquals(policy.recipients().size(), info.get("recipients").size());
        assertEquals(policy.rights().size(), info.get("rights").size());
        assertEquals("Caro Network SRL", info.at("/controller/name").asText());
        assertEquals("dpo@caronet.ro", info.at("/dataProtectionOfficer/email").asText());
        assertTrue(info.at("/supervisoryAuthority/name").asText().contains("ANSPDCP"));
        JsonNode fiscal = info.get("purposes").get(0);
        assertEquals("FISCAL_DOCUMENTS", fiscal.get("id").asText());
        assertEquals("LEGAL_OBLIGATION", fiscal.get("legalBasis").asText());
        assertEquals("GDPR art. 6(1)(c)", fiscal.get("legalBasisArticle").asText());
        JsonNode identity = info.get("categories").get(0);
        assertEquals("IDENTITY", identity.get("id").asText());
        assertEquals("FINANCIAL_RECORDS", identity.at("/retention/rule").asText());
        assertEquals("P10Y", identity.at("/retention/period").asText());
        assertEquals(policy.retentionOf(IDENTITY).summary(), identity.at("/retention/summary").asText());
        assertTrue(identity.get("purposes").toString().contains("FISCAL_DOCUMENTS"));
        assertEquals(0, info.at("/automatedDecisions/declared").size());
        assertEquals(policy.exportStatements().orElseThrow().noAutomatedDecisions(),
                info.at("/automatedDecisions/statement").asText());
        assertEquals(0, info.at("/dataNotFromSubject/declared").size());
        assertEquals(policy.exportStatements().orElseThrow().noDataSources(),
                info.at("/dataNotFromSubject/statement").asText());
        assertTrue(policy.effectiveFromAssumed(), "the shipped policy's date is assumed");
        assertTrue(doc.at("/policy/effectiveFromAssumed").asBoolean());
        assertEquals(policy.effectiveFromBasis().orElseThrow(), doc.at("/policy/effectiveFromBasis").asText());
        assertFalse(info.at("/transfers/outsideEea").asBoolean());

        assertEquals("fax.archive", doc.at("/unsupportedSources/0/source").asText());
        JsonNode sources = doc.get("sources");
        assertEquals(3, sources.size());
        JsonNode billingRecords = sources.get(0).get("records");
        assertEquals(4, billingRecords.size(), "the subject's four records, not the other subject's");
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("other.person@example.ro"));
        JsonNode contact = find(billingRecords, "acct-1");
        assertEquals(EMAIL, contact.at("/fields/email").asText());
        assertTrue(contact.at("/fields/verified").isBoolean());
        assertEquals("1980-05-17", find(billingRecords, "id-1").at("/fields/born").asText());
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"balance\" : 12.50"), "the scale is kept");
        assertEquals("DERIVED", find(billingRecords, "seg-1").get("provenance").asText());
        JsonNode cdr = find(sources.get(1).get("records"), "cdr-1");
        assertEquals("2026-01-01T00:01:37Z", cdr.at("/fields/startedAt").asText());
        assertTrue(cdr.at("/fields/durationSeconds").isInt());
        assertEquals(PBX_ORIGIN, find(sources.get(1).get("records"), "pbx-1").get("origin").asText());
        assertEquals(List.of(PBX_ORIGIN), List.of(doc.at("/summary/origins/0").asText()));
        assertEquals(9, doc.at("/summary/records").asLong());
        assertEquals(0, doc.at("/summary/notPortable").asLong());

        assertEquals(9, result[0].records());
        assertEquals(List.of(CategoryOutcome.of(CONTACT, OutcomeKind.EXPORTED, 1),
                CategoryOutcome.of(FINANCIAL, OutcomeKind.EXPORTED, 2),
                CategoryOutcome.of(IDENTITY, OutcomeKind.EXPORTED, 1)), result[0].bySource().get("billing.accounts"));
        assertEquals(List.of("billing.accounts", "telephony.cdrs", "web.analytics"),
                new ArrayList<>(result[0].bySource().keySet()));
    }

    @Test
    void portability_keepsProvidedOrObservedDataInCategoriesProcessedOnConsentOrContract() throws IOException {
        ExportResult[] result = new ExportResult[1];
        byte[] bytes = export(RightType.PORTABILITY, Set.of(), List.of(), result);
        JsonNode doc = ExportFixtures.parse(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals("PORTABILITY", doc.at("/request/type").asText());
        assertEquals(policy.exportStatements().orElseThrow().portabilityRule(),
                doc.at("/request/portability/rule").asText());
        String portable = doc.at("/request/portability/portableCategories").toString();
        assertTrue(portable.contains("CONTACT") && portable.contains("ANALYTICS_COOKIES"), portable);
        assertFalse(portable.contains("IDENTITY"), "IDENTITY is processed on legal obligation only: " + portable);

        // PROVIDED contact (contract), PROVIDED invoice (billing: contract), OBSERVED CDRs (contract),
        // OBSERVED analytics cookie (consent) are written
        assertTrue(text.contains(EMAIL));
        assertTrue(text.contains("\"inv-1\""));
        assertTrue(text.contains("\"cdr-2\""));
        assertTrue(text.contains("GA1.2.99"));
        // DERIVED (a segment), THIRD_PARTY (the PBX administrator's) and a legal-obligation-only
        // category (identity) are counted, not written
        assertFalse(text.contains(SCORE_VALUE));
        assertFalse(text.contains(LAST_NAME));
        assertFalse(text.contains("\"pbx-1\""));
        assertEquals(3, doc.at("/summary/notPortable").asLong());
        assertEquals(6, doc.at("/summary/records").asLong());
        assertEquals(0, doc.at("/summary/origins").size());

        assertEquals(List.of(CategoryOutcome.of(CONTACT, OutcomeKind.EXPORTED, 1),
                CategoryOutcome.of(FINANCIAL, OutcomeKind.EXPORTED, 1),
                CategoryOutcome.of(FINANCIAL, OutcomeKind.NOT_PORTABLE, 1),
                CategoryOutcome.of(IDENTITY, OutcomeKind.NOT_PORTABLE, 1)), result[0].bySource().get("billing.accounts"));
        assertEquals(List.of(CategoryOutcome.of(TRAFFIC, OutcomeKind.EXPORTED, 3),
                CategoryOutcome.of(TRAFFIC, OutcomeKind.NOT_PORTABLE, 1)), result[0].bySource().get("telephony.cdrs"));
        JsonNode counts = doc.at("/sources/1/counts/0");
        assertEquals(3, counts.get("exported").asInt());
        assertEquals(1, counts.get("notPortable").asInt());
        assertEquals(6, result[0].records());
    }

    @Test
    void theRequestsCategories_limitTheRecords_andASourceWithNothingInScopeSaysNone() throws IOException {
        ExportResult[] result = new ExportResult[1];
        byte[] bytes = export(RightType.ACCESS, Set.of(CONTACT), List.of(), result);
        JsonNode doc = ExportFixtures.parse(bytes);

        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals(1, doc.at("/summary/records").asLong());
        assertEquals("[\"CONTACT\"]", doc.at("/request/categories").toString());
        assertEquals(List.of(CategoryOutcome.of(CONTACT, OutcomeKind.EXPORTED, 1)),
                result[0].bySource().get("billing.accounts"));
        assertEquals(List.of(), result[0].bySource().get("telephony.cdrs"));
        assertEquals(0, doc.at("/sources/1/records").size());
    }

    @Test
    void anEmptySource_isReportedAsHoldingNothing() throws IOException {
        InMemoryPersonalDataSource empty = new InMemoryPersonalDataSource("fax.store", Set.of(DataCategory.of("FAX")));
        CompletionProbe out = new CompletionProbe();
        ExportResult result = writer.write(request(RightType.ACCESS, Set.of()), List.of(empty), List.of(), out);

        assertEquals(List.of(CategoryOutcome.of(DataCategory.of("FAX"), OutcomeKind.NONE, 0)),
                result.bySource().get("fax.store"));
        assertEquals(List.of(), ExportFixtures.validate(ExportFixtures.parse(out.toByteArray())));
    }

    @Test
    void aFailingSource_propagates_andTheDocumentIsNeverCompleted() {
        cdrs.failNext(SourceCapability.EXPORT, 1);
        CompletionProbe out = new CompletionProbe();

        assertThrows(StoreException.class,
                () -> writer.write(request(RightType.ACCESS, Set.of()), List.of(billing, cdrs, web), List.of(), out));
        assertFalse(out.completed);
    }

    @Test
    void aWholeDocument_completesACompletionStream_andIsNotClosedByTheWriter() throws IOException {
        CompletionProbe out = new CompletionProbe();
        writer.write(request(RightType.ACCESS, Set.of()), List.of(billing), List.of(), out);

        assertTrue(out.completed);
        assertFalse(out.closed);
        assertEquals(List.of(), ExportFixtures.validate(ExportFixtures.parse(out.toByteArray())));
    }

    @Test
    void anOutputFailure_isTheIOExceptionItself() {
        IOException broken = new IOException("disk full");
        OutputStream failing = new FailingOut(broken);
        IOException thrown = assertThrows(IOException.class, () -> writer.write(request(RightType.ACCESS, Set.of()),
                List.of(ExportFixtures.generating("telephony.cdrs", 50_000)), List.of(), failing));
        assertSame(broken, thrown);
    }

    @Test
    void aSourceExportingAnotherSourcesRecordOrAnUnheldCategory_isRefused_withoutPersonalData() {
        PersonalDataSource foreign = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> sink.accept(ExportedRecord.observed(
                RecordRef.of("billing.accounts", NUMBER), TRAFFIC, Map.of("caller", NUMBER))));
        PersonalDataSource unheld = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> sink.accept(ExportedRecord.provided(
                RecordRef.of("telephony.cdrs", "x-1"), CONTACT, Map.of("email", EMAIL))));

        for (PersonalDataSource bad : List.of(foreign, unheld)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> writer.write(
                    request(RightType.ACCESS, Set.of()), List.of(bad), List.of(), new CompletionProbe()));
            assertNoPersonalData(e.getMessage());
        }
    }

    @Test
    void aSourceKeepingTheSinkForLater_cannotWriteAfterItsTurn() throws IOException {
        AtomicReference<ExportSink> kept = new AtomicReference<>();
        PersonalDataSource sneaky = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> kept.set(sink));
        writer.write(request(RightType.ACCESS, Set.of()), List.of(sneaky), List.of(), new CompletionProbe());

        assertThrows(IllegalStateException.class, () -> kept.get().accept(ExportedRecord.observed(
                RecordRef.of("telephony.cdrs", "late"), TRAFFIC, Map.of())));
    }

    @Test
    void refusesOtherRequestTypes_nulls_andSourcesNamedTwice() {
        CompletionProbe out = new CompletionProbe();
        assertThrows(InvalidInputException.class,
                () -> writer.write(request(RightType.ERASURE, Set.of()), List.of(billing), List.of(), out));
        assertThrows(InvalidInputException.class,
                () -> writer.write(request(RightType.ACCESS, Set.of()), List.of(billing, billing), List.of(), out));
        assertThrows(InvalidInputException.class, () -> writer.write(request(RightType.ACCESS, Set.of()),
                List.of(billing), List.of("billing.accounts"), out));
        assertThrows(InvalidInputException.class,
                () -> writer.write(null, List.of(billing), List.of(), out));
        assertThrows(InvalidInputException.class,
                () -> writer.write(request(RightType.ACCESS, Set.of()), List.of(billing), List.of(), null));
        assertThrows(InvalidInputException.class, () -> new ExportWriter(null, Clock.systemUTC()));
        assertEquals(0, out.size());
    }

    @Test
    void logsAndTheResult_holdNoPersonalData() throws IOException {
        ExportResult[] result = new ExportResult[1];
        export(RightType.ACCESS, Set.of(), List.of(), result);
        export(RightType.PORTABILITY, Set.of(), List.of(), result);

        assertFalse(logs.list.isEmpty(), "the export is logged");
        for (ILoggingEvent event : logs.list) {
            assertNoPersonalData(event.getFormattedMessage());
        }
        assertNoPersonalData(result[0].toString());
    }

    @Test
    void theOriginsListIsBounded() throws IOException {
        PersonalDataSource many = exporting("telephony.cdrs", TRAFFIC, (subject, sink) -> {
            for (int i = 0; i < ExportWriter.MAX_ORIGINS + 5; i++) {
                sink.accept(new ExportedRecord(RecordRef.of("telephony.cdrs", "r" + i), TRAFFIC, Provenance.THIRD_PARTY,
                        Optional.of("administrator " + i), Map.of()));
            }
        });
        CompletionProbe out = new CompletionProbe();
        writer.write(request(RightType.ACCESS, Set.of()), List.of(many), List.of(), out);
        JsonNode doc = ExportFixtures.parse(out.toByteArray());

        assertEquals(List.of(), ExportFixtures.validate(doc));
        assertEquals(ExportWriter.MAX_ORIGINS, doc.at("/summary/origins").size());
        assertTrue(doc.at("/summary/originsTruncated").asBoolean());
    }

    @Test
    void theSchemaRejectsDocumentsThatBreakIt() throws IOException {
        ExportResult[] result = new ExportResult[1];
        JsonNode doc = ExportFixtures.parse(export(RightType.ACCESS, Set.of(), List.of(), result));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/sources/0/records/0")).put("extra", 1);
        assertFalse(ExportFixtures.validate(doc).isEmpty(), "a member the format does not list");
        JsonNode portability = ExportFixtures.parse(export(RightType.PORTABILITY, Set.of(), List.of(), result));
        ((com.fasterxml.jackson.databind.node.ObjectNode) portability.get("request")).remove("portability");
        assertFalse(ExportFixtures.validate(portability).isEmpty(), "portability without its rule");
    }

    private static JsonNode find(JsonNode records, String id) {
        for (JsonNode r : records) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no record " + id);
    }

    private static void assertNoPersonalData(String text) {
        for (String secret : List.of(SUBJECT.value(), NUMBER, EMAIL, LAST_NAME, SCORE_VALUE, "Ionescu")) {
            assertFalse(text.contains(secret), "personal data in: " + text);
        }
    }

    /** A delivery stream whose disk is full. */
    private static final class FailingOut extends OutputStream implements ExportDelivery.Completion {
        private final IOException broken;

        FailingOut(IOException broken) {
            this.broken = broken;
        }

        @Override
        public void write(int b) throws IOException {
            throw broken;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw broken;
        }

        @Override
        public void complete() {
            throw new AssertionError("never completed");
        }
    }

    /** An in-memory stream that records whether it was completed or closed. */
    static final class CompletionProbe extends ByteArrayOutputStream implements ExportDelivery.Completion {
        boolean completed;
        boolean closed;

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
