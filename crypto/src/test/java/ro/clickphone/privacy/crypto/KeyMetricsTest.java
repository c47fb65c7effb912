package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/** What the keys and encryptors tell a metrics listener ({@link KeySettings#withMetrics}). */
class KeyMetricsTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final KeyScope TRAFFIC = KeyScope.of("traffic");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);
    private static final FieldContext CALLS = FieldContext.of("cdr", "called_number", TRAFFIC);

    @TempDir
    Path dir;

    private final Recording metrics = new Recording();
    private final InMemorySubjectKeyStore store = new InMemorySubjectKeyStore();
    private Pkcs12KeyEncryptionKeyProvider kek;

    /** Counts every event, per scope, and how often each scope's handle was asked for. */
    static final class Recording implements PrivacyMetrics {
        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        final List<Boolean> unwraps = new ArrayList<>();

        int count(KeyScope scope, String event) {
            AtomicInteger n = counts.get(scope.name() + "." + event);
            return n == null ? 0 : n.get();
        }

        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            asked.computeIfAbsent(scope.name(), s -> new AtomicInteger()).incrementAndGet();
            String s = scope.name();
            return new ScopeMetrics() {
                private void count(String event) {
                    counts.computeIfAbsent(s + "." + event, e -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void fieldEncrypted() {
                    count("fieldEncrypted");
                }

                @Override
                public void fieldDecrypted() {
                    count("fieldDecrypted");
                }

                @Override
                public void fieldDecryptionFailed() {
                    count("fieldDecryptionFailed");
                }

                @Override
                public void streamEncrypted() {
                    count("streamEncrypted");
                }

                @Override
                public void streamDecrypted() {
                    count("streamDecrypted");
                }

                @Override
                public void keyCacheHit() {
                    count("hit");
                }

                @Override
                public void keyCacheMiss() {
                    count("miss");
                }
            };
        }

        @Override
        public synchronized void kekUnwrapped(long nanos, boolean succeeded) {
            assertTrue(nanos >= 0);
            unwraps.add(succeeded);
        }
    }

    @BeforeEach
    void setUp() {
        kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek");
    }

    private EnvelopeKeys keys(int threadCache) {
        return EnvelopeKeys.create(KeySettings.of(kek).withThreadCacheSize(threadCache).withMetrics(metrics), store,
                Clock.systemUTC());
    }

    @Test
    void withMetrics_null_isRefused_andTheDefaultIsNone() {
        assertThrows(InvalidInputException.class, () -> KeySettings.of(kek).withMetrics(null));
        assertEquals(PrivacyMetrics.NONE, KeySettings.of(kek).metrics());
        assertEquals(metrics, KeySettings.of(kek).withMetrics(metrics).withCacheSize(5).withThreadCacheSize(3)
                .metrics(), "later settings keep the listener");
    }

    @Test
    void fields_countedPerScope_successesAndFailures() {
        FieldEncryptor fields = new FieldEncryptor(keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE));
        String text = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        byte[] binary = fields.encrypt(ANA, EMAIL, "ana@example.ro".getBytes(StandardCharsets.UTF_8));
        fields.encrypt(ANA, CALLS, "+40712345678");
        assertEquals("ana@example.ro", fields.decrypt(ANA, EMAIL, text));
        assertArrayEquals("ana@example.ro".getBytes(StandardCharsets.UTF_8), fields.decrypt(ANA, EMAIL, binary));
        // Another subject's value (a copied column): an integrity failure in both forms.
        assertThrows(IntegrityException.class, () -> fields.decrypt(BOB, EMAIL, text));
        assertThrows(IntegrityException.class, () -> fields.decrypt(BOB, EMAIL, binary));
        // A malformed argument is the caller's mistake, not a decryption: not counted.
        assertThrows(InvalidInputException.class, () -> fields.decrypt(ANA, EMAIL, "cpf.!!"));
        fields.reencrypt(ANA, EMAIL, text);

        assertEquals(2, metrics.count(PROFILE, "fieldEncrypted"), "a re-encryption that keeps the text seals nothing");
        assertEquals(1, metrics.count(TRAFFIC, "fieldEncrypted"));
        assertEquals(3, metrics.count(PROFILE, "fieldDecrypted"), "the re-encryption's check decrypts once");
        assertEquals(2, metrics.count(PROFILE, "fieldDecryptionFailed"));
        assertEquals(0, metrics.count(TRAFFIC, "fieldDecrypted"));
    }

    @Test
    void reencrypt_afterRotation_countsOneDecryptionAndOneEncryption() {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String old = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        keys.rotate(ANA, PROFILE);
        String renewed = fields.reencrypt(ANA, EMAIL, old);
        assertTrue(!renewed.equals(old));
        assertEquals(2, metrics.count(PROFILE, "fieldEncrypted"));
        assertEquals(1, metrics.count(PROFILE, "fieldDecrypted"));
    }

    @Test
    void streams_countedPerScope() throws IOException {
        StreamEncryptor streams = new StreamEncryptor(keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = streams.encrypt(ANA, CALLS, sink)) {
            out.write(new byte[1000]);
        }
        try (InputStream in = streams.decrypt(ANA, CALLS, new ByteArrayInputStream(sink.toByteArray()))) {
            assertEquals(1000, in.readAllBytes().length);
        }
        assertEquals(1, metrics.count(TRAFFIC, "streamEncrypted"));
        assertEquals(1, metrics.count(TRAFFIC, "streamDecrypted"));
    }

    /** The hot path asks the listener once per scope, however many values and context objects there are. */
    @Test
    void scopeHandle_isAskedOncePerScope() {
        FieldEncryptor fields = new FieldEncryptor(keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE));
        for (int i = 0; i < 200; i++) {
            // A new context and a new (equal) scope object each time, as a caller may build them.
            FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
            fields.decrypt(ANA, context, fields.encrypt(ANA, context, "v" + i));
        }
        assertEquals(200, metrics.count(PROFILE, "fieldEncrypted"));
        assertEquals(1, metrics.asked.get("profile").get());
    }

    @Test
    void sharedCache_hitsAndMisses_withoutThreadTables() {
        FieldEncryptor fields = new FieldEncryptor(keys(0));
        String a = fields.encrypt(ANA, EMAIL, "a");
        fields.encrypt(ANA, EMAIL, "b");
        fields.decrypt(ANA, EMAIL, a);
        fields.decrypt(ANA, EMAIL, a);
        // encrypt: made (miss), then found (hit); decrypt: version 1 read from the store (miss), then found (hit).
        assertEquals(2, metrics.count(PROFILE, "miss"));
        assertEquals(2, metrics.count(PROFILE, "hit"));
        assertEquals(List.of(true), metrics.unwraps, "the stored version 1 was unwrapped once");
    }

    @Test
    void threadTableHits_doNotReachTheSharedCache() {
        FieldEncryptor fields = new FieldEncryptor(keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE));
        for (int i = 0; i < 50; i++) {
            fields.encrypt(ANA, EMAIL, "v" + i);
        }
        assertEquals(1, metrics.count(PROFILE, "miss"));
        assertEquals(0, metrics.count(PROFILE, "hit"), "the thread's table answered the other 49");
        assertEquals(50, metrics.count(PROFILE, "fieldEncrypted"));
    }

    /** A wrapped key under a KEK of the same id but other key material fails to unwrap: timed as a failure. */
    @Test
    void unwrapFailure_isToldAsFailed_andTheDecryptionAsFailed() {
        String value = new FieldEncryptor(keys(0)).encrypt(ANA, EMAIL, "a");
        Pkcs12KeyEncryptionKeyProvider other = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("other.p12"),
                "pw".toCharArray(), "kek");
        Recording fresh = new Recording();
        EnvelopeKeys elsewhere = EnvelopeKeys.create(KeySettings.of(other).withMetrics(fresh), store, Clock.systemUTC());
        assertThrows(IntegrityException.class, () -> new FieldEncryptor(elsewhere).decrypt(ANA, EMAIL, value));
        assertEquals(List.of(false), fresh.unwraps);
        assertEquals(1, fresh.count(PROFILE, "fieldDecryptionFailed"));
    }

    @Test
    void scopeMeters_keepABoundedNumberOfScopes_andStillCountBeyond() {
        Recording recording = new Recording();
        ScopeMeters meters = new ScopeMeters(recording);
        for (int i = 0; i < 100; i++) {
            meters.of(KeyScope.of("s" + i)).fieldEncrypted();
            meters.of(KeyScope.of("s" + i)).fieldEncrypted();
        }
        assertEquals(ScopeMeters.MAX_KEPT, meters.kept());
        assertEquals(2, recording.count(KeyScope.of("s99"), "fieldEncrypted"));
        assertEquals(1, recording.asked.get("s0").get());
        assertEquals(2, recording.asked.get("s99").get(), "past the bound the listener is asked each time");
    }

    @Test
    void noListener_answersNone() {
        ScopeMeters meters = new ScopeMeters(PrivacyMetrics.NONE);
        assertEquals(ScopeMetrics.NONE, meters.of(PROFILE));
        assertEquals(0, meters.kept());
    }

    /** A listener whose scope handles and unwrap event throw, and whose handle for {@code traffic} cannot be made. */
    private static final class Throwing implements PrivacyMetrics {
        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            if (scope.equals(TRAFFIC)) {
                throw new IllegalStateException("no handle for " + scope.name());
            }
            return new ScopeMetrics() {
                @Override
                public void fieldEncrypted() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void fieldDecrypted() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void fieldDecryptionFailed() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void streamEncrypted() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void streamDecrypted() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void keyCacheHit() {
                    throw new IllegalStateException("down");
                }

                @Override
                public void keyCacheMiss() {
                    throw new IllegalStateException("down");
                }
            };
        }

        @Override
        public void kekUnwrapped(long nanos, boolean succeeded) {
            throw new IllegalStateException("down");
        }
    }

    /**
     * The attack: a metrics backend that fails must not fail encryption. Every handle method, the
     * unwrap event and a scope's handle throw; encryption, decryption and streams work as without
     * a listener, and a tampered value still fails as an integrity failure, not as the listener's
     * exception.
     */
    @Test
    void throwingListener_neverFailsEncryption() throws IOException {
        FieldEncryptor fields = new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek).withThreadCacheSize(0)
                .withMetrics(new Throwing()), store, Clock.systemUTC()));
        String text = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals("ana@example.ro", fields.decrypt(ANA, EMAIL, text));
        String calls = fields.encrypt(ANA, CALLS, "+40712345678");
        assertEquals("+40712345678", fields.decrypt(ANA, CALLS, calls));
        assertThrows(IntegrityException.class, () -> fields.decrypt(BOB, EMAIL, text));
        // A fresh key set: the stored key is unwrapped (a cache miss and an unwrap event, both throwing).
        FieldEncryptor fresh = new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek).withThreadCacheSize(0)
                .withMetrics(new Throwing()), store, Clock.systemUTC()));
        assertEquals("ana@example.ro", fresh.decrypt(ANA, EMAIL, text));
        StreamEncryptor streams = new StreamEncryptor(EnvelopeKeys.create(KeySettings.of(kek)
                .withMetrics(new Throwing()), store, Clock.systemUTC()));
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = streams.encrypt(ANA, EMAIL, sealed)) {
            out.write("attachment".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = streams.decrypt(ANA, EMAIL, new ByteArrayInputStream(sealed.toByteArray()))) {
            assertEquals("attachment", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
