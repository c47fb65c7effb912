package ro.clickphone.privacy.spi.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.audit.TrustedAuditRecords;

/**
 * The attacker of review finding 1: a class in spi's package {@code spi.audit}, from another class path
 * entry (core's test classes), tries every non-reflective way to get a record built without the
 * constructor's checks. Each must fail with the constructor's {@link InvalidInputException}.
 */
class SplitPackageForgeryTest {

    private static final Instant TIME = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HASH = "ab".repeat(32);
    private static final Map<String, String> PERSONAL = Map.of("text", "ion@example.ro");

    private static AuditRecord forge(Object token, String actorRef, Map<String, String> details) {
        return SplitPackageForger.forge(token, 1, TIME, ActorKind.STAFF, actorRef, "access.check", Optional.empty(),
                List.of(), Optional.empty(), AuditOutcome.SUCCESS, details, AuditRecord.GENESIS_HASH, HASH);
    }

    @Test
    void splitPackage_vouchWithItsOwnToken_isValidatedInFull() {
        assertThrows(InvalidInputException.class, () -> forge(new Object(), "ion@example.ro", Map.of()));
        assertThrows(InvalidInputException.class, () -> forge(new Object(), "emp-1", PERSONAL));
        // The whole record unchecked, as the review minted it: sequence 0, nulls, a bad hash.
        assertThrows(InvalidInputException.class, () -> SplitPackageForger.forge(new Object(), 0, null, null,
                "ion@example.ro", "Bad Action", null, null, null, null, PERSONAL, "not a hash", "x"));
    }

    @Test
    void splitPackage_vouchWithNullOrAStringToken_isValidatedInFull() {
        assertThrows(InvalidInputException.class, () -> forge(null, "ion@example.ro", Map.of()));
        assertThrows(InvalidInputException.class, () -> forge("VOUCH", "ion@example.ro", Map.of()));
        assertThrows(InvalidInputException.class, () -> forge(Boolean.TRUE, "emp-1", PERSONAL));
    }

    @Test
    void splitPackage_reusedCodeMapFromAValidRecord_isValidatedInFull() {
        AuditRecord valid = forge(new Object(), "emp-1", Map.of("reason", "R1"));
        assertEquals("emp-1", valid.actorRef());
        // The forger marks a map the package made, in every way it can, and passes it again.
        CodeMap map = new CodeMap(new String[] {"text"}, new String[] {"ion@example.ro"}, 1);
        assertFalse(map.takeVouch(null));
        assertFalse(map.vouch(new Object()).takeVouch(new Object()));
        map.vouch(map);
        assertThrows(InvalidInputException.class, () -> new AuditRecord(1, TIME, ActorKind.STAFF, "emp-1",
                "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS, map,
                AuditRecord.GENESIS_HASH, HASH));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(1, TIME, ActorKind.STAFF, "emp-1",
                "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                new CodeMap(new String[] {"text"}, new String[] {"ion@example.ro"}, 1), AuditRecord.GENESIS_HASH,
                HASH));
    }

    @Test
    void splitPackage_asksForTheMakerOrInstallsOne_isRefused() {
        assertThrows(IllegalCallerException.class, TrustedAuditRecords::forTrail);
        assertThrows(IllegalCallerException.class, () -> TrustedAuditRecords.install(
                (s, t, k, a, ac, p, c, sr, o, dk, dv, dc, ph, h) -> null));
    }

    @Test
    void splitPackage_validRecordThroughAForgedMark_equalsTheCheckedOne() {
        TreeMap<String, String> details = new TreeMap<>(Map.of("reason", "R1", "alpha", "A"));
        AuditRecord forged = forge(new Object(), "emp-1", details);
        AuditRecord checked = new AuditRecord(1, TIME, ActorKind.STAFF, "emp-1", "access.check", Optional.empty(),
                List.of(), Optional.empty(), AuditOutcome.SUCCESS, details, AuditRecord.GENESIS_HASH, HASH);
        assertEquals(checked, forged);
        assertFalse(forged.details() instanceof CodeMap, "the constructor checked and copied the details");
    }
}
