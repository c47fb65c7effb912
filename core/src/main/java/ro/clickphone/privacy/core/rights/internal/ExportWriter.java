package ro.clickphone.privacy.core.rights.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.policy.Controller;
import ro.clickphone.privacy.core.policy.ExportStatements;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RecipientDefinition;
import ro.clickphone.privacy.core.policy.RetentionRule;
import ro.clickphone.privacy.core.policy.TransferException;
import ro.clickphone.privacy.core.policy.Transfers;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Provenance;

/**
 * Writes the JSON document of an access (GDPR art. 15) or portability (art. 20) request, streaming:
 * each record a source exports goes straight to the output through Jackson's {@link JsonGenerator},
 * so neither the source nor the kit holds the subject's records (a source may export 100 000 call
 * records). The format, version {@value #FORMAT_VERSION}, is described in {@code docs/EXPORT-FORMAT.md}
 * and by the JSON schema {@value #SCHEMA_RESOURCE}.
 *
 * <p>Thread-safe (holds no state between calls); one call writes one document on the calling thread.
 * Logs counts and the request id only.
 */
public final class ExportWriter {

    /** The value of the document's {@code format} member. */
    public static final String FORMAT = "clickphone-privacy-export";
    /** The value of the document's {@code formatVersion} member: the major version of the format. */
    public static final int FORMAT_VERSION = 1;
    /** The class-path resource of the JSON schema of this version. */
    public static final String SCHEMA_RESOURCE = "/ro/clickphone/privacy/core/rights/export-v1.schema.json";
    /** How many distinct origins of data not collected from the subject the summary lists at most. */
    public static final int MAX_ORIGINS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ExportWriter.class);
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Supplier<Policy> policy;
    private final Clock clock;

    /**
     * A writer over the kit's current policy.
     *
     * @param policy the policy in force, read once per document
     * @param clock the clock for {@code generatedAt}
     * @throws InvalidInputException if an argument is null
     */
    public ExportWriter(Supplier<Policy> policy, Clock clock) {
        if (policy == null || clock == null) {
            throw new InvalidInputException("exportWriter", "policy and clock must not be null");
        }
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Streams one JSON document: the header (format and version, the request, the subject's id — the
     * subject sees their own data —, when it was generated, the policy's version), the art. 15
     * information from the policy (purposes with their legal basis, categories with their retention
     * period or its criteria, recipients, transfers, sources of data not collected from the subject,
     * automated decisions including profiling, the rights and the supervisory authority), the sources
     * that cannot export, then each exporting source's records (id, category, provenance, origin,
     * fields) and counts, and a summary. The request's categories, when it names any, limit the
     * records written. PORTABILITY writes only the records whose provenance is PROVIDED or OBSERVED and
     * whose category the policy processes for a purpose on CONSENT or CONTRACT; the rest are counted as
     * NOT_PORTABLE. Fields the policy withholds from exports (credentials) are never written: each record
     * names the fields left out, and the counts say how many. Every sentence shown to the subject is the
     * policy's ({@link ExportStatements}), in its language. {@code out} must be an
     * {@link ExportDelivery.Completion}; it is completed after the last byte, flushed, never closed.
     *
     * @param request an ACCESS or PORTABILITY request
     * @param exporting the sources that declare EXPORT, each named once, in the order written
     * @param unsupported the names of the sources that hold data of the subject but cannot export it
     * @param out where the document goes
     * @return what was written, per source and category
     * @throws InvalidInputException if an argument is null or holds null, the request is of another
     *     type, a source is named twice, {@code out} is not an {@link ExportDelivery.Completion} (it
     *     was wrapped, and its completion would be lost), or a source exports a record of another source
     *     or of a category it does not hold
     * @throws ConfigurationException if the policy gives no {@link ExportStatements}
     * @throws IOException if writing fails
     */
    public ExportResult write(RequestRecord request, List<PersonalDataSource> exporting, List<String> unsupported,
            OutputStream out) throws IOException {
        if (request == null || exporting == null || unsupported == null || out == null
                || holdsNull(exporting) || holdsNull(unsupported)) {
            throw new InvalidInputException("export", "request, sources and output must not be null or hold null");
        }
        if (request.type() != RightType.ACCESS && request.type() != RightType.PORTABILITY) {
            throw new InvalidInputException("request.type", "must be ACCESS or PORTABILITY");
        }
        Set<String> names = new HashSet<>();
        for (PersonalDataSource source : exporting) {
            if (!names.add(source.name())) {
                throw new InvalidInputException("exporting", "names a source twice: " + source.name());
            }
        }
        for (String name : unsupported) {
            if (!names.add(name)) {
                throw new InvalidInputException("unsupported", "names a source twice: " + name);
            }
        }
        if (!(out instanceof ExportDelivery.Completion)) {
            // a wrapper (a BufferedOutputStream) hides the delivery's completion: the whole document would
            // never be published while the export reports success
            throw new InvalidInputException("out", "must be the stream ExportDelivery.open returned, unwrapped"
                    + " (an ExportDelivery.Completion)");
        }
        Policy p = policy.get();
        ExportStatements statements = p.exportStatements().orElseThrow(() -> new ConfigurationException(
                "The policy in force (" + p.version().label() + ") gives no exportStatements: an access or"
                + " portability export needs the sentences it shows the subject, in the policy's language"
                + " (docs/POLICY-FORMAT.md)"));
        Document doc = new Document(request, p, statements, JSON.createGenerator(out, JsonEncoding.UTF8));
        doc.writeAll(exporting, unsupported, clock.instant());
        out.flush();
        ((ExportDelivery.Completion) out).complete();
        ExportResult result = new ExportResult(doc.outcomes, doc.written);
        LOG.info("export of request {} written: {} records from {} sources, {} not portable, {} field values"
                + " withheld, {} sources unsupported", request.id(), doc.written, exporting.size(), doc.notPortable,
                doc.withheld, unsupported.size());
        return result;
    }

    // List.of(...).contains(null) throws: iterate
    private static boolean holdsNull(List<?> list) {
        for (Object element : list) {
            if (element == null) {
                return true;
            }
        }
        return false;
    }

    /** The categories a policy processes for at least one purpose on consent or contract. */
    static Set<DataCategory> portableCategories(Policy policy) {
        Set<DataCategory> portable = new LinkedHashSet<>();
        for (PurposeDefinition purpose : policy.purposes()) {
            if (purpose.legalBasis() == LegalBasis.CONSENT || purpose.legalBasis() == LegalBasis.CONTRACT) {
                portable.addAll(purpose.categories());
            }
        }
        return portable;
    }

    /** The fields no export contains: every field any category of the policy withholds (fail closed). */
    static Set<String> withheldFields(Policy policy) {
        Set<String> withheld = new LinkedHashSet<>();
        for (CategoryDefinition category : policy.categories()) {
            withheld.addAll(category.withheldFromExport());
        }
        return withheld;
    }

    /** One document being written. */
    /** Writes one item's members into the object the generator has open. */
    @FunctionalInterface
    private interface Members<T> {
        void write(T item) throws IOException;
    }

    private static final class Document {

        private final RequestRecord request;
        private final Policy policy;
        private final ExportStatements statements;
        private final Set<String> withheldFields;
        private final JsonGenerator g;
        private final boolean portability;
        private final Set<DataCategory> portable;
        private final Set<String> origins = new LinkedHashSet<>();
        private final Map<String, List<CategoryOutcome>> outcomes = new LinkedHashMap<>();
        private boolean originsTruncated;
        private long written;
        private long notPortable;
        private long withheld;
        /** The first failure of the sink: a source that swallows it still gets it back, and nothing completes. */
        private RuntimeException failure;

        Document(RequestRecord request, Policy policy, ExportStatements statements, JsonGenerator g) {
            this.request = request;
            this.policy = policy;
            this.statements = statements;
            this.withheldFields = withheldFields(policy);
            this.g = g;
            this.portability = request.type() == RightType.PORTABILITY;
            this.portable = portableCategories(policy);
            g.useDefaultPrettyPrinter();
        }

        void writeAll(List<PersonalDataSource> exporting, List<String> unsupported, Instant now) throws IOException {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            writeRequest();
            g.writeStringField("subject", request.subject().value());
            g.writeStringField("generatedAt", now.toString());
            g.writeObjectFieldStart("policy");
            g.writeStringField("version", policy.version().label());
            g.writeStringField("effectiveFrom", policy.version().effectiveFrom().toString());
            // an assumed date is never shown as a fact (Policy#effectiveFromAssumed)
            g.writeBooleanField("effectiveFromAssumed", policy.effectiveFromAssumed());
            optional("effectiveFromBasis", policy.effectiveFromBasis());
            g.writeStringField("language", policy.language());
            g.writeEndObject();
            writeInformation();
            g.writeArrayFieldStart("unsupportedSources");
            for (String name : unsupported) {
                g.writeStartObject();
                g.writeStringField("source", name);
                g.writeStringField("statement", statements.unsupportedSource());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sources");
            for (PersonalDataSource source : exporting) {
                writeSource(source);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("records", written);
            g.writeNumberField("notPortable", notPortable);
            g.writeNumberField("withheldFields", withheld);
            g.writeArrayFieldStart("origins");
            for (String origin : origins) {
                g.writeString(origin);
            }
            g.writeEndArray();
            g.writeBooleanField("originsTruncated", originsTruncated);
            g.writeEndObject();
            g.writeEndObject();
            g.close();
        }

        private void writeRequest() throws IOException {
            g.writeObjectFieldStart("request");
            g.writeStringField("id", request.id());
            g.writeStringField("type", request.type().name());
            g.writeStringField("channel", request.channel().name());
            g.writeStringField("receivedAt", request.receivedAt().toString());
            g.writeArrayFieldStart("categories");
            for (DataCategory c : request.categories()) {
                g.writeString(c.id());
            }
            g.writeEndArray();
            if (portability) {
                g.writeObjectFieldStart("portability");
                g.writeStringField("rule", statements.portabilityRule());
                g.writeArrayFieldStart("portableCategories");
                for (DataCategory c : sorted(portable)) {
                    g.writeString(c.id());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }

        private void writeInformation() throws IOException {
            g.writeObjectFieldStart("information");
            writeController(policy.controller());
            writeContact("dataProtectionOfficer", Optional.of(policy.dpo()));
            writeContact("supervisoryAuthority", policy.supervisoryAuthority());
            g.writeArrayFieldStart("purposes");
            for (PurposeDefinition purpose : policy.purposes()) {
                writePurpose(purpose);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (CategoryDefinition category : policy.categories()) {
                writeCategory(category);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("recipients");
            for (RecipientDefinition recipient : policy.recipients()) {
                writeRecipient(recipient);
            }
            g.writeEndArray();
            writeTransfers(policy.transfers());
            writeDataSources();
            writeAutomatedDecisions();
            writeWithheld();
            objects("rights", policy.rights(), right -> {
                g.writeStringField("right", right.right().name());
                g.writeStringField("article", right.right().article());
                g.writeStringField("description", right.description());
                g.writeStringField("howToExercise", right.howToExercise());
            });
            g.writeEndObject();
        }

        private void writeDataSources() throws IOException {
            declared("dataNotFromSubject", policy.dataSources(), d -> {
                g.writeStringField("id", d.id());
                g.writeStringField("name", d.name());
                g.writeStringField("description", d.description());
                g.writeBooleanField("publiclyAccessible", d.publiclyAccessible());
                ids("categories", d.categories());
            }, policy.dataSources().isEmpty() ? statements.noDataSources() : statements.dataSources());
        }

        private void writeAutomatedDecisions() throws IOException {
            declared("automatedDecisions", policy.automatedDecisions(), d -> {
                g.writeStringField("id", d.id());
                g.writeStringField("name", d.name());
                g.writeStringField("description", d.description());
                g.writeStringField("logic", d.logic());
                g.writeStringField("significance", d.significance());
                g.writeBooleanField("profiling", d.profiling());
                ids("categories", d.categories());
            }, policy.automatedDecisions().isEmpty() ? statements.noAutomatedDecisions()
                    : statements.automatedDecisions());
        }

        private void writeWithheld() throws IOException {
            g.writeObjectFieldStart("withheldFromExport");
            g.writeArrayFieldStart("fields");
            for (CategoryDefinition category : policy.categories()) {
                for (String field : category.withheldFromExport()) {
                    g.writeStartObject();
                    g.writeStringField("category", category.category().id());
                    g.writeStringField("field", field);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeStringField("statement", statements.withheldFields());
            g.writeEndObject();
        }

        private void ids(String field, List<DataCategory> categories) throws IOException {
            strings(field, categories, DataCategory::id);
        }

        /** An array of strings, one for each item. */
        private <T> void strings(String field, Iterable<T> items, Function<? super T, String> text) throws IOException {
            g.writeArrayFieldStart(field);
            for (T item : items) {
                g.writeString(text.apply(item));
            }
            g.writeEndArray();
        }

        /** An array of objects, one for each item, whose members {@code members} writes. */
        private <T> void objects(String field, Iterable<T> items, Members<T> members) throws IOException {
            g.writeArrayFieldStart(field);
            for (T item : items) {
                g.writeStartObject();
                members.write(item);
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        /** An object holding what the policy declares (an array, {@code declared}) and the statement about it. */
        private <T> void declared(String field, List<T> items, Members<T> members, String statement)
                throws IOException {
            g.writeObjectFieldStart(field);
            objects("declared", items, members);
            g.writeStringField("statement", statement);
            g.writeEndObject();
        }

        private void writeController(Controller c) throws IOException {
            g.writeObjectFieldStart("controller");
            g.writeStringField("name", c.name());
            g.writeStringField("address", c.address());
            optional("fiscalCode", c.fiscalCode());
            optional("tradeRegisterNumber", c.tradeRegisterNumber());
            optional("phone", c.phone());
            optional("fax", c.fax());
            g.writeStringField("email", c.email());
            optional("web", c.web());
            g.writeEndObject();
        }

        private void writeContact(String field, Optional<Contact> contact) throws IOException {
            if (contact.isEmpty()) {
                return;
            }
            Contact c = contact.get();
            g.writeObjectFieldStart(field);
            g.writeStringField("name", c.name());
            optional("email", c.email());
            optional("phone", c.phone());
            optional("web", c.web());
            g.writeEndObject();
        }

        private void writePurpose(PurposeDefinition purpose) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", purpose.purpose().id());
            g.writeStringField("name", purpose.name());
            g.writeStringField("description", purpose.description());
            g.writeStringField("legalBasis", purpose.legalBasis().name());
            g.writeStringField("legalBasisArticle", purpose.legalBasis().article());
            g.writeStringField("legalReference", purpose.legalReference());
            g.writeBooleanField("mandatory", purpose.mandatory());
            g.writeStringField("objection", purpose.objection().name());
            strings("categories", purpose.categories(), DataCategory::id);
            strings("recipients", purpose.recipients(), Recipient::id);
            g.writeEndObject();
        }

        private void writeCategory(CategoryDefinition category) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", category.category().id());
            g.writeStringField("name", category.name());
            g.writeStringField("description", category.description());
            g.writeBooleanField("special", category.special());
            strings("fields", category.fields(), f -> f);
            strings("purposes", policy.purposesProcessing(category.category()), p -> p.purpose().id());
            RetentionRule rule = policy.retentionOf(category.category());
            g.writeObjectFieldStart("retention");
            g.writeStringField("rule", rule.id());
            g.writeStringField("kind", rule.kind().name());
            if (rule.period().isPresent()) {
                g.writeStringField("period", rule.period().get().toString());
            }
            optional("event", rule.event());
            g.writeBooleanField("minimum", rule.minimum());
            g.writeBooleanField("extendedByLegalHold", rule.extendedByLegalHold());
            optional("legalReference", rule.legalReference());
            g.writeStringField("summary", rule.summary());
            g.writeStringField("description", rule.description());
            g.writeEndObject();
            g.writeEndObject();
        }

        private void writeRecipient(RecipientDefinition recipient) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", recipient.recipient().id());
            g.writeStringField("name", recipient.name());
            g.writeStringField("kind", recipient.kind().name());
            g.writeStringField("description", recipient.description());
            g.writeStringField("country", recipient.country());
            g.writeStringField("condition", recipient.condition().name());
            strings("categories", recipient.categories(), DataCategory::id);
            g.writeEndObject();
        }

        private void writeTransfers(Transfers transfers) throws IOException {
            g.writeObjectFieldStart("transfers");
            g.writeBooleanField("outsideEea", transfers.outsideEea());
            g.writeStringField("statement", transfers.statement());
            strings("permittedCountries", transfers.permittedCountries(), country -> country);
            g.writeArrayFieldStart("exceptions");
            // only what the DPO confirmed, and never the note: it is the DPO's working text, not the policy's
            for (TransferException e : transfers.exceptions()) {
                if (!e.confirmed()) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("recipient", e.recipient().id());
                g.writeStringField("country", e.country());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        private void writeSource(PersonalDataSource source) throws IOException {
            String name = source.name();
            Set<DataCategory> held = source.categories();
            Map<DataCategory, long[]> counts = new TreeMap<>(Comparator.comparing(DataCategory::id));
            for (DataCategory c : held) {
                if (inScope(c)) {
                    counts.put(c, new long[3]);
                }
            }
            g.writeStartObject();
            g.writeStringField("source", name);
            g.writeArrayFieldStart("records");
            Thread caller = Thread.currentThread();
            boolean[] open = {true};
            try {
                source.export(request.subject(), record -> {
                    if (!open[0] || Thread.currentThread() != caller) {
                        throw new IllegalStateException("a source must export on the calling thread, before"
                                + " export returns: " + name);
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    try {
                        accept(name, held, counts, record);
                    } catch (RuntimeException e) {
                        failure = e;
                        throw e;
                    }
                });
                if (failure != null) {
                    // the source caught the sink's exception and returned: the document is broken all the same
                    throw failure;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                open[0] = false;
            }
            g.writeEndArray();
            g.writeArrayFieldStart("counts");
            List<CategoryOutcome> list = new ArrayList<>();
            for (Map.Entry<DataCategory, long[]> e : counts.entrySet()) {
                long exported = e.getValue()[0];
                long left = e.getValue()[1];
                g.writeStartObject();
                g.writeStringField("category", e.getKey().id());
                g.writeNumberField("exported", exported);
                g.writeNumberField("notPortable", left);
                g.writeNumberField("withheldFields", e.getValue()[2]);
                g.writeEndObject();
                if (exported > 0) {
                    list.add(CategoryOutcome.of(e.getKey(), OutcomeKind.EXPORTED, saturated(exported)));
                }
                if (left > 0) {
                    list.add(CategoryOutcome.of(e.getKey(), OutcomeKind.NOT_PORTABLE, saturated(left)));
                }
                if (exported == 0 && left == 0) {
                    list.add(CategoryOutcome.of(e.getKey(), OutcomeKind.NONE, 0));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            outcomes.put(name, list);
        }

        private void accept(String name, Set<DataCategory> held, Map<DataCategory, long[]> counts,
                ExportedRecord record) {
            if (record == null) {
                throw new InvalidInputException("exportedRecord", "must not be null (source " + name + ")");
            }
            if (!record.record().source().equals(name)) {
                throw new InvalidInputException("exportedRecord.record",
                        "is not a record of the exporting source " + name);
            }
            if (!held.contains(record.category())) {
                throw new InvalidInputException("exportedRecord.category",
                        "is " + record.category().id() + ", which source " + name + " does not hold");
            }
            if (!inScope(record.category())) {
                return;
            }
            long[] count = counts.get(record.category());
            if (portability && !isPortable(record)) {
                count[1]++;
                notPortable++;
                return;
            }
            try {
                count[2] += writeRecord(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count[0]++;
            written++;
            record.origin().ifPresent(origin -> {
                if (origins.size() < MAX_ORIGINS) {
                    origins.add(origin);
                } else if (!origins.contains(origin)) {
                    originsTruncated = true;
                }
            });
        }

        private boolean isPortable(ExportedRecord record) {
            return (record.provenance() == Provenance.PROVIDED || record.provenance() == Provenance.OBSERVED)
                    && portable.contains(record.category());
        }

        private boolean inScope(DataCategory category) {
            return request.categories().isEmpty() || request.categories().contains(category);
        }

        /** Writes a record without its withheld fields; returns how many it left out. */
        private int writeRecord(ExportedRecord record) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", record.record().id());
            g.writeStringField("category", record.category().id());
            g.writeStringField("provenance", record.provenance().name());
            optional("origin", record.origin());
            List<String> left = null;
            g.writeObjectFieldStart("fields");
            for (Map.Entry<String, Object> field : record.fields().entrySet()) {
                if (withheldFields.contains(field.getKey())) {
                    if (left == null) {
                        left = new ArrayList<>();
                    }
                    left.add(field.getKey());
                    continue;
                }
                g.writeFieldName(field.getKey());
                writeValue(field.getValue());
            }
            g.writeEndObject();
            if (left != null) {
                g.writeArrayFieldStart("withheld");
                for (String f : left) {
                    g.writeString(f);
                }
                g.writeEndArray();
                withheld += left.size();
            }
            g.writeEndObject();
            return left == null ? 0 : left.size();
        }

        private void writeValue(Object value) throws IOException {
            if (value == null) {
                g.writeNull();
            } else if (value instanceof String) {
                g.writeString((String) value);
            } else if (value instanceof Boolean) {
                g.writeBoolean((Boolean) value);
            } else if (value instanceof Integer) {
                g.writeNumber((Integer) value);
            } else if (value instanceof Long) {
                g.writeNumber((Long) value);
            } else if (value instanceof BigInteger) {
                g.writeNumber((BigInteger) value);
            } else if (value instanceof BigDecimal) {
                g.writeNumber((BigDecimal) value);
            } else if (value instanceof Instant || value instanceof LocalDate) {
                g.writeString(value.toString());
            } else {
                // ExportedRecord admits no other type; a record built around its checks still fails closed
                throw new InvalidInputException("exportedRecord.fields", "holds a value that is not a JSON scalar");
            }
        }

        private void optional(String field, Optional<String> value) throws IOException {
            if (value.isPresent()) {
                g.writeStringField(field, value.get());
            }
        }

        private static int saturated(long n) {
            return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
        }

        private static List<DataCategory> sorted(Set<DataCategory> set) {
            List<DataCategory> list = new ArrayList<>(set);
            list.sort(Comparator.comparing(DataCategory::id));
            return list;
        }
    }
}
