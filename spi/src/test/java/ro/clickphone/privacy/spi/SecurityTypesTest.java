package ro.clickphone.privacy.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.internal.Checks;

/** {@link SecretBytes}, {@link Actor} and {@link AuditRecord}: validation and what they print. */
class SecurityTypesTest {

    @Test
    void secretBytes_printsLengthOnlyAndComparesByContentInConstantTime() {
        byte[] raw = new byte[32];
        raw[0] = 0x42;
        SecretBytes a = SecretBytes.copyOf(raw);
        SecretBytes b = SecretBytes.copyOf(raw);
        assertEquals("SecretBytes[32 bytes]", a.toString());
        assertTrue(a.sameAs(b));
        assertNotEquals(a, b, "equals must be identity, never over the bytes");
        raw[0] = 0;
        assertEquals(0x42, a.revealBytes()[0], "the secret keeps its own copy");
        assertFalse(a.sameAs(SecretBytes.random(32, new SecureRandom())));
    }

    @Test
    void secretBytes_destroy_zeroesAndRefusesToReveal() {
        SecretBytes s = SecretBytes.random(32, new SecureRandom());
        byte[] copy = s.revealBytes();
        s.destroy();
        assertTrue(s.isDestroyed());
        assertThrows(IllegalStateException.class, s::revealBytes);
        assertFalse(s.sameAs(SecretBytes.copyOf(copy)));
        assertTrue(s.toString().contains("destroyed"));
    }

    @Test
    void secretBytes_badInput() {
        assertThrows(InvalidInputException.class, () -> SecretBytes.copyOf(null));
        assertThrows(InvalidInputException.class, () -> SecretBytes.copyOf(new byte[0]));
        assertThrows(InvalidInputException.class, () -> SecretBytes.random(8, new SecureRandom()));
        assertThrows(InvalidInputException.class, () -> SecretBytes.random(32, null));
        assertArrayEquals(new byte[] {1, 2}, SecretBytes.copyOf(new byte[] {1, 2}).revealBytes());
    }

    @Test
    void actor_subject_printsFingerprintNotId() {
        Actor a = Actor.subject(SubjectId.of("ion.popescu@example.ro"));
        assertFalse(a.toString().contains("popescu"));
        assertTrue(a.identifiesAPerson());
    }

