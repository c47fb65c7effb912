package ro.clickphone.privacy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * End-to-end delivery of 5 000 queued missed-call messages to a channel that does nothing, on two
 * threads: both run {@code dispatchPending()} passes of one kit (1000 subjects with an e-mail address in
 * the contact directory) until the outbox is empty, racing for claims — claims under leases, the contact
 * look-up, unsealing, the channel call, the outcome record and its audit entry. Beside it, in the
 * same run, the raw floor of that work: two threads AES-GCM-decrypting (JCE, one key, cipher per
 * thread) 5 000 ciphertexts of the same size as the sealed messages. Time per message; a fresh
 * outbox, filled outside the measurement, for every invocation.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NotificationDeliveryBenchmark -wi 3 -i 5 -f 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class NotificationDeliveryBenchmark {

    /** Messages delivered per invocation. */
    public static final int MESSAGES = 5_000;
    private static final int THREADS = 2;

    /** {@code raw}: JCE AES-GCM decryption of as many ciphertexts (baseline); {@code deliver}: the dispatchers. */
    @Param({"raw", "deliver"})
    public String impl;

    private final SubjectId[] subjects = NotificationBenchmarkSupport.subjects(1000);
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
        Thread thread = new Thread(r, "deliver-bench");
        thread.setDaemon(true);
        return thread;
    });
    private final KeySettings keys = NotificationBenchmarkSupport.keys();
    private final List<PrivacyKit> kits = new ArrayList<>();
    private Stores stores;
    private byte[][] ciphertexts;
    private final byte[] nonce = new byte[12];
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");

    /** Ciphertexts the size of a sealed message, for the baseline. */
    @Setup(Level.Trial)
    public void ciphertexts() throws Exception {
        Stores probeStores = InMemoryStores.create();
        PrivacyKit probe = NotificationBenchmarkSupport.kit(probeStores, keys);
        String id = probe.notifications().send(NotificationBenchmarkSupport.MISSED_CALL, subjects[0],
                NotificationBenchmarkSupport.PAYLOAD).id();
        probe.close();
        // the sealed content is text (base64 of the ciphertext): its bytes, less nonce and tag
        int size = Math.max(1, probeStores.outbox().find(id).orElseThrow().content().orElseThrow().length() * 3 / 4
                - 28);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] one = cipher.doFinal(new byte[size]);
        ciphertexts = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            ciphertexts[i] = one.clone();
        }
    }

    /** A fresh outbox holding {@value #MESSAGES} pending messages, and two kits on it. */
    @Setup(Level.Invocation)
    public void queue() {
        if (!"deliver".equals(impl)) {
            return;
        }
        stores = InMemoryStores.create();
        for (int i = 0; i < subjects.length; i++) {
            stores.contacts().put(subjects[i], new SubjectContacts(Map.of(Medium.EMAIL, "acct-" + i + "@example.ro"), "ro"));
        }
        kits.clear();
        kits.add(NotificationBenchmarkSupport.kit(stores, keys));
        for (int i = 0; i < MESSAGES; i++) {
            kits.get(0).notifications().send(NotificationBenchmarkSupport.MISSED_CALL, subjects[i % subjects.length],
                    NotificationBenchmarkSupport.PAYLOAD);
        }
    }

    /** Stops the kits. */
    @TearDown(Level.Invocation)
    public void closeKits() {
        kits.forEach(PrivacyKit::close);
        if ("deliver".equals(impl) && !stores.outbox().list(OutboxState.PENDING, 1).isEmpty()) {
            throw new IllegalStateException("messages left undelivered");
        }
    }

    /** Stops the threads. */
    @TearDown(Level.Trial)
    public void stopThreads() {
        threads.shutdownNow();
    }

    /**
     * Delivers every queued message (or decrypts as many ciphertexts) on two threads.
     *
     * @return how many were handled
     * @throws Exception if a thread failed
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public int deliverAll() throws Exception {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(threads.submit(() -> "deliver".equals(impl) ? drain(kits.get(0), stores) : decrypt(thread)));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        return total;
    }

    /** Passes until no message is pending (the other dispatcher may hold claims a pass here cannot take). */
    private static int drain(PrivacyKit kit, Stores stores) {
        int delivered = 0;
        int passes = 0;
        while (!stores.outbox().list(OutboxState.PENDING, 1).isEmpty()) {
            DispatchReport pass = kit.notifications().dispatchPending();
            delivered += pass.delivered();
            if (pass.retried() > 0 || pass.dead() > 0 || ++passes > 100_000) {
                throw new IllegalStateException("a no-op delivery failed: " + pass);
            }
        }
        return delivered;
    }

    private int decrypt(int thread) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        int count = 0;
        for (int i = thread; i < MESSAGES; i += THREADS) {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            count += cipher.doFinal(ciphertexts[i]).length > 0 ? 1 : 0;
        }
        return count;
    }
}
