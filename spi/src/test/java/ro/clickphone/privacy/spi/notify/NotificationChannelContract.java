package ro.clickphone.privacy.spi.notify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.testkit.Race;
import ro.clickphone.privacy.spi.Names;

/**
 * The contract every {@link NotificationChannel} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar), open their channel in {@link #channel()} and say how
 * often a message reached its recipient in {@link #deliveriesOf(String)}:
 *
 * <pre>{@code
 * class MailboxChannelTest extends NotificationChannelContract {
 *     @TempDir Path folder;
 *     protected NotificationChannel channel() {
 *         return new MailboxChannel("mailbox", folder);
 *     }
 *     protected int deliveriesOf(String idempotencyKey) {
 *         return countEmlFilesWithHeader(folder, "X-Idempotency-Key", idempotencyKey);
 *     }
 * }
 * }</pre>
 *
 * <p>What it proves: the channel names itself and its media; a delivery returns a receipt naming the
 * channel; the same idempotency key is delivered at most once — sent twice in a row, sent again
 * with other text, sent from several threads at once — while a failed attempt does not use the key
 * up, nor does a permanent refusal; a channel that declares
 * {@link NotificationChannel#idempotentAcrossRestarts()} delivers a key once also across a fresh
 * instance opened by {@link #reopen()}; an attachment is read while sending and every stream
 * opened is closed; receipts, failures, the console and {@code toString()} carry no address,
 * subject line or body; {@code close()} may be called twice.
 *
 * <p>Every test uses fresh idempotency keys, so {@link #deliveriesOf} may observe a recipient
 * (a mail server, a folder) that outlives one test. It is read right after {@code send} returned:
 * a receipt means the message reached the recipient's side.
 */
public abstract class NotificationChannelContract {

    /** The sender every test message names. */
    protected static final String FROM = "noreplay@clickphone.ro";
    /** A subject line naming a person, which must never leave the message. */
    protected static final String SUBJECT_LINE = "Apel nerăspuns de la Ion Popescu";
    /** A body naming a person and a phone number, which must never leave the message. */
    protected static final String BODY = "Bună ziua,\nIon Popescu (0721 234 567) v-a sunat la 10:42.\nȘtefan";
    /** The attachment's bytes: binary, so that a channel has to encode them. */
    private static final byte[] AUDIO = audio();
    private static final int THREADS = 4;

    private NotificationChannel channel;

    /** For subclasses. */
    protected NotificationChannelContract() {
    }

    /**
     * Opens the channel under test. Called once before each test; the contract closes it after.
     *
     * @return the channel
     */
    protected abstract NotificationChannel channel();

    /**
     * How many times the message with this key reached its recipient (a mail server's inbox, a
     * folder, a gateway's log): the observation the idempotency tests rest on.
     *
     * @param idempotencyKey the key the contract sent with
     * @return the number of deliveries, 0 if none
     */
    protected abstract int deliveriesOf(String idempotencyKey);

    /**
     * Opens a fresh instance of the channel on the same backing state as the one {@link #channel()}
     * returned last (the same folder, the same gateway account): what the next process would open
     * after a restart. Used only if the channel declares
     * {@link NotificationChannel#idempotentAcrossRestarts()}; a channel that does not declare it
     * skips that test.
     *
     * @return a new instance; by default {@link #channel()} again, right when {@code channel()}
     *     opens on state that outlives the instance
     */
    protected NotificationChannel reopen() {
        return channel();
    }

    /**
     * The medium the test messages travel on; one of the channel's {@link NotificationChannel#media()}.
     *
     * @return by default {@link Medium#EMAIL}
     */
    protected Medium medium() {
        return Medium.EMAIL;
    }

    /**
     * An address the channel delivers to on {@link #medium()}.
     *
     * @return by default an e-mail address
     */
    protected String address() {
        return "ion.popescu@example.ro";
    }

    /**
     * Whether the channel carries attachments on {@link #medium()}. One that cannot (a text message)
     * must refuse a message with an attachment with a permanent failure rather than deliver it
     * without.
     *
     * @return by default {@code true}
     */
    protected boolean carriesAttachments() {
        return true;
    }

    /**
     * An address the channel refuses at once (a malformed one, or one its test server rejects), to
     * prove that a refusal is a permanent {@link DeliveryFailure} naming no personal data. By
     * default none, and that test is skipped.
     *
     * @return the address, or empty
     */
    protected Optional<String> refusedAddress() {
        return Optional.empty();
    }

    @BeforeEach
    final void openChannel() {
        channel = channel();
        assertNotNull(channel, "channel() returned null");
    }

    @AfterEach
    final void closeChannel() {
        channel.close();
    }

    // --- identity -----------------------------------------------------------------------------------

    @Test
    void identity_idIsALowerCaseName_andMediaIncludeTheMediumUnderTest() {
        assertTrue(Names.isName(channel.id()), "the id is " + Names.RULE);
        assertFalse(channel.media().isEmpty(), "a channel serves at least one medium");
        assertTrue(channel.media().contains(medium()), "the channel serves " + medium());
    }

    // --- delivery and idempotency -------------------------------------------------------------------

