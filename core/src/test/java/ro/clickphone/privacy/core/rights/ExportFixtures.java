package ro.clickphone.privacy.core.rights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import ro.clickphone.privacy.core.rights.internal.ExportWriter;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ExportSink;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;

/** Requests, CDR-like records generated on demand, and the export schema, for the export tests. */
public final class ExportFixtures {

    /** A subject whose id must never reach a log or an exception. */
    public static final SubjectId SUBJECT = SubjectId.of("cust-4471-ionescu");
    /** The traffic category. */
    public static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    /** A telephone number that is personal data. */
    public static final String NUMBER = "+40721555123";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Schema schema;

    private ExportFixtures() {
    }

    /**
     * A request being carried out.
     *
     * @param type ACCESS or PORTABILITY
     * @param categories the categories it is limited to
     * @return the request
     */
    public static RequestRecord request(RightType type, Set<DataCategory> categories) {
        Instant received = Instant.parse("2026-01-31T09:15:00Z");
        return new RequestRecord("rr-0123456789abcdef0123456789abcdef", type, SUBJECT, RequestChannel.DPO_EMAIL,
                received, Optional.empty(), categories, Set.of(), Set.of(), Optional.empty(), RequestState.IN_PROGRESS,
                Optional.empty(), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 2), false, Optional.empty(),
                Optional.empty(), 0, List.of(), Set.of(), Optional.empty(), 3, received);
    }

    /**
     * One CDR-like record's fields.
     *
     * @param i its index
     * @return the fields
     */
    public static Map<String, Object> cdr(long i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("caller", NUMBER);
        fields.put("callee", "+4031" + (1_000_000 + i % 9_000_000));
        fields.put("startedAt", Instant.ofEpochSecond(1_767_225_600L + i * 97));
        fields.put("durationSeconds", (int) (i % 3600));
        fields.put("direction", i % 2 == 0 ? "OUTBOUND" : "INBOUND");
        fields.put("cost", BigDecimal.valueOf(i % 1000, 2));
        return fields;
    }

    /**
     * A source of {@code count} CDRs of the subject, generated one at a time as they are exported: it
     * holds none of them.
     *
     * @param name its name
     * @param count how many records
     * @return the source
     */
    public static PersonalDataSource generating(String name, long count) {
        return exporting(name, TRAFFIC, (subject, sink) -> {
            for (long i = 0; i < count; i++) {
                sink.accept(ExportedRecord.observed(RecordRef.of(name, "cdr-" + i), TRAFFIC, cdr(i)));
            }
        });
    }

    /**
     * A source that declares {@link SourceCapability#EXPORT} only and exports whatever {@code body}
     * hands its sink; it cannot dispose of records.
     *
     * @param name its name
     * @param category the one category it holds
     * @param body what it does when asked to export a subject's records
     * @return the source
     */
    public static PersonalDataSource exporting(String name, DataCategory category,
            BiConsumer<SubjectId, ExportSink> body) {
        return new PersonalDataSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<DataCategory> categories() {
                return Set.of(category);
            }

            @Override
            public Set<SourceCapability> capabilities() {
                return Set.of(SourceCapability.EXPORT);
            }

            @Override
            public void dispose(RecordRef record, DisposalAction action) {
                throw new UnsupportedOperationException("an export-only test source disposes of nothing");
            }

            @Override
            public void export(SubjectId subject, ExportSink sink) {
                body.accept(subject, sink);
            }
        };
    }

    /**
     * Validates a document against the export schema of its version.
     *
     * @param document the JSON document
     * @return the schema's errors, empty when valid
     */
    public static List<Error> validate(JsonNode document) {
        return schema().validate(document);
    }

    /**
     * Parses a document.
     *
     * @param json its bytes
     * @return the tree
     */
    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Schema schema() {
        if (schema == null) {
            try (InputStream in = ExportWriter.class.getResourceAsStream(ExportWriter.SCHEMA_RESOURCE)) {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }
}
