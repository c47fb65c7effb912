package ro.clickphone.privacy.core.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.audit.AuditOutcome;

/** AuditEvent checks its action and details when it is built, and never echoes a value. */
class AuditEventValidationTest {

    private static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));

    @Test
    void badAction_failsWhenTheEventIsBuilt() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AuditEvent.of(STAFF, "Access Check", AuditOutcome.SUCCESS));
        assertFalse(e.getMessage().contains("Access Check"));
    }

    @Test
    void personalDataInADetail_failsAtWithDetail_withoutEchoingIt() {
        AuditEvent event = AuditEvent.of(STAFF, "access.check", AuditOutcome.SUCCESS);
        for (String value : new String[] {"jane@example.com", "0721234567", "192.168.10.20", "has space"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> event.withDetail("reason", value));
            assertFalse(e.getMessage().contains(value));
        }
        assertThrows(InvalidInputException.class, () -> event.withDetail("Bad Key", "x"));
        assertThrows(InvalidInputException.class, () -> event.withDetail("reason", "x".repeat(257)));
        assertDoesNotThrow(() -> event.withDetail("reason", "ROLE_GRANTED"));
    }

    @Test
    void canonicalConstructor_checksToo() {
        assertThrows(InvalidInputException.class, () -> new AuditEvent(STAFF, "access.check", Optional.empty(),
                Set.of(), Optional.empty(), AuditOutcome.SUCCESS, Map.of("reason", "jane@example.com")));
        AuditEvent ok = new AuditEvent(STAFF, "access.check", Optional.empty(), Set.of(), Optional.empty(),
                AuditOutcome.SUCCESS, Map.of("reason", "OK"));
        assertEquals("OK", ok.details().get("reason"));
    }
}