    @Test
    void send_deliversOnce_andReturnsAReceiptNamingTheChannel() {
        String key = newKey("one");
        DeliveryReceipt receipt = receipt(channel.send(message(key, BODY, List.of())));
        assertEquals(channel.id(), receipt.channel(), "the receipt names the channel that delivered");
        assertEquals(1, deliveriesOf(key));
    }

    @Test
    void send_twiceWithOneKey_deliversOnce_andTheSecondCallReturnsTheFirstDeliverysReceipt() {
        String key = newKey("twice");
        OutboundMessage message = message(key, BODY, List.of());
        DeliveryReceipt first = receipt(channel.send(message));
        DeliveryReceipt second = receipt(channel.send(message));
        assertEquals(1, deliveriesOf(key), "the dispatcher sends again after a crash; the reader gets it once");
        assertEquals(first.channel(), second.channel());
        assertEquals(first.reference(), second.reference(), "the second receipt is the first delivery's");
    }

    @Test
    void send_againWithOneKeyButOtherText_stillDeliversOnce() {
        String key = newKey("rerendered");
        receipt(channel.send(message(key, BODY, List.of())));
        receipt(channel.send(message(key, BODY + "\n(retrimis)", List.of())));
        assertEquals(1, deliveriesOf(key), "the key is the message's identity, not its text");
    }

    @Test
    void send_concurrentlyWithOneKey_deliversOnce() throws Exception {
        String key = newKey("race");
        OutboundMessage message = message(key, BODY, List.of());
        List<DeliveryResult> results = raceAll(() -> channel.send(message));
        results.forEach(NotificationChannelContract::receipt);
        assertEquals(1, deliveriesOf(key), THREADS + " dispatcher threads with one key deliver it once");
    }

    @Test
    void send_afterARestart_ofAChannelIdempotentAcrossRestarts_deliversOnce_withTheFirstReceipt() {
        Assumptions.assumeTrue(channel.idempotentAcrossRestarts(),
                "the channel is idempotent within one instance only (idempotentAcrossRestarts() is false)");
        String key = newKey("restart");
        DeliveryReceipt first = receipt(channel.send(message(key, BODY, List.of())));
        // The process crashed after the channel accepted: the first instance is never closed.
        NotificationChannel next = reopen();
        assertNotNull(next, "reopen() returned null");
        try {
            assertTrue(next.idempotentAcrossRestarts());
            DeliveryReceipt again = receipt(next.send(message(key, BODY, List.of())));
            assertEquals(1, deliveriesOf(key), "the next process sends the key again: the reader gets it once");
            assertEquals(first.reference(), again.reference(), "the second receipt is the first delivery's");
        } finally {
            next.close();
        }
    }

    @Test
    void send_withDifferentKeys_deliversEachOnce() {
        List<String> keys = List.of(newKey("a"), newKey("b"), newKey("c"));
        for (String key : keys) {
            receipt(channel.send(message(key, BODY, List.of())));
        }
        for (String key : keys) {
            assertEquals(1, deliveriesOf(key), "the same text under another key is another message");
        }
    }

    // --- attachments --------------------------------------------------------------------------------

    @Test
    void send_withAnAttachment_readsItWhileSending_andClosesEveryStreamItOpened() {
        String key = newKey("attached");
        CountingContent content = new CountingContent(false);
        DeliveryResult result = channel.send(message(key, BODY, List.of(new Attachment("mesaj-vocal.wav",
                "audio/wav", content))));
        if (!carriesAttachments()) {
            DeliveryFailure failure = assertInstanceOf(DeliveryFailure.class, result,
                    "a channel that cannot carry the attachment refuses the message");
            assertTrue(failure.permanent(), "no later attempt can carry it either");
            assertEquals(0, deliveriesOf(key), "never delivered without its attachment");
            return;
        }
        receipt(result);
        assertEquals(1, deliveriesOf(key));
        assertTrue(content.opens.get() >= 1, "the attachment was opened while sending");
        assertEquals(AUDIO.length, content.mostRead.get(), "one opening read the attachment whole");
        assertEquals(content.opens.get(), content.closes.get(), "every stream the channel opened is closed");
    }

    @Test
    void send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers() {
        Assumptions.assumeTrue(carriesAttachments(), "the channel carries no attachments");
        String key = newKey("unreadable");
        CountingContent broken = new CountingContent(true);
        try {
            DeliveryResult result = channel.send(message(key, BODY,
                    List.of(new Attachment("mesaj-vocal.wav", "audio/wav", broken))));
            DeliveryFailure failure = assertInstanceOf(DeliveryFailure.class, result,
                    "an unreadable attachment is no delivery");
            assertFalse(failure.permanent(), "a read error may pass: the dispatcher tries again");
        } catch (RuntimeException thrown) {
            // Allowed: the dispatcher counts an unchecked exception as a transient failure.
            assertNoPersonalData("the exception's message", String.valueOf(thrown.getMessage()), address());
        }
        assertEquals(0, deliveriesOf(key), "nothing is delivered without its attachment");
        assertEquals(broken.opens.get(), broken.closes.get(), "every stream the channel opened is closed");

        CountingContent readable = new CountingContent(false);
        receipt(channel.send(message(key, BODY, List.of(new Attachment("mesaj-vocal.wav", "audio/wav", readable)))));
        assertEquals(1, deliveriesOf(key), "a failed attempt does not use the key up");
    }

