package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrRejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.spi.InvalidInputException;

class CdrTopologyTest {

    private static final String NUMBER = "+40721000001";
    private static final String GOOD = "r-1,CALL,OUTBOUND," + NUMBER + ",+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3";
    private static final String BAD = "r-2,CALL,OUTBOUND," + NUMBER + ",+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2";
    /** The producer's timestamps: about when the calls ended, to the millisecond. */
    private static final long GOOD_AT = Instant.parse("2026-03-29T00:31:17.123Z").toEpochMilli();
    private static final long BAD_AT = Instant.parse("2026-03-29T00:31:09.456Z").toEpochMilli();
    /** Both cut to the hour; also the good record's start as the fixture's profile cuts it. */
    private static final long HOUR = Instant.parse("2026-03-29T00:00:00Z").toEpochMilli();

    @Test
    void helper_addsFourNodesNamedAfterTheInputTopic() {
        Topology topology = CdrTopology.addPseudonymizer(new Topology(), FixtureKeys.spec(), "cdrs", "out", "dead");
        String description = topology.describe().toString();
        for (String role : List.of("source", "processor", "sink", "dead-letter-sink")) {
            assertTrue(description.contains(CdrTopology.nodeName("cdrs", role)), role);
        }
        // a second input topic on the same topology
        CdrTopology.addPseudonymizer(topology, FixtureKeys.spec(), "cdrs-2", "out-2", "dead-2");
        assertEquals(2, topology.describe().subtopologies().size());
    }

    @Test
    void supplier_wiredByHand_asItsJavadocShows() {
        CdrProcessorSupplier supplier = CdrProcessorSupplier.of(FixtureKeys.spec(), CdrStreamOptions.defaults(), "out",
                "rejected");
        try (Harness harness = new Harness(Harness.wiredByHand(supplier))) {
            harness.pipe(NUMBER, GOOD, 1_000L);
            harness.pipe(NUMBER, BAD, 2_000L);
            assertEquals(List.of("r-1"), harness.outputs().stream().map(r -> Harness.text(r.key())).toList());
            CdrRejection expected = CdrRows.rejection(assertThrows(RuntimeException.class,
                    () -> CdrRows.pseudonymize(FixtureKeys.singleJvm(), BAD.split(",", -1))));
            assertEquals("device_ip", expected.column());
            assertEquals(List.of(new DeadLetter(Harness.INPUT, 0, 1, expected.column(), expected.rule())),
                    harness.deadLetters().stream().map(Harness::letter).toList());
        }
    }

    @ParameterizedTest
    @CsvSource({"'', out, dead", "cdrs, 'out topic', dead", "cdrs, out, 'dead/letters'", "cdrs, cdrs, dead",
        "cdrs, out, out", "cdrs, out, cdrs", "., out, dead"})
    void badTopics_areRefused(String input, String output, String dead) {
        assertThrows(InvalidInputException.class,
                () -> CdrTopology.addPseudonymizer(new Topology(), FixtureKeys.spec(), input, output, dead));
    }

    @Test
    void nullArguments_areRefused() {
        PseudonymizationSpec spec = FixtureKeys.spec();
        assertThrows(InvalidInputException.class, () -> CdrTopology.addPseudonymizer(null, spec, "a", "b", "c"));
        assertThrows(InvalidInputException.class,
                () -> CdrTopology.addPseudonymizer(new Topology(), null, "a", "b", "c"));
        assertThrows(InvalidInputException.class,
                () -> CdrTopology.addPseudonymizer(new Topology(), spec, "a", "b", "c", null));
        assertThrows(InvalidInputException.class, () -> CdrProcessorSupplier.of(spec, null, "a", "b"));
        assertThrows(InvalidInputException.class,
                () -> CdrProcessorSupplier.of(spec, CdrStreamOptions.defaults(), " ", "b"));
        assertThrows(InvalidInputException.class,
                () -> CdrProcessorSupplier.of(spec, CdrStreamOptions.defaults(), "a", "a"));
    }

