package ro.clickphone.privacy.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.NoticeSummary;
import ro.clickphone.privacy.spi.incident.PublicCommunication;
import ro.clickphone.privacy.spi.incident.SubjectNotice;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemoryIncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryContactDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryOutboxStore;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.testkit.ApiProbe;

/**
 * No public call of the spi throws {@code NullPointerException}, {@code DateTimeException},
 * {@code ArithmeticException} or a JDK {@code IllegalArgumentException} on a null or extreme
 * argument: every bad input is an {@link InvalidInputException} (or another typed leaf).
 */
class PublicApiProbeTest {

    /** Valid values of the spi's own types, for the arguments that are not under test. */
    static ApiProbe withSpiSamples(ApiProbe probe) {
        return probe
                .sample(SubjectId.class, () -> SubjectId.of("subject-1"))
                .sample(Purpose.class, () -> Purpose.of("MARKETING"))
                .sample(DataCategory.class, () -> DataCategory.of("TRAFFIC"))
                .sample(Recipient.class, () -> Recipient.of("COURIER"))
                .sample(KeyScope.class, () -> KeyScope.of("fiscal"))
                .sample(NotificationType.class, () -> NotificationType.of("MISSED_CALL"))
                .sample(RecordRef.class, () -> RecordRef.of("billing.invoices", "42"))
                .sample(PolicyVersion.class, () -> PolicyVersion.of("2026.1", LocalDate.of(2026, 1, 1)))
                .sample(RetentionPeriod.class, () -> RetentionPeriod.ofYears(1))
                .sample(SecretBytes.class, () -> SecretBytes.copyOf(new byte[32]))
                .sample(Actor.class, () -> Actor.subject(SubjectId.of("subject-1")))
                .sample(ConsentEvidence.class, ConsentEvidence::none)
                .sample(SortedSet.class, TreeSet::new)
                .sample(SortedMap.class, TreeMap::new)
                .sample(SecureRandom.class, SecureRandom::new)
                .sample(WrappedKey.class, () -> new WrappedKey("kek", 1, "AAAA"))
                .sample(HoldScope.class, () -> HoldScope.category(DataCategory.of("TRAFFIC")))
                .sample(Lease.class, () -> new Lease("sweep-1", Instant.parse("2026-11-29T07:00:00Z"),
                        Instant.parse("2026-11-29T07:05:00Z")))
                .sample(LegalHold.class, () -> new LegalHold("h-1", HoldScope.category(DataCategory.of("TRAFFIC")),
                        "investigation", "case-1", Instant.parse("2026-11-29T07:00:00Z"), java.util.Optional.empty()))
                .sample(RetentionTag.class, () -> new RetentionTag(RecordRef.of("cdr", "1"),
                        java.util.Optional.of(SubjectId.of("subject-1")), "s-1", DataCategory.of("TRAFFIC"), "RULE",
                        java.util.Optional.empty(), java.util.Set.of(), java.util.Optional.of(LocalDate.of(2026, 1, 1)),
                        java.util.Optional.empty(), Instant.parse("2026-11-29T07:00:00Z"), java.util.Optional.empty(),
                        java.util.Optional.empty(), 0))
                .sample(RetentionStore.class, InMemoryRetentionStore::new)
                .sample(IncidentStore.class, InMemoryIncidentStore::new)
                .sample(AffectedCount.class, () -> AffectedCount.estimate(12))
                .sample(IncidentContact.class, () -> new IncidentContact("DPO", java.util.Optional.empty(),
                        java.util.Optional.empty()))
                .sample(IncidentVersion.class, () -> new IncidentVersion("i-1", 1, "lost laptop",
                        Instant.parse("2026-11-29T05:00:00Z"), Instant.parse("2026-11-29T07:00:00Z"),
                        AffectedCount.estimate(12), java.util.Optional.empty(), java.util.Set.of("CUSTOMER"),
                        java.util.Set.of(DataCategory.of("TRAFFIC")), "phishing", "passwords reset",
                        new IncidentContact("DPO", java.util.Optional.empty(), java.util.Optional.empty()),
                        IncidentStatus.OPEN, java.util.Set.of(IncidentClock.ANSPDCP_72H), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), Instant.parse("2026-11-29T07:00:00Z"),
                        "STAFF:emp-1"))
                .sample(BreachNoticeText.class, () -> new BreachNoticeText("a laptop was stolen", "phishing",
                        "passwords reset", "change your password"))
                .sample(PublicCommunication.class, () -> new PublicCommunication(Instant.parse("2026-11-29T07:00:00Z"),
                        "home page"))
                .sample(NoticeSummary.class, () -> NoticeSummary.NONE)
                .sample(AuthorityNotice.class, () -> new AuthorityNotice("i-1", IncidentClock.ANSPDCP_72H,
                        Instant.parse("2026-11-29T07:00:00Z"), "ref-1", Instant.parse("2026-11-29T07:00:00Z"),
                        "STAFF:emp-1"))
                .sample(CooperationEntry.class, () -> new CooperationEntry("i-1", CooperationKind.REQUEST,
                        Instant.parse("2026-11-29T07:00:00Z"), "asked for logs", Instant.parse("2026-11-29T07:00:00Z"),
                        "STAFF:emp-1"))
                .sample(SubjectNotice.class, () -> SubjectNotice.planned("i-1", SubjectId.of("s-1"),
                        Instant.parse("2026-11-29T07:00:00Z")))
                .sample(PersonalDataSource.class, () -> new InMemoryPersonalDataSource("cdr",
                        java.util.Set.of(DataCategory.of("TRAFFIC"))))
                .sample(StoredKey.class, () -> new StoredKey(SubjectId.of("subject-1"), KeyScope.of("fiscal"), 1,
                        new WrappedKey("kek", 1, "AAAA"), Instant.parse("2026-11-29T07:00:00Z")))
                .sample(Medium.class, () -> Medium.EMAIL)
                .sample(OutboxState.class, () -> OutboxState.PENDING)
                .sample(Attachment.Content.class, () -> (Attachment.Content) java.io.InputStream::nullInputStream)
                .sample(DeliveryReceipt.class, () -> new DeliveryReceipt("smtp", "m-1",
                        Instant.parse("2026-11-29T07:00:00Z")))
                .sample(AttachmentRef.class, () -> new AttachmentRef("voicemail", "vm-1", "mesaj.wav", "audio/wav",
                        java.util.Optional.empty()))
                .sample(SubjectContacts.class, () -> new SubjectContacts(java.util.Map.of(Medium.EMAIL,
                        "subject-1@example.ro"), "ro"))
                .sample(OutboundMessage.class, () -> new OutboundMessage("m-1", Medium.EMAIL, "info@clickphone.ro",
                        "subject-1@example.ro", "ro", "Subiect", "Text", java.util.List.of()))
                .sample(OutboxMessage.class, () -> OutboxMessage.pending("m-1", NotificationType.of("MISSED_CALL"),
                        SubjectId.of("subject-1"), "smtp", Medium.EMAIL, Instant.parse("2026-11-29T07:00:00Z"),
                        "sealed", java.util.List.of()))
                .sample(StoreTransaction.class, () -> StoreTransaction.of(new Object()))
                .sample(Class.class, () -> Object.class)
                .sample(OutboxStore.class, InMemoryOutboxStore::new)
                .sample(ContactDirectory.class, InMemoryContactDirectory::new)
                .sample(NotificationChannel.class, () -> new NotificationChannel() {
                    @Override
                    public String id() {
                        return "probe";
                    }

                    @Override
                    public java.util.Set<Medium> media() {
                        return java.util.Set.of(Medium.EMAIL);
                    }

                    @Override
                    public ro.clickphone.privacy.spi.notify.DeliveryResult send(OutboundMessage message) {
                        return ro.clickphone.privacy.spi.notify.DeliveryFailure.permanentFailure("probe");
                    }
                });
    }

    @Test
    void everyPublicCall_withNullOrExtremeArgument_throwsOnlyTypedExceptions(@TempDir Path scratch) {
        ApiProbe.Report report = withSpiSamples(ApiProbe.create(scratch))
                .excludePackage("ro.clickphone.privacy.spi.memory")
                .run(SubjectId.class);
        System.out.println(report.summary());
        assertTrue(report.findings().isEmpty(), String.join("\n", report.findings()) + "\n" + report.summary());
    }
}
