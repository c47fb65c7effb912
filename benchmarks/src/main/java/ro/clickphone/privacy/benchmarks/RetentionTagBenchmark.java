package ro.clickphone.privacy.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryRetentionStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * {@code kit.retention().tag(subject, record, FINANCIAL, invoiceDate)} of 100 000 new invoices (1000
 * subjects, 100 each) into an empty {@link InMemoryRetentionStore}, beside a plain
 * {@code store.insert(new RetentionTag(...))} of the same records into the same kind of store, with
 * the date computed once beforehand, in the same run. A fresh store (and kit) for every 100 000, so
 * both fill a store from empty. Throughput in tags/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RetentionTagBenchmark -wi 2 -i 3 -f 2 -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
public class RetentionTagBenchmark {

    /** Records tagged per invocation, into a fresh store. */
    public static final int RECORDS = 100_000;
    private static final int PER_SUBJECT = 100;
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");

    /** {@code put}: a plain insert into the in-memory store (baseline); {@code tag}: through the kit. */
    @Param({"put", "tag"})
    public String impl;

    private final RecordRef[] records = new RecordRef[RECORDS];
    private final SubjectId[] subjects = new SubjectId[RECORDS / PER_SUBJECT];
    private final String[] subjectRefs = new String[RECORDS / PER_SUBJECT];
    private final Instant issuedAt = Instant.parse("2024-03-15T10:00:00Z");
    private final LocalDate lastDayKept = LocalDate.of(2034, 12, 31);
    private final Optional<KeyScope> fiscal = Optional.of(KeyScope.of("fiscal"));
    private final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(FINANCIAL));
    private InMemoryRetentionStore store;
    private RetentionSchedule retention;

    /** The records and subjects, and their audit pseudonyms. */
    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < RECORDS; i++) {
            records[i] = RecordRef.of("billing", "F-" + i);
        }
        PrivacyKit kit = kit(new InMemoryRetentionStore());
        for (int s = 0; s < subjects.length; s++) {
            subjects[s] = SubjectId.of("acct-" + s);
            subjectRefs[s] = kit.audit().subjectRef(subjects[s]);
        }
    }

    /** An empty store, and a kit on it. */
    @Setup(Level.Invocation)
    public void emptyStore() {
        store = new InMemoryRetentionStore();
        retention = kit(store).retention();
    }

    private PrivacyKit kit(InMemoryRetentionStore retentionStore) {
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                .stores(InMemoryStores.create().withRetention(retentionStore)).source(billing).build();
    }

    /**
     * Tags (or puts) the 100 000 records.
     *
     * @return the last tag, so that JMH keeps the work
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public Object tagAll() {
        Object last = null;
        if ("put".equals(impl)) {
            Instant now = Instant.now();
            for (int i = 0; i < RECORDS; i++) {
                int s = i / PER_SUBJECT;
                RetentionTag tag = new RetentionTag(records[i], Optional.of(subjects[s]), subjectRefs[s], FINANCIAL,
                        "FINANCIAL_RECORDS", fiscal, Set.of(), Optional.of(lastDayKept), Optional.empty(), now,
                        Optional.empty(), Optional.empty(), 0);
                if (!store.insert(tag)) {
                    throw new IllegalStateException("the store was not empty");
                }
                last = tag;
            }
        } else {
            for (int i = 0; i < RECORDS; i++) {
                last = retention.tag(subjects[i / PER_SUBJECT], records[i], FINANCIAL, issuedAt);
            }
        }
        return last;
    }
}
