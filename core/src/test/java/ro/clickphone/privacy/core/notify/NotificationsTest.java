package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.ANA;
import static ro.clickphone.privacy.core.notify.NotifyFixture.BOB;
import static ro.clickphone.privacy.core.notify.NotifyFixture.payload;
import static ro.clickphone.privacy.core.notify.NotifyFixture.type;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.function.UnaryOperator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.internal.KitContexts;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemoryTransaction;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * The facade: configuration (no silent default channel), the caller's transaction, idempotency,
 * minimization, the gate's override for notices that always go, sealing, routing, operator calls and
 * the kit's close.
 */
class NotificationsTest {

    @TempDir
    Path dir;
    private NotifyFixture fx;

    @BeforeEach
    void kit() {
        fx = new NotifyFixture(dir);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private SendResult send(String type) {
        return fx.notifications().send(type(type), ANA, payload(type));
    }

    // --- configuration --------------------------------------------------------------------------

    @Test
    void withoutAChannel_notificationsSaysHowToGiveOne_andTheLoggingChannelIsNoDefault() {
        PrivacyKit kit = PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(InMemoryStores.create())
                .keys(fx.keys).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, kit::notifications);
        assertTrue(e.getMessage().contains(".channel(") && e.getMessage().contains("LoggingChannel")
                && e.getMessage().contains(".channels("), e.getMessage());
    }

    @Test
    void policyOnlyKit_hasNoNotifications_andClosesQuietly() {
        PrivacyKit kit = PrivacyKit.builder().policy(NotifyFixture.POLICY).build();
        assertThrows(ConfigurationException.class, kit::notifications);
        kit.close();
        kit.close();
    }

