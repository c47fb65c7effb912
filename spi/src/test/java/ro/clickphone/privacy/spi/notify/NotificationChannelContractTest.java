package ro.clickphone.privacy.spi.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.testkit.ContractRun;

/**
 * The channel contract run against a correct channel, and against channels each broken in one way:
 * every contract test fails for the defect it is about, and only for it.
 */
class NotificationChannelContractTest {

    /** The defects a {@link MemoryChannel} can be given. */
    enum Defect {
        /** Delivers every call, whatever the key. */
        DUPLICATES,
        /** Dedupes, but answers a repeated key with a new reference. */
        FRESH_RECEIPT,
        /** Puts the address in the receipt and in toString. */
        LEAKS_ADDRESS,
        /** Prints the message's subject line to the console. */
        PRINTS,
        /** Sends attachments without reading them (as if it sent an empty part). */
        SKIPS_ATTACHMENTS,
        /** Reads attachments but never closes the streams. */
        LEAKS_STREAMS,
        /** Remembers a failed attempt's failure under the key and returns it ever after. */
        REMEMBERS_FAILURES,
        /** Delivers a message whose attachment it could not read, without the attachment. */
        DROPS_UNREADABLE_ATTACHMENTS,
        /** Fails on the second close. */
        CLOSES_ONCE,
        /** Names itself in upper case (and its receipts another channel). */
        BAD_ID
    }

    /**
     * A channel in memory: delivering is counting, per key. Without defects it keeps the contract:
     * one delivery per key (the key's entry is computed once, other threads wait for it), an
     * attachment read whole and closed before the delivery counts, a failed attempt not remembered.
     */
    static final class MemoryChannel implements NotificationChannel {

        private static final java.io.PrintStream CONSOLE = System.out;

        private final Set<Defect> defects;
        private final boolean attachments;
        private final Map<String, DeliveryReceipt> receipts = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        private final Map<String, DeliveryFailure> failures = new ConcurrentHashMap<>();
        private final AtomicInteger sequence = new AtomicInteger();
        private final AtomicInteger closes = new AtomicInteger();
        private volatile String lastAddress = "";

        MemoryChannel(Set<Defect> defects, boolean attachments) {
            this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
            this.attachments = attachments;
        }

        @Override
        public String id() {
            return defects.contains(Defect.BAD_ID) ? "Memory" : "memory";
        }

        @Override
        public Set<Medium> media() {
            return Set.of(Medium.EMAIL, Medium.SMS);
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            lastAddress = message.to();
            // Prints only while a test captures the console, to keep the build log clean.
            if (defects.contains(Defect.PRINTS) && System.out != CONSOLE) {
                System.out.println("sending " + message.subjectLine());
            }
            if (!message.to().contains("@") && message.medium().equals(Medium.EMAIL)) {
                return DeliveryFailure.permanentFailure("address-refused");
            }
            if (!attachments && !message.attachments().isEmpty()) {
                return DeliveryFailure.permanentFailure("attachments-unsupported");
            }
            String key = message.idempotencyKey();
            if (defects.contains(Defect.REMEMBERS_FAILURES) && failures.containsKey(key)) {
                return failures.get(key);
            }
            if (defects.contains(Defect.DUPLICATES)) {
                DeliveryFailure failure = deliver(message);
                return failure != null ? failure : newReceipt(message);
            }
            DeliveryFailure[] failed = new DeliveryFailure[1];
            DeliveryReceipt receipt = receipts.computeIfAbsent(key, k -> {
                failed[0] = deliver(message);
                return failed[0] == null ? newReceipt(message) : null;
            });
            if (receipt == null) {
                failures.put(key, failed[0]);
                return failed[0];
            }
            return defects.contains(Defect.FRESH_RECEIPT) ? newReceipt(message) : receipt;
        }

        private DeliveryReceipt newReceipt(OutboundMessage message) {
            String reference = defects.contains(Defect.LEAKS_ADDRESS) ? "to-" + message.to()
                    : "m-" + sequence.incrementAndGet();
            return new DeliveryReceipt("memory", reference, Instant.parse("2026-11-29T07:00:00Z"));
        }

        /** Reads every attachment, then counts the delivery; or returns the failure. */
        private DeliveryFailure deliver(OutboundMessage message) {
            for (Attachment attachment : message.attachments()) {
                if (defects.contains(Defect.SKIPS_ATTACHMENTS)) {
                    continue;
                }
                try {
                    InputStream in = attachment.open();
                    try {
                        in.readAllBytes();
                    } finally {
                        if (!defects.contains(Defect.LEAKS_STREAMS)) {
                            in.close();
                        }
                    }
                } catch (IOException e) {
                    if (!defects.contains(Defect.DROPS_UNREADABLE_ATTACHMENTS)) {
                        return DeliveryFailure.transientFailure("attachment-unreadable");
                    }
                }
            }
            deliveries.computeIfAbsent(message.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            return null;
        }

        @Override
        public void close() {
            if (closes.incrementAndGet() > 1 && defects.contains(Defect.CLOSES_ONCE)) {
                throw new IllegalStateException("already closed");
            }
        }

        @Override
        public String toString() {
            return "MemoryChannel[" + deliveries.size() + " keys"
                    + (defects.contains(Defect.LEAKS_ADDRESS) ? ", last to " + lastAddress : "") + "]";
        }
    }

    /** The contract over a {@link MemoryChannel} with the defects a subclass names. */
    abstract static class MemoryChannelContract extends NotificationChannelContract {

        private MemoryChannel channel;

        abstract Set<Defect> defects();

        /** Whether the channel really carries attachments; by default what the contract is told. */
        boolean channelCarriesAttachments() {
            return carriesAttachments();
        }

