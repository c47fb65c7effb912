package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.retention.RetentionFixture.ANA;
import static ro.clickphone.privacy.core.retention.RetentionFixture.DEVICE;
import static ro.clickphone.privacy.core.retention.RetentionFixture.FINANCIAL;
import static ro.clickphone.privacy.core.retention.RetentionFixture.bucharest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * Another operator's policy: a financial year ending 30 June, a fixed period after creation, and a
 * second consent-based purpose processing the analytics cookies.
 */
class OperatorPolicyRetentionTest {

    private static RetentionFixture fixture() {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.put("financialYearEnd", "06-30");
        ArrayNode rules = (ArrayNode) doc.get("retentionRules");
        rules.addObject().put("id", "DEVICE_90_DAYS").put("kind", "AFTER_CREATION").put("period", "P90D")
                .put("minimum", false).put("extendedByLegalHold", true)
                .put("description", "Device data is kept 90 days after it is recorded");
        for (var category : doc.get("categories")) {
            if (category.get("id").asText().equals("DEVICE")) {
                ((ObjectNode) category).put("retention", "DEVICE_90_DAYS");
            }
        }
        // A second purpose on consent that processes the same category as ANALYTICS.
        ObjectNode measurement = ((ArrayNode) doc.get("purposes")).addObject().put("id", "AD_MEASUREMENT")
                .put("name", "Ad measurement")
                .put("description", "Measuring which advertisements bring visitors to the site")
                .put("legalBasis", "CONSENT").put("legalReference", "GDPR art. 6(1)(a); Legea 506/2004 art. 4(5)")
                .put("mandatory", false).put("objection", "NONE");
        measurement.putArray("dataSubjects").add("VISITOR");
        measurement.putArray("categories").add("ANALYTICS_COOKIES");
        measurement.putArray("recipients").add("GOOGLE");
        return new RetentionFixture(PolicyDocuments.load(doc), bucharest("2026-03-01T12:00"), s -> s, List.of());
    }

    private final RetentionFixture f = fixture();

    @ParameterizedTest(name = "financial year ending 30 June: document of {0} kept through {1}")
    @CsvSource({
        "2025-03-15T12:00, 2035-06-30",
        "2025-06-30T23:30, 2035-06-30",
        "2025-07-01T00:10, 2036-06-30",
    })
    void financialYearEnd_isThePolicys(String issued, String lastDay) {
        RetentionTag tag = f.retention().tag(ANA, f.billing.add("F-" + issued), FINANCIAL, bucharest(issued));
        assertEquals(Optional.of(LocalDate.parse(lastDay)), tag.lastDayKept());
    }

    @Test
    void afterCreation_isAFixedPeriodFromTheRecordsCreationDay() {
        RetentionTag tag = f.retention().tag(ANA, f.profile.add("dev-1"), DEVICE, bucharest("2026-01-10T23:50"));
        assertEquals(Optional.of(LocalDate.of(2026, 4, 10)), tag.lastDayKept());
        assertEquals(Optional.of(LocalDate.of(2026, 4, 11)), tag.dueOn());
    }

    // "Retragera consimțământului va avea efecte doar pentru viitor" — data kept on consent goes once no
    // consent that covers it stands: withdrawing one of two purposes processing it is not enough
    @Test
    void twoConsentPurposesOnOneCategory_withdrawingOneKeepsTheTag_withdrawingBothResolvesIt() {
        RecordRef cookie = f.web.add("ga-1");
        f.retention().tag(ANA, cookie, ANALYTICS_COOKIES, f.clock.instant());
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
        f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"), proof);
        f.kit.consent().grant(ANA, Purpose.of("AD_MEASUREMENT"), proof);

        f.clock.set(bucharest("2026-03-05T10:00"));
        f.kit.consent().withdraw(ANA, Purpose.of("ANALYTICS"), proof);
        assertTrue(f.retention().tagOf(cookie).orElseThrow().isPending(), "the ad-measurement consent still stands");
        f.clock.set(bucharest("2026-03-06T03:00"));
        SweepReport kept = f.retention().sweep(SweepOptions.defaults());
        assertEquals("0", f.audited("retention.sweep").get(0).details().get("consentResolved"),
                "nor does the sweep's reconcile resolve it");
        assertEquals(0, kept.total());
        assertTrue(f.web.holds(cookie));

        f.clock.set(bucharest("2026-03-07T10:00"));
        f.kit.consent().withdraw(ANA, Purpose.of("AD_MEASUREMENT"), proof);
        RetentionTag resolved = f.retention().tagOf(cookie).orElseThrow();
        assertFalse(resolved.isPending());
        assertEquals(Optional.of(LocalDate.of(2026, 3, 7)), resolved.dueOn(), "due from the last withdrawal");
        f.clock.set(bucharest("2026-03-08T03:00"));
        assertEquals(1, f.retention().sweep(SweepOptions.defaults()).count(ANALYTICS_COOKIES, DisposalAction.DELETE));
        assertFalse(f.web.holds(cookie));
    }
}
