package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;

class CdrPseudonymizerTest {

    private static final Pseudonyms PSEUDONYMS = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])), PseudonymAuthorizer.unrestricted(e -> { }));
    private static final CdrProfile PROFILE = CdrProfile.builder("analytics")
            .numbers(NumberTechnique.ff1(3))
            .deviceIp(IpTechnique.cryptoPan())
            .startTime(TimeGranularity.HOUR)
            .durations(DurationBuckets.callDurations())
            .build();
    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(PSEUDONYMS, PROFILE);
    private static final Instant START = Instant.parse("2026-11-29T07:23:41Z");

    @Test
    void record_isPseudonymizedFieldByField() {
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "0731 111 222",
                START, Duration.ofSeconds(192)).withForwardedTo("+40212345678").withDeviceIp("192.0.2.17");
        PseudonymizedCdr out = CDRS.pseudonymize(call);
        assertEquals("c-1", out.recordId());
        assertTrue(out.caller().orElseThrow().matches("\\+40721\\d{6}"));
        assertTrue(out.callee().orElseThrow().matches("\\+40731\\d{6}"));
        assertTrue(out.forwardedTo().orElseThrow().matches("\\+40212\\d{6}"));
        assertEquals(Optional.empty(), out.smsDestination());
        assertEquals(Optional.of(Instant.parse("2026-11-29T07:00:00Z")), out.start());
        assertEquals(Optional.of("PT1M-PT5M"), out.duration());
        assertNotEquals("192.0.2.17", out.deviceIp().orElseThrow());
        assertEquals(out.caller(), CDRS.pseudonymize(CallDetailRecord.call("c-2", Direction.INBOUND, "+40 721 234 567",
                "+40731111222", START, Duration.ZERO)).caller());
        assertFalse(out.toString().contains("+40"), out.toString());
        assertFalse(call.toString().contains("721"), call.toString());
    }

    @Test
    void whatTheProfileDoesNotName_isDropped() {
        CdrPseudonymizer callerOnly = CdrPseudonymizer.create(PSEUDONYMS,
                CdrProfile.builder("analytics").caller(NumberTechnique.token()).build());
        PseudonymizedCdr out = callerOnly.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND,
                "+40721234567", "+40731111222", START, Duration.ofSeconds(5)).withDeviceIp("192.0.2.17"));
        assertTrue(out.caller().orElseThrow().startsWith("v1."));
        assertEquals(Optional.empty(), out.callee());
        assertEquals(Optional.empty(), out.deviceIp());
        assertEquals(Optional.empty(), out.start());
        assertEquals(Optional.empty(), out.duration());
    }

    @Test
    void maskingAndTruncation_techniques() {
        CdrPseudonymizer display = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("support")
                .numbers(NumberTechnique.mask()).deviceIp(IpTechnique.truncate()).exactStartTime().exactDurations()
                .build());
        PseudonymizedCdr out = display.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567",
                "0731 111 222", START, Duration.ofSeconds(75)).withDeviceIp("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        assertEquals(Optional.of("+40 7** *** *67"), out.caller());
        assertEquals(Optional.of("+40 7** *** *22"), out.callee());
        assertEquals(Optional.of("2001:db8:85a3::"), out.deviceIp());
        assertEquals(Optional.of(START), out.start());
        assertEquals(Optional.of("75"), out.duration());
        CdrPseudonymizer masked = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("support")
                .caller(NumberTechnique.drop()).deviceIp(IpTechnique.mask()).build());
        assertEquals(Optional.of("192.0.x.x"), masked.pseudonymize(CallDetailRecord.call("c-2", Direction.INBOUND,
                "+40721234567", "+40731111222", START, Duration.ZERO).withDeviceIp("192.0.2.17")).deviceIp());
    }

    @Test
    void smsRecords_carryNumbersOnly() {
        CallDetailRecord sms = CallDetailRecord.sms("s-1", Direction.OUTBOUND, "+40721234567", "+40731111222", START);
        PseudonymizedCdr out = CDRS.pseudonymize(sms);
        assertTrue(out.smsDestination().orElseThrow().matches("\\+40731\\d{6}"));
        assertThrows(InvalidInputException.class, () -> new CallDetailRecord("s-2", CdrType.SMS, Direction.OUTBOUND,
                "+40721234567", Optional.of("+40731111222"), Optional.empty(), Optional.empty(), START, Duration.ZERO,
                Optional.empty()));
        assertThrows(InvalidInputException.class, () -> CallDetailRecord.sms("s-3", Direction.OUTBOUND, "+40721234567",
                null, START));
    }

    @Test
    void invalidField_isNamed_notEchoed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CDRS.pseudonymize(
                CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40 731 11", START, Duration.ZERO)));
        assertEquals("callee", e.argument());
        assertFalse(e.getMessage().contains("731"), e.getMessage());
        InvalidInputException ip = assertThrows(InvalidInputException.class, () -> CDRS.pseudonymize(
                CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731111222", START, Duration.ZERO)
                        .withDeviceIp("sip.example.ro")));
        assertEquals("deviceIp", ip.argument());
    }

    @Test
    void profile_refusesSmallDomainsAndRepeats() {
        assertThrows(ConfigurationException.class, () -> CdrPseudonymizer.create(PSEUDONYMS,
                CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(5)).build()));
        assertThrows(ConfigurationException.class,
                () -> CdrProfile.builder("analytics").caller(NumberTechnique.mask()).caller(NumberTechnique.drop()));
        assertThrows(InvalidInputException.class, () -> CdrProfile.builder("Analytics"));
    }

    // --- bulk CSV ---
}