        @Override
        protected NotificationChannel channel() {
            channel = new MemoryChannel(defects(), channelCarriesAttachments());
            return channel;
        }

        @Override
        protected int deliveriesOf(String idempotencyKey) {
            AtomicInteger count = channel.deliveries.get(idempotencyKey);
            return count == null ? 0 : count.get();
        }

        @Override
        protected Optional<String> refusedAddress() {
            return Optional.of("ion.popescu.at.example.ro");
        }
    }

    static final class Correct extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of();
        }
    }

    /** A text-message channel: no attachments, and an address that is a phone number. */
    static final class CorrectSms extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of();
        }

        @Override
        protected Medium medium() {
            return Medium.SMS;
        }

        @Override
        protected String address() {
            return "+40721234567";
        }

        @Override
        protected boolean carriesAttachments() {
            return false;
        }

        @Override
        protected Optional<String> refusedAddress() {
            return Optional.empty();
        }
    }

    static final class Duplicates extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.DUPLICATES);
        }
    }

    static final class FreshReceipt extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.FRESH_RECEIPT);
        }
    }

    static final class LeaksAddress extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.LEAKS_ADDRESS);
        }
    }

    static final class Prints extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.PRINTS);
        }
    }

    static final class SkipsAttachments extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.SKIPS_ATTACHMENTS);
        }
    }

    static final class LeaksStreams extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.LEAKS_STREAMS);
        }
    }

    static final class RemembersFailures extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.REMEMBERS_FAILURES);
        }
    }

    static final class DropsUnreadableAttachments extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.DROPS_UNREADABLE_ATTACHMENTS);
        }
    }

    static final class ClosesOnce extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.CLOSES_ONCE);
        }
    }

    static final class BadId extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.BAD_ID);
        }
    }

    /** An SMS channel that delivers a message with an attachment, dropping the attachment. */
    static final class SmsDroppingAttachments extends MemoryChannelContract {
        @Override
        Set<Defect> defects() {
            return Set.of(Defect.SKIPS_ATTACHMENTS);
        }

        @Override
        boolean channelCarriesAttachments() {
            return true;
        }

        @Override
        protected boolean carriesAttachments() {
            return false;
        }
    }

    private static void assertFails(Class<?> contract, String... tests) {
        ContractRun run = ContractRun.of(contract);
        assertEquals(Set.of(tests), run.failed(), run.report());
    }

    @Test
    void aCorrectChannel_passesEveryTest() {
        ContractRun run = ContractRun.of(Correct.class);
        assertEquals(Set.of(), run.failed(), run.report());
        assertEquals(Set.of(), run.skipped(), "every hook given, nothing skipped");
    }

    @Test
    void aCorrectSmsChannel_passes_skippingOnlyTheAttachmentRetryAndRefusedAddress() {
        ContractRun run = ContractRun.of(CorrectSms.class);
        assertEquals(Set.of(), run.failed(), run.report());
        assertEquals(Set.of("send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers",
                "send_toARefusedAddress_isAPermanentFailure_namingNoPersonalData"), run.skipped());
    }

    @Test
    void aChannelDeliveringEveryCall_failsTheIdempotencyTests() {
        assertFails(Duplicates.class,
                "send_twiceWithOneKey_deliversOnce_andTheSecondCallReturnsTheFirstDeliverysReceipt",
                "send_againWithOneKeyButOtherText_stillDeliversOnce",
                "send_concurrentlyWithOneKey_deliversOnce");
    }

    @Test
    void aChannelAnsweringARepeatWithANewReceipt_fails() {
        assertFails(FreshReceipt.class,
                "send_twiceWithOneKey_deliversOnce_andTheSecondCallReturnsTheFirstDeliverysReceipt");
    }

    @Test
    void aChannelPuttingTheAddressInItsReceiptOrToString_fails() {
        assertFails(LeaksAddress.class, "receiptsConsoleAndToString_neverCarryTheAddressSubjectLineOrBody");
    }

    @Test
    void aChannelPrintingTheSubjectLine_fails() {
        assertFails(Prints.class, "receiptsConsoleAndToString_neverCarryTheAddressSubjectLineOrBody");
    }

    @Test
    void aChannelNotReadingItsAttachments_fails() {
        assertFails(SkipsAttachments.class,
                "send_withAnAttachment_readsItWhileSending_andClosesEveryStreamItOpened",
                "send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers");
    }

    @Test
    void aChannelLeakingStreams_fails() {
        assertFails(LeaksStreams.class,
                "send_withAnAttachment_readsItWhileSending_andClosesEveryStreamItOpened",
                "send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers");
    }

    @Test
    void aChannelRememberingAFailureUnderTheKey_fails() {
        assertFails(RemembersFailures.class,
                "send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers");
    }

    @Test
    void aChannelDeliveringWithoutAnUnreadableAttachment_fails() {
        assertFails(DropsUnreadableAttachments.class,
                "send_whenAnAttachmentCannotBeRead_failsTransiently_deliversNothing_andALaterAttemptDelivers");
    }

    @Test
    void aChannelFailingOnTheSecondClose_fails() {
        assertFails(ClosesOnce.class, "close_twice_isSafe");
    }

    @Test
    void aChannelWithAnUpperCaseId_fails() {
        assertFails(BadId.class, "identity_idIsALowerCaseName_andMediaIncludeTheMediumUnderTest",
                "send_deliversOnce_andReturnsAReceiptNamingTheChannel");
    }

    @Test
    void aChannelDeliveringWhatItCannotCarry_fails() {
        assertFails(SmsDroppingAttachments.class,
                "send_withAnAttachment_readsItWhileSending_andClosesEveryStreamItOpened");
    }
}
