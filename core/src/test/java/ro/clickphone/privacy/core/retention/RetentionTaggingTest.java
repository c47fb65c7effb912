package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.CONTACT;
import static ro.clickphone.privacy.core.retention.RetentionFixture.DELIVERY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.IDENTITY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.NETWORK;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.core.policy.RetentionKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

class RetentionTaggingTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final RetentionFixture f = new RetentionFixture(NOW);

    @Test
    void tag_sameRecordAgain_isIdempotent() {
        RecordRef invoice = f.billing.add("F-1");
        RetentionTag first = f.retention().tag(ANA, invoice, FINANCIAL, bucharest("2024-03-15T12:00"));
        f.clock.set(NOW.plusSeconds(60));
        RetentionTag again = f.retention().tag(ANA, invoice, FINANCIAL, bucharest("2024-03-15T12:00"));
        assertEquals(first, again);
        assertEquals(0, again.revision());
        assertEquals(Optional.of(first), f.retention().tagOf(invoice));
        assertEquals(NOW, again.taggedAt());
    }

    @Test
    void tag_underAnotherCategory_keepsTheLaterDueDate_andSaysSo() {
        RecordRef row = f.billing.add("F-2");
        // An invoice of 2024 is kept through 2034; identity printed on it, dated 2026, through 2036.
        f.retention().tag(ANA, row, FINANCIAL, bucharest("2024-03-15T12:00"));
        RetentionTag later = f.retention().tag(ANA, row, IDENTITY, bucharest("2026-01-15T12:00"));
        assertEquals(IDENTITY, later.category(), "the later term governs");
        assertEquals(Set.of(FINANCIAL), later.alsoTaggedAs(), "and the tag says the record is also FINANCIAL");
        assertEquals(Optional.of(LocalDate.of(2037, 1, 1)), later.dueOn());

        RetentionTag earlier = f.retention().tag(ANA, row, FINANCIAL, bucharest("2024-03-15T12:00"));
        assertEquals(later, earlier, "re-tagging with the earlier term changes nothing");
    }

    @Test
    void tag_twoPendingCategories_waitForOneEvent_andResolveTogether() {
        RecordRef ip = f.cdr.add("ip-1");
        Instant callDuringTheContract = bucharest("2026-02-10T09:00");
        // TRAFFIC and NETWORK both wait for the end of the contract (ANCOM_CONTRACT_END).
        RetentionTag network = f.retention().tag(ANA, ip, NETWORK, callDuringTheContract);
        assertTrue(network.isPending());
        RetentionTag traffic = f.retention().tag(ANA, ip, TRAFFIC, callDuringTheContract);
        assertEquals(NETWORK, traffic.category());
        assertEquals(Set.of(TRAFFIC), traffic.alsoTaggedAs());
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 2, 28));
        assertEquals(Optional.of(LocalDate.of(2029, 3, 1)), f.retention().tagOf(ip).orElseThrow().dueOn());
    }

    // "pe o perioadă de 10 ani de la sfârșitul anului financiar curent" and "sunt păstrate cel puțin 3 ani după
    // expirarea contractului" — a record under both is kept by the later term, and its proof names that rule
    @Test
    void aPendingTagResolvedEarlierThanItsDatedFloor_isGovernedAgainByTheCategoryThatGaveTheFloor() {
        SweepTest.CountingSource mixed = new SweepTest.CountingSource("mixed", FINANCIAL, TRAFFIC);
        RetentionFixture g = new RetentionFixture(RetentionFixture.bucharest("2026-03-01T12:00"), s -> s,
                java.util.List.of(mixed));
        RecordRef row = RecordRef.of("mixed", "bill-with-calls");
        g.retention().tag(ANA, row, FINANCIAL, bucharest("2024-03-15T12:00"));
        RetentionTag pending = g.retention().tag(ANA, row, TRAFFIC, bucharest("2024-03-15T12:00"));
        assertEquals(TRAFFIC, pending.category(), "pending governs while it waits");
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), pending.lastDayKept(), "the invoice's term, as a floor");

        g.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30));

        RetentionTag resolved = g.retention().tagOf(row).orElseThrow();
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), resolved.lastDayKept(), "2028-06-30 is the earlier term");
        assertEquals(FINANCIAL, resolved.category(), "the category that gave the date governs");
        assertEquals(g.kit.policy().retentionOf(FINANCIAL).id(), resolved.rule());
        assertEquals(g.kit.policy().keyScopeOf(FINANCIAL), resolved.keyScope());
        assertEquals(Set.of(TRAFFIC), resolved.alsoTaggedAs());
    }

    @Test
    void aPendingTagResolvedLaterThanItsDatedFloor_staysGovernedByTheEventsCategory() {
        SweepTest.CountingSource mixed = new SweepTest.CountingSource("mixed", FINANCIAL, TRAFFIC);
        RetentionFixture g = new RetentionFixture(RetentionFixture.bucharest("2026-03-01T12:00"), s -> s,
                java.util.List.of(mixed));
        RecordRef row = RecordRef.of("mixed", "old-bill-with-calls");
        g.retention().tag(ANA, row, FINANCIAL, bucharest("2014-03-15T12:00"));
        g.retention().tag(ANA, row, TRAFFIC, bucharest("2014-03-15T12:00"));
        g.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30));
        RetentionTag resolved = g.retention().tagOf(row).orElseThrow();
        assertEquals(Optional.of(LocalDate.of(2028, 6, 30)), resolved.lastDayKept());
        assertEquals(TRAFFIC, resolved.category());
        assertEquals(Set.of(FINANCIAL), resolved.alsoTaggedAs());
    }

    @Test
    void afterDisposal_theTagKeepsOnlyThePseudonymCategoriesRuleAndDates() {
        RecordRef invoice = f.billing.add("F-3");
        RetentionTag tag = f.retention().tag(ANA, invoice, FINANCIAL, bucharest("2014-03-15T12:00"));
        f.clock.set(bucharest("2025-01-02T03:00"));
        f.retention().sweep(SweepOptions.defaults());
        RetentionTag proof = f.retention().tagOf(invoice).orElseThrow();
        assertTrue(proof.subject().isEmpty(), "the subject is no longer named");
        assertEquals(f.kit.audit().subjectRef(ANA), proof.subjectRef());
        assertEquals(FINANCIAL, proof.category());
        assertEquals("FINANCIAL_RECORDS", proof.rule());
        assertEquals(tag.lastDayKept(), proof.lastDayKept());
        assertEquals(Optional.of(bucharest("2025-01-02T03:00")), proof.disposedAt());
        assertEquals(Optional.empty(), proof.keyScope(), "the key scope is not kept");
        assertTrue(proof.alsoTaggedAs().isEmpty());
        assertEquals(RecordRef.of("billing", f.kit.audit().valueRef("F-3")), proof.record(),
                "the record id only as the audit trail's keyed reference");
        assertTrue(f.stores.retention().find(invoice).isEmpty(), "the raw record id is gone from the store");
        assertSame(DisposalAction.CRYPTO_SHRED, proof.disposal().orElseThrow());
        refused(RetentionException.Rule.RECORD_DISPOSED_ALREADY,
                () -> f.retention().tag(ANA, invoice, FINANCIAL, bucharest("2014-03-15T12:00")));
        refused(RetentionException.Rule.RECORD_DISPOSED_ALREADY,
                () -> f.retention().tag(ANA, invoice, IDENTITY, bucharest("2014-03-15T12:00")));
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — a call record of the
    // contract tagged after its end is resolved against the recorded end; one of a later contract is not
    @Test
    void subjectEvents_areRemembered_aLateRecordResolves_aLaterContractsRecordStaysPending() {
        RecordRef early = f.cdr.add("c-early");
        f.retention().tag(ANA, early, TRAFFIC, bucharest("2025-05-10T09:00"));
        assertEquals(1, f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30)));

        RecordRef late = f.cdr.add("c-late");
        RetentionTag lateTag = f.retention().tag(ANA, late, TRAFFIC, bucharest("2025-06-29T18:00"));
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), lateTag.dueOn(), "tagged after the end, resolved at once");

        RecordRef nextContract = f.cdr.add("c-next");
        RetentionTag next = f.retention().tag(ANA, nextContract, TRAFFIC, bucharest("2025-09-01T09:00"));
        assertTrue(next.isPending(), "a call of a later contract waits for that contract's end");
        assertEquals(0, f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30)),
                "recording the first end again resolves nothing of the later contract");
        assertTrue(f.retention().tagOf(nextContract).orElseThrow().isPending());
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 2, 28));
        assertEquals(Optional.of(LocalDate.of(2029, 3, 1)), f.retention().tagOf(nextContract).orElseThrow().dueOn());
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), f.retention().tagOf(early).orElseThrow().dueOn());
    }

    // --- bad input: a typed exception naming the rule, never the value ------------------------------

    private static void refused(RetentionException.Rule rule, Executable call) {
        RetentionException e = assertThrows(RetentionException.class, call);
        assertEquals(rule, e.brokenRule());
        assertTrue(e.getMessage().contains(rule.name()), e.getMessage());
        assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
        assertFalse(e.getMessage().contains("secret-id"), e.getMessage());
        // Nor the caller's other values: a source name, a category id.
        for (String value : new String[] {"BIOMETRICS", "unregistered", "billing", "TRAFFIC"}) {
            assertFalse(e.getMessage().contains(value), e.getMessage());
        }
    }

    @Test
    void badInput_isATypedExceptionNamingTheRule_neverTheValue() {
        RecordRef invoice = f.billing.add("secret-id");
        refused(RetentionException.Rule.ANCHOR_IN_THE_FUTURE,
                () -> f.retention().tag(ANA, invoice, FINANCIAL, NOW.plus(Duration.ofHours(1))));
        refused(RetentionException.Rule.CATEGORY_WITHOUT_RULE,
                () -> f.retention().tag(ANA, invoice, DataCategory.of("BIOMETRICS"), NOW));
        refused(RetentionException.Rule.NO_SOURCE_HOLDS_CATEGORY,
                () -> f.retention().tag(ANA, invoice, TRAFFIC, NOW));
        refused(RetentionException.Rule.NO_SOURCE_HOLDS_CATEGORY,
                () -> f.retention().tag(ANA, RecordRef.of("unregistered", "secret-id"), FINANCIAL, NOW));
        refused(RetentionException.Rule.UNKNOWN_EVENT,
                () -> f.retention().recordEvent(ANA, "contract-signed", LocalDate.of(2026, 1, 1)));
        refused(RetentionException.Rule.UNKNOWN_EVENT,
                () -> f.retention().recordEvent(ANA, RetentionKind.CONSENT_WITHDRAWN, LocalDate.of(2026, 1, 1)));
        refused(RetentionException.Rule.EVENT_IN_THE_FUTURE,
                () -> f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 3)));
        refused(RetentionException.Rule.UNKNOWN_RECORD,
                () -> f.retention().recordEvent(f.delivery.add("secret-id"), "warranty-end", LocalDate.of(2026, 1, 1)));
        f.retention().tag(ANA, invoice, FINANCIAL, NOW);
        refused(RetentionException.Rule.RECORD_OF_ANOTHER_SUBJECT,
                () -> f.retention().tag(BOB, invoice, FINANCIAL, NOW));
        RecordRef order = f.delivery.add("order-9");
        f.retention().tag(ANA, order, DELIVERY, NOW);
        assertTrue(f.retention().tagOf(order).orElseThrow().isPending());
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class,
                () -> f.retention().tag(ANA, null, FINANCIAL, NOW));
    }

    // "Toate documentele care conțin date cu caracter personal se înregistrează și urmează regulile de păstrare,
    // procesare, multiplicare, transport, transmitere, distrugere și arhivare" — a disposed record's event
    // is refused as disposed, not as never tagged
    @Test
    void recordEvent_onADisposedRecord_isRefusedAsDisposedAlready() {
        RecordRef order = f.delivery.add("order-1");
        f.retention().tag(ANA, order, DELIVERY, NOW);
        f.retention().recordEvent(order, "warranty-end", LocalDate.of(2026, 2, 1));
        assertEquals(1, f.retention().sweep(SweepOptions.defaults()).total());
        refused(RetentionException.Rule.RECORD_DISPOSED_ALREADY,
                () -> f.retention().recordEvent(order, "warranty-end", LocalDate.of(2026, 2, 1)));
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" — the store remembers the
    // contract's end under the subject's keyed pseudonym, never the raw id, which would outlive every record
    @Test
    void subjectEvents_areKeptUnderTheSubjectsPseudonym_notItsId() {
        f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30));
        var store = f.stores.retention();
        assertTrue(store.findEvents(ANA, "contract-end").isEmpty(), "no event under the raw subject id");
        assertEquals(java.util.List.of(LocalDate.of(2025, 6, 30)),
                store.findEvents(ro.clickphone.privacy.spi.SubjectId.of(f.kit.audit().subjectRef(ANA)), "contract-end"));
        RetentionTag late = f.retention().tag(ANA, f.cdr.add("c-late"), TRAFFIC, bucharest("2025-06-29T18:00"));
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), late.dueOn(), "still resolved against it");
    }

    @Test
    void anchorWithinTheClockSkew_isAccepted() {
        RetentionTag tag = f.retention().tag(ANA, f.profile.add("p-1"), CONTACT, NOW.plusSeconds(30));
        assertTrue(tag.isPending());
    }
}
