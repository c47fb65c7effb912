package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.Purpose;

class PolicyArchiveTest {

    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");

    static Policy version(String label, String effectiveFrom, String... materiallyChanged) {
        return PolicyDocuments.version(label, effectiveFrom, materiallyChanged);
    }

    private final Policy v2024 = version("2024.1", "2024-01-01");
    private final Policy v2025 = version("2025.1", "2025-06-01", "MARKETING");
    private final Policy v2026 = version("2026.1", "2026-01-01");

    @Test
    void of_sortsVersionsByEffectiveDate() {
        PolicyArchive archive = PolicyArchive.of(v2026, v2024, v2025);
        assertEquals(List.of("2024.1", "2025.1", "2026.1"),
                archive.versions().stream().map(p -> p.version().label()).toList());
        assertEquals(v2026, archive.latest());
        assertEquals(v2025, archive.version("2025.1").orElseThrow());
        assertTrue(archive.version("1999.1").isEmpty());
    }

    @Test
    void inForceOn_isTheLatestVersionNotAfterTheDay() {
        PolicyArchive archive = PolicyArchive.of(v2024, v2025, v2026);
        assertTrue(archive.inForceOn(LocalDate.of(2023, 12, 31)).isEmpty());
        assertEquals(v2024, archive.inForceOn(LocalDate.of(2024, 1, 1)).orElseThrow());
        assertEquals(v2024, archive.inForceOn(LocalDate.of(2025, 5, 31)).orElseThrow());
        assertEquals(v2025, archive.inForceOn(LocalDate.of(2025, 6, 1)).orElseThrow());
        assertEquals(v2026, archive.inForceOn(LocalDate.of(2030, 1, 1)).orElseThrow());
    }

    @Test
    void inForceAt_countsTheDayInBucharestNotUtc() {
        PolicyArchive archive = PolicyArchive.of(v2025, v2026);
        // 22:30 UTC on 31 December 2025 is already 1 January 2026 in Bucharest (UTC+2).
        assertEquals(v2026, archive.inForceAt(Instant.parse("2025-12-31T22:30:00Z")).orElseThrow());
        assertEquals(v2025, archive.inForceAt(Instant.parse("2025-12-31T21:30:00Z")).orElseThrow());
    }

    @Test
    void changedMateriallySince_seesChangesAfterTheConsentedVersionOnly() {
        PolicyArchive archive = PolicyArchive.of(v2024, v2025, v2026);
        PolicyVersion consented2024 = v2024.version();
        assertTrue(archive.changedMateriallySince(MARKETING, consented2024, v2026.version()));
        assertTrue(archive.changedMateriallySince(MARKETING, consented2024, v2025.version()));
        assertFalse(archive.changedMateriallySince(MARKETING, v2025.version(), v2026.version()));
        assertFalse(archive.changedMateriallySince(ANALYTICS, consented2024, v2026.version()));
        assertFalse(archive.changedMateriallySince(MARKETING, consented2024, consented2024));
    }

