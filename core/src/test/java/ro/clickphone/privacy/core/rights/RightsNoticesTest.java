package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.ANA;
import static ro.clickphone.privacy.core.rights.RightsKitFixture.STAFF;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;

/**
 * The engine's notices and pauses through a real kit: a refusal goes out as RIGHTS_REQUEST_REFUSED
 * with its reason in words (review M1, M2); several pauses count their whole calendar days one by one
 * (review M3).
 */
class RightsNoticesTest {

    @TempDir
    Path dir;

    private RightsKitFixture f;

    @BeforeEach
    void kit() {
        f = new RightsKitFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aRejection_isToldAsRefused_withItsReasonAndTheRequestInWords() {
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                f.clock.instant().minus(Duration.ofHours(1))));
        RequestRecord rejected = f.rights().reject(r.id(), RefusalReason.RIGHTS_OF_OTHERS, STAFF);
        assertEquals(RequestState.REJECTED, rejected.state());

        AuditRecord notice = f.audited("rights.subject.notice").get(0);
        assertEquals("RIGHTS_REQUEST_REFUSED", notice.details().get("notification"));
        assertEquals(AuditOutcome.SUCCESS, notice.outcome(), notice.toString());
        f.kit.notifications().dispatchPending();
        assertEquals(1, f.channel.sends());
        OutboundMessage message = f.channel.deliveries().get(0).message();
        String text = message.subjectLine() + "\n" + message.body();
        assertTrue(text.contains("acces la datele personale"), text);
        assertTrue(text.contains("nu poate fi soluționată"), text);
        assertTrue(text.contains("Motivul: Un răspuns complet ar afecta drepturile și libertățile altor persoane"), text);
        assertTrue(text.contains("(ANSPDCP), www.dataprotection.ro"), text);
        for (String code : new String[] {"RIGHTS_OF_OTHERS", "ACCESS", "REJECTED"}) {
            assertFalse(text.contains(code), text);
        }
    }

    /**
     * Monday 23:00 → Tuesday 23:00 pauses no calendar day whole; Wednesday 23:00 → Friday 01:00 pauses
     * Thursday: 1 day in all (counting each pause's anniversaries, or the 50 hours together, gave 2).
     */
    @Test
    void severalPauses_addTheCalendarDaysEachPausesWhole() {
        // the fixture's clock: Monday 2 February 2026, 10:00 in Bucharest
        assertEquals(LocalDateTime.of(2026, 2, 2, 10, 0), LocalDateTime.ofInstant(f.clock.instant(),
                RightsDeadlines.ZONE));
        RequestRecord r = f.rights().submit(RightsRequest.access(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                f.clock.instant().minus(Duration.ofHours(1))));
        assertEquals(LocalDate.of(2026, 3, 2), r.due());
        f.clock.advance(Duration.ofHours(13));
        f.rights().pause(r.id(), STAFF);
        f.clock.advance(Duration.ofHours(24));
        assertEquals(0, f.rights().resume(r.id(), STAFF).pausedDays());
        f.clock.advance(Duration.ofHours(24));
        f.rights().pause(r.id(), STAFF);
        f.clock.advance(Duration.ofHours(26));
        RequestRecord resumed = f.rights().resume(r.id(), STAFF);
        assertEquals(1, resumed.pausedDays());
        assertEquals(LocalDate.of(2026, 3, 3), resumed.due());
    }
}
