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
import ro.clickphone.privacy.spi.ConfigurationException;
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
 * Importing an existing customer base's consent events with their true dates (issue 12, item 9),
 * and the attacks on that import: an importer outranking what the ledger recorded, reopening
 * processing or asserting an express statement with nothing but the batch's reference, a batch
 * edited or imported twice.
 *
 * <p>The policy text carries no date (it cites "Regulamentul (UE) nr. 679/2016", which applies from
 * 25 May 2018, the earliest day it could take effect), so version 2026.1 is assumed in force from then; what
 * happened before the ledger went live can only be imported. The sentence the import rests on is
 * about history: "Retragera consimțământului va avea efecte doar pentru viitor, prelucrarea
 * efectuată anterior retragerii rămânând în continuare valabilă." — a consent, and its withdrawal,
 * count from the day they were given, so each must be kept with that day, not with the day of the
 * import; and by the same sentence a withdrawal the ledger already recorded may not be undone by an
 * import dated after it.
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
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory().assign(ANA, "pbx-1001");
    private final ConsentLedger ledger = fresh();

    private ConsentLedger fresh() {
        return fresh(SETTINGS);
    }

    private ConsentLedger fresh(ConsentSettings settings) {
        return ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, store, trail, ConsentFixtures.SIGNER,
                accounts, grants, settings, null, System::nanoTime);
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
        assertEquals(1, added.size(), "one audit entry per import call, not one per event");
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

    // --- attacks on the import ---------------------------------------------------------------------

    private static final Instant JUNE_2021 = Instant.parse("2021-06-01T08:00:00Z");

    @Test
    void aGrantDatedASecondAgo_cannotOverrideAWithdrawalRecordedToday() {
        // "Retragera consimțământului va avea efecte doar pentru viitor": Ana's withdrawal recorded
        // today stands; an importer cannot slip a grant in just before now to outrank it.
        ledger.withdraw(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT)
                .withEffectiveAt(ConsentFixtures.NOW.minusSeconds(5)));
        ConsentImportException e = assertThrows(ConsentImportException.class, () -> ledger.importHistorical(DPO,
                List.of(anaGranted(MARKETING, ConsentFixtures.NOW.minusSeconds(1))), DOCUMENT));
        assertEquals(ConsentImportException.Rule.AFTER_CUTOFF, e.brokenRule());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh().check(ANA, MARKETING).reason());
        assertEquals(1, store.rows.size());
    }

    @Test
    void aGrantDatedAfterABackdatedWithdrawal_isRefused_evenBeforeTheCutoff() {
        // A withdrawal Ana sent by letter in 2020, recorded through the ledger with its document: an
        // import dated after it would win over it.
        ledger.withdraw(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA), ConsentChannel.PAPER)
                .withEffectiveAt(NEW_YEAR_2020).withReference("letter-2020-001"));
        ConsentImportException e = assertThrows(ConsentImportException.class, () -> ledger.importHistorical(DPO,
                List.of(anaGranted(MARKETING, JUNE_2021)), DOCUMENT));
        assertEquals(ConsentImportException.Rule.AFTER_LEDGER_EVENTS, e.brokenRule());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh().check(ANA, MARKETING).reason());
        // What happened before it still imports.
        ledger.importHistorical(DPO, List.of(anaGranted(MARKETING, MARCH_2019)), DOCUMENT);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh().check(ANA, MARKETING).reason());
    }

    @Test
    void withoutAnImportCutoff_everyImportIsRefusedAndAudited() {
        ConsentLedger noCutoff = fresh(ConsentFixtures.settings());
        assertThrows(ConfigurationException.class, () -> noCutoff.importHistorical(DPO,
                List.of(anaGranted(MARKETING, MARCH_2019)), DOCUMENT));
        assertTrue(store.rows.isEmpty());
        AuditRecord refusal = entries("consent.import").get(0);
        assertEquals(AuditOutcome.DENIED, refusal.outcome());
        assertEquals("NO_IMPORT_CUTOFF", refusal.details().get("reason"));
    }

    static Stream<Arguments> lifts() {
        return Stream.of(
                Arguments.of(ConsentEventType.LIFT_RESTRICTION, java.util.Optional.empty(),
                        ConsentEventType.RESTRICT),
                Arguments.of(ConsentEventType.LIFT_OBJECTION, java.util.Optional.of(Purpose.of("FRAUD_PREVENTION")),
                        ConsentEventType.OBJECT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifts")
    void aLift_needsItsOwnDocument_notTheBatchsReference(ConsentEventType lift,
            java.util.Optional<Purpose> purpose, ConsentEventType set) {
        // A restriction (art. 18) or objection (art. 21) recorded in 2019, and its lift in 2020.
        HistoricalConsentEvent setIt = new HistoricalConsentEvent(set, ANA, purpose, givenBy(ANA, MARCH_2019));
        HistoricalConsentEvent bare = new HistoricalConsentEvent(lift, ANA, purpose, ConsentProof.of(DPO,
                ConsentChannel.EMAIL_TO_DPO).withEffectiveAt(NEW_YEAR_2020));
        ConsentImportException e = assertThrows(ConsentImportException.class,
                () -> ledger.importHistorical(DPO, List.of(setIt, bare), DOCUMENT));
        assertEquals(ConsentImportException.Rule.OWN_REFERENCE_REQUIRED, e.brokenRule());
        assertEquals(1, e.index());
        assertTrue(store.rows.isEmpty());

        HistoricalConsentEvent documented = new HistoricalConsentEvent(lift, ANA, purpose, ConsentProof.of(DPO,
                ConsentChannel.EMAIL_TO_DPO).withEffectiveAt(NEW_YEAR_2020).withReference("dpo-decision-2020-4"));
        ledger.importHistorical(DPO, List.of(setIt, documented), DOCUMENT);
        assertEquals(2, store.rows.size());
    }

    @Test
    void aDelegateOfAnotherAccount_isNotAnActorOfAnImportedEvent() {
        Actor otherAdmin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), BOGDAN, Set.of("pbx-2002"));
        Actor anasAdmin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), BOGDAN, Set.of("pbx-1001"));
        ConsentImportException e = assertThrows(ConsentImportException.class, () -> ledger.importHistorical(DPO,
                List.of(HistoricalConsentEvent.withdraw(ANA, MARKETING, ConsentProof.of(otherAdmin,
                        ConsentChannel.WEB_ACCOUNT).withEffectiveAt(MARCH_2019))), DOCUMENT));
        assertEquals(ConsentImportException.Rule.ACTOR, e.brokenRule());
        ledger.importHistorical(DPO, List.of(HistoricalConsentEvent.withdraw(ANA, MARKETING,
                ConsentProof.of(anasAdmin, ConsentChannel.WEB_ACCOUNT).withEffectiveAt(MARCH_2019))), DOCUMENT);
        assertEquals(1, store.rows.size());
    }

    @Test
    void anAgreementToAnAnnouncedVersion_isNotImported() {
        // An imported event is stored under the version in force when it took effect; an agreement
        // ahead of a version is recorded through grant(...), which checks the announcement.
        ConsentImportException e = assertThrows(ConsentImportException.class, () -> ledger.importHistorical(DPO,
                List.of(HistoricalConsentEvent.grant(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA),
                        ConsentChannel.PAPER).withEffectiveAt(MARCH_2019).withReference("form-2019-77")
                        .withExplicitConsent().withAnnouncedVersion("2026.2"))), DOCUMENT));
        assertEquals(ConsentImportException.Rule.ANNOUNCED_VERSION, e.brokenRule());
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void aDelegateActingAsAnotherRecipient_isNotAnActorOfAnImportedEvent() {
        // "administratorii conturilor Custom PBX" (Cap. 5): the delegates the policy names.
        for (String claimed : List.of("EMPLOYEES", "COURIER", "NOT_DECLARED")) {
            Actor fake = Actor.delegate(Recipient.of(claimed), BOGDAN, Set.of("pbx-1001"));
            ConsentImportException e = assertThrows(ConsentImportException.class, () -> ledger.importHistorical(DPO,
                    List.of(HistoricalConsentEvent.withdraw(ANA, MARKETING, ConsentProof.of(fake,
                            ConsentChannel.WEB_ACCOUNT).withEffectiveAt(MARCH_2019))), DOCUMENT), claimed);
            assertEquals(ConsentImportException.Rule.ACTOR, e.brokenRule());
        }
        assertTrue(store.rows.isEmpty());
    }

    static Stream<Arguments> explicitMarkers() {
        return Stream.of(
                Arguments.of("a marked withdrawal", HistoricalConsentEvent.withdraw(ANA, MARKETING,
                        givenBy(ANA, MARCH_2019).withReference("form-2019-7").withExplicitConsent())),
                Arguments.of("a marked grant with the batch's reference only", HistoricalConsentEvent.grant(ANA,
                        MARKETING, givenBy(ANA, MARCH_2019).withExplicitConsent())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("explicitMarkers")
    void anImportCannotAssertAnExpressStatement_withoutItsDocument(String name, HistoricalConsentEvent marked) {
        ConsentImportException e = assertThrows(ConsentImportException.class,
                () -> ledger.importHistorical(DPO, List.of(marked), DOCUMENT));
        assertEquals(ConsentImportException.Rule.EXPLICIT_MARKER, e.brokenRule());
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void aMarkedGrantWithItsOwnDocument_keepsTheMarker_inTheStoreAndTheReturnedEvent() {
        List<ConsentEvent> stored = ledger.importHistorical(DPO, List.of(HistoricalConsentEvent.grant(ANA,
                MARKETING, givenBy(ANA, MARCH_2019).withReference("signed-form-2019-12").withExplicitConsent())),
                DOCUMENT);
        assertTrue(store.rows.get(0).evidence().explicit(), "the stored, sealed event carries the marker");
        assertTrue(stored.get(0).evidence().explicit());
        assertEquals("signed-form-2019-12", stored.get(0).evidence().reference().orElseThrow());
        assertTrue(fresh().check(ANA, MARKETING, NEW_YEAR_2020).explicitConsent());
        // And an unmarked one is returned as stored: unmarked, with the batch's reference.
        List<ConsentEvent> plain = ledger.importHistorical(DPO, List.of(anaGranted(ANALYTICS, MARCH_2019)),
                DOCUMENT);
        assertFalse(plain.get(0).evidence().explicit());
        assertEquals(DOCUMENT, plain.get(0).evidence().reference().orElseThrow());
    }

    private List<HistoricalConsentEvent> threeEvents() {
        return List.of(anaGranted(MARKETING, MARCH_2019), anaGranted(ANALYTICS, MARCH_2019),
                HistoricalConsentEvent.grant(BOGDAN, MARKETING, givenBy(BOGDAN, MARCH_2019)));
    }

    @Test
    void theSameBatchUnderAnotherReference_isNotStoredTwice() {
        ledger.importHistorical(DPO, threeEvents(), DOCUMENT);
        List<ConsentEvent> again = ledger.importHistorical(DPO, threeEvents(), "crm-export-copy-2");
        assertEquals(3, store.rows.size());
        assertEquals(store.rows.get(0).id(), again.get(0).id());
        AuditRecord second = entries("consent.import").get(1);
        assertEquals("0", second.details().get("stored"));
        assertEquals("3", second.details().get("present"));
    }

    @Test
    void aBatchRunTwice_orWithARowRemoved_storesNothingNew_andSaysSo() {
        ledger.importHistorical(DPO, threeEvents(), DOCUMENT);
        ledger.importHistorical(DPO, threeEvents(), DOCUMENT);
        ledger.importHistorical(DPO, threeEvents().subList(1, 3), DOCUMENT);
        assertEquals(3, store.rows.size(), "no event stored twice, whatever the rows' positions");
        List<AuditRecord> imports = entries("consent.import");
        assertEquals("3", imports.get(0).details().get("stored"));
        assertEquals("0", imports.get(1).details().get("stored"));
        assertEquals("3", imports.get(1).details().get("present"));
        assertEquals("0", imports.get(2).details().get("stored"));
        assertTrue(ledger.reconcileWithAudit().intact());
    }

    @Test
    void anEditedBatch_isRefusedAsAConflict_notMerged() {
        ledger.importHistorical(DPO, threeEvents(), DOCUMENT);
        // The same export, with Ana's 2019 marketing grant turned into a withdrawal at the same instant.
        List<HistoricalConsentEvent> edited = new ArrayList<>(threeEvents());
        edited.set(0, HistoricalConsentEvent.withdraw(ANA, MARKETING, givenBy(ANA, MARCH_2019)));
        ConsentImportException e = assertThrows(ConsentImportException.class,
                () -> ledger.importHistorical(DPO, edited, DOCUMENT));
        assertEquals(ConsentImportException.Rule.CONFLICT, e.brokenRule());
        assertEquals(0, e.index());
        assertEquals(3, store.rows.size());
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh().check(ANA, MARKETING, NEW_YEAR_2020).reason());
        // Two contradicting rows in one batch, likewise.
        List<HistoricalConsentEvent> contradicting = List.of(anaGranted(MARKETING, JUNE_2021),
                HistoricalConsentEvent.withdraw(ANA, MARKETING, givenBy(ANA, JUNE_2021)));
        assertEquals(ConsentImportException.Rule.CONFLICT, assertThrows(ConsentImportException.class,
                () -> ledger.importHistorical(DPO, contradicting, DOCUMENT)).brokenRule());
    }

    @Test
    void anImportedEventDeletedFromTheStore_isFoundByReconciliation() {
        ledger.importHistorical(DPO, threeEvents(), DOCUMENT);
        assertTrue(ledger.reconcileWithAudit().intact());
        // Bogdan's only event, the last of its subject, so no seal link shows its loss.
        store.rows.remove(2);
        ConsentReconciliation r = fresh().reconcileWithAudit();
        assertFalse(r.intact());
        assertEquals(List.of("import:" + entries("consent.import").get(0).details().get("batch")), r.missing());
    }

    @Test
    void anImportRefusedForMissingKeySettings_isAudited() {
        HistoricalConsentEvent withNetwork = HistoricalConsentEvent.grant(ANA, MARKETING,
                givenBy(ANA, MARCH_2019).withIpAddress("192.0.2.17"));
        assertThrows(ConfigurationException.class, () -> ledger.importHistorical(DPO, List.of(withNetwork),
                DOCUMENT));
        AuditRecord refusal = entries("consent.import").get(0);
        assertEquals(AuditOutcome.DENIED, refusal.outcome());
        assertEquals("CONFIGURATION", refusal.details().get("reason"));
        assertThrows(InvalidInputException.class, () -> ledger.importHistorical(DPO, List.of(), DOCUMENT));
        assertEquals("INVALID_INPUT", entries("consent.import").get(1).details().get("reason"));
    }
}
