package ro.clickphone.privacy.spi.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The values of the notification SPI: each component validated with a message that names it and
 * never echoes it; the outbox message's states and transitions; and no {@code toString()} printing
 * an address, a subject line, a body, a subject id, content or a file name.
 */
class NotifyValuesTest {

    private static final String MAIL = "ion.popescu@example.ro";
    private static final String PHONE = "+40721234567";
    private static final SubjectId ION = SubjectId.of("ion.popescu.cnp-1850101123456");
    private static final String SUBJECT_LINE = "Apel nerăspuns de la Maria Ionescu";
    private static final String BODY = "Maria Ionescu (0744 555 666) v-a sunat.";
    private static final String FILE = "mesaj-maria-ionescu.wav";
    private static final String SEALED = "v1.sealed-maria-ionescu";
    private static final Instant T0 = Instant.parse("2030-01-15T08:00:00Z");
    private static final NotificationType MISSED_CALL = NotificationType.of("MISSED_CALL");

    private static Attachment attachment(String fileName, String contentType) {
        return new Attachment(fileName, contentType, InputStream::nullInputStream);
    }

    private static OutboundMessage message(String key, String to, String language, String subjectLine,
            List<Attachment> attachments) {
        return new OutboundMessage(key, Medium.EMAIL, "noreplay@clickphone.ro", to, language, subjectLine, BODY,
                attachments);
    }

