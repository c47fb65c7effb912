package ro.clickphone.privacy.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/** Another operator's policy: a financial year ending 30 June, a fixed period after creation. */
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
}
