package ro.clickphone.privacy.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/** The adapter alone: what each event makes of the meters, and the bounds on what a tag may hold. */
class MicrometerPrivacyMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerPrivacyMetrics metrics = MicrometerPrivacyMetrics.of(registry);

    @Test
    void of_nullRegistry_isRefused() {
        assertThrows(InvalidInputException.class, () -> MicrometerPrivacyMetrics.of(null));
    }

    @Test
    void scopeHandle_countsOnItsScopesCounters() {
        ScopeMetrics profile = metrics.keyScope(KeyScope.of("profile"));
        ScopeMetrics traffic = metrics.keyScope(KeyScope.of("traffic"));
        profile.fieldEncrypted();
        profile.fieldEncrypted();
        profile.fieldDecrypted();
        profile.fieldDecryptionFailed();
        profile.keyCacheHit();
        profile.keyCacheMiss();
        profile.keyCacheMiss();
        traffic.streamEncrypted();
        traffic.streamDecrypted();
        assertEquals(2, registry.get(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).tag("scope", "profile").counter().count());
        assertEquals(0, registry.get(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).tag("scope", "traffic").counter()
                .count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.FIELD_DECRYPTIONS).tags("scope", "profile", "outcome",
                "success").counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.FIELD_DECRYPTIONS).tags("scope", "profile", "outcome",
                "failure").counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.KEY_CACHE).tags("scope", "profile", "outcome", "hit")
                .counter().count());
        assertEquals(2, registry.get(MicrometerPrivacyMetrics.KEY_CACHE).tags("scope", "profile", "outcome", "miss")
                .counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.STREAM_ENCRYPTIONS).tag("scope", "traffic").counter()
                .count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.STREAM_DECRYPTIONS).tag("scope", "traffic").counter()
                .count());
    }

    @Test
    void twoHandlesOfOneScope_shareItsCounters() {
        metrics.keyScope(KeyScope.of("profile")).fieldEncrypted();
        metrics.keyScope(KeyScope.of("profile")).fieldEncrypted();
        assertEquals(2, registry.get(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).tag("scope", "profile").counter().count());
    }

    @Test
    void timers_recordTheDurationsAndOutcomes() {
        metrics.kekUnwrapped(3_000_000, true);
        metrics.kekUnwrapped(1_000_000, false);
        metrics.consentChecked(2_000, true);
        metrics.consentChecked(4_000, false);
        metrics.auditAppended(5_000, true);
        metrics.sweepFinished(7_000_000, false);
        Timer unwrap = registry.get(MicrometerPrivacyMetrics.KEK_UNWRAP).tag("outcome", "success").timer();
        assertEquals(1, unwrap.count());
        assertEquals(3.0, unwrap.totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.KEK_UNWRAP).tag("outcome", "failure").timer().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.CONSENT_CHECKS).tag("verdict", "permit").timer().count());
        assertEquals(4.0, registry.get(MicrometerPrivacyMetrics.CONSENT_CHECKS).tag("verdict", "deny").timer()
                .totalTime(TimeUnit.MICROSECONDS));
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.AUDIT_APPENDS).tag("outcome", "success").timer().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.SWEEPS).tag("outcome", "failure").timer().count());
    }

    @Test
    void gauges_showTheLatestLagAndReadTheDepthWhenRead() {
        metrics.auditCheckpointLag(12);
        metrics.auditCheckpointLag(3);
        assertEquals(3.0, registry.get(MicrometerPrivacyMetrics.AUDIT_CHECKPOINT_LAG).gauge().value());
        assertTrue(Double.isNaN(registry.get(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauge().value()),
                "no kit has handed its outbox over");
        AtomicLong pending = new AtomicLong(5);
        metrics.outboxDepth(pending::get);
        assertEquals(5.0, registry.get(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauge().value());
        pending.set(2);
        assertEquals(2.0, registry.get(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauge().value());
    }

    /**
     * A rebuilt kit's depth replaces the closed one's (one gauge, the last supplier), and a kit that
     * closes clears it: the gauge reads NaN and no longer references the kit's supplier.
     */
    @Test
    void depth_isReplacedByTheNextKit_andClearedOnClose() {
        metrics.outboxDepth(() -> 9);
        metrics.outboxDepth(() -> 4);
        assertEquals(4.0, registry.get(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauge().value(), "the last kit's");
        assertEquals(1, registry.find(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauges().size());
        metrics.outboxDepth(null);
        assertTrue(Double.isNaN(registry.get(MicrometerPrivacyMetrics.OUTBOX_DEPTH).gauge().value()));
    }

    /** Attack: code cycling through key scopes cannot grow the registry's series without bound. */
    @Test
    void scopes_areBounded_andTheOverflowIsCountedAsOther() {
        for (int i = 0; i < 200; i++) {
            metrics.keyScope(KeyScope.of("s" + i)).fieldEncrypted();
        }
        Set<String> scopes = new TreeSet<>();
        registry.find(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).counters()
                .forEach(c -> scopes.add(c.getId().getTag("scope")));
        assertEquals(MicrometerPrivacyMetrics.MAX_SCOPES + 1, scopes.size(), scopes.toString());
        assertTrue(scopes.contains(MicrometerPrivacyMetrics.OTHER));
        assertEquals(200, registry.find(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).counters().stream()
                .mapToDouble(c -> c.count()).sum(), "every encryption is still counted");
        assertSame(metrics.keyScope(KeyScope.of("s150")), metrics.keyScope(KeyScope.of("s199")),
                "past the bound one handle, made once: no meter registration per call");
    }

    @Test
    void deliveries_areCountedByChannelAndOutcome() {
        metrics.delivered("email");
        metrics.deliveryFailed("email", false);
        metrics.deliveryFailed("email", true);
        metrics.deliveryFailed("sms", false);
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).tags("channel", "email", "outcome",
                "delivered").counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).tags("channel", "email", "outcome",
                "failed").counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).tags("channel", "email", "outcome",
                "dead").counter().count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).tags("channel", "sms", "outcome",
                "failed").counter().count());
    }

    /**
     * Attack: a listener called with a channel "id" that is personal data (an address, as a
     * misconfigured or hostile caller of the listener would pass) must not put it in a tag.
     */
    @Test
    void channelThatIsNoName_isTaggedOther_neverWithItsValue() {
        metrics.deliveryFailed("ion.popescu@example.ro", false);
        metrics.delivered("+40 712 345 678");
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).tags("channel",
                MicrometerPrivacyMetrics.OTHER, "outcome", "failed").counter().count());
        for (Meter meter : registry.getMeters()) {
            String id = meter.getId().toString();
            assertTrue(!id.contains("popescu") && !id.contains("712"), id);
        }
    }

    /** Attack: a caller cycling through channel ids cannot grow the registry's series without bound. */
    @Test
    void channels_areBounded() {
        for (int i = 0; i < 500; i++) {
            metrics.delivered("channel-" + i);
        }
        Set<String> channels = new TreeSet<>();
        registry.find(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).counters()
                .forEach(c -> channels.add(c.getId().getTag("channel")));
        assertTrue(channels.size() <= 65, "at most 64 channels and other: " + channels.size());
        assertTrue(channels.contains(MicrometerPrivacyMetrics.OTHER));
        assertEquals(500, registry.find(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES).counters().stream()
                .mapToDouble(c -> c.count()).sum(), "every delivery is still counted");
    }

    @Test
    void sweepProgress_addsTheBatchesCounts() {
        metrics.sweepProgress(3, 0);
        metrics.sweepProgress(2, 1);
        assertEquals(5, registry.get(MicrometerPrivacyMetrics.SWEEP_RECORDS).tag("outcome", "disposed").counter()
                .count());
        assertEquals(1, registry.get(MicrometerPrivacyMetrics.SWEEP_RECORDS).tag("outcome", "failed").counter().count());
    }

    @Test
    void toString_namesTheRegistryKindOnly() {
        assertEquals("MicrometerPrivacyMetrics[SimpleMeterRegistry]", metrics.toString());
        assertNotNull(metrics.keyScope(KeyScope.of("profile")));
        assertSame(ScopeMetrics.NONE, metrics.keyScope(null));
    }
}
