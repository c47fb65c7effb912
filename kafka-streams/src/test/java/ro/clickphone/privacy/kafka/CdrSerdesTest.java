package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrType;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.PseudonymizedCdr;
import ro.clickphone.privacy.spi.InvalidInputException;

class CdrSerdesTest {

    private static final CallDetailRecord CALL = CallDetailRecord.call("r-1", Direction.OUTBOUND, "+40721000001",
            "0731000002", Instant.parse("2026-03-29T00:30:00Z"), Duration.ofSeconds(65))
            .withForwardedTo("+40212000003").withDeviceIp("2001:db8::1");
    private static final CallDetailRecord SMS = CallDetailRecord.sms("r-2", Direction.INBOUND, "+40721000001",
            "+40731000002", Instant.parse("2026-03-29T01:30:00.250Z"));
    private static final PseudonymizedCdr OUT = new PseudonymizedCdr("r-1", CdrType.FAX, Direction.INBOUND,
            Optional.of("+40721555555"), Optional.of("+40731555555"), Optional.empty(), Optional.empty(),
            Optional.of(Instant.parse("2026-03-29T00:00:00Z")), Optional.of("PT1M-PT5M"), Optional.empty());

    @ParameterizedTest
    @EnumSource(CdrFormat.class)
    void records_roundTrip(CdrFormat format) {
        Serde<CallDetailRecord> serde = CdrSerdes.records(format);
        for (CallDetailRecord record : new CallDetailRecord[] {CALL, SMS}) {
            assertEquals(record, serde.deserializer().deserialize("t", serde.serializer().serialize("t", record)));
        }
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @ParameterizedTest
    @EnumSource(CdrFormat.class)
    void pseudonymized_roundTrip(CdrFormat format) {
        Serde<PseudonymizedCdr> serde = CdrSerdes.pseudonymized(format);
        assertEquals(OUT, serde.deserializer().deserialize("t", serde.serializer().serialize("t", OUT)));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void formats_areTheDocumentedOnes() {
        assertEquals("r-1,CALL,OUTBOUND,+40721000001,0731000002,+40212000003,,2026-03-29T00:30:00Z,65,2001:db8::1",
                Harness.text(CdrSerdes.records(CdrFormat.CSV).serializer().serialize("t", CALL)));
        assertEquals("{\"record_id\":\"r-1\",\"type\":\"FAX\",\"direction\":\"INBOUND\",\"caller\":\"+40721555555\","
                + "\"callee\":\"+40731555555\",\"forwarded_to\":null,\"sms_destination\":null,"
                + "\"start\":\"2026-03-29T00:00:00Z\",\"duration\":\"PT1M-PT5M\",\"device_ip\":null}",
                Harness.text(CdrSerdes.pseudonymized(CdrFormat.JSON).serializer().serialize("t", OUT)));
        DeadLetter letter = new DeadLetter("cdrs", 3, 1712, "device_ip", "is not a valid IP address");
        byte[] json = CdrSerdes.deadLetters().serializer().serialize("t", letter);
        assertEquals("{\"topic\":\"cdrs\",\"partition\":3,\"offset\":1712,\"column\":\"device_ip\","
                + "\"rule\":\"is not a valid IP address\"}", Harness.text(json));
        assertEquals(letter, CdrSerdes.deadLetters().deserializer().deserialize("t", json));
    }

    @Test
    void recordWithAFractionOfASecond_isNotWritten() {
        CallDetailRecord odd = CallDetailRecord.call("r-1", Direction.OUTBOUND, "+40721000001", "0731000002",
                Instant.parse("2026-03-29T00:30:00Z"), Duration.ofMillis(65_500));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CdrSerdes.records(CdrFormat.CSV).serializer().serialize("t", odd));
        assertEquals("duration", e.argument());
    }

    @Test
    void badValues_nameTheColumn() {
        assertEquals("direction", assertThrows(InvalidInputException.class, () -> CdrSerdes.records(CdrFormat.CSV)
                .deserializer().deserialize("t", Harness.bytes("r-1,CALL,SIDEWAYS,+40721000001,,,,2026-03-29T00:30:00Z,,")))
                .argument());
        assertEquals("start", assertThrows(InvalidInputException.class, () -> CdrSerdes.pseudonymized(CdrFormat.CSV)
                .deserializer().deserialize("t", Harness.bytes("r-1,CALL,INBOUND,,,,,yesterday,,"))).argument());
        assertEquals("type", assertThrows(InvalidInputException.class, () -> CdrSerdes.pseudonymized(CdrFormat.JSON)
                .deserializer().deserialize("t", Harness.bytes("{\"record_id\":\"r\",\"type\":\"call\"}"))).argument());
        assertEquals("record_id", assertThrows(InvalidInputException.class, () -> CdrSerdes.pseudonymized(CdrFormat.CSV)
                .deserializer().deserialize("t", Harness.bytes(",CALL,INBOUND,,,,,,,"))).argument());
        assertEquals("deadLetter", assertThrows(InvalidInputException.class, () -> CdrSerdes.deadLetters()
                .deserializer().deserialize("t", Harness.bytes("{\"topic\":\"cdrs\"}"))).argument());
        assertThrows(InvalidInputException.class, () -> CdrSerdes.records(null));
    }
}
