package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/** The kit builder's metrics(...): one listener for the whole kit, given once. */
class KitMetricsTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");

    @TempDir
    Path dir;

    /** Records the events that carry arguments, as text. */
    static final class Recording implements PrivacyMetrics {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            return new ScopeMetrics() {
                @Override
                public void fieldEncrypted() {
                    events.add("encrypted:" + scope.name());
                }
            };
        }

        @Override
        public void consentChecked(long nanos, boolean permitted) {
            events.add("consent:" + permitted);
        }

        @Override
        public void auditAppended(long nanos, boolean succeeded) {
            events.add("audit:" + succeeded);
        }

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }
    }

    private KeySettings keys() {
        return KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
    }

    @Test
    void metrics_givenTwiceOrNull_isRefused() {
        PrivacyKit.Builder builder = PrivacyKit.builder().metrics(new Recording());
        assertThrows(ConfigurationException.class, () -> builder.metrics(new Recording()));
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().metrics(null));
    }

    @Test
    void metrics_withoutStores_isRefused() {
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .metrics(new Recording()).build());
    }

    @Test
    void keySettingsNamingAnotherListener_isRefused() {
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create()).keys(keys().withMetrics(new Recording())).metrics(new Recording());
        assertThrows(ConfigurationException.class, builder::build);
    }

    @Test
    void builderListener_servesKeysAndConsentAndAudit() {
        Recording metrics = new Recording();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .keys(keys()).metrics(metrics).build()) {
            FieldContext address = kit.fieldContext("order", "delivery_address", DataCategory.of("DELIVERY"));
            kit.fields().encrypt(ANA, address, "Strada Lunga 12");
            kit.consent().check(ANA, Purpose.of("MARKETING"));
            assertEquals(1, metrics.count("encrypted:" + address.scope().name()));
            assertEquals(1, metrics.count("consent:false"));
            assertEquals(kit.audit().read(1, 4096).size(), metrics.count("audit:true"));
        }
    }

    @Test
    void keySettingsListenerAlone_servesTheWholeKit() {
        Recording metrics = new Recording();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .keys(keys().withMetrics(metrics)).build()) {
            kit.consent().check(ANA, Purpose.of("SERVICE_PROVISION"));
            assertEquals(1, metrics.count("consent:true"));
        }
    }

    /**
     * No dependency unless used: core's class path (its runtime dependencies and crypto's and spi's,
     * transitively, and its test ones) holds no Micrometer; only the adapter module brings it.
     */
    @Test
    void coreClassPath_holdsNoMicrometer() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
    }

    /** Failure injection: an audit store that refuses appends; the listener is told of the failed append. */
    @Test
    void failedAuditAppend_isToldAsFailed() {
        Recording metrics = new Recording();
        AuditLogStore failing = spy(new InMemoryAuditLogStore());
        AuditSettings audit = AuditSettings.of(Ed25519Signer.generate("audit"), SecretBytes.random(32,
                new SecureRandom()));
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .auditLogStore(failing).audit(audit).metrics(metrics).build()) {
            doThrow(new StoreException("audit store down", true, null)).when(failing).append(any(AuditRecord.class));
            assertThrows(StoreException.class, () -> kit.consent().grant(ANA, Purpose.of("MARKETING"),
                    ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withEffectiveAt(Instant.now())));
            assertTrue(metrics.count("audit:false") >= 1, metrics.events.toString());
        }
    }
}