    @Test
    void options_areValidated() {
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withPseudonymMemo(1));
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withPseudonymMemo(-1));
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withPseudonymMemo((1 << 22) + 1));
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withFormats(null, CdrFormat.CSV));
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withOutputKey(null));
        assertThrows(InvalidInputException.class, () -> CdrStreamOptions.defaults().withOutputTimestamp(null));
        assertEquals(new CdrStreamOptions(CdrFormat.CSV, CdrFormat.CSV, OutputKey.RECORD_ID, false, 0,
                OutputTimestamp.PSEUDONYMIZED_START), CdrStreamOptions.defaults());
    }

    @Test
    void outputKey_recordIdByDefault_neverTheInputKey() {
        Run out = run(CdrStreamOptions.defaults());
        assertArrayEquals(Harness.bytes("r-1"), out.outputs().get(0).key());
        assertNull(out.letters().get(0).key(), "a dead letter has no key");
    }

    @Test
    void outputKey_callerPseudonym() {
        Run out = run(CdrStreamOptions.defaults().withOutputKey(OutputKey.CALLER_PSEUDONYM));
        String value = Harness.text(out.outputs().get(0).value());
        assertEquals(value.split(",")[3], Harness.text(out.outputs().get(0).key()));
        assertTrue(!Harness.text(out.outputs().get(0).key()).equals(NUMBER));
        assertNull(out.letters().get(0).key());
    }

    @Test
    void outputKey_none() {
        Run out = run(CdrStreamOptions.defaults().withOutputKey(OutputKey.NONE));
        assertNull(out.outputs().get(0).key());
        assertNull(out.letters().get(0).key());
    }

    @Test
    void outputKey_inputKey_onlyWhenAsked() {
        Run out = run(CdrStreamOptions.defaults().withOutputKey(OutputKey.INPUT_KEY));
        assertArrayEquals(Harness.bytes("batch-7"), out.outputs().get(0).key());
        assertArrayEquals(Harness.bytes("batch-7"), out.letters().get(0).key());
    }

    @Test
    void timestamp_isThePseudonymizedStart_andTheHourForDeadLetters() {
        Run out = run(CdrStreamOptions.defaults());
        TestRecord<byte[], byte[]> record = out.outputs().get(0);
        assertEquals("2026-03-29T00:00:00Z", Harness.text(record.value()).split(",")[7], "the start cell");
        assertEquals(HOUR, record.timestamp(), "the output start, not the exact input time");
        assertEquals(HOUR, out.letters().get(0).timestamp(), "the input time cut to the hour");
    }

    @Test
    void timestamp_inputOnlyWhenAsked() {
        Run out = run(CdrStreamOptions.defaults().withOutputTimestamp(OutputTimestamp.INPUT_TIMESTAMP));
        assertEquals(GOOD_AT, out.outputs().get(0).timestamp());
        assertEquals(BAD_AT, out.letters().get(0).timestamp());
    }

    @Test
    void timestamp_whereTheProfileDropsTheStart_isTheInputCutToTheHour() {
        CdrProfile noStart = CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan()).defaultRegion("RO").zone(ZoneId.of("Asia/Kolkata")).build();
        PseudonymizationSpec spec = PseudonymizationSpec.of(noStart, FixtureKeys.keys());
        try (Harness harness = new Harness(spec, CdrStreamOptions.defaults())) {
            harness.pipe(NUMBER, GOOD, GOOD_AT);
            TestRecord<byte[], byte[]> record = harness.outputs().get(0);
            assertEquals("", Harness.text(record.value()).split(",", -1)[7], "the profile drops the start");
            // cut in UTC, not in the profile's half-hour zone
            assertEquals(HOUR, record.timestamp());
        }
    }

    @Test
    void headers_areDroppedUnlessAsked() {
        assertEquals(0, run(CdrStreamOptions.defaults()).outputs().get(0).headers().toArray().length);
        assertEquals(0, run(CdrStreamOptions.defaults()).letters().get(0).headers().toArray().length);
        Run kept = run(CdrStreamOptions.defaults().withCopyHeaders(true));
        assertArrayEquals(Harness.bytes("t-1"), kept.outputs().get(0).headers().lastHeader("trace").value());
        assertArrayEquals(Harness.bytes("t-2"), kept.letters().get(0).headers().lastHeader("trace").value());
    }

    /** What came out of {@link #run}. */
    private record Run(List<TestRecord<byte[], byte[]>> outputs, List<TestRecord<byte[], byte[]>> letters) {
    }

    /** One good and one bad record, keyed "batch-7", with a trace header each. */
    private static Run run(CdrStreamOptions options) {
        try (Harness harness = new Harness(FixtureKeys.spec(), options)) {
            harness.input.pipeInput(new TestRecord<>(Harness.bytes("batch-7"), Harness.bytes(GOOD),
                    new RecordHeaders().add("trace", Harness.bytes("t-1")), GOOD_AT));
            harness.input.pipeInput(new TestRecord<>(Harness.bytes("batch-7"), Harness.bytes(BAD),
                    new RecordHeaders().add("trace", Harness.bytes("t-2")), BAD_AT));
            List<TestRecord<byte[], byte[]>> outputs = harness.outputs();
            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            assertEquals(1, outputs.size());
            assertEquals(1, letters.size());
            assertEquals("device_ip", Harness.letter(letters.get(0)).column());
            return new Run(outputs, letters);
        }
    }
}
