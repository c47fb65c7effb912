package ro.clickphone.privacy.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.kafka.CdrProcessorSupplier;
import ro.clickphone.privacy.kafka.CdrStreamOptions;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * Two stream tasks get two processors: each its own context and its own memo, so that neither
 * sees the other's records or remembers the other's numbers, and closing one leaves the other
 * running.
 */
class ProcessorPerTaskTest {

    private static final String ROW = "r-%d,CALL,OUTBOUND,+4072100%04d,+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3";

    @Test
    void twoTasks_getTwoProcessors_thatShareNothingButThePseudonymizer() {
        CdrProcessorSupplier supplier = CdrProcessorSupplier.of(FixtureKeys.spec(),
                CdrStreamOptions.defaults().withPseudonymMemo(1024), "out", "dead");
        Processor<byte[], byte[], byte[], byte[]> first = supplier.get();
        Processor<byte[], byte[], byte[], byte[]> second = supplier.get();
        assertNotSame(first, second, "a new processor per get()");
        MockProcessorContext<byte[], byte[]> firstContext = context(new TaskId(0, 0));
        MockProcessorContext<byte[], byte[]> secondContext = context(new TaskId(0, 1));
        first.init(firstContext);
        second.init(secondContext);

        for (int i = 0; i < 3; i++) {
            process(first, firstContext, i);
        }
        for (int i = 100; i < 110; i++) {
            process(second, secondContext, i);
        }
        assertEquals(3, firstContext.forwarded("out").size(), "the first task forwards its own records");
        assertEquals(10, secondContext.forwarded("out").size(), "the second task forwards its own records");
        PseudonymizingProcessor one = (PseudonymizingProcessor) first;
        PseudonymizingProcessor two = (PseudonymizingProcessor) second;
        assertNotNull(one.job());
        assertNotSame(one.job(), two.job(), "a memo per task");
        // each remembers its callers and the one callee they share: 3 + 1 and 10 + 1
        assertEquals(4, one.job().memoSize());
        assertEquals(11, two.job().memoSize());
        assertTrue(one.toString().contains("task 0_0") && two.toString().contains("task 0_1"));

        first.close();
        assertEquals(0, one.job().memoSize(), "closing a task empties its memo");
        assertThrows(ConfigurationException.class, () -> process(first, firstContext, 4), "a closed processor");
        process(second, secondContext, 110);
        assertEquals(11, secondContext.forwarded("out").size(), "the other task goes on");
        second.close();
    }

    @Test
    void processBeforeInit_isRefused() {
        Processor<byte[], byte[], byte[], byte[]> processor = CdrProcessorSupplier.of(FixtureKeys.spec(),
                CdrStreamOptions.defaults(), "out", "dead").get();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> processor.process(new Record<>(null, row(1), 0L)));
        assertTrue(e.getMessage().contains("not initialized"));
    }

    @Test
    void withoutMemo_thereIsNoJob() {
        Processor<byte[], byte[], byte[], byte[]> processor = CdrProcessorSupplier.of(FixtureKeys.spec(),
                CdrStreamOptions.defaults(), "out", "dead").get();
        MockProcessorContext<byte[], byte[]> context = context(new TaskId(1, 0));
        processor.init(context);
        process(processor, context, 1);
        assertEquals(null, ((PseudonymizingProcessor) processor).job());
        assertEquals(List.of(), context.forwarded("dead"));
        processor.close();
    }

    private static void process(Processor<byte[], byte[], byte[], byte[]> processor,
            MockProcessorContext<byte[], byte[]> context, int i) {
        context.setRecordMetadata("cdrs", context.taskId().partition(), i);
        processor.process(new Record<>(null, row(i), i));
    }

    private static byte[] row(int i) {
        return String.format(Locale.ROOT, ROW, i, i).getBytes(StandardCharsets.UTF_8);
    }

    private static MockProcessorContext<byte[], byte[]> context(TaskId task) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "per-task");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        return new MockProcessorContext<>(config, task, null);
    }
}
