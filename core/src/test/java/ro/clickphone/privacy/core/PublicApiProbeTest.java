package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.audit.FileCheckpointAnchor;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.incident.Deadline;
import ro.clickphone.privacy.core.incident.IncidentChanges;
import ro.clickphone.privacy.core.incident.IncidentRegister;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.core.notify.LoggingChannel;
import ro.clickphone.privacy.core.notify.NotificationRequest;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.notify.Notifications;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;
import ro.clickphone.privacy.core.policy.RetentionRule;
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.CheckpointAnchor;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryIncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.testkit.ApiProbe;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * No public call of the core module throws {@code NullPointerException}, {@code DateTimeException},
 * {@code ArithmeticException} or a JDK {@code IllegalArgumentException} on a null or extreme
 * argument: every bad input is a typed {@code PrivacyException}.
 */
class PublicApiProbeTest {

    @Test
    void everyPublicCall_withNullOrExtremeArgument_throwsOnlyTypedExceptions(@TempDir Path scratch) {
        Policy policy = Policy.clickPhoneDefault();
        KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(scratch.resolve("kek.p12"),
                "pw".toCharArray(), "kek");
        SecretBytes root = SecretBytes.copyOf(new byte[32]);
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(policy).clock(Clock.systemUTC())
                .keys(KeySettings.of(kek)).searchableFields(root).pseudonymization(PseudonymKeys.of(1, root))
                .build();
        Actor actor = Actor.subject(SubjectId.of("subject-1"));
        PrivacyKit notifying = PrivacyKit.builder().stores(InMemoryStores.create()).policy(policy)
                .keys(KeySettings.of(kek)).channel(new LoggingChannel())
                .notifications(NotificationSettings.defaults().withAutoStart(false)).build();
        CdrProfile profile = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.HOUR)
                .durations(DurationBuckets.callDurations()).build();
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, root), PseudonymAuthorizer.unrestricted(e -> { }));
        ApiProbe.Report report = ApiProbe.create(scratch)
                .sample(SubjectId.class, () -> SubjectId.of("subject-1"))
                .sample(Purpose.class, () -> Purpose.of("MARKETING"))
                .sample(DataCategory.class, () -> DataCategory.of("TRAFFIC"))
                .sample(Recipient.class, () -> Recipient.of("COURIER"))
                .sample(KeyScope.class, () -> KeyScope.of("profile"))
                .sample(ro.clickphone.privacy.core.rights.RequestOutcome.class,
                        () -> new ro.clickphone.privacy.core.rights.RequestOutcome("rr-1",
                                ro.clickphone.privacy.spi.rights.RightType.ERASURE,
                                ro.clickphone.privacy.spi.rights.RequestState.COMPLETED, java.util.Optional.empty(),
                                java.util.Map.of(), java.util.List.of("s"), java.util.Set.of()))
                .sample(PolicyVersion.class, () -> PolicyVersion.of("2026.1", LocalDate.of(2026, 1, 1)))
                .sample(SecretBytes.class, () -> SecretBytes.copyOf(new byte[32]))
                .sample(Actor.class, () -> actor)
                .sample(SortedSet.class, TreeSet::new)
                .sample(ConsentEvidence.class, ConsentEvidence::none)
                .sample(Stores.class, InMemoryStores::create)
                .sample(AuditLogStore.class, InMemoryAuditLogStore::new)
                .sample(ConsentStore.class, InMemoryConsentStore::new)
                .sample(SubjectKeyStore.class, InMemorySubjectKeyStore::new)
                .sample(TokenVaultStore.class, InMemoryTokenVaultStore::new)
                .sample(AccountDirectory.class, InMemoryAccountDirectory::new)
                .sample(Signer.class, () -> HmacSha256Signer.create(root, "audit-1"))
                .sample(KeyEncryptionKeyProvider.class, () -> kek)
                .sample(KeySettings.class, () -> KeySettings.of(kek))
                .sample(PseudonymKeys.class, () -> PseudonymKeys.of(1, root))
                .sample(CdrPseudonymizer.class, () -> CdrPseudonymizer.create(pseudonyms, profile))
                .sample(Policy.class, () -> policy)
                .sample(NotificationType.class, () -> NotificationType.of("MISSED_CALL"))
                .sample(RetentionRule.class, () -> policy.retentionRules().get(0))
                .sample(PolicyArchive.class, () -> PolicyArchive.of(policy))
                .sample(RecordOfProcessing.class, () -> RecordOfProcessing.from(policy))
                .sample(PrivacyKit.class, () -> kit)
                .sample(PrivacyKit.Builder.class, PrivacyKit::builder)
                .sample(AuditTrail.class, kit::audit)
                .sample(AccessControl.class, kit::access)
                .sample(ConsentLedger.class, kit::consent)
                .sample(AccessPolicy.class, AccessPolicy::denyAll)
                .sample(AccessPolicy.Builder.class, AccessPolicy::builder)
                .sample(AuditSettings.class, AuditSettings::ephemeral)
                .sample(ConsentSettings.class, ConsentSettings::defaults)
                .sample(BulkOptions.class, BulkOptions::defaults)
                .sample(RetentionSchedule.class, kit::retention)
                .sample(SweepOptions.class, SweepOptions::defaults)
                .sample(DispatchSettings.class, DispatchSettings::defaults)
                .sample(DispatchReport.class, () -> new DispatchReport(1, 1, 1, 1, 1))
                .sample(NotificationSettings.class, NotificationSettings::defaults)
                .sample(Notifications.class, notifying::notifications)
                .sample(LoggingChannel.class, LoggingChannel::new)
                .sample(NotificationRequest.class, () -> NotificationRequest.of(NotificationType.of("LOW_BALANCE"),
                        SubjectId.of("subject-1"), java.util.Map.of("balance", 5)))
                .sample(ro.clickphone.privacy.spi.notify.Medium.class, () -> ro.clickphone.privacy.spi.notify.Medium.EMAIL)
                .sample(ro.clickphone.privacy.spi.notify.NotificationChannel.class, LoggingChannel::new)
                .sample(ro.clickphone.privacy.spi.notify.AttachmentRef.class, () -> new ro.clickphone.privacy.spi.notify
                        .AttachmentRef("voicemail", "rec-1", "a.wav", "audio/wav", java.util.Optional.empty()))
                .sample(ro.clickphone.privacy.spi.notify.OutboundMessage.class, () -> new ro.clickphone.privacy.spi
                        .notify.OutboundMessage("n-1", ro.clickphone.privacy.spi.notify.Medium.EMAIL, "a@b.ro", "c@d.ro",
                        "ro", "s", "b", java.util.List.of()))
                .sample(ro.clickphone.privacy.core.policy.NotificationTypeDefinition.class,
                        () -> policy.notificationTypes().get(0))
                .sample(ro.clickphone.privacy.spi.StoreTransaction.class,
                        ro.clickphone.privacy.spi.memory.InMemoryTransaction::new)
                .sample(HoldScope.class, () -> HoldScope.category(DataCategory.of("TRAFFIC")))
                .sample(RecordRef.class, () -> RecordRef.of("cdr", "1"))
                .sample(RetentionStore.class, InMemoryRetentionStore::new)
                .sample(IncidentStore.class, InMemoryIncidentStore::new)
                .sample(IncidentRegister.class, kit::incidents)
                .sample(AffectedCount.class, () -> AffectedCount.estimate(12))
                .sample(IncidentReport.class, () -> IncidentReport.of("lost laptop",
                        Instant.parse("2026-11-29T05:00:00Z"), Instant.parse("2026-11-29T07:00:00Z"),
                        AffectedCount.estimate(12), Set.of("CUSTOMER"), Set.of(DataCategory.of("TRAFFIC")), "phishing",
                        "passwords reset").withNotice(new ro.clickphone.privacy.spi.incident.BreachNoticeText(
                        "a laptop was stolen", "phishing", "passwords reset", "change your password")))
                .sample(ro.clickphone.privacy.spi.incident.BreachNoticeText.class,
                        () -> new ro.clickphone.privacy.spi.incident.BreachNoticeText("a laptop was stolen", "phishing",
                                "passwords reset", "change your password"))
                .sample(IncidentChanges.class, () -> IncidentChanges.none().withMeasures("passwords reset"))
                .sample(IncidentVersion.class, () -> new IncidentVersion("i-1", 1, "lost laptop",
                        Instant.parse("2026-11-29T05:00:00Z"), Instant.parse("2026-11-29T07:00:00Z"),
                        AffectedCount.estimate(12), java.util.Optional.empty(), Set.of("CUSTOMER"),
                        Set.of(DataCategory.of("TRAFFIC")), "phishing", "passwords reset", new IncidentContact("DPO",
                        java.util.Optional.empty(), java.util.Optional.empty()), IncidentStatus.OPEN,
                        Set.of(IncidentClock.ANSPDCP_72H), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), Instant.parse("2026-11-29T07:00:00Z"), "STAFF:emp-1"))
                .sample(Deadline.class, () -> new Deadline("i-1", IncidentClock.ANSPDCP_72H,
                        Instant.parse("2026-12-02T07:00:00Z"), java.util.Optional.empty()))
                .sample(ro.clickphone.privacy.core.policy.Controller.class, policy::controller)
                .sample(PersonalDataSource.class, () -> new InMemoryPersonalDataSource("cdr", Set.of(DataCategory.of(
                        "TRAFFIC"))))
                .sample(ConsentProof.class, () -> ConsentProof.of(actor, ConsentChannel.values()[0]))
                .sample(AuditEvent.class, () -> AuditEvent.of(actor, "test.probe", AuditOutcome.values()[0]))
                .sample(Instant.class, () -> Instant.parse("2026-11-29T07:00:00Z"))
                .sample(AuditCheckpoint.class, () -> new AuditCheckpoint(1, "0".repeat(64),
                        Instant.parse("2026-11-29T07:00:00Z"), "audit-1", "HmacSHA256", "c2lnbmF0dXJl", 2, 10,
                        "0".repeat(64)))
                .sample(CheckpointAnchor.class, () -> checkpoint -> { })
                .sample(FileCheckpointAnchor.class, () -> FileCheckpointAnchor.at(scratch.resolve("anchor.txt")))
                .sampleNamed("context", () -> "analytics")
                .sampleNamed("entity", () -> "account")
                .sampleNamed("field", () -> "email")
                .sampleNamed("action", () -> "test.probe")
                .run(PrivacyKit.class);
        notifying.close();
        System.out.println(report.summary());
        assertTrue(report.findings().isEmpty(), report.findings().size() + " findings:\n"
                + String.join("\n", report.findings()) + "\n" + report.summary());
    }
}
