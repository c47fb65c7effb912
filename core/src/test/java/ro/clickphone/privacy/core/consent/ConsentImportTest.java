package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;

/**
 * Importing an existing customer base's consent events with their true dates (issue 12, item 9).
 * The policy text names no date; it rests on "Regulamentul (UE) nr. 679/2016" and has been in force
 * since 2018 at the latest, so version 2026.1 is assumed in force from 25 May 2018. A consent given
 * since counts from the day it was given, and so does its withdrawal: "Retragera consimțământului va
 * avea efecte doar pentru viitor, prelucrarea efectuată anterior retragerii rămânând în continuare
 * valabilă."
 */
class ConsentImportTest {

    private static final SubjectId ANA = SubjectId.of("ana.pop@example.ro");
    private static final SubjectId BOGDAN = SubjectId.of("bogdan");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");
    private static final Instant MARCH_2019 = Instant.parse("2019-03-10T09:12:00Z");
    private static final Instant NEW_YEAR_2020 = Instant.parse("2020-01-01T00:00:00Z");
    private static final String DOCUMENT = "crm-export-2026-11-30";
    private static final Actor DPO = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("DPO"));
    private static final Actor MIGRATION = Actor.system("consent-migration", Set.of("MIGRATION_JOB"));
    /** The ledger went live on 1 January 2026: what happened before is imported, what since is recorded. */
    private static final Instant GO_LIVE = Instant.parse("2026-01-01T00:00:00Z");
    private static final ConsentSettings SETTINGS = ConsentFixtures.settings().withImportCutoff(GO_LIVE);

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final TamperableConsentStore store = new TamperableConsentStore();
    private final AccessPolicy grants = AccessPolicy.builder()
            .grant("DPO", ConsentSettings.DEFAULT_RECORDING_PURPOSE)
            .grantConsentImport("DPO", "MIGRATION_JOB")
            .build();
    private final ConsentLedger ledger = fresh();

    private ConsentLedger fresh() {
        return ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, store, trail, ConsentFixtures.SIGNER,
                new InMemoryAccountDirectory(), grants, SETTINGS, null, System::nanoTime);
    }

    private static ConsentProof givenBy(SubjectId subject, Instant at) {
        return ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT).withEffectiveAt(at)
                .withFormId("signup-v1");
    }

    private static HistoricalConsentEvent anaGranted(Purpose purpose, Instant at) {
        return HistoricalConsentEvent.grant(ANA, purpose, givenBy(ANA, at));
    }

    private List<AuditRecord> entries(String action) {
        return trail.read(1, 4096).stream().filter(r -> r.action().equals(action)).toList();
    }

    private List<AuditRecord> consentEntries() {
        return trail.read(1, 4096).stream().filter(r -> r.action().startsWith("consent.")).toList();
    }

    @Test
    void aConsentGivenIn2019_importsWithItsTrueDate_andPermitsIn2020() {
        List<ConsentEvent> stored = ledger.importHistorical(DPO, List.of(anaGranted(MARKETING, MARCH_2019)),
                DOCUMENT);

        ConsentEvent grant = stored.get(0);
        assertEquals(MARCH_2019, grant.effectiveAt());
        assertEquals(ConsentFixtures.NOW, grant.recordedAt(), "recorded now, effective then");
        assertEquals("2026.1", grant.policyVersion());
        ConsentDecision decision = fresh().check(ANA, MARKETING, NEW_YEAR_2020);
        assertEquals(ConsentReason.CONSENT_GIVEN, decision.reason());
        assertEquals(grant.id(), decision.eventId().orElseThrow());
        assertEquals(ConsentReason.NO_CONSENT, fresh().check(ANA, MARKETING, MARCH_2019.minusSeconds(1)).reason());
        // Without a document of its own, the event carries the batch's.
        assertEquals(DOCUMENT, store.rows.get(0).evidence().reference().orElseThrow());
    }

    @Test
    void theSameConsentThroughGrant_isRefusedByTheBackdatingBound() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ledger.grant(ANA, MARKETING, givenBy(ANA, MARCH_2019)));
        assertEquals("effectiveAt", e.argument());
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void aSystemJobGrantedTheImport_imports() {
        ledger.importHistorical(MIGRATION, List.of(anaGranted(MARKETING, MARCH_2019)), DOCUMENT);
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh().check(ANA, MARKETING, NEW_YEAR_2020).reason());
    }

    static Stream<Arguments> unauthorised() {
        return Stream.of(
                Arguments.of("staff without the import grant",
                        Actor.staff(Recipient.of("EMPLOYEES"), "emp-0816", Set.of("SUPPORT"))),
                Arguments.of("staff as an external recipient", Actor.staff(Recipient.of("COURIER"), "emp-0815",
                        Set.of("DPO"))),
                Arguments.of("a job without the import grant", Actor.system("consent-migration", Set.of("REPORTS"))),
                Arguments.of("the subject", Actor.subject(ANA)),
                Arguments.of("a delegate", Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), BOGDAN, Set.of("pbx-1"))),
                Arguments.of("a processor", Actor.processor(Recipient.of("COURIER"), "fan-courier")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthorised")
    void anUnauthorisedImporter_isRefusedAndAudited_andNothingIsStored(String name, Actor importer) {
        assertThrows(PolicyViolationException.class, () -> ledger.importHistorical(importer,
                List.of(anaGranted(MARKETING, MARCH_2019)), DOCUMENT));
        assertTrue(store.rows.isEmpty());
        List<AuditRecord> refusals = entries("consent.import");
        assertEquals(1, refusals.size());
        assertEquals(AuditOutcome.DENIED, refusals.get(0).outcome());
        assertEquals(DOCUMENT, refusals.get(0).details().get("documentReference"));
        assertTrue(refusals.get(0).subjectRef().isEmpty());
    }

    static Stream<Arguments> badEvents() {
        Instant now = ConsentFixtures.NOW;
        return Stream.of(
                Arguments.of("no effective time", ConsentImportException.Rule.NO_EFFECTIVE_TIME,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s, MARKETING,
                                ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT))),
                Arguments.of("in the future", ConsentImportException.Rule.IN_THE_FUTURE,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s, MARKETING,
                                givenBy(s, now.plus(Duration.ofMinutes(1))))),
                // The first version is assumed in force from 25 May 2018, the GDPR's date of application.
                Arguments.of("before the first policy version", ConsentImportException.Rule.NO_POLICY_IN_FORCE,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s, MARKETING,
                                givenBy(s, Instant.parse("2018-05-24T12:00:00Z")))),
                Arguments.of("an undeclared purpose", ConsentImportException.Rule.UNDECLARED_PURPOSE,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s,
                                Purpose.of("PROFILING"), givenBy(s, MARCH_2019))),
                Arguments.of("a grant to a purpose on contract", ConsentImportException.Rule.PURPOSE_RULE,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s,
                                Purpose.of("SERVICE_PROVISION"), givenBy(s, MARCH_2019))),
                Arguments.of("given by another subject", ConsentImportException.Rule.ACTOR,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s, MARKETING,
                                givenBy(BOGDAN, MARCH_2019))),
                Arguments.of("staff as an external recipient", ConsentImportException.Rule.ACTOR,
                        (Function<SubjectId, HistoricalConsentEvent>) s -> HistoricalConsentEvent.grant(s, MARKETING,
                                ConsentProof.of(Actor.staff(Recipient.of("COURIER"), "emp-1", Set.of()),
                                        ConsentChannel.PHONE).withEffectiveAt(MARCH_2019))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void aBatchWithOneBadEvent_storesNothing_andNamesItsIndexAndRule(String name,
            ConsentImportException.Rule rule, Function<SubjectId, HistoricalConsentEvent> bad) {
        List<HistoricalConsentEvent> batch = List.of(anaGranted(MARKETING, MARCH_2019),
                HistoricalConsentEvent.grant(BOGDAN, ANALYTICS, givenBy(BOGDAN, MARCH_2019)), bad.apply(ANA));

        ConsentImportException e = assertThrows(ConsentImportException.class,
                () -> ledger.importHistorical(DPO, batch, DOCUMENT));

        assertEquals(2, e.index());
        assertEquals(rule, e.brokenRule());
        assertEquals("events[2]", e.argument());
        assertFalse(e.getMessage().contains(ANA.value()) || e.getMessage().contains(BOGDAN.value()),
                e.getMessage());
        assertTrue(store.rows.isEmpty(), "nothing of the batch is stored");
        assertEquals(ConsentReason.NO_CONSENT, fresh().check(ANA, MARKETING, NEW_YEAR_2020).reason());
        List<AuditRecord> refusals = entries("consent.import");
        assertEquals(1, refusals.size());
        AuditRecord refusal = refusals.get(0);
        assertEquals(AuditOutcome.DENIED, refusal.outcome());
        assertEquals("2", refusal.details().get("index"));
        assertEquals(rule.name(), refusal.details().get("rule"));
    }

    @Test
    void aBatch_isAuditedWithExactlyOneEntry_namingNoSubject() {
        List<HistoricalConsentEvent> batch = List.of(anaGranted(MARKETING, MARCH_2019),
                anaGranted(ANALYTICS, MARCH_2019.plusSeconds(60)),
                HistoricalConsentEvent.withdraw(ANA, ANALYTICS, givenBy(ANA, Instant.parse("2021-02-01T08:00:00Z"))),
                HistoricalConsentEvent.grant(BOGDAN, MARKETING, givenBy(BOGDAN, MARCH_2019)));
        long before = consentEntries().size();

        ledger.importHistorical(DPO, batch, DOCUMENT);

        List<AuditRecord> added = consentEntries().subList((int) before, consentEntries().size());
        assertEquals(1, added.size(), "one audit entry per batch, not one per event");
        AuditRecord entry = added.get(0);
        assertEquals("consent.import", entry.action());
        assertEquals(AuditOutcome.SUCCESS, entry.outcome());
        assertEquals("4", entry.details().get("count"));
        assertEquals(DOCUMENT, entry.details().get("documentReference"));
        assertEquals(64, entry.details().get("batchDigest").length());
        assertTrue(entry.subjectRef().isEmpty());
        assertTrue(trail.readAbout(ANA, 1, 1000).isEmpty());
        assertTrue(trail.verify().intact());
        assertEquals(4, store.rows.size());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh().check(ANA, ANALYTICS,
                Instant.parse("2022-01-01T00:00:00Z")).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh().check(BOGDAN, MARKETING, NEW_YEAR_2020).reason());
    }

    @Test
    void importedEvents_areSealedAndLinked_afterTheSubjectsExistingEvents() {
        // A withdrawal recorded today, then the 2019 grant imported: the grant is sealed and linked
        // after it, and the withdrawal, later in effect, still wins now.
        ledger.withdraw(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT));
        ledger.importHistorical(DPO, List.of(anaGranted(MARKETING, MARCH_2019),
                anaGranted(ANALYTICS, MARCH_2019)), DOCUMENT);
        ConsentLedger reader = fresh();
        for (ConsentEvent row : store.rows) {
            assertTrue(reader.sealed(row));
        }
        assertEquals(ConsentReason.CONSENT_GIVEN, reader.check(ANA, MARKETING, NEW_YEAR_2020).reason());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, reader.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, reader.check(ANA, ANALYTICS, NEW_YEAR_2020).reason());
        // Every imported event can be given a receipt, like any other.
        ConsentEvent imported = store.rows.get(1);
        assertTrue(ledger.verifyReceipt(ledger.receipt(imported.id())));
    }

    @Test
    void aStoreWriterEditingAnImportedRow_isDetected() {
        ledger.importHistorical(DPO, List.of(anaGranted(MARKETING, MARCH_2019)), DOCUMENT);
        ConsentEvent row = store.rows.get(0);
        // Moved a year earlier: the seal covers the effective time.
        store.rows.set(0, new ConsentEvent(row.id(), row.sequence(), row.subject(), row.type(), row.purpose(),
                row.effectiveAt().minus(Duration.ofDays(365)), row.recordedAt(), row.policyVersion(), row.channel(),
                row.actor(), row.evidence(), row.seal()));
        assertEquals(ConsentReason.TAMPERED, fresh().check(ANA, MARKETING, NEW_YEAR_2020).reason());
        List<AuditRecord> tamper = entries("consent.tamper");
        assertEquals(1, tamper.size());
        assertEquals(AuditOutcome.FAILED, tamper.get(0).outcome());
    }

    @Test
    void aBatchCutShortByTheStore_completesWhenImportedAgain_withoutDoublingAnEvent() {
        AtomicInteger appends = new AtomicInteger();
        TamperableConsentStore flaky = new TamperableConsentStore() {
            @Override
            public synchronized ConsentEvent append(ConsentEvent event) {
                if (appends.incrementAndGet() == 2) {
                    throw new StoreException("consent store unavailable", true, null);
                }
                return super.append(event);
            }
        };
        ConsentLedger over = ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, flaky, trail,
                ConsentFixtures.SIGNER, new InMemoryAccountDirectory(), grants, SETTINGS, null,
                System::nanoTime);
        List<HistoricalConsentEvent> batch = List.of(anaGranted(MARKETING, MARCH_2019),
                anaGranted(ANALYTICS, MARCH_2019), HistoricalConsentEvent.grant(BOGDAN, MARKETING,
                        givenBy(BOGDAN, MARCH_2019)));

        assertThrows(StoreException.class, () -> over.importHistorical(DPO, batch, DOCUMENT));
        assertEquals(1, flaky.rows.size());
        List<AuditRecord> failed = entries("consent.import");
        assertEquals(1, failed.size(), "a batch stopped part-way is audited with what it stored");
        assertEquals(AuditOutcome.FAILED, failed.get(0).outcome());
        assertEquals("1", failed.get(0).details().get("stored"));

        List<ConsentEvent> stored = over.importHistorical(DPO, batch, DOCUMENT);

        assertEquals(3, flaky.rows.size(), "the event stored by the first attempt is kept, not doubled");
        assertEquals(flaky.rows.get(0).id(), stored.get(0).id());
        List<AuditRecord> done = entries("consent.import");
        assertEquals(2, done.size());
        assertEquals(AuditOutcome.SUCCESS, done.get(1).outcome());
        assertEquals("2", done.get(1).details().get("stored"));
        assertEquals("1", done.get(1).details().get("present"));
        assertTrue(over.reconcileWithAudit().intact(), "both calls' events are in the store as audited");
        ConsentLedger reader = ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, flaky, trail,
                ConsentFixtures.SIGNER, new InMemoryAccountDirectory(), grants, SETTINGS, null,
                System::nanoTime);
        assertEquals(ConsentReason.CONSENT_GIVEN, reader.check(ANA, MARKETING, NEW_YEAR_2020).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, reader.check(ANA, ANALYTICS, NEW_YEAR_2020).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, reader.check(BOGDAN, MARKETING, NEW_YEAR_2020).reason());
    }

    @Test
    void badArguments_areRefused() {
        List<HistoricalConsentEvent> one = List.of(anaGranted(MARKETING, MARCH_2019));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(null, one, DOCUMENT));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, null, DOCUMENT));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, one, null));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, List.of(), DOCUMENT));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, one, "not a reference!"));
        List<HistoricalConsentEvent> tooMany = new ArrayList<>();
        for (int i = 0; i <= ConsentLedger.MAX_IMPORT; i++) {
            tooMany.add(one.get(0));
        }
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, tooMany, DOCUMENT));
        assertThrows(InvalidInputException.class, () -> new HistoricalConsentEvent(ConsentEventType.RESTRICT, ANA,
                java.util.Optional.of(MARKETING), givenBy(ANA, MARCH_2019)));
        assertTrue(store.rows.isEmpty());
        assertFalse(HistoricalConsentEvent.grant(ANA, MARKETING, givenBy(ANA, MARCH_2019)).toString()
                .contains(ANA.value()));
    }
}
