package ro.clickphone.privacy.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.Provenance;

/**
 * A subject holding 10 000 call records across three in-memory sources, through {@code kit.rights()}:
 * an access request exported to a file ({@code kit-export}: submit, verify, process with
 * {@link ExportDelivery#toDirectory}) beside the raw work the export cannot avoid ({@code raw-export}:
 * each source's {@code export} streamed through Jackson's {@code JsonGenerator} into a file in the same
 * folder); an erasure request ({@code kit-erase}: submit, verify, process: the law-aware plan, the
 * ledger entry, the erasure at each source, the key shred, the audit entries) beside each source's
 * {@code erase} of the same records ({@code raw-erase}). The contract ended in 2022, so the ANCOM term
 * is over and the call records are erased, not kept. Each source's records are restored before every
 * invocation (not measured). Single shot per request.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RightsBenchmark -wi 5 -i 10 -f 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xmx512m", "-Xms512m"})
public class RightsBenchmark {

    /** The subject's call records, over the three sources. */
    public static final int RECORDS = 10_000;

    private static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    private static final SubjectId SUBJECT = SubjectId.of("acct-1042");

    /** {@code raw-export}, {@code kit-export}, {@code raw-erase}, {@code kit-erase}. */
    @Param({"raw-export", "kit-export", "raw-erase", "kit-erase"})
    public String impl;

    private final JsonFactory json = new JsonFactory();
    private final List<InMemoryPersonalDataSource> sources = new ArrayList<>();
    private final List<InMemoryPersonalDataSource.Backup> backups = new ArrayList<>();
    private Path dir;
    private PrivacyKit kit;
    private long counter;

    /** Three sources holding the subject's 10 000 call records, and a kit with rights. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("rights-bench");
        Instant start = Instant.parse("2021-03-01T08:00:00Z");
        for (int s = 0; s < 3; s++) {
            InMemoryPersonalDataSource source = new InMemoryPersonalDataSource("cdr.part" + s, Set.of(TRAFFIC));
            for (int i = s; i < RECORDS; i += 3) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("caller_number", "+40722" + String.format("%06d", i % 1_000_000));
                fields.put("callee_number", "+40213" + String.format("%06d", (i * 7919) % 1_000_000));
                fields.put("started_at", start.plusSeconds(97L * i));
                fields.put("duration_s", 30 + i % 600);
                fields.put("cell_id", "RO-CJ-" + (i % 97));
                source.add("call-" + i, SUBJECT, TRAFFIC, Provenance.OBSERVED, Optional.empty(), fields);
            }
            sources.add(source);
            backups.add(source.backup());
        }
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC()).stores(InMemoryStores.create()).keys(NotificationBenchmarkSupport.keys())
                .rights(RightsSettings.defaults().withErasureLedger(new InMemoryErasureLedger()));
        sources.forEach(builder::source);
        kit = builder.build();
        kit.retention().recordEvent(SUBJECT, "contract-end", LocalDate.of(2022, 1, 31));
    }

    /** Puts every record back, as before the first erasure. */
    @Setup(Level.Invocation)
    public void restore() {
        for (int s = 0; s < sources.size(); s++) {
            sources.get(s).restore(backups.get(s));
        }
    }

    /** After an erasure, checks (not measured) that every record is gone: an erasure, not a restriction. */
    @TearDown(Level.Invocation)
    public void check() {
        if (impl.endsWith("erase")) {
            checked(RECORDS - remaining());
        }
    }

    /** Closes the kit. */
    @TearDown(Level.Trial)
    public void tearDown() {
        kit.close();
    }

    /**
     * One request of the chosen kind, or its raw work.
     *
     * @return the records exported or erased, or the request's state
     * @throws IOException if the file could not be written
     */
    @Benchmark
    public Object run() throws IOException {
        switch (impl) {
            case "raw-export":
                return rawExport();
            case "raw-erase":
                int erased = 0;
                for (InMemoryPersonalDataSource source : sources) {
                    erased += source.erase(SUBJECT, Set.of(TRAFFIC)).total();
                }
                return erased;
            case "kit-export":
                return request(RightsRequest.access(SUBJECT, RequestChannel.CUSTOMER_ACCOUNT, Instant.now()));
            case "kit-erase":
                return request(RightsRequest.erasure(SUBJECT, RequestChannel.CUSTOMER_ACCOUNT, Instant.now()));
            default:
                throw new IllegalStateException(impl);
        }
    }

    private RequestState request(RightsRequest request) {
        RequestRecord submitted = kit.rights().submit(request);
        kit.rights().verify(submitted.id());
        RequestRecord done = request.type().name().equals("ACCESS")
                ? kit.rights().process(submitted.id(), ExportDelivery.toDirectory(dir))
                : kit.rights().process(submitted.id());
        if (done.state() != RequestState.COMPLETED) {
            throw new IllegalStateException("the request was not carried out in full: " + done);
        }
        return done.state();
    }

    /** The erasure removed every record: the benchmark measures an erasure, not a restriction. */
    private static int checked(int erased) {
        if (erased != RECORDS) {
            throw new IllegalStateException("erased " + erased + " of " + RECORDS + " records");
        }
        return erased;
    }

    private int remaining() {
        int[] left = {0};
        for (InMemoryPersonalDataSource source : sources) {
            source.find(SUBJECT, record -> left[0]++);
        }
        return left[0];
    }

    private long rawExport() throws IOException {
        long[] count = {0};
        Path file = dir.resolve("raw-" + (counter++) + ".json");
        try (JsonGenerator out = json.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeArrayFieldStart("records");
            for (InMemoryPersonalDataSource source : sources) {
                source.export(SUBJECT, record -> write(out, record, count));
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        Files.delete(file);
        return count[0];
    }

    private static void write(JsonGenerator out, ExportedRecord record, long[] count) {
        try {
            out.writeStartObject();
            out.writeStringField("source", record.record().source());
            out.writeStringField("id", record.record().id());
            out.writeStringField("category", record.category().id());
            out.writeObjectFieldStart("fields");
            for (Map.Entry<String, Object> field : record.fields().entrySet()) {
                out.writeFieldName(field.getKey());
                Object value = field.getValue();
                if (value instanceof Integer) {
                    out.writeNumber((Integer) value);
                } else {
                    out.writeString(String.valueOf(value));
                }
            }
            out.writeEndObject();
            out.writeEndObject();
            count[0]++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
