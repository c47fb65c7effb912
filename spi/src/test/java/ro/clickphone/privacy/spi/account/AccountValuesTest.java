package ro.clickphone.privacy.spi.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;

/** Designations, transfer notices and the accounts a dispatcher carries. */
class AccountValuesTest {

    private static final SubjectId ANA = SubjectId.of("ana.pop@example.ro");
    private static final Recipient PARTNER = Recipient.of("INTEGRATION_PARTNER");

    @Test
    void toString_namesNoSubject() {
        assertFalse(Designation.of(ANA, PARTNER, "crm-vendor").toString().contains("ana.pop"));
        assertFalse(new TransferNotice(ANA, Recipient.of("SUCCESSOR_ENTITY"), "acme-telecom", Instant.EPOCH)
                .toString().contains("ana.pop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0721234567", "+40721234567", "ana@example.ro", "203.0.113.7", "has space"})
    void partnerThatIsNotAnOrganisationalReference_isRefused_withoutEchoingIt(String partner) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Designation.of(ANA, PARTNER,
                partner));
        if (!partner.isEmpty()) {
            assertFalse(e.getMessage().contains(partner), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> new TransferNotice(ANA, PARTNER, partner, Instant.EPOCH));
    }

    @Test
    void nulls_areRefused() {
        assertThrows(InvalidInputException.class, () -> Designation.of(null, PARTNER, "crm-vendor"));
        assertThrows(InvalidInputException.class, () -> Designation.of(ANA, null, "crm-vendor"));
        assertThrows(InvalidInputException.class, () -> new TransferNotice(ANA, PARTNER, "acme", null));
    }

    @Test
    void staffMayCarryTheAccountsTheyAssist_processorsMayNot() {
        Actor dispatcher = Actor.staff(Recipient.of("DISPATCHER"), "disp-07", Set.of("SUPPORT"), Set.of("pbx-42"));
        assertEquals(ActorKind.STAFF, dispatcher.kind());
        assertEquals(Set.of("pbx-42"), dispatcher.accounts());
        assertThrows(InvalidInputException.class, () -> new Actor(ActorKind.PROCESSOR, "crm-vendor",
                java.util.Optional.of(PARTNER), new java.util.TreeSet<>(), new java.util.TreeSet<>(Set.of("pbx-42")),
                java.util.Optional.empty()));
    }
}
