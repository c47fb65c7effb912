package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.AttachmentSource;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * The opener's verdicts at delivery time, each a code without personal data: which failures a retry
 * can mend (an unavailable directory or attachment, a source the kit was started without) and
 * which it cannot (no address, an attachment gone, a text that does not open).
 */
class KitMessageOpenerTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");
    private static final RenderedMessage TEXT = new RenderedMessage("en", "noreplay@clickphone.ro", "Fax received",
            "You received a fax.\n");
    private static final AttachmentRef PLAIN_FAX = new AttachmentRef("fax", "f-1", "fax.pdf", "application/pdf",
            Optional.empty());

    @TempDir
    Path dir;
    private Sealer sealer;
    private StreamEncryptor streams;
    private final ContactDirectory contacts = mock(ContactDirectory.class);
    private final AttachmentSource faxes = mock(AttachmentSource.class);

    @BeforeEach
    void parts() {
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                dir.resolve("k.p12"), "pw".toCharArray(), "k")), new InMemorySubjectKeyStore(), Clock.systemUTC());
        sealer = new Sealer(new FieldEncryptor(keys));
        streams = new StreamEncryptor(keys);
        when(faxes.id()).thenReturn("fax");
        when(contacts.find(ANA)).thenReturn(Optional.of(new SubjectContacts(Map.of(Medium.EMAIL, "ana@example.ro"),
                "en")));
    }

    private KitMessageOpener opener(Map<String, AttachmentSource> sources) {
        return new KitMessageOpener(contacts, sealer, sources, () -> streams, Policy::clickPhoneDefault);
    }

    private OutboxMessage message(List<AttachmentRef> attachments) {
        return OutboxMessage.pending("n-1", NotificationType.of("FAX_RECEIVED"), ANA, "mail", Medium.EMAIL, NOW,
                sealer.seal(ANA, "n-1", TEXT), attachments);
    }

    private static DeliveryProblem problem(Runnable run) {
        return assertThrows(DeliveryProblem.class, run::run);
    }

    @Test
    void opens_theAddressNow_theTextUnsealed_theAttachmentReadOnDemand() throws IOException {
        when(faxes.open(ANA, "f-1")).thenAnswer(i -> Optional.of(new ByteArrayInputStream(new byte[] {1, 2, 3})));
        OutboundMessage out = opener(Map.of("fax", faxes)).open(message(List.of(PLAIN_FAX)));
        assertEquals("ana@example.ro", out.to());
        assertEquals("Fax received", out.subjectLine());
        assertEquals("en", out.language());
        try (InputStream in = out.attachments().get(0).open()) {
            assertEquals(3, in.readAllBytes().length);
        }
    }

    @Test
    void noAddressForTheMedium_isPermanent() {
        when(contacts.find(ANA)).thenReturn(Optional.of(new SubjectContacts(Map.of(Medium.SMS, "+40721234567"), "ro")));
        DeliveryProblem p = problem(() -> opener(Map.of()).open(message(List.of())));
        assertTrue(p.permanent());
        assertEquals("no-address", p.code());
    }

    @Test
    void directoryDown_isTransient() {
        when(contacts.find(any())).thenThrow(new StoreException("directory down", true, null));
        DeliveryProblem p = problem(() -> opener(Map.of()).open(message(List.of())));
        assertEquals(false, p.permanent());
        assertEquals("contacts-unavailable", p.code());
    }

    @Test
    void attachmentGone_isPermanent_unreadable_isTransient() throws IOException {
        when(faxes.open(ANA, "f-1")).thenReturn(Optional.empty());
        DeliveryProblem gone = problem(() -> opener(Map.of("fax", faxes)).open(message(List.of(PLAIN_FAX))));
        assertEquals("attachment-gone", gone.code());
        assertTrue(gone.permanent());

        when(faxes.open(ANA, "f-1")).thenThrow(new IOException("disk"));
        DeliveryProblem down = problem(() -> opener(Map.of("fax", faxes)).open(message(List.of(PLAIN_FAX))));
        assertEquals("attachment-unavailable", down.code());
        assertEquals(false, down.permanent());
    }

    @Test
    void attachmentOfASourceTheKitWasNotGiven_isTransient() {
        DeliveryProblem p = problem(() -> opener(Map.of()).open(message(List.of(PLAIN_FAX))));
        assertEquals("attachment-source-unknown", p.code());
        assertEquals(false, p.permanent());
    }

    @Test
    void encryptedAttachmentThatDoesNotDecrypt_isPermanent() throws IOException {
        AttachmentRef encrypted = new AttachmentRef("fax", "f-1", "fax.pdf", "application/pdf",
                Optional.of(new AttachmentRef.EncryptedAs("fax", "fax_document", DataCategory.of("FAX"))));
        when(faxes.open(ANA, "f-1")).thenAnswer(i -> Optional.of(new ByteArrayInputStream(new byte[64])));
        DeliveryProblem p = problem(() -> opener(Map.of("fax", faxes)).open(message(List.of(encrypted))));
        assertEquals("attachment-integrity", p.code());
        assertTrue(p.permanent());
    }

    @Test
    void textOfAnotherMessage_isPermanent_contentIntegrity() {
        OutboxMessage original = message(List.of());
        OutboxMessage moved = OutboxMessage.pending("n-2", original.type(), ANA, "mail", Medium.EMAIL, NOW,
                original.content().orElseThrow(), List.of());
        DeliveryProblem p = problem(() -> opener(Map.of()).open(moved));
        assertEquals("content-integrity", p.code());
        assertTrue(p.permanent());
    }
}