    // --- no personal data out -----------------------------------------------------------------------

    @Test
    void receiptsConsoleAndToString_neverCarryTheAddressSubjectLineOrBody() {
        String key = newKey("private");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        DeliveryResult first;
        DeliveryResult second;
        try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            first = channel.send(message(key, BODY, List.of()));
            second = channel.send(message(key, BODY, List.of()));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertNoPersonalData("the receipt", receipt(first).reference(), address());
        assertNoPersonalData("the second receipt", receipt(second).reference(), address());
        assertNoPersonalData("the receipt's toString", first.toString(), address());
        assertNoPersonalData("the channel's toString", channel.toString(), address());
        assertNoPersonalData("the console", console.toString(StandardCharsets.UTF_8), address());
    }

    @Test
    void send_toARefusedAddress_isAPermanentFailure_namingNoPersonalData() {
        Optional<String> refused = refusedAddress();
        Assumptions.assumeTrue(refused.isPresent(), "no refused address given (refusedAddress())");
        String key = newKey("refused");
        DeliveryResult result = channel.send(new OutboundMessage(key, medium(), FROM, refused.get(), "ro",
                SUBJECT_LINE, BODY, List.of()));
        DeliveryFailure failure = assertInstanceOf(DeliveryFailure.class, result, "a refused address is no delivery");
        assertTrue(failure.permanent(), "no later attempt reaches a refused address");
        assertNoPersonalData("the failure's code", failure.code(), refused.get());
        assertNoPersonalData("the failure's toString", failure.toString(), refused.get());
        assertEquals(0, deliveriesOf(key));
    }

    @Test
    void send_afterAPermanentRefusal_withTheSameKeyAndAGoodAddress_delivers() {
        Optional<String> refused = refusedAddress();
        Assumptions.assumeTrue(refused.isPresent(), "no refused address given (refusedAddress())");
        String key = newKey("fixed");
        DeliveryResult result = channel.send(new OutboundMessage(key, medium(), FROM, refused.get(), "ro",
                SUBJECT_LINE, BODY, List.of()));
        assertTrue(assertInstanceOf(DeliveryFailure.class, result).permanent());
        // The operator fixes the contact and requeues the dead letter: the key is sent again.
        receipt(channel.send(message(key, BODY, List.of())));
        assertEquals(1, deliveriesOf(key), "a refusal does not use the key up");
    }

    // --- lifecycle ----------------------------------------------------------------------------------

    @Test
    void close_twice_isSafe() {
        receipt(channel.send(message(newKey("closing"), BODY, List.of())));
        assertDoesNotThrow(channel::close);
        assertDoesNotThrow(channel::close, "a kit and its caller may both close a channel");
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * A fresh idempotency key for one test.
     *
     * @param name a readable part
     * @return the key
     */
    private static String newKey(String name) {
        return "nc-" + name + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    private OutboundMessage message(String key, String body, List<Attachment> attachments) {
        return new OutboundMessage(key, medium(), FROM, address(), "ro", SUBJECT_LINE, body, attachments);
    }

    private static DeliveryReceipt receipt(DeliveryResult result) {
        return assertInstanceOf(DeliveryReceipt.class, result, () -> "a delivery, not " + result);
    }

    /** Fails if {@code text} holds the address, the subject line or a personal part of the body. */
    private static void assertNoPersonalData(String where, String text, String address) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> planted = new ArrayList<>(List.of(address, SUBJECT_LINE, "Ion Popescu", "Popescu", "0721 234 567",
                "0721234567", "nerăspuns"));
        int at = address.indexOf('@');
        if (at >= 3) {
            planted.add(address.substring(0, at));
        }
        for (String value : planted) {
            if (lower.contains(value.toLowerCase(Locale.ROOT))) {
                fail(where + " carries personal data of the message (" + value.length() + " characters planted)");
            }
        }
    }

    private static byte[] audio() {
        byte[] bytes = new byte[6_000];
        byte[] header = "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 3));
        }
        return bytes;
    }

    /** Attachment content that counts how it is opened, read and closed; or fails every read. */
    private static final class CountingContent implements Attachment.Content {

        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicLong mostRead = new AtomicLong();
        private final boolean failing;

        CountingContent(boolean failing) {
            this.failing = failing;
        }

        @Override
        public InputStream open() {
            opens.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(AUDIO)) {
                private long read;
                private boolean closed;

                @Override
                public int read() throws IOException {
                    check();
                    int b = super.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    check();
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void check() throws IOException {
                    if (failing) {
                        throw new IOException("the recording cannot be read now");
                    }
                }

                private void count(int n) {
                    read += n;
                    mostRead.accumulateAndGet(read, Math::max);
                }

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        closes.incrementAndGet();
                    }
                    super.close();
                }
            };
        }
    }

    private static <T> List<T> raceAll(Callable<T> call) throws Exception {
        return Race.race(THREADS, n -> call);
    }
}
