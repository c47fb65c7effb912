package ro.clickphone.privacy.spi.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link TransferNoticeRegister} keeps. Plugin authors extend this class (from
 * the {@code clickphone-privacy-spi} test jar) and return an empty register:
 *
 * <pre>{@code
 * class PlatformTransferNoticeRegisterTest extends TransferNoticeRegisterContract {
 *     protected TransferNoticeRegister newRegister() {
 *         platformDatabase.clear();
 *         return new PlatformTransferNoticeRegister(platformDatabase);
 *     }
 * }
 * }</pre>
 */
public abstract class TransferNoticeRegisterContract {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final Recipient SUCCESSOR = Recipient.of("SUCCESSOR_ENTITY");
    private static final Recipient OTHER = Recipient.of("CONSENTED_THIRD_PARTY");
    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

    /** For subclasses. */
    protected TransferNoticeRegisterContract() {
    }

    /**
     * Creates an empty register.
     *
     * @return the register under test
     */
    protected abstract TransferNoticeRegister newRegister();

    @Test
    void earliestNotice_onAnEmptyRegister_isEmpty() {
        assertEquals(Optional.empty(), newRegister().earliestNotice(ANA, SUCCESSOR, "acme-telecom"));
    }

    @Test
    void earliestNotice_isTheEarliestOfTheMatchingNotices_inAnyRecordingOrder() {
        TransferNoticeRegister register = newRegister();
        register.record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", T2));
        register.record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", T1));
        register.record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", T2));
        assertEquals(Optional.of(T1), register.earliestNotice(ANA, SUCCESSOR, "acme-telecom"));
    }

    @Test
    void earliestNotice_countsOnlyTheSameSubjectRecipientAndSuccessor() {
        TransferNoticeRegister register = newRegister();
        register.record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", T1));
        assertEquals(Optional.empty(), register.earliestNotice(BOB, SUCCESSOR, "acme-telecom"));
        assertEquals(Optional.empty(), register.earliestNotice(ANA, SUCCESSOR, "other-telecom"));
        assertEquals(Optional.empty(), register.earliestNotice(ANA, OTHER, "acme-telecom"));
    }

    @Test
    void nullArguments_areInvalidInput() {
        TransferNoticeRegister register = newRegister();
        assertThrows(InvalidInputException.class, () -> register.record(null));
        assertThrows(InvalidInputException.class, () -> register.earliestNotice(null, SUCCESSOR, "acme-telecom"));
        assertThrows(InvalidInputException.class, () -> register.earliestNotice(ANA, null, "acme-telecom"));
        assertThrows(InvalidInputException.class, () -> register.earliestNotice(ANA, SUCCESSOR, null));
    }

    @Test
    void toString_namesNoSubject() {
        TransferNoticeRegister register = newRegister();
        register.record(new TransferNotice(ANA, SUCCESSOR, "acme-telecom", T1));
        assertFalse(register.toString().contains("acct-1042"), register.toString());
    }
}
