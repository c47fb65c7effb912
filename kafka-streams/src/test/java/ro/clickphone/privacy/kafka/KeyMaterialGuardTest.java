package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * The attacker reads whatever an application ships to its stream workers or writes to disk: the
 * Java-serialized supplier and Serdes. None of the fixture's secret byte strings (root key, KEK
 * key, derived keys) is in them, raw, in hex or in Base64, before or after the processor ran.
 */
class KeyMaterialGuardTest {

    @Test
    void supplierAndSerdes_holdNoKeyMaterial_beforeOrAfterUse() {
        CdrStreamOptions options = CdrStreamOptions.defaults().withPseudonymMemo(1024);
        CdrProcessorSupplier supplier = CdrProcessorSupplier.of(FixtureKeys.spec(), options, "out", "dead");
        assertNoKeyMaterial("the supplier, new", serialize(supplier));
        SingleJvm fixture = SingleJvm.fixture();
        CallDetailRecord record = CdrRows.parse(fixture.goodRows().get(0));
        PseudonymizedCdr cdr = FixtureKeys.singleJvm().pseudonymize(record);
        DeadLetter letter = new DeadLetter(Harness.INPUT, 1, 2, "caller", "is not a valid phone number");
        for (CdrFormat format : CdrFormat.values()) {
            used(CdrSerdes.records(format), record);
            used(CdrSerdes.pseudonymized(format), cdr);
        }
        used(CdrSerdes.deadLetters(), letter);

        // through a topology: the driver's task gets its processor from this very supplier
        try (Harness harness = new Harness(Harness.wiredByHand(supplier))) {
            for (int row = 0; row < fixture.input.size(); row++) {
                harness.pipe(null, SingleJvm.value(CdrFormat.CSV, fixture.input.get(row), row), row);
            }
            assertFalse(harness.outputs().isEmpty());
            assertNoKeyMaterial("the supplier the driver runs", serialize(supplier));
        }
        assertNoKeyMaterial("the supplier the driver ran, after the topology closed", serialize(supplier));
        // this supplier's own processors, initialized and run
        Processor<byte[], byte[], byte[], byte[]> processor = supplier.get();
        MockProcessorContext<byte[], byte[]> context = context();
        processor.init(context);
        for (int row = 0; row < 50; row++) {
            context.setRecordMetadata(Harness.INPUT, 0, row);
            processor.process(new Record<>(null, Harness.bytes(SingleJvm.value(CdrFormat.CSV, fixture.input.get(row),
                    row)), row));
        }
        assertFalse(context.forwarded().isEmpty());
        assertNoKeyMaterial("the supplier, after its processor ran", serialize(supplier));
        assertNoKeyMaterial("the options", serialize(options));
        processor.close();
        assertNoKeyMaterial("the supplier, after its processor closed", serialize(supplier));
    }

    @Test
    void guard_findsKeyMaterialWhereItIs() {
        // the search itself is tested: a holder of a key is caught, raw, in hex (both cases) and in Base64
        for (byte[] key : FixtureKeys.keyMaterial()) {
            assertTrue(FixtureKeys.holdsKeyMaterial(serialize(new Holder(key.clone()))), "raw");
            assertTrue(FixtureKeys.holdsKeyMaterial(serialize(HexFormat.of().formatHex(key))), "hex");
            assertTrue(FixtureKeys.holdsKeyMaterial(serialize(HexFormat.of().withUpperCase().formatHex(key))), "HEX");
            assertTrue(FixtureKeys.holdsKeyMaterial(serialize(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(key))), "Base64url");
            assertTrue(FixtureKeys.holdsKeyMaterial(serialize(Base64.getEncoder().encodeToString(key))), "Base64");
        }
        assertTrue(FixtureKeys.keyMaterial().size() >= 3, "root, KEK and derived keys");
        assertEquals(FixtureKeys.keyMaterial().size(), FixtureKeys.keyMaterial().stream()
                .filter(key -> key.length >= 16).count(), "every secret is at least 16 bytes long");
    }

    @Test
    void processor_isNotSerializable() {
        Processor<byte[], byte[], byte[], byte[]> processor =
                CdrProcessorSupplier.of(FixtureKeys.spec(), CdrStreamOptions.defaults(), "out", "dead").get();
        assertFalse(processor instanceof Serializable, "the processor holds ciphers: it never leaves its JVM");
    }

    /** A Serde, new and after a round trip, holds no key material. */
    private static <T> void used(Serde<T> serde, T value) {
        assertNoKeyMaterial(serde + ", new", serialize(serde));
        byte[] bytes = serde.serializer().serialize("t", value);
        assertEquals(value, serde.deserializer().deserialize("t", bytes));
        assertNoKeyMaterial(serde + ", after use", serialize(serde));
    }

    static MockProcessorContext<byte[], byte[]> context() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "guard");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        return new MockProcessorContext<>(config, new TaskId(0, 0), null);
    }

    static void assertNoKeyMaterial(String what, byte[] serialized) {
        assertTrue(serialized.length > 0);
        assertFalse(FixtureKeys.holdsKeyMaterial(serialized), what + " holds key material");
    }

    static byte[] serialize(Object object) {
        return FixtureKeys.serialize(object);
    }


    /** A careless supplier's field. */
    private record Holder(byte[] key) implements Serializable {
    }
}