    @Test
    void actor_delegate_printsFingerprintAndAccountCountOnly() {
        Actor a = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("+40721234567"), Set.of("pbx-42"));
        assertFalse(a.toString().contains("721234567"));
        assertFalse(a.toString().contains("pbx-42"));
        assertEquals(Set.of("pbx-42"), a.accounts());
    }

    @Test
    void actor_staffAndOthers_needOrganisationalReferences() {
        Recipient employees = Recipient.of("EMPLOYEES");
        assertEquals("emp-0815", Actor.staff(employees, "emp-0815", Set.of("SUPPORT")).id());
        // A phone number or an e-mail address is not an organisational reference.
        assertThrows(InvalidInputException.class, () -> Actor.staff(employees, "0721234567", Set.of()));
        assertThrows(InvalidInputException.class, () -> Actor.staff(employees, "ana@caronet.ro", Set.of()));
        assertThrows(InvalidInputException.class, () -> Actor.staff(employees, "Ana Pop", Set.of()));
        assertThrows(InvalidInputException.class, () -> Actor.staff(employees, "emp-1", Set.of("support")));
        assertThrows(InvalidInputException.class, () -> Actor.staff(null, "emp-1", Set.of()));
        assertThrows(InvalidInputException.class, () -> Actor.system("sweeper", null));
    }

    @Test
    void actor_authority_needsALegalRequest() {
        Actor police = Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-2026-118");
        assertEquals(Optional.of("req-2026-118"), police.legalRequest());
        assertThrows(InvalidInputException.class, () -> Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", null));
        assertThrows(InvalidInputException.class, () -> Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", " "));
        assertTrue(police.toString().contains("req-2026-118"));
    }

    @Test
    void actor_kindRulesAreEnforced() {
        assertThrows(InvalidInputException.class, () -> new Actor(ActorKind.SUBJECT, "x", Optional.of(Recipient.of("R")),
                new TreeSet<>(), new TreeSet<>(), Optional.empty()));
        assertThrows(InvalidInputException.class, () -> new Actor(ActorKind.PROCESSOR, "courier", Optional.empty(),
                new TreeSet<>(), new TreeSet<>(), Optional.empty()));
        assertThrows(InvalidInputException.class, () -> new Actor(ActorKind.PROCESSOR, "courier",
                Optional.of(Recipient.of("COURIER")), new TreeSet<>(Set.of("ADMIN")),
                new TreeSet<>(), Optional.empty()));
    }

    private static AuditRecord record(Map<String, String> details, String actorRef) {
        return new AuditRecord(1, Instant.EPOCH, ActorKind.STAFF, actorRef, "access.check", Optional.empty(),
                List.of(), Optional.empty(), AuditOutcome.SUCCESS, new TreeMap<>(details), AuditRecord.GENESIS_HASH,
                AuditRecord.GENESIS_HASH);
    }

    @Test
    void auditRecord_refusesDetailsShapedLikePersonalData() {
        assertEquals("OWN_DATA", record(Map.of("reason", "OWN_DATA"), "emp-1").details().get("reason"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> record(Map.of("note", "ion.popescu@example.ro"), "emp-1"));
        assertFalse(e.getMessage().contains("popescu"));
        assertThrows(InvalidInputException.class, () -> record(Map.of("note", "Ion Popescu\nStr. X"), "emp-1"));
        assertThrows(InvalidInputException.class, () -> record(Map.of(), "ion@example.ro"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+40721234567", "0721234567", "0721.234.567",
        "(0721)234-567", "40-744-555-666", "0040721234567", "+40 (0)721 234 567", "192.168.10.77", "ip=10.0.0.1", "2a02:2f0e:5c00::1", "fe80::1",
        "2001:db8:85a3:0:0:8a2e:370:7334", "a@b"})
    void personalDataShapes_areRecognised(String value) {
        assertTrue(Checks.looksLikePersonalData(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OWN_DATA", "req-2026-118", "rows=1200", "12345678",
        "s-0123456789abcdef", "emp-0815", "id:0123456789abc", "9876543210abcdef",
        // A random hex id that happens to be all digits (seen once in 5 million): longer than any phone number.
        "ce-70042376968870231943263604693427", "s-12345678901234567890123456789012", "2026-03-01", "v1.2.3", "BILLING,FISCAL_DOCUMENTS", "a:b:c"})
    void ordinaryCodes_pass(String value) {
        assertFalse(Checks.looksLikePersonalData(value), value);
    }

    @Test
    void auditRecord_sortsCategoriesAndPrintsNoContent() {
        String pseudonym = "s-" + "1".repeat(32);
        AuditRecord r = new AuditRecord(7, Instant.EPOCH, ActorKind.SUBJECT, "s-" + "0".repeat(32), "access.check",
                Optional.of("BILLING"), List.of("TRAFFIC", "FINANCIAL", "TRAFFIC"), Optional.of(pseudonym),
                AuditOutcome.DENIED, new TreeMap<>(), AuditRecord.GENESIS_HASH, AuditRecord.GENESIS_HASH);
        assertEquals(List.of("FINANCIAL", "TRAFFIC"), r.categories());
        assertFalse(r.toString().contains(pseudonym));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(1, Instant.EPOCH, ActorKind.SUBJECT,
                "0721234567", "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS,
                new TreeMap<>(), AuditRecord.GENESIS_HASH, AuditRecord.GENESIS_HASH));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(0, Instant.EPOCH, ActorKind.STAFF, "emp-1",
                "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS, new TreeMap<>(),
                AuditRecord.GENESIS_HASH, AuditRecord.GENESIS_HASH));
        assertThrows(InvalidInputException.class, () -> new AuditRecord(1, Instant.EPOCH, ActorKind.STAFF, "emp-1",
                "access.check", Optional.empty(), List.of(), Optional.empty(), AuditOutcome.SUCCESS, new TreeMap<>(),
                AuditRecord.GENESIS_HASH, "ABC"));
    }
}
