package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.ANA;
import static ro.clickphone.privacy.core.notify.NotifyFixture.payload;
import static ro.clickphone.privacy.core.notify.NotifyFixture.type;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.AttachmentSource;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * End to end: kit → outbox → dispatcher → channel. Voicemail audio kept in the kit's stream-encrypted
 * form arrives decrypted, read from its source only while sending; a second kit on the same stores
 * delivers what the first left; background delivery runs from the kit's start to its close.
 */
class NotificationDeliveryTest {

    private static final DataCategory VOICEMAIL = DataCategory.of("VOICEMAIL");
    private static final AttachmentRef.EncryptedAs AUDIO = new AttachmentRef.EncryptedAs("voicemail", "voicemail_audio",
            VOICEMAIL);

    /** Recordings as a voicemail store keeps them: stream-encrypted bytes, opened (and counted) on demand. */
    private static final class VoicemailStore implements AttachmentSource {
        final Map<String, byte[]> stored = new ConcurrentHashMap<>();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public String id() {
            return "voicemail";
        }

        @Override
        public Optional<InputStream> open(SubjectId subject, String attachmentId) {
            byte[] bytes = stored.get(subject.value() + "/" + attachmentId);
            if (bytes == null) {
                return Optional.empty();
            }
            opened.incrementAndGet();
            return Optional.of(new ByteArrayInputStream(bytes));
        }
    }

    @TempDir
    Path dir;
    private final VoicemailStore voicemails = new VoicemailStore();
    private NotifyFixture fx;

    @BeforeEach
    void kit() {
        fx = new NotifyFixture(dir, b -> b.attachmentSource(voicemails));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** Stores a recording as the voicemail service does: encrypted with the subject's media key. */
    private byte[] record(SubjectId subject, String id, int size) throws IOException {
        byte[] audio = new byte[size];
        for (int i = 0; i < size; i++) {
            audio[i] = (byte) (i * 31 + size);
        }
        FieldContext context = fx.kit.fieldContext("voicemail", "voicemail_audio", VOICEMAIL);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = fx.kit.streams().encrypt(subject, context, sink)) {
            out.write(audio);
        }
        voicemails.stored.put(subject.value() + "/" + id, sink.toByteArray());
        return audio;
    }

    private NotificationRequest voicemail(String recording) {
        return NotificationRequest.of(type("VOICEMAIL_RECEIVED"), ANA, payload("VOICEMAIL_RECEIVED"))
                .withAttachment(new AttachmentRef("voicemail", recording, "mesaj-vocal.wav", "audio/wav",
                        Optional.of(AUDIO)))
                .withIdempotencyKey("vm-" + recording);
    }

    @Test
    void voicemail_arrivesWithItsAudioDecrypted_readOnlyWhileSending() throws IOException {
        byte[] audio = record(ANA, "rec-1", 150_000);
        SendResult result = fx.notifications().send(voicemail("rec-1"));
        assertEquals(0, voicemails.opened.get(), "the outbox keeps a reference, the audio is not read at send");
        assertTrue(fx.stores.outbox().find(result.id()).orElseThrow().attachments().stream()
                .allMatch(ref -> ref.id().equals("rec-1")));

        assertEquals(1, fx.notifications().dispatchPending().delivered());

        RecordingChannel.Delivery delivery = fx.channel.deliveries().get(0);
        OutboundMessage message = delivery.message();
        assertEquals("vm-rec-1", message.idempotencyKey());
        assertEquals(NotifyFixture.ANA_EMAIL, message.to());
        assertEquals("noreplay@clickphone.ro", message.from());
        assertEquals("Mesaj vocal nou pe numărul ClickPhone", message.subjectLine());
        assertTrue(message.body().contains("De la: " + SamplePayloads.phone(1)), message.body());
        assertTrue(message.body().contains("+40 7** *** *62"), "the reader's own number is masked");
        assertEquals(1, message.attachments().size());
        assertEquals("mesaj-vocal.wav", message.attachments().get(0).fileName());
        assertArrayEquals(audio, delivery.attachments().get(0), "the channel reads the audio decrypted");
        assertFalse(java.util.Arrays.equals(voicemails.stored.get(ANA.value() + "/rec-1"), audio));
        assertEquals(OutboxState.DELIVERED, fx.notifications().status(result.id()).orElseThrow().state());
    }