    @Test
    void changedMateriallySince_unknownVersion_isInvalidInput() {
        PolicyArchive archive = PolicyArchive.of(v2024, v2026);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> archive.changedMateriallySince(MARKETING, v2025.version(), v2026.version()));
        assertEquals("since", e.argument());
    }

    @Test
    void of_rejectsEmptyDuplicateLabelsAndDates() {
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(List.of()));
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(v2024, version("2024.1", "2024-02-01")));
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(v2024, version("2024.2", "2024-01-01")));
        assertThrows(InvalidInputException.class, () -> PolicyArchive.of((Policy[]) null));
        assertThrows(InvalidInputException.class, () -> PolicyArchive.of(Arrays.asList(v2024, null)));
    }

    @Test
    void of_rejectsVersionsInDifferentTimeZones() {
        ObjectNode doc = PolicyLoaderTest.defaultDocument();
        doc.put("version", "2027.1").put("effectiveFrom", "2027-01-01").put("timeZone", "Europe/Vienna");
        Policy vienna = PolicyLoaderTest.load(doc);
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(v2026, vienna));
    }

    private static Policy withBasis(String label, String effectiveFrom, String purpose, String basis,
            String objection) {
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.put("version", label).put("effectiveFrom", effectiveFrom);
        for (var node : doc.withArray("purposes")) {
            if (node.get("id").asText().equals(purpose)) {
                ((ObjectNode) node).put("legalBasis", basis).put("objection", objection);
                if (!basis.equals("CONSENT")) {
                    // A recipient that receives data only with consent cannot follow the purpose off consent.
                    java.util.Set<String> consentOnly = new java.util.HashSet<>();
                    for (var r : doc.withArray("recipients")) {
                        if (r.has("condition") && r.get("condition").asText().equals("SUBJECT_CONSENT")) {
                            consentOnly.add(r.get("id").asText());
                        }
                    }
                    var kept = new java.util.ArrayList<String>();
                    node.get("recipients").forEach(r -> {
                        if (!consentOnly.contains(r.asText())) {
                            kept.add(r.asText());
                        }
                    });
                    var recipients = ((ObjectNode) node).putArray("recipients");
                    kept.forEach(recipients::add);
                }
                if (basis.equals("LEGITIMATE_INTERESTS")) {
                    ((ObjectNode) node).put("balancingTest", "weighed for the test");
                } else {
                    ((ObjectNode) node).remove("balancingTest");
                }
            }
        }
        doc.withArray("materialChanges").addObject().put("purpose", purpose).put("summary", "basis changed");
        return PolicyDocuments.load(doc);
    }

    @Test
    void aPurposeMovedAwayFromConsent_isRefused_becauseItWouldVoidEarlierWithdrawals() {
        Policy analyticsOnInterest = withBasis("2025.1", "2025-06-01", "ANALYTICS", "LEGITIMATE_INTERESTS", "ABSOLUTE");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PolicyArchive.of(v2024, analyticsOnInterest));
        assertTrue(e.getMessage().contains("ANALYTICS") && e.getMessage().contains("2024.1"), e.getMessage());
        // Also when a version in between drops the purpose and a later one brings it back on another basis.
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(v2024, v2026, withBasis("2027.1",
                "2027-01-01", "ANALYTICS", "LEGITIMATE_INTERESTS", "ABSOLUTE")));
    }

    @Test
    void otherBasisCorrections_andChangesToConsent_stayPossible() {
        Policy fraudOnConsent = withBasis("2025.1", "2025-06-01", "FRAUD_PREVENTION", "CONSENT", "NONE");
        assertEquals(2, PolicyArchive.of(v2024, fraudOnConsent).versions().size());
        Policy announcementsOnContract = withBasis("2025.1", "2025-06-01", "SERVICE_ANNOUNCEMENTS", "CONTRACT",
                "NONE");
        assertEquals(2, PolicyArchive.of(v2024, announcementsOnContract).versions().size());
    }

    @Test
    void aDiminishingMarkCarriedOntoALegalObligation_isRefused() {
        // "Drepturile dvs. în baza acestei politici de confidențialitate nu vor fi diminuate fără
        // consimțământul dvs. explicit." The mark of 2027.1 stays in effect in later versions, where it
        // would make processing on a legal obligation wait for the subject's agreement.
        Policy billingDiminished = PolicyDocuments.diminishing("2027.1", "2027-01-01", "BILLING");
        Policy billingByLaw = withBasis("2028.1", "2028-01-01", "BILLING", "LEGAL_OBLIGATION", "NONE");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PolicyArchive.of(v2026, billingDiminished, billingByLaw));
        assertTrue(e.getMessage().contains("BILLING") && e.getMessage().contains("2027.1")
                && e.getMessage().contains("2028.1") && e.getMessage().contains("LEGAL_OBLIGATION"), e.getMessage());
        Policy billingVital = withBasis("2028.1", "2028-01-01", "BILLING", "VITAL_INTERESTS", "NONE");
        assertThrows(ConfigurationException.class, () -> PolicyArchive.of(v2026, billingDiminished, billingVital));
        // Also across a version in between that leaves the purpose alone.
        Policy quiet = version("2027.2", "2027-06-01");
        assertThrows(ConfigurationException.class,
                () -> PolicyArchive.of(v2026, billingDiminished, quiet, billingByLaw));
    }

    @Test
    void aDiminishingMark_afterALegalObligationOrOnAnotherPurpose_isAccepted() {
        // The mark is carried forward, not back: a purpose on a legal obligation earlier may be put on
        // the contract and diminished later; and a mark on one purpose does not reach another.
        Policy billingByLaw = withBasis("2026.2", "2026-06-01", "BILLING", "LEGAL_OBLIGATION", "NONE");
        Policy billingDiminished = PolicyDocuments.diminishing("2027.1", "2027-01-01", "BILLING");
        assertEquals(3, PolicyArchive.of(v2026, billingByLaw, billingDiminished).versions().size());
        Policy marketingDiminished = PolicyDocuments.diminishing("2027.1", "2027-01-01", "MARKETING");
        Policy billingByLawLater = withBasis("2028.1", "2028-01-01", "BILLING", "LEGAL_OBLIGATION", "NONE");
        assertEquals(3, PolicyArchive.of(v2026, marketingDiminished, billingByLawLater).versions().size());
    }
}