    @Test
    void channelWithoutKeys_failsTheBuild() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(NotifyFixture.POLICY).stores(InMemoryStores.create()).channel(new RecordingChannel()).build());
        assertTrue(e.getMessage().contains("keys("), e.getMessage());
    }

    @Test
    void channelWithoutStores_failsTheBuild() {
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(NotifyFixture.POLICY)
                .channel(new RecordingChannel()).build());
    }

    @Test
    void twoChannelsWithOneId_areRefused() {
        PrivacyKit.Builder builder = PrivacyKit.builder().channel(new RecordingChannel());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> builder.channel(new RecordingChannel()));
        assertTrue(e.getMessage().contains("recording"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> builder.channel(new RecordingChannel("Bad Id",
                Set.of(Medium.EMAIL))));
        assertThrows(InvalidInputException.class, () -> builder.channel(new RecordingChannel("nomedia", Set.of())));
    }

    @Test
    void channelSettings_openTheNamedProviderOnly_andTheKitClosesWhatItOpened() {
        PrivacyKit kit = PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(InMemoryStores.create())
                .keys(fx.keys).channels(Map.of("channels", "logging,probe", "logging.media", "EMAIL,SMS"))
                .notifications(NotificationSettings.defaults().withAutoStart(false)).build();
        ProbeChannelProvider.Probe probe = ProbeChannelProvider.lastOpened();
        assertFalse(probe.closed());
        kit.close();
        assertTrue(probe.closed(), "a channel the kit opened is closed with it");
    }

    @Test
    void providersNotNamed_areNeverOpened() {
        int opened = ProbeChannelProvider.opened();
        PrivacyKit kit = PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(InMemoryStores.create())
                .keys(fx.keys).channels(Map.of("channels", "logging"))
                .notifications(NotificationSettings.defaults().withAutoStart(false)).build();
        assertEquals(opened, ProbeChannelProvider.opened());
        kit.close();
    }

    @Test
    void channelSettings_unknownProviderOrStrayKey_areRefused_namingThem() {
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(NotifyFixture.POLICY).stores(InMemoryStores.create()).keys(fx.keys)
                .channels(Map.of("channels", "smtp")).build());
        assertTrue(missing.getMessage().contains("'smtp'") && missing.getMessage().contains("logging"),
                missing.getMessage());
        ConfigurationException stray = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(NotifyFixture.POLICY).stores(InMemoryStores.create()).keys(fx.keys)
                .channels(Map.of("channels", "logging", "smtp.password", "hunter2")).build());
        assertTrue(stray.getMessage().contains("smtp.password"), stray.getMessage());
        assertFalse(stray.getMessage().contains("hunter2"), stray.getMessage());
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(NotifyFixture.POLICY)
                .stores(InMemoryStores.create()).keys(fx.keys).channels(Map.of("logging.media", "EMAIL")).build());
    }

    @Test
    void aNamedProviderFailingToOpen_closesTheOnesOpenedBefore_andSaysWhich() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .policy(NotifyFixture.POLICY).stores(InMemoryStores.create()).keys(fx.keys)
                .channels(Map.of("channels", "probe,logging", "logging.colour", "red")).build());
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        assertTrue(ProbeChannelProvider.lastOpened().closed());
    }

    @Test
    void noChannelServesTheTypesMedium_sendSaysSo() {
        PrivacyKit kit = fx.kit(b -> PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(fx.stores)
                .clock(fx.clock).keys(fx.keys).channel(new RecordingChannel("sms", Set.of(Medium.SMS)))
                .notifications(NotificationSettings.defaults().withAutoStart(false)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> kit.notifications().send(type("MISSED_CALL"), ANA, payload("MISSED_CALL")));
        assertTrue(e.getMessage().contains("[EMAIL]") && e.getMessage().contains("MISSED_CALL"), e.getMessage());
    }

    // --- the caller's transaction ------------------------------------------------------------------

    @Test
    void callersTransaction_committed_theMessageIsWrittenAndDelivered() {
        InMemoryTransaction tx = new InMemoryTransaction();
        SendResult result = fx.notifications().send(type("PAYMENT_CONFIRMED"), ANA, payload("PAYMENT_CONFIRMED"), tx);
        assertEquals(SendStatus.QUEUED, result.status());
        assertTrue(fx.stores.outbox().find(result.id()).isEmpty(), "nothing before the commit");
        assertEquals(0, fx.notifications().dispatchPending().delivered());

        tx.commit();
        assertEquals(OutboxState.PENDING, fx.stores.outbox().find(result.id()).orElseThrow().state());
        assertEquals(1, fx.notifications().dispatchPending().delivered());
        assertEquals(result.id(), fx.channel.deliveries().get(0).message().idempotencyKey());
        assertEquals("caller", fx.audited("notify.send").get(0).details().get("transaction"));
    }

    @Test
    void callersTransaction_rolledBack_nothingIsWrittenOrDelivered() {
        InMemoryTransaction tx = new InMemoryTransaction();
        SendResult result = fx.notifications().send(type("PAYMENT_CONFIRMED"), ANA, payload("PAYMENT_CONFIRMED"), tx);
        tx.rollback();
        assertTrue(fx.stores.outbox().find(result.id()).isEmpty());
        assertEquals(0, fx.notifications().dispatchPending().delivered());
        assertTrue(fx.channel.deliveries().isEmpty());
    }

    @Test
    void callersTransaction_nullIsRefused() {
        assertThrows(InvalidInputException.class, () -> fx.notifications().send(type("PAYMENT_CONFIRMED"), ANA,
                payload("PAYMENT_CONFIRMED"), (InMemoryTransaction) null));
    }

    // --- idempotency -----------------------------------------------------------------------------

    @Test
    void callersKey_sentTwice_isWrittenAndDeliveredOnce() {
        NotificationRequest request = NotificationRequest.of(type("CREDIT_TOP_UP"), ANA, payload("CREDIT_TOP_UP"))
                .withIdempotencyKey("topup-7781-confirmation");
        SendResult first = fx.notifications().send(request);
        SendResult second = fx.notifications().send(request);
        assertEquals(SendStatus.QUEUED, first.status());
        assertEquals(SendStatus.DUPLICATE, second.status());
        assertEquals("topup-7781-confirmation", second.id());
        assertEquals(Optional.empty(), second.reason());
        fx.notifications().dispatchPending();
        fx.notifications().send(request);
        fx.notifications().dispatchPending();
        assertEquals(1, fx.channel.deliveries().size());
        assertEquals(1, fx.audited("notify.send").size(), "a duplicate decides nothing and writes nothing");
    }

    @Test
    void callersKey_givenToTheShortSend_isTheMessagesId_andASecondSendIsADuplicate() {
        SendResult first = fx.notifications().send(type("DATA_BREACH_NOTICE"), ANA, payload("DATA_BREACH_NOTICE"),
                "breach-17-acct-1042");
        SendResult again = fx.notifications().send(type("DATA_BREACH_NOTICE"), ANA, payload("DATA_BREACH_NOTICE"),
                "breach-17-acct-1042");
        assertEquals("breach-17-acct-1042", first.id());
        assertEquals(SendStatus.QUEUED, first.status());
        assertEquals(SendStatus.DUPLICATE, again.status());
        assertThrows(InvalidInputException.class, () -> fx.notifications().send(type("DATA_BREACH_NOTICE"), ANA,
                payload("DATA_BREACH_NOTICE"), (String) null));
    }

    @Test
    void drawnKeys_differ_andHoldNoPersonalData() {
        SendResult a = send("LOW_BALANCE");
        SendResult b = send("LOW_BALANCE");
        assertFalse(a.id().equals(b.id()));
        assertTrue(a.id().matches("n-[0-9a-f]{32}"), a.id());
    }

    @Test
    void callersKey_shapedLikePersonalData_isRefused_withoutRepeatingIt() {
        for (String key : List.of("ana.ionescu@example.ro", "0721234567", "192.168.10.77", "call-0721234567")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> NotificationRequest.of(type("LOW_BALANCE"), ANA, payload("LOW_BALANCE")).withIdempotencyKey(key));
            assertFalse(e.getMessage().contains(key), e.getMessage());
        }
    }

    // --- minimization ------------------------------------------------------------------------------

    @Test
    void undeclaredPayloadKey_isRefused_beforeAnythingIsWrittenOrAudited() {
        Map<String, Object> payload = new HashMap<>(payload("MISSED_CALL"));
        payload.put("callerName", "Ion Popescu");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(type("MISSED_CALL"), ANA, payload));
        assertTrue(e.getMessage().contains("payload.callerName"), e.getMessage());
        assertFalse(e.getMessage().contains("Popescu"));
        assertTrue(fx.stores.outbox().list(OutboxState.PENDING, 10).isEmpty());
        assertTrue(fx.audited("notify.send").isEmpty());
    }

    @Test
    void undeclaredPayloadKey_isRefused_evenWhenTheGateWouldSuppress() {
        Map<String, Object> payload = new HashMap<>(payload("MARKETING_OFFER"));
        payload.put("age", 42);
        assertThrows(InvalidInputException.class, () -> fx.notifications().send(type("MARKETING_OFFER"), ANA, payload));
        assertTrue(fx.stores.outbox().list(OutboxState.SUPPRESSED, 10).isEmpty());
    }

    @Test
    void undeclaredType_isAPolicyViolation() {
        assertThrows(PolicyViolationException.class, () -> fx.notifications().send(type("NEWSLETTER"), ANA, Map.of()));
    }

    @Test
    void attachments_onlyWhereTheTypeCarriesThem_ofItsCategory_fromAKnownSource() {
        AttachmentRef audio = new AttachmentRef("voicemail", "vm-1", "mesaj.wav", "audio/wav",
                Optional.of(new AttachmentRef.EncryptedAs("voicemail", "voicemail_audio", DataCategory.of("VOICEMAIL"))));
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> fx.notifications().send(
                NotificationRequest.of(type("MISSED_CALL"), ANA, payload("MISSED_CALL")).withAttachment(audio)));
        assertTrue(none.getMessage().contains("MISSED_CALL carries no attachments"), none.getMessage());
        AttachmentRef fax = new AttachmentRef("voicemail", "f-1", "fax.pdf", "application/pdf",
                Optional.of(new AttachmentRef.EncryptedAs("fax", "fax_document", DataCategory.of("FAX"))));
        assertThrows(InvalidInputException.class, () -> fx.notifications().send(NotificationRequest.of(
                type("VOICEMAIL_RECEIVED"), ANA, payload("VOICEMAIL_RECEIVED")).withAttachment(fax)));
        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> fx.notifications().send(
                NotificationRequest.of(type("VOICEMAIL_RECEIVED"), ANA, payload("VOICEMAIL_RECEIVED"))
                        .withAttachment(audio)));
        assertTrue(unknown.getMessage().contains("'voicemail'"), unknown.getMessage());
    }

    // --- the gate's override -----------------------------------------------------------------------

    /** A consent store whose reads, once armed, lose each subject's first event: an edited store. */
    private static final class TamperingConsentStore implements ConsentStore {
        private final InMemoryConsentStore real = new InMemoryConsentStore();
        private volatile boolean tampered;

        @Override
        public ConsentEvent append(ConsentEvent event) {
            return real.append(event);
        }

        @Override
        public List<ConsentEvent> eventsOf(SubjectId subject) {
            List<ConsentEvent> events = real.eventsOf(subject);
            return tampered && !events.isEmpty() ? events.subList(1, events.size()) : events;
        }

        @Override
        public List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
            return real.changesSince(afterSequence, maxCount);
        }

        @Override
        public Optional<ConsentEvent> find(String eventId) {
            return real.find(eventId);
        }

        @Override
        public long lastSequence() {
            return real.lastSequence();
        }
    }

    /**
     * A notice that always goes is sent even when the ledger denies: here the subject's consent events
     * were edited in the store (one deleted), so every check is TAMPERED. The security alert goes,
     * audited as exempt; the marketing offer does not.
     */
    @Test
    void securityAlert_goesEvenWhenTheLedgerDenies_marketingDoesNot() {
        TamperingConsentStore store = new TamperingConsentStore();
        InMemoryAuditLogStore log = new InMemoryAuditLogStore();
        SecretBytes seal = SecretBytes.random(32, new SecureRandom());
        AuditSettings audit = AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                SecretBytes.copyOf(new byte[32]));
        UnaryOperator<PrivacyKit.Builder> persistentConsent = b -> b.consentStore(store).auditLogStore(log).audit(audit)
                .consent(ConsentSettings.defaults().withSealKey(seal)
                        .withReceiptSigner(Ed25519Signer.generate("receipts"), Instant.EPOCH));
        PrivacyKit first = fx.kit(persistentConsent);
        first.consent().grant(ANA, Purpose.of("MARKETING"), fx.proof(ANA));
        first.consent().grant(ANA, Purpose.of("ANALYTICS"), fx.proof(ANA));
        store.tampered = true;
        PrivacyKit other = fx.kit(persistentConsent);

        SendResult alert = other.notifications().send(type("SECURITY_PASSWORD_CHANGED"), ANA,
                payload("SECURITY_PASSWORD_CHANGED"));
        SendResult offer = other.notifications().send(type("MARKETING_OFFER"), ANA, payload("MARKETING_OFFER"));

        assertEquals(SendStatus.QUEUED, alert.status());
        assertEquals(Optional.of(ConsentReason.TAMPERED), alert.reason());
        assertEquals(SendStatus.SUPPRESSED, offer.status());
        assertEquals(Optional.of(ConsentReason.TAMPERED), offer.reason());
        List<AuditRecord> sent = new ArrayList<>();
        other.audit().read(1, 4096).stream().filter(r -> r.action().equals("notify.send")).forEach(sent::add);
        assertEquals("exempt", sent.get(0).details().get("gate"));
        DispatchReport report = other.notifications().dispatchPending();
        assertEquals(1, report.delivered(), report + " " + other.notifications().status(alert.id()));
        assertEquals(List.of(alert.id()), fx.channel.deliveries().stream().map(d -> d.message().idempotencyKey())
                .toList());
    }

    // --- sealing -----------------------------------------------------------------------------------

    @Test
    void outbox_holdsTheTextSealed_andTheAddressNotAtAll() {
        SendResult result = send("MISSED_CALL");
        OutboxMessage stored = fx.stores.outbox().find(result.id()).orElseThrow();
        String content = stored.content().orElseThrow();
        assertFalse(content.contains(SamplePayloads.phone(1)) || content.contains("Apel") || content.contains("ana."),
                "sealed");
        assertFalse(stored.toString().contains(content));
        fx.notifications().dispatchPending();
        assertTrue(fx.channel.deliveries().get(0).message().body().contains(SamplePayloads.phone(1)));
        assertEquals(NotifyFixture.ANA_EMAIL, fx.channel.deliveries().get(0).message().to());
    }

    /**
     * An operator's policy that declares a field named like the outbox's ({@code content}, under the
     * {@code profile} scope) must not let a holder of the kit open sealed messages through
     * {@code kit.fields()}: the kit's entities are refused whatever the policy declares.
     */
    @Test
    void kitHolder_cannotOpenASealedMessageThroughFields_evenWhenThePolicyDeclaresTheField() {
        var doc = PolicyDocuments.defaultDocument();
        for (var category : doc.withArray("categories")) {
            if (category.path("id").asText().equals("CONTACT")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) category.get("fields")).add("content");
            }
        }
        Policy permissive = PolicyDocuments.load(doc);
        PrivacyKit kit = fx.kit(b -> PrivacyKit.builder().policy(permissive).stores(fx.stores).clock(fx.clock)
                .keys(fx.keys).channel(new RecordingChannel())
                .notifications(NotificationSettings.defaults().withAutoStart(false)));
        SendResult result = kit.notifications().send(type("MISSED_CALL"), ANA, payload("MISSED_CALL"));
        String sealed = fx.stores.outbox().find(result.id()).orElseThrow().content().orElseThrow();
        FieldContext outbox = FieldContext.of(KitContexts.NOTIFICATION_ENTITY, KitContexts.NOTIFICATION_FIELD,
                KeyScope.of("profile")).withRecordId(result.id());

        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> kit.fields().decrypt(ANA, outbox, sealed));
        assertTrue(e.getMessage().contains("notification_outbox"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> kit.fields().encrypt(ANA, outbox, "forged"));
        assertThrows(PolicyViolationException.class, () -> kit.streams().decrypt(ANA,
                FieldContext.of(KitContexts.NOTIFICATION_ENTITY, KitContexts.NOTIFICATION_FIELD, KeyScope.of("profile")),
                java.io.InputStream.nullInputStream()));
    }

    // --- language ----------------------------------------------------------------------------------

    @Test
    void language_isTheSubjects_RomanianWhenUnknownOrUnsupported() {
        fx.contacts(BOB, "bob@example.com", "en");
        fx.notifications().send(type("LOW_BALANCE"), BOB, payload("LOW_BALANCE"));
        fx.contacts(ANA, NotifyFixture.ANA_EMAIL, "de");
        send("LOW_BALANCE");
        fx.notifications().dispatchPending();
        Map<String, String> byAddress = new HashMap<>();
        fx.channel.deliveries().forEach(d -> byAddress.put(d.message().to(), d.message().language()));
        assertEquals("en", byAddress.get("bob@example.com"));
        assertEquals("ro", byAddress.get(NotifyFixture.ANA_EMAIL));
        assertTrue(fx.channel.deliveries().stream().anyMatch(d -> d.message().subjectLine().startsWith("Your")));
        assertTrue(fx.channel.deliveries().stream().allMatch(d -> d.message().from().equals("noreplay@clickphone.ro")));
    }

    // --- operator calls ----------------------------------------------------------------------------

    @Test
    void noAddress_isADeadLetter_requeuedByAnOperatorOnceTheAddressIsThere_audited() {
        SendResult result = fx.notifications().send(type("LOW_BALANCE"), BOB, payload("LOW_BALANCE"));
        assertEquals(1, fx.notifications().dispatchPending().dead());
        NotificationStatus dead = fx.notifications().deadLetters(10).get(0);
        assertEquals(result.id(), dead.id());
        assertEquals(Optional.of("no-address"), dead.reason());
        assertEquals(OutboxState.DEAD, fx.notifications().status(result.id()).orElseThrow().state());

        Actor operator = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
        fx.contacts(BOB, "bob@example.com", "ro");
        assertTrue(fx.notifications().requeue(result.id(), operator));
        assertFalse(fx.notifications().requeue(result.id(), operator), "pending now, not a dead letter");
        assertEquals(1, fx.notifications().dispatchPending().delivered());
        assertEquals(OutboxState.DELIVERED, fx.notifications().status(result.id()).orElseThrow().state());
        assertTrue(fx.notifications().deadLetters(10).isEmpty());
        assertEquals(List.of("SUCCESS", "FAILED"), fx.audited("notify.requeue").stream()
                .map(r -> r.outcome().name()).toList());
        assertEquals(result.id(), fx.audited("notify.requeue").get(0).details().get("message"));
    }

    @Test
    void status_ofAnUnknownMessage_isEmpty_andMalformedIdsAreRefused() {
        assertTrue(fx.notifications().status("n-0000").isEmpty());
        assertThrows(InvalidInputException.class, () -> fx.notifications().status("ana@example.ro"));
        assertThrows(InvalidInputException.class, () -> fx.notifications().deadLetters(0));
        assertThrows(InvalidInputException.class, () -> fx.notifications().requeue("n-1", null));
    }

    // --- close ---------------------------------------------------------------------------------------

    @Test
    void closedKit_refusesToSend_butWhatItQueuedIsDeliveredByTheNext() {
        SendResult queued = send("LOW_BALANCE");
        fx.kit.close();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> send("LOW_BALANCE"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> fx.notifications().dispatchPending());
        fx.kit.close();
        assertFalse(fx.channel.closed(), "a channel given to the builder belongs to the caller");

        PrivacyKit next = fx.kit(b -> b);
        assertEquals(1, next.notifications().dispatchPending().delivered());
        assertEquals(queued.id(), fx.channel.deliveries().get(0).message().idempotencyKey());
    }
}
