package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.BOB;
import static ro.clickphone.privacy.core.retention.RetentionFixture.DELIVERY;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.SESSION_STATE_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.TRAFFIC;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.RetentionKind;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/** The dates the policy's rules give, through kit.retention(), on the real policy, in Europe/Bucharest. */
class RetentionDatesTest {

    private final RetentionFixture f = new RetentionFixture(Instant.parse("2026-03-01T10:00:00Z"));

    // "Arhivarea și păstrarea registrelor de contabilitate și a celorlalte documente financiar-contabile pe o
    // perioadă de 10 ani de la sfârșitul anului financiar curent."
    @ParameterizedTest(name = "invoice of {0} Bucharest time: kept through {1}, due {2}")
    @CsvSource({
        "2024-03-15T12:00, 2034-12-31, 2035-01-01",
        "2024-12-31T23:30, 2034-12-31, 2035-01-01",
        "2025-01-01T00:00, 2035-12-31, 2036-01-01",
        "2024-02-29T09:00, 2034-12-31, 2035-01-01",
    })
    void invoice_isKeptTenYearsFromTheEndOfItsFinancialYear(String issued, String lastDay, String due) {
        RetentionTag tag = f.retention().tag(ANA, f.billing.add("F-" + issued), FINANCIAL, bucharest(issued));
        assertEquals(Optional.of(LocalDate.parse(lastDay)), tag.lastDayKept());
        assertEquals(Optional.of(LocalDate.parse(due)), tag.dueOn());
        assertEquals("FINANCIAL_RECORDS", tag.rule());
    }

    @Test
    void invoiceAt2330Utc_onNewYearsEve_isOfTheNextFinancialYear_inBucharest() {
        // 2024-12-31 23:30 UTC is 2025-01-01 01:30 in Bucharest: financial year 2025.
        RetentionTag utc = f.retention().tag(ANA, f.billing.add("utc"), FINANCIAL, Instant.parse("2024-12-31T23:30:00Z"));
        assertEquals(Optional.of(LocalDate.of(2035, 12, 31)), utc.lastDayKept());
        RetentionTag local = f.retention().tag(ANA, f.billing.add("local"), FINANCIAL,
                Instant.parse("2024-12-31T21:30:00Z"));
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), local.lastDayKept(), "23:30 Bucharest time is 2024");
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți"
    @Test
    void cdr_isPendingUntilTheContractEnds_thenDueThreeYearsAndADayLater() {
        RecordRef call = f.cdr.add("c-1");
        RecordRef other = f.cdr.add("c-2");
        RetentionTag pending = f.retention().tag(ANA, call, TRAFFIC, Instant.parse("2025-03-01T08:00:00Z"));
        f.retention().tag(BOB, other, TRAFFIC, Instant.parse("2025-03-01T08:00:00Z"));
        assertTrue(pending.isPending());
        assertEquals(Optional.of("contract-end"), pending.awaiting());
        assertTrue(pending.dueOn().isEmpty());

        assertEquals(1, f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30)));
        RetentionTag resolved = f.retention().tagOf(call).orElseThrow();
        assertEquals(Optional.of(LocalDate.of(2028, 6, 30)), resolved.lastDayKept());
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), resolved.dueOn());
        assertTrue(f.retention().tagOf(other).orElseThrow().isPending(), "another subject's contract has not ended");
        assertEquals(0, f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 8, 1)),
                "recorded again: nothing pending is left, the first date stays");
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), f.retention().tagOf(call).orElseThrow().dueOn());
        assertEquals(2, f.audited("retention.event").size());
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți": the contract's end resolves every
    // pending tag of that subject, not only one.
    @Test
    void contractEnd_resolvesEveryPendingTagOfTheSubject() {
        RecordRef call1 = f.cdr.add("c-1");
        RecordRef call2 = f.cdr.add("c-2");
        RecordRef other = f.cdr.add("c-3");
        f.retention().tag(ANA, call1, TRAFFIC, Instant.parse("2025-03-01T08:00:00Z"));
        f.retention().tag(ANA, call2, TRAFFIC, Instant.parse("2025-05-20T17:45:00Z"));
        f.retention().tag(BOB, other, TRAFFIC, Instant.parse("2025-03-01T08:00:00Z"));

        assertEquals(2, f.retention().recordEvent(ANA, "contract-end", LocalDate.of(2025, 6, 30)));
        for (RecordRef call : List.of(call1, call2)) {
            RetentionTag resolved = f.retention().tagOf(call).orElseThrow();
            assertFalse(resolved.isPending());
            assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), resolved.dueOn());
        }
        assertTrue(f.retention().tagOf(other).orElseThrow().isPending(), "another subject's contract has not ended");
    }

    // The Romanian text names no term for delivery data; the policy's DELIVERY_WARRANTY rule keeps it until the
    // warranty ends, and a delivery ends per order (see docs/POLICY-NOTES.md).
    @Test
    void delivery_isResolvedPerRecord_notPerSubject() {
        RecordRef order1 = f.delivery.add("order-1");
        RecordRef order2 = f.delivery.add("order-2");
        f.retention().tag(ANA, order1, DELIVERY, Instant.parse("2025-01-10T08:00:00Z"));
        f.retention().tag(ANA, order2, DELIVERY, Instant.parse("2025-02-10T08:00:00Z"));
        RetentionTag done = f.retention().recordEvent(order1, "warranty-end", LocalDate.of(2026, 1, 10));
        assertEquals(Optional.of(LocalDate.of(2026, 1, 11)), done.dueOn());
        assertTrue(f.retention().tagOf(order2).orElseThrow().isPending());
    }

    // "Retragera consimțământului va avea efecte doar pentru viitor" — what was kept on consent goes once it is withdrawn
    @Test
    void consentWithdrawn_inTheLedger_resolvesThatPurposesTags_withoutTheCallerDoingAnything() {
        RecordRef cookie = f.web.add("ga-1");
        f.retention().tag(ANA, cookie, ANALYTICS_COOKIES, f.clock.instant());
        RecordRef bobs = f.web.add("ga-2");
        f.retention().tag(BOB, bobs, ANALYTICS_COOKIES, f.clock.instant());
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
        f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"), proof);
        assertTrue(f.retention().tagOf(cookie).orElseThrow().isPending());

        f.clock.set(bucharest("2026-03-05T23:10"));
        f.kit.consent().withdraw(ANA, Purpose.of("ANALYTICS"), proof);

        RetentionTag resolved = f.retention().tagOf(cookie).orElseThrow();
        assertEquals(Optional.of(LocalDate.of(2026, 3, 5)), resolved.dueOn(), "due the day of the withdrawal, in Bucharest");
        assertTrue(f.retention().tagOf(bobs).orElseThrow().isPending(), "another subject's consent stands");
        assertEquals(1, f.audited("retention.withdrawal").size());
    }

    @Test
    void sessionState_isDueOnTheDayTheSessionEnds() {
        RecordRef session = f.web.add("sess-1");
        f.retention().tag(ANA, session, SESSION_STATE_COOKIES, f.clock.instant());
        RetentionTag ended = f.retention().recordEvent(session, RetentionKind.SESSION_END, LocalDate.of(2026, 3, 1));
        assertEquals(Optional.of(LocalDate.of(2026, 3, 1)), ended.dueOn());
        assertFalse(ended.isPending());
    }
}