    private static OutboxMessage pending() {
        return OutboxMessage.pending("m-1", MISSED_CALL, ION, "smtp", Medium.EMAIL, T0, SEALED,
                List.of(new AttachmentRef("voicemail", "vm-77", FILE, "audio/wav", Optional.empty())));
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(Duration.ofMinutes(5)));
    }

    private static DeliveryReceipt receipt() {
        return new DeliveryReceipt("smtp", "<k1.abc@mail.clickphone.ro>", T0.plusSeconds(1));
    }

    /** Asserts the call is refused naming the component, without echoing the planted value. */
    private static void refused(String component, String planted, Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call, component);
        assertTrue(e.getMessage().contains(component), e.getMessage());
        if (planted != null && planted.strip().length() > 2) {
            assertFalse(e.getMessage().contains(planted.strip()), "the message echoes the value: " + e.getMessage());
        }
    }

    // --- Medium -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "email", "1SMS", "E MAIL", "E-MAIL", "ÉMAIL", MAIL})
    void medium_thatIsNotAnUpperCaseId_isRefused(String id) {
        refused("medium", id, () -> Medium.of(id));
    }

    @Test
    void medium_knowsTheCommonOnes_andPrintsItsId() {
        assertEquals(Medium.EMAIL, Medium.of("EMAIL"));
        assertEquals("FAX_TO_MAIL", Medium.of("FAX_TO_MAIL").toString());
        assertThrows(InvalidInputException.class, () -> Medium.of(null));
        assertThrows(InvalidInputException.class, () -> Medium.of("M".repeat(65)));
    }

    // --- OutboundMessage ----------------------------------------------------------------------------

    static Stream<Arguments> badMessages() {
        List<Attachment> none = List.of();
        return Stream.of(
                Arguments.of("idempotencyKey", null, (Executable) () -> message(null, MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", "", (Executable) () -> message("", MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", "k 1", (Executable) () -> message("k 1", MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", "-k1", (Executable) () -> message("-k1", MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", MAIL, (Executable) () -> message(MAIL, MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", "k/1", (Executable) () -> message("k/1", MAIL, "ro", "", none)),
                Arguments.of("idempotencyKey", null, (Executable) () -> message("k".repeat(129), MAIL, "ro", "", none)),
                Arguments.of("message.medium", null, (Executable) () -> new OutboundMessage("k1", null, "a@b.ro", MAIL,
                        "ro", "", BODY, none)),
                Arguments.of("message.from", null, (Executable) () -> new OutboundMessage("k1", Medium.EMAIL, null,
                        MAIL, "ro", "", BODY, none)),
                Arguments.of("message.to", null, (Executable) () -> message("k1", null, "ro", "", none)),
                Arguments.of("message.to", null, (Executable) () -> message("k1", "  ", "ro", "", none)),
                Arguments.of("message.language", null, (Executable) () -> message("k1", MAIL, null, "", none)),
                Arguments.of("message.language", null, (Executable) () -> message("k1", MAIL, "RO", "", none)),
                Arguments.of("message.language", null, (Executable) () -> message("k1", MAIL, "r", "", none)),
                Arguments.of("message.language", null, (Executable) () -> message("k1", MAIL, "rom-", "", none)),
                Arguments.of("message.subjectLine", null, (Executable) () -> message("k1", MAIL, "ro", null, none)),
                Arguments.of("message.subjectLine", SUBJECT_LINE, (Executable) () -> message("k1", MAIL, "ro",
                        SUBJECT_LINE + "\nBcc: " + MAIL, none)),
                Arguments.of("message.subjectLine", SUBJECT_LINE, (Executable) () -> message("k1", MAIL, "ro",
                        SUBJECT_LINE + "\r", none)),
                Arguments.of("message.subjectLine", null, (Executable) () -> message("k1", MAIL, "ro", "x".repeat(999),
                        none)),
                Arguments.of("message.body", null, (Executable) () -> new OutboundMessage("k1", Medium.EMAIL, "a@b.ro",
                        MAIL, "ro", "", null, none)),
                Arguments.of("message.attachments", null, (Executable) () -> message("k1", MAIL, "ro", "", null)),
                Arguments.of("message.attachments", null, (Executable) () -> message("k1", MAIL, "ro", "",
                        Arrays.asList(attachment("a.wav", "audio/wav"), null))));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("badMessages")
    void outboundMessage_withABadComponent_isRefused_namingIt(String component, String planted, Executable call) {
        refused(component, planted, call);
    }

    @Test
    void outboundMessage_copiesItsAttachments_andPrintsNoAddressSubjectLineOrBody() {
        List<Attachment> attachments = new ArrayList<>(List.of(attachment(FILE, "audio/wav")));
        OutboundMessage message = message("k1", MAIL, "ro", SUBJECT_LINE, attachments);
        attachments.clear();
        assertEquals(1, message.attachments().size(), "a copy");
        assertThrows(UnsupportedOperationException.class, () -> message.attachments().clear());
        assertEquals("", message("k2", PHONE, "en", "", List.of()).subjectLine(), "a text message has none");
        String text = message.toString();
        assertEquals("OutboundMessage[key=" + ro.clickphone.privacy.spi.internal.Checks.shortHash("k1")
                + ", medium=EMAIL, language=ro, attachments=1]", text);
        String telling = message("welcome-ion.popescu", MAIL, "ro", SUBJECT_LINE, List.of()).toString();
        assertFalse(telling.contains("popescu"), "a caller's key may be telling: printed as a hash, " + telling);
        for (String planted : List.of("ion.popescu", SUBJECT_LINE, "Maria", "0744", FILE, "noreplay")) {
            assertFalse(text.contains(planted), text);
        }
        assertEquals("k-1.a_b:c", OutboundMessage.checkKey("k-1.a_b:c"));
    }

    // --- Attachment and AttachmentRef ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../etc/passwd", "dir\\mesaj.wav", "mesaj\n.wav", "mesaj\r.wav", "mesaj\0.wav"})
    void attachment_fileNameWithAPathOrLineBreak_isRefused(String fileName) {
        refused("attachment.fileName", null, () -> attachment(fileName, "audio/wav"));
        refused("attachment.fileName", null, () -> new AttachmentRef("voicemail", "vm-1", fileName, "audio/wav",
                Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "audio", "Audio/WAV", "audio/wav; charset=x", "audio/wav\r\nBcc: x", "/wav"})
    void attachment_contentTypeThatIsNotAMediaType_isRefused(String contentType) {
        refused("attachment.contentType", null, () -> attachment("a.wav", contentType));
    }

    @Test
    void attachment_nulls_andOverlongNames_areRefused() {
        refused("attachment.fileName", null, () -> attachment(null, "audio/wav"));
        refused("attachment.fileName", null, () -> attachment("a".repeat(197) + ".wav", "audio/wav"));
        refused("attachment.contentType", null, () -> attachment("a.wav", null));
        refused("attachment.content", null, () -> new Attachment("a.wav", "audio/wav", null));
        assertEquals(200, attachment("a".repeat(196) + ".wav", "audio/wav").fileName().length());
    }

    @Test
    void attachment_opensFromTheBeginningEachTime_andPrintsItsMediaTypeOnly() throws IOException {
        byte[] bytes = "RIFF-audio".getBytes(StandardCharsets.US_ASCII);
        AtomicInteger opens = new AtomicInteger();
        Attachment attachment = new Attachment(FILE, "audio/wav", () -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        });
        assertEquals(0, opens.get(), "opened only when read");
        try (InputStream first = attachment.open(); InputStream second = attachment.open()) {
            assertEquals("RIFF-audio", new String(first.readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals("RIFF-audio", new String(second.readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertEquals(2, opens.get());
        assertEquals("Attachment[audio/wav]", attachment.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "vm 1", "-vm1", "vm/1", MAIL})
    void attachmentRef_idThatIsNotAnId_isRefused_withoutEchoingIt(String id) {
        refused("attachment.id", id, () -> new AttachmentRef("voicemail", id, "a.wav", "audio/wav", Optional.empty()));
    }

    @Test
    void attachmentRef_validatesEveryComponent_andPrintsNoIdOrFileName() {
        refused("attachment.source", null, () -> new AttachmentRef(null, "vm-1", "a.wav", "audio/wav",
                Optional.empty()));
        refused("attachment.source", null, () -> new AttachmentRef("Voicemail", "vm-1", "a.wav", "audio/wav",
                Optional.empty()));
        refused("attachment.id", null, () -> new AttachmentRef("voicemail", null, "a.wav", "audio/wav",
                Optional.empty()));
        refused("attachment.id", null, () -> new AttachmentRef("voicemail", "v".repeat(129), "a.wav", "audio/wav",
                Optional.empty()));
        refused("attachment.encryptedAs", null, () -> new AttachmentRef("voicemail", "vm-1", "a.wav", "audio/wav",
                null));
        DataCategory content = DataCategory.of("CONTENT");
        refused("attachment.entity", null, () -> new AttachmentRef.EncryptedAs("Voicemail", "audio", content));
        refused("attachment.entity", null, () -> new AttachmentRef.EncryptedAs(null, "audio", content));
        refused("attachment.field", null, () -> new AttachmentRef.EncryptedAs("voicemail", "audio file", content));
        refused("attachment.category", null, () -> new AttachmentRef.EncryptedAs("voicemail", "audio", null));

        AttachmentRef plain = new AttachmentRef("voicemail", "vm-0744555666", FILE, "audio/wav", Optional.empty());
        AttachmentRef sealed = new AttachmentRef("voicemail", "vm-0744555666", FILE, "audio/wav",
                Optional.of(new AttachmentRef.EncryptedAs("voicemail", "audio", content)));
        assertEquals("AttachmentRef[source=voicemail, audio/wav]", plain.toString());
        assertEquals("AttachmentRef[source=voicemail, audio/wav, encrypted]", sealed.toString());
    }

    // --- DeliveryResult -----------------------------------------------------------------------------

    @Test
    void deliveryReceipt_validatesItsComponents() {
        refused("receipt.channel", null, () -> new DeliveryReceipt(null, "m-1", T0));
        refused("receipt.channel", null, () -> new DeliveryReceipt("SMTP", "m-1", T0));
        refused("receipt.channel", null, () -> new DeliveryReceipt("smtp relay", "m-1", T0));
        refused("receipt.reference", null, () -> new DeliveryReceipt("smtp", null, T0));
        refused("receipt.reference", null, () -> new DeliveryReceipt("smtp", "", T0));
        refused("receipt.reference", null, () -> new DeliveryReceipt("smtp", ".m-1", T0));
        refused("receipt.reference", SUBJECT_LINE, () -> new DeliveryReceipt("smtp", SUBJECT_LINE, T0));
        refused("receipt.reference", null, () -> new DeliveryReceipt("smtp", "m-1\r\nX: y", T0));
        refused("receipt.reference", null, () -> new DeliveryReceipt("smtp", "m".repeat(201), T0));
        refused("receipt.acceptedAt", null, () -> new DeliveryReceipt("smtp", "m-1", null));
        DeliveryReceipt receipt = new DeliveryReceipt("smtp", "<20300115.k1+x=y@mail.clickphone.ro>", T0);
        assertTrue(receipt.delivered());
        assertEquals("mailbox", new DeliveryReceipt("mailbox", "m-1.eml", T0).channel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SMTP-550", "smtp 550", "-smtp", "smtp/550", "ion@example.ro", "0721234567",
            "40721234567", "203.0.113.7", "smtp-550\n"})
    void deliveryFailure_codeThatIsNotACode_orIsShapedLikePersonalData_isRefused(String code) {
        refused("failure.code", code, () -> DeliveryFailure.transientFailure(code));
        refused("failure.code", code, () -> DeliveryFailure.permanentFailure(code));
    }

    @Test
    void deliveryFailure_isTransientOrPermanent_andNoDelivery() {
        assertThrows(InvalidInputException.class, () -> new DeliveryFailure(true, null));
        assertThrows(InvalidInputException.class, () -> new DeliveryFailure(true, "x".repeat(65)));
        DeliveryFailure later = DeliveryFailure.transientFailure("smtp-421");
        DeliveryFailure never = DeliveryFailure.permanentFailure("smtp-550");
        assertFalse(later.permanent());
        assertTrue(never.permanent());
        assertFalse(never.delivered());
        assertEquals("timeout", DeliveryFailure.transientFailure("timeout").code());
        assertEquals("attachment-gone.v2_x", DeliveryFailure.permanentFailure("attachment-gone.v2_x").code());
    }

    // --- SubjectContacts ----------------------------------------------------------------------------

    @Test
    void subjectContacts_validatesAddressesAndLanguage_withoutEchoingAnAddress() {
        refused("contacts.addresses", null, () -> new SubjectContacts(null, "ro"));
        Map<Medium, String> nullKey = new HashMap<>();
        nullKey.put(null, MAIL);
        refused("contacts.medium", null, () -> new SubjectContacts(nullKey, "ro"));
        Map<Medium, String> nullValue = new HashMap<>();
        nullValue.put(Medium.EMAIL, null);
        refused("contacts.address", null, () -> new SubjectContacts(nullValue, "ro"));
        refused("contacts.address", null, () -> new SubjectContacts(Map.of(Medium.EMAIL, " "), "ro"));
        refused("contacts.address", MAIL, () -> new SubjectContacts(Map.of(Medium.EMAIL, MAIL + "\nBcc: x@y.ro"),
                "ro"));
        refused("contacts.address", MAIL, () -> new SubjectContacts(Map.of(Medium.EMAIL, MAIL + "\r"), "ro"));
        refused("contacts.address", null, () -> new SubjectContacts(Map.of(Medium.EMAIL, "a".repeat(321)), "ro"));
        refused("contacts.language", null, () -> new SubjectContacts(Map.of(), null));
        refused("contacts.language", null, () -> new SubjectContacts(Map.of(), "RO"));
        refused("contacts.language", null, () -> new SubjectContacts(Map.of(), "ro-RO"));
        refused("contacts.medium", null, () -> new SubjectContacts(Map.of(), "ro").address(null));
        refused("contacts.medium", null, () -> new SubjectContacts(Map.of(), "ro").withAddress(null, MAIL));
        refused("contacts.address", null, () -> new SubjectContacts(Map.of(), "ro").withAddress(Medium.SMS, null));
    }

    @Test
    void subjectContacts_copiesTheMap_withAddressCopiesAgain_andToStringNamesMediaOnly() {
        Map<Medium, String> addresses = new HashMap<>(Map.of(Medium.EMAIL, MAIL));
        SubjectContacts contacts = new SubjectContacts(addresses, "ro");
        addresses.put(Medium.SMS, PHONE);
        assertEquals(Optional.empty(), contacts.address(Medium.SMS), "a copy");
        assertThrows(UnsupportedOperationException.class, () -> contacts.addresses().put(Medium.SMS, PHONE));
        SubjectContacts both = contacts.withAddress(Medium.SMS, PHONE);
        assertNotSame(contacts, both);
        assertEquals(Optional.empty(), contacts.address(Medium.SMS), "the original is unchanged");
        assertEquals(Optional.of(PHONE), both.address(Medium.SMS));
        assertEquals(Optional.of(MAIL), both.address(Medium.EMAIL));
        assertEquals("SubjectContacts[media=[EMAIL, SMS], language=ro]", both.toString());
        assertFalse(both.toString().contains("0721"));
    }

    // --- OutboxMessage: components and state invariants ---------------------------------------------

    /** Builds an outbox message from a pending one with one component replaced. */
    private static OutboxMessage with(Function<Object[], Object[]> change) {
        OutboxMessage p = pending();
        Object[] c = {p.id(), p.type(), p.subject(), p.channel(), p.medium(), p.state(), p.createdAt(), p.attempts(),
            p.nextAttemptAt(), p.lease(), p.content(), p.attachments(), p.reason(), p.receipt(), p.finishedAt()};
        Object[] n = change.apply(c);
        @SuppressWarnings("unchecked")
        OutboxMessage built = new OutboxMessage((String) n[0], (NotificationType) n[1], (SubjectId) n[2],
                (String) n[3], (Medium) n[4], (OutboxState) n[5], (Instant) n[6], (Integer) n[7], (Instant) n[8],
                (Optional<Lease>) n[9], (Optional<String>) n[10], (List<AttachmentRef>) n[11],
                (Optional<String>) n[12], (Optional<DeliveryReceipt>) n[13], (Optional<Instant>) n[14]);
        return built;
    }

    private static Function<Object[], Object[]> set(int index, Object value) {
        return c -> {
            Object[] copy = c.clone();
            copy[index] = value;
            return copy;
        };
    }

    static Stream<Arguments> badOutboxComponents() {
        return Stream.of(
                Arguments.of("idempotencyKey", set(0, null)),
                Arguments.of("idempotencyKey", set(0, "m 1")),
                Arguments.of("outbox.type", set(1, null)),
                Arguments.of("outbox.subject", set(2, null)),
                Arguments.of("outbox.channel", set(3, null)),
                Arguments.of("outbox.channel", set(3, "SMTP")),
                Arguments.of("outbox.medium", set(4, null)),
                Arguments.of("outbox.state", set(5, null)),
                Arguments.of("outbox.createdAt", set(6, null)),
                Arguments.of("outbox.attempts", set(7, -1)),
                Arguments.of("outbox.nextAttemptAt", set(8, null)),
                Arguments.of("outbox.lease", set(9, null)),
                Arguments.of("outbox.content", set(10, null)),
                Arguments.of("outbox.content", set(10, Optional.of(""))),
                Arguments.of("outbox.content", set(10, Optional.of("x".repeat((1 << 20) + 1)))),
                Arguments.of("outbox.attachments", set(11, null)),
                Arguments.of("outbox.attachments", set(11, Arrays.asList((AttachmentRef) null))),
                Arguments.of("outbox.reason", set(12, null)),
                Arguments.of("outbox.reason", set(12, Optional.of("no reason"))),
                Arguments.of("outbox.reason", set(12, Optional.of("0721234567"))),
                Arguments.of("outbox.reason", set(12, Optional.of("ion@example.ro"))),
                Arguments.of("outbox.receipt", set(13, null)),
                Arguments.of("outbox.finishedAt", set(14, null)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("badOutboxComponents")
    void outboxMessage_withABadComponent_isRefused_namingIt(String component, Function<Object[], Object[]> change) {
        refused(component, null, () -> with(change));
    }

    @Test
    void outboxMessage_componentsMustAgreeWithTheState() {
        refused("outbox.content", null, () -> with(set(10, Optional.empty())));
        refused("outbox.receipt", null, () -> with(set(13, Optional.of(receipt()))));
        refused("outbox.receipt", null, () -> with(set(5, OutboxState.DELIVERED)).toString());
        refused("outbox.finishedAt", null, () -> with(set(14, Optional.of(T0))));
        refused("outbox.finishedAt", null, () -> with(set(5, OutboxState.DEAD)));
        refused("outbox.finishedAt", null, () -> with(set(5, OutboxState.SUPPRESSED)));
        assertEquals(OutboxState.DEAD, with(c -> {
            Object[] d = set(5, OutboxState.DEAD).apply(c);
            d[14] = Optional.of(T0);
            return d;
        }).state());
    }

    @Test
    void outboxMessage_factoriesGiveNewPendingAndSuppressedMessages() {
        OutboxMessage p = pending();
        assertEquals(OutboxState.PENDING, p.state());
        assertEquals(0, p.attempts());
        assertEquals(T0, p.nextAttemptAt(), "due at once");
        assertEquals(Optional.of(SEALED), p.content());
        assertTrue(p.lease().isEmpty() && p.reason().isEmpty() && p.receipt().isEmpty() && p.finishedAt().isEmpty());
        refused("outbox.content", null, () -> OutboxMessage.pending("m-1", MISSED_CALL, ION, "smtp", Medium.EMAIL, T0,
                null, List.of()));

        OutboxMessage s = OutboxMessage.suppressed("m-2", MISSED_CALL, ION, "smtp", Medium.SMS, T0, "OBJECTED");
        assertEquals(OutboxState.SUPPRESSED, s.state());
        assertEquals(Optional.of("OBJECTED"), s.reason());
        assertEquals(Optional.of(T0), s.finishedAt());
        assertTrue(s.content().isEmpty() && s.attachments().isEmpty());
        assertFalse(s.claimableBy(lease("d-1", T0)), "never sent");
        refused("outbox.reason", null, () -> OutboxMessage.suppressed("m-2", MISSED_CALL, ION, "smtp", Medium.SMS, T0,
                null));
        refused("outbox.createdAt", null, () -> OutboxMessage.suppressed("m-2", MISSED_CALL, ION, "smtp", Medium.SMS,
                null, "OBJECTED"));
    }

    // --- OutboxMessage: transitions -----------------------------------------------------------------

    @Test
    void claimableBy_needsPending_due_andNoHoldingLease() {
        OutboxMessage p = pending();
        assertTrue(p.claimableBy(lease("d-1", T0)), "due at its creation");
        assertFalse(p.claimableBy(lease("d-1", T0.minusSeconds(1))), "not yet due");
        OutboxMessage claimed = p.claimed(lease("d-1", T0));
        assertFalse(claimed.claimableBy(lease("d-2", T0.plusSeconds(299))), "the lease holds");
        assertFalse(claimed.claimableBy(lease("d-1", T0.plusSeconds(10))), "even for its own owner");
        assertTrue(claimed.claimableBy(lease("d-2", T0.plusSeconds(300))), "expired");
        assertFalse(claimed.delivered(receipt(), T0).claimableBy(lease("d-2", T0.plusSeconds(900))));
        assertThrows(InvalidInputException.class, () -> p.claimableBy(null));
    }

    @Test
    void heldBy_namesTheLeasesOwner_whilePending_evenAfterExpiry() {
        OutboxMessage claimed = pending().claimed(lease("d-1", T0));
        assertTrue(claimed.heldBy("d-1"));
        assertFalse(claimed.heldBy("d-2"));
        assertFalse(pending().heldBy("d-1"), "unclaimed");
        assertFalse(claimed.released().heldBy("d-1"));
        assertFalse(claimed.dead("smtp-550", T0).heldBy("d-1"));
        assertFalse(claimed.heldBy(null));
    }

    @Test
    void delivered_countsTheAttempt_keepsTheReceipt_andEnds() {
        OutboxMessage claimed = pending().retrying("timeout", T0.plusSeconds(60)).claimed(lease("d-1", T0.plusSeconds(60)));
        OutboxMessage delivered = claimed.delivered(receipt(), T0.plusSeconds(61));
        assertEquals(OutboxState.DELIVERED, delivered.state());
        assertEquals(2, delivered.attempts());
        assertEquals(Optional.of(receipt()), delivered.receipt());
        assertEquals(Optional.of(T0.plusSeconds(61)), delivered.finishedAt());
        assertTrue(delivered.lease().isEmpty(), "the lease is cleared");
        assertTrue(delivered.reason().isEmpty(), "the earlier failure is no longer the story");
        assertEquals(claimed.content(), delivered.content());
        assertEquals(claimed.attachments(), delivered.attachments());
        refused("outbox.receipt", null, () -> claimed.delivered(null, T0));
        refused("outbox.finishedAt", null, () -> claimed.delivered(receipt(), null));
    }

    @Test
    void retrying_countsTheAttempt_clearsTheLease_andSetsTheNextAttempt() {
        OutboxMessage claimed = pending().claimed(lease("d-1", T0));
        OutboxMessage retrying = claimed.retrying("smtp-421", T0.plusSeconds(30));
        assertEquals(OutboxState.PENDING, retrying.state());
        assertEquals(1, retrying.attempts());
        assertEquals(T0.plusSeconds(30), retrying.nextAttemptAt());
        assertEquals(Optional.of("smtp-421"), retrying.reason());
        assertTrue(retrying.lease().isEmpty());
        assertTrue(retrying.finishedAt().isEmpty());
        refused("outbox.reason", null, () -> claimed.retrying(null, T0));
        refused("outbox.reason", null, () -> claimed.retrying("0744555666", T0));
        refused("outbox.nextAttemptAt", null, () -> claimed.retrying("timeout", null));
    }

    @Test
    void dead_countsTheAttempt_andEnds_andRequeuedStartsAfresh() {
        OutboxMessage claimed = pending().claimed(lease("d-1", T0));
        OutboxMessage dead = claimed.dead("smtp-550", T0.plusSeconds(5));
        assertEquals(OutboxState.DEAD, dead.state());
        assertEquals(1, dead.attempts());
        assertEquals(Optional.of("smtp-550"), dead.reason());
        assertEquals(Optional.of(T0.plusSeconds(5)), dead.finishedAt());
        assertTrue(dead.lease().isEmpty());
        refused("outbox.reason", null, () -> claimed.dead(null, T0));
        refused("outbox.finishedAt", null, () -> claimed.dead("smtp-550", null));

        OutboxMessage requeued = dead.requeued(T0.plusSeconds(3600));
        assertEquals(OutboxState.PENDING, requeued.state());
        assertEquals(0, requeued.attempts(), "attempts counted afresh");
        assertEquals(T0.plusSeconds(3600), requeued.nextAttemptAt());
        assertTrue(requeued.finishedAt().isEmpty());
        assertEquals(dead.content(), requeued.content());
        refused("outbox.nextAttemptAt", null, () -> dead.requeued(null));
    }

    @Test
    void released_clearsTheLease_only() {
        OutboxMessage claimed = pending().retrying("timeout", T0).claimed(lease("d-1", T0));
        OutboxMessage released = claimed.released();
        assertTrue(released.lease().isEmpty());
        assertEquals(claimed.attempts(), released.attempts(), "no attempt counted");
        assertEquals(claimed.nextAttemptAt(), released.nextAttemptAt());
        assertEquals(claimed.reason(), released.reason());
        assertEquals(OutboxState.PENDING, released.state());
        refused("lease", null, () -> pending().claimed(null));
    }

    @Test
    void transitionsThatWouldBreakTheInvariants_areRefused() {
        OutboxMessage suppressed = OutboxMessage.suppressed("m-2", MISSED_CALL, ION, "smtp", Medium.SMS, T0, "OBJECTED");
        refused("outbox.content", null, () -> suppressed.delivered(receipt(), T0));
        refused("outbox.content", null, () -> suppressed.retrying("timeout", T0));
        assertEquals(suppressed, suppressed.released(), "nothing to release");
    }

    @Test
    void isNew_onlyForAPendingMessageNeverTriedOrClaimed_orASuppressedOne() {
        assertTrue(pending().isNew());
        assertTrue(OutboxMessage.suppressed("m-2", MISSED_CALL, ION, "smtp", Medium.SMS, T0, "OBJECTED").isNew());
        assertFalse(pending().claimed(lease("d-1", T0)).isNew(), "claimed");
        assertFalse(pending().retrying("timeout", T0).isNew(), "tried");
        assertFalse(pending().claimed(lease("d-1", T0)).released().retrying("timeout", T0).released().isNew());
        assertFalse(pending().dead("smtp-550", T0).requeued(T0).isNew(), "a requeued dead letter carries its reason");
        assertFalse(pending().delivered(receipt(), T0).isNew());
    }

    @Test
    void outboxMessage_toString_printsNoSubjectContentOrFileName() {
        OutboxMessage p = pending().claimed(lease("d-1", T0));
        String text = p.toString();
        assertEquals("OutboxMessage[id=" + ro.clickphone.privacy.spi.internal.Checks.shortHash("m-1")
                + ", type=MISSED_CALL, channel=smtp, state=PENDING, attempts=0]", text);
        assertTrue(text.matches(".*id=#[0-9a-f]{12},.*"), "twelve hex digits of the id's SHA-256");
        String delivered = p.delivered(receipt(), T0).toString();
        for (String planted : List.of("ion.popescu", "1850101123456", SEALED, "maria", FILE, "vm-77", "mail.clickphone")) {
            assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains(planted), text);
            assertFalse(delivered.toLowerCase(java.util.Locale.ROOT).contains(planted), delivered);
        }
    }
}
