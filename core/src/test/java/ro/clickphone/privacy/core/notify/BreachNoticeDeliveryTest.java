package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.ANA;
import static ro.clickphone.privacy.core.notify.NotifyFixture.BOB;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.incident.BreachNoticeReport;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * The incident register's breach notices go out through the kit's notifications: rendered from
 * the policy's DATA_BREACH_NOTICE template in each subject's language, delivered by the dispatcher,
 * sent once per subject however often the register is asked.
 */
class BreachNoticeDeliveryTest {

    private static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SECURITY"));

    @TempDir
    Path dir;

    private static IncidentReport report(Instant now) {
        return IncidentReport.of("Phishing: three support mailboxes were read by an intruder",
                now.minusSeconds(7200), now.minusSeconds(600), AffectedCount.estimate(1200), Set.of("CUSTOMER"),
                Set.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC")), "Phishing of the customers",
                "Passwords reset").withNotice(new BreachNoticeText(
                        "Cineva a citit trei căsuțe de e-mail ale echipei de suport",
                        "Puteți primi e-mailuri de phishing care folosesc numele dumneavoastră",
                        "Am resetat parolele și am închis căsuțele",
                        "Nu deschideți legături din e-mailuri neașteptate"));
    }

    @Test
    void notifySubjects_sendsEachSubjectTheNotice_inTheirLanguage_once() {
        try (NotifyFixture fx = new NotifyFixture(dir)) {
            fx.contacts(BOB, "bob@example.com", "en");
            String incident = fx.kit.incidents().report(report(fx.clock.instant()), STAFF);

            BreachNoticeReport first = fx.kit.incidents().notifySubjects(incident, List.of(ANA, BOB), STAFF);
            BreachNoticeReport again = fx.kit.incidents().notifySubjects(incident, List.of(ANA, BOB), STAFF);
            assertEquals(2, first.sent());
            assertEquals(2, again.alreadySent());
            assertEquals(2, fx.notifications().dispatchPending().delivered());

            List<OutboundMessage> sent = fx.channel.deliveries().stream().map(RecordingChannel.Delivery::message).toList();
            assertEquals(2, sent.size());
            OutboundMessage ro = sent.stream().filter(m -> m.language().equals("ro")).findFirst().orElseThrow();
            OutboundMessage en = sent.stream().filter(m -> m.language().equals("en")).findFirst().orElseThrow();
            assertEquals("info@clickphone.ro", ro.from());
            assertTrue(ro.body().contains("Natura incidentului: Cineva a citit trei căsuțe"), ro.body());
            assertTrue(!ro.body().contains("Phishing: three support mailboxes"), "the internal nature stays internal");
            assertTrue(ro.body().contains("Consecințele probabile: Puteți primi"), ro.body());
            assertTrue(ro.body().contains("Ce puteți face: Nu deschideți"), ro.body());
            assertTrue(ro.body().contains("Andrei Bucur"), ro.body());
            assertTrue(ro.body().contains("aproximativ 1.200"), ro.body());
            assertTrue(ro.body().contains("- date de contact ale contului"), ro.body());
            assertTrue(ro.body().contains("dpo@caronet.ro"), ro.body());
            assertTrue(en.body().contains("about 1,200"), en.body());
            assertTrue(en.body().contains("You have the right to lodge a complaint with"), en.body());
            assertEquals("bob@example.com", en.to());
        }
    }

    @Test
    void notifySubjects_withoutANotificationChannel_saysHowToGiveOne() {
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create()).build();
        String incident = kit.incidents().report(report(kit.clock().instant()), STAFF);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> kit.incidents().notifySubjects(incident, List.of(ANA), STAFF));
        assertTrue(e.getMessage().contains("notification channel"), e.getMessage());
    }
}