    @Test
    void voicemailGoneBeforeDelivery_isADeadLetter_attachmentGone() throws IOException {
        record(ANA, "rec-2", 1000);
        SendResult result = fx.notifications().send(voicemail("rec-2"));
        voicemails.stored.clear();
        assertEquals(1, fx.notifications().dispatchPending().dead());
        assertEquals(Optional.of("attachment-gone"), fx.notifications().status(result.id()).orElseThrow().reason());
        assertTrue(fx.channel.deliveries().isEmpty(), "never sent without its attachment");
    }

    @Test
    void voicemailWhoseMediaKeyWasShredded_isADeadLetter_keyDestroyed() throws IOException {
        record(ANA, "rec-3", 1000);
        SendResult result = fx.notifications().send(voicemail("rec-3"));
        fx.kit.keys().shred(ANA, KeyScope.of("media"));
        assertEquals(1, fx.notifications().dispatchPending().dead());
        assertEquals(Optional.of("key-destroyed"), fx.notifications().status(result.id()).orElseThrow().reason());
        assertTrue(fx.channel.deliveries().isEmpty());
    }

    @Test
    void messageOfASubjectWhoseProfileKeyWasShredded_isADeadLetter_keyDestroyed() {
        SendResult result = fx.notifications().send(type("MISSED_CALL"), ANA, payload("MISSED_CALL"));
        fx.kit.keys().shred(ANA, KeyScope.of("profile"));
        assertEquals(1, fx.notifications().dispatchPending().dead());
        assertEquals(Optional.of("key-destroyed"), fx.notifications().status(result.id()).orElseThrow().reason());
        assertTrue(fx.channel.deliveries().isEmpty());
    }

    @Test
    void restart_aSecondKitOnTheSameStores_deliversWhatTheFirstLeft_once() {
        Set<String> ids = new HashSet<>();
        for (String t : List.of("MISSED_CALL", "LOW_BALANCE", "SECURITY_PIN_CREATED")) {
            ids.add(fx.notifications().send(type(t), ANA, payload(t)).id());
        }
        fx.kit.close();
        assertTrue(fx.channel.deliveries().isEmpty());

        PrivacyKit second = fx.kit(b -> b.attachmentSource(voicemails));
        assertEquals(3, second.notifications().dispatchPending().delivered());
        assertEquals(0, second.notifications().dispatchPending().attempts(), "nothing is tried twice");
        Set<String> delivered = new HashSet<>();
        fx.channel.deliveries().forEach(d -> delivered.add(d.message().idempotencyKey()));
        assertEquals(ids, delivered);
        assertEquals(3, fx.channel.sends());
    }

    @Test
    void backgroundDelivery_runsFromTheKitsStart_untilItsClose() throws InterruptedException {
        RecordingChannel background = new RecordingChannel("background", Set.of(ro.clickphone.privacy.spi.notify.Medium.EMAIL));
        PrivacyKit kit = fx.kit(b -> PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(fx.stores).clock(fx.clock)
                .keys(fx.keys).channel(background).attachmentSource(voicemails)
                .notifications(NotificationSettings.defaults()));
        SendResult result = kit.notifications().send(type("LOW_BALANCE"), ANA, payload("LOW_BALANCE"));
        assertTrue(background.await(1), "delivered in the background");
        assertEquals(result.id(), background.deliveries().get(0).message().idempotencyKey());
        kit.close();
        assertFalse(background.closed());
    }
}
