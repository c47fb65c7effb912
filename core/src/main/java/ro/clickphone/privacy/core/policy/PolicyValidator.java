package ro.clickphone.privacy.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.util.HexFormat;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ro.clickphone.privacy.core.policy.PolicyDocument.AutomatedDecisionDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.CategoryDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.DataSourceDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ExportStatementsDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ContactDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ContactPointDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ContextDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ControllerDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.KeyScopeDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.LocationDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.MaterialChangeDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.MeasureDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.NeverStoredDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.NotificationDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.PayloadFieldDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.PseudonymizationDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.PurposeDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.ReasonDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.RecipientDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.RetentionDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.RightDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.SubjectDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.TextDoc;
import ro.clickphone.privacy.core.policy.PolicyDocument.TransferExceptionDoc;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RetentionPeriod;

/**
 * Checks a bound {@link PolicyDocument} and builds the {@link Policy}. Every problem is collected
 * with its JSON path before failing, so that one run shows the author everything to fix.
 */
final class PolicyValidator {

    /** The format this validator reads; a document names it in its {@code schema} field. */
    static final String SCHEMA = "privacy-policy/v1";

    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern SHOWN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Pattern MONTH_DAY = Pattern.compile("\\d{2}-\\d{2}");
    /** A plain file name: no directory, no {@code ..}, nothing a text source could resolve elsewhere. */
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The channel a policy change is announced on: the policy says "o notificare prin e-mail". */
    static final String ANNOUNCEMENT_CHANNEL = "EMAIL";

    /** The member states of the European Economic Area (EU 27, Iceland, Liechtenstein, Norway). */
    static final Set<String> EEA = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI",
            "NO");

    private final List<PolicyException.Problem> problems = new ArrayList<>();
    /** Where the text the document names is read from; null for a document read from a bare stream. */
    private final PolicyTextSource texts;

    private PolicyValidator(PolicyTextSource texts) {
        this.texts = texts;
    }

    static Policy validate(PolicyDocument doc, PolicyTextSource texts) {
        PolicyValidator v = new PolicyValidator(texts);
        Policy policy = v.build(doc);
        if (!v.problems.isEmpty()) {
            throw new PolicyException(v.problems, null);
        }
        return policy;
    }

    private void problem(String path, String message) {
        problems.add(new PolicyException.Problem(path, message));
    }

    // ---------------------------------------------------------------------------------------------

    private Policy build(PolicyDocument doc) {
        if (!SCHEMA.equals(doc.schema())) {
            problem("$.schema", doc.schema() == null ? "is required; this loader reads \"" + SCHEMA + "\""
                    : "unsupported schema; this loader reads \"" + SCHEMA + "\"");
        }
        String label = text(doc.version(), "$.version");
        LocalDate effectiveFrom = date(doc.effectiveFrom(), "$.effectiveFrom");
        PolicyVersion version = null;
        if (label != null && effectiveFrom != null) {
            version = convert(() -> PolicyVersion.of(label, effectiveFrom), "$.version");
        }
        Optional<String> assumption = effectiveFromAssumption(doc);
        String language = text(doc.language(), "$.language");
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            problem("$.language", "must be a two-letter ISO 639-1 code such as \"ro\"");
        }
        Optional<PolicyText> policyText = policyText(doc.text(), language);
        ZoneId zone = zone(doc.timeZone(), "$.timeZone");
        MonthDay yearEnd = monthDay(doc.financialYearEnd(), "$.financialYearEnd");
        Controller controller = controller(doc.controller(), "$.controller");
        Contact dpo = contact(doc.dpo(), "$.dpo", true);
        Optional<Contact> authority = doc.supervisoryAuthority() == null
                ? Optional.empty()
                : Optional.ofNullable(contact(doc.supervisoryAuthority(), "$.supervisoryAuthority", false));
        Map<String, Contact> contacts = contactPoints(optionalList(doc.contacts()));
        List<String> senders = senders(optionalList(doc.notificationSenders()));

        // Declarations first, so that references can be checked whatever the order of the document.
        List<SubjectCategoryDefinition> subjects = subjects(list(doc.dataSubjects(), "$.dataSubjects", true));
        List<RetentionRule> rules = retentionRules(list(doc.retentionRules(), "$.retentionRules", true));
        List<KeyScopeDefinition> scopes = keyScopes(list(doc.keyScopes(), "$.keyScopes", false));
        // Rules with a valid id count as declared even when another of their fields is wrong: that
        // field has its own problem, and references to the rule are not reported again.
        Set<String> declaredRules = doc.retentionRules() == null ? Set.of() : doc.retentionRules().stream()
                .filter(r -> r != null && r.id() != null).map(RetentionDoc::id).collect(Collectors.toSet());
        Map<String, RetentionRule> rulesById = rules.stream()
                .collect(Collectors.toMap(RetentionRule::id, Function.identity(), (a, b) -> a));
        Set<KeyScope> scopeIds = scopes.stream().map(KeyScopeDefinition::scope).collect(Collectors.toSet());
        List<CategoryDefinition> categories = categories(list(doc.categories(), "$.categories", true),
                rulesById, declaredRules, scopeIds);
        Set<DataCategory> categoryIds = categories.stream().map(CategoryDefinition::category)
                .collect(Collectors.toSet());
        List<RecipientDefinition> recipients = recipients(list(doc.recipients(), "$.recipients", false),
                categoryIds);
        Map<Recipient, RecipientDefinition> recipientsById = recipients.stream()
                .collect(Collectors.toMap(RecipientDefinition::recipient, Function.identity(), (a, b) -> a));
        List<NeverStoredDefinition> neverStored = neverStored(list(doc.neverStored(), "$.neverStored", false),
                recipientsById.keySet());
        checkNeverStoredFieldsAbsent(doc.categories(), neverStored);
        Set<String> subjectIds = subjects.stream().map(SubjectCategoryDefinition::id).collect(Collectors.toSet());
        List<PurposeDefinition> purposes = purposes(list(doc.purposes(), "$.purposes", true), subjectIds,
                categoryIds, recipientsById);
        Map<Purpose, PurposeDefinition> purposesById = purposes.stream()
                .collect(Collectors.toMap(PurposeDefinition::purpose, Function.identity(), (a, b) -> a));
        // A purpose that is declared but invalid has its own problem already; references to it are
        // not reported again as "unknown".
        Set<String> declaredPurposes = doc.purposes() == null ? Set.of() : doc.purposes().stream()
                .filter(p -> p != null && p.id() != null).map(PurposeDoc::id).collect(Collectors.toSet());
        checkEveryCategoryHasAPurpose(categories, doc.purposes());
        List<NotificationTypeDefinition> notifications = notifications(
                list(doc.notificationTypes(), "$.notificationTypes", false), purposesById, declaredPurposes, senders,
                doc.notificationSenders() != null && !doc.notificationSenders().isEmpty());
        List<MaterialChange> changes = materialChanges(list(doc.materialChanges(), "$.materialChanges", false),
                purposesById, declaredPurposes);
        Optional<NotificationType> announcement = changeAnnouncement(doc.changeAnnouncement(), notifications,
                doc.notificationTypes());
        List<ProcessingLocation> locations = locations(
                list(doc.processingLocations(), "$.processingLocations", false), categoryIds);
        Transfers transfers = transfers(doc, recipients, locations);
        List<SecurityMeasure> measures = measures(list(doc.securityMeasures(), "$.securityMeasures", true));
        List<RightDefinition> rights = rights(list(doc.rights(), "$.rights", false));
        Pseudonymization pseudonymization = pseudonymization(doc.pseudonymization(), purposesById,
                declaredPurposes, categoryIds);
        Policy.Disclosures disclosures = new Policy.Disclosures(
                automatedDecisions(optionalList(doc.automatedDecisions()), categoryIds),
                dataSources(optionalList(doc.dataSources()), categoryIds), exportStatements(doc.exportStatements()));

        if (!problems.isEmpty()) {
            return null;
        }
        return new Policy(version, language, zone, yearEnd, controller, dpo, authority, contacts, senders,
                changes, subjects,
                categories, neverStored, purposes, recipients, rules, scopes, notifications, transfers, locations,
                measures, rights, pseudonymization.contexts(), pseudonymization.reasons(),
                new Policy.Provenance(assumption, policyText, announcement), disclosures);
    }

    // --- what an access export discloses (art. 15(1)(g), (h)) and its sentences ------------------

    private List<AutomatedDecisionDefinition> automatedDecisions(List<AutomatedDecisionDoc> docs,
            Set<DataCategory> categories) {
        List<AutomatedDecisionDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.automatedDecisions[" + i + "]";
            AutomatedDecisionDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String name = text(d.name(), path + ".name");
            String description = text(d.description(), path + ".description");
            String logic = text(d.logic(), path + ".logic");
            String significance = text(d.significance(), path + ".significance");
            if (d.profiling() == null) {
                problem(path + ".profiling", "is required (true or false)");
            }
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            if (id != null && d.profiling() != null) {
                out.add(new AutomatedDecisionDefinition(id, name, description, logic, significance, d.profiling(),
                        cats));
            }
        }
        return out;
    }

    private List<DataSourceDefinition> dataSources(List<DataSourceDoc> docs, Set<DataCategory> categories) {
        List<DataSourceDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.dataSources[" + i + "]";
            DataSourceDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String name = text(d.name(), path + ".name");
            String description = text(d.description(), path + ".description");
            if (d.publiclyAccessible() == null) {
                problem(path + ".publiclyAccessible", "is required (true or false)");
            }
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            if (id != null && d.publiclyAccessible() != null) {
                out.add(new DataSourceDefinition(id, name, description, d.publiclyAccessible(), cats));
            }
        }
        return out;
    }

    private Optional<ExportStatements> exportStatements(ExportStatementsDoc d) {
        if (d == null) {
            return Optional.empty();
        }
        String path = "$.exportStatements";
        ExportStatements statements = new ExportStatements(text(d.noAutomatedDecisions(), path + ".noAutomatedDecisions"),
                text(d.automatedDecisions(), path + ".automatedDecisions"),
                text(d.noDataSources(), path + ".noDataSources"), text(d.dataSources(), path + ".dataSources"),
                text(d.portabilityRule(), path + ".portabilityRule"),
                text(d.unsupportedSource(), path + ".unsupportedSource"),
                text(d.withheldFields(), path + ".withheldFields"));
        return Optional.of(statements);
    }

    // --- provenance: the start date, the text, the announcement -----------------------------------

    /**
     * The stated basis of an assumed effective date. A date the text does not carry is marked as an
     * assumption with its basis, so that nobody reads it as a fact.
     */
    private Optional<String> effectiveFromAssumption(PolicyDocument doc) {
        boolean assumed = Boolean.TRUE.equals(doc.effectiveFromAssumed());
        if (assumed) {
            return Optional.ofNullable(text(doc.effectiveFromBasis(), "$.effectiveFromBasis"));
        }
        if (doc.effectiveFromBasis() != null) {
            problem("$.effectiveFromBasis", "is only for an assumed date: set effectiveFromAssumed to true, or leave"
                    + " the basis out");
        }
        return Optional.empty();
    }

    /** The archived text the document names: read through the text source and checked against its hash. */
    private Optional<PolicyText> policyText(TextDoc doc, String language) {
        if (doc == null) {
            return Optional.empty();
        }
        String resource = text(doc.resource(), "$.text.resource");
        if (resource != null && (!RESOURCE.matcher(resource).matches() || resource.length() > 128)) {
            problem("$.text.resource", "must be a plain file name such as policy.ro.md (letters, digits, _ - and"
                    + " dots between them; no directory; at most 128)");
            resource = null;
        }
        String sha256 = text(doc.sha256(), "$.text.sha256");
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            problem("$.text.sha256", "must be the SHA-256 of the text's bytes as 64 lower-case hex digits");
            sha256 = null;
        }
        if (resource == null || sha256 == null || language == null) {
            return Optional.empty();
        }
        if (texts == null) {
            problem("$.text", "names a text resource, but the document was loaded from a bare stream with no place"
                    + " to read it from: load it with Policy.load(json, PolicyTextSource), or leave $.text out");
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = texts.open(resource)) {
            if (in == null) {
                problem("$.text.resource", "the policy's text source has no resource of this name: the archived"
                        + " text of this version is missing");
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            problem("$.text.resource", "the text could not be read: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        String actual = sha256(bytes);
        if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII))) {
            problem("$.text.sha256", "does not match the text's bytes (SHA-256 " + actual + "): the archived text"
                    + " was changed after this version was written, or the hash is wrong");
            return Optional.empty();
        }
        try {
            String content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(new PolicyText(resource, language, sha256, content));
        } catch (CharacterCodingException e) {
            problem("$.text.resource", "the text is not UTF-8");
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * The notification type that announces a new version to subjects: declared, sent by e-mail, and
     * not one the subject can stop.
     */
    private Optional<NotificationType> changeAnnouncement(String id, List<NotificationTypeDefinition> declared,
            List<NotificationDoc> docs) {
        if (id == null) {
            return Optional.empty();
        }
        String path = "$.changeAnnouncement";
        NotificationType type = convert(() -> NotificationType.of(id), path);
        if (type == null) {
            return Optional.empty();
        }
        Optional<NotificationTypeDefinition> definition = declared.stream().filter(d -> d.type().equals(type))
                .findFirst();
        if (definition.isEmpty()) {
            boolean declaredButInvalid = docs != null && docs.stream().anyMatch(d -> d != null && id.equals(d.id()));
            if (!declaredButInvalid) {
                problem(path, "unknown notification type " + shown(id) + "; declare it in $.notificationTypes");
            }
            return Optional.empty();
        }
        if (!definition.get().channels().contains(ANNOUNCEMENT_CHANNEL)) {
            problem(path, "notification type " + shown(id) + " is not sent by " + ANNOUNCEMENT_CHANNEL + ": the"
                    + " policy announces its changes by e-mail (\"o notificare prin e-mail\")");
            return Optional.empty();
        }
        if (definition.get().suppressible()) {
            // A subject who withdrew consent or objected would not hear of a change that may diminish
            // their rights, and so could not refuse it.
            problem(path, "notification type " + shown(id) + " serves purpose '" + definition.get().purpose().id()
                    + "' (" + definition.get().legalBasis() + "), which the subject can stop by withdrawing"
                    + " consent or objecting: the announcement of a new version reaches every subject (\"Orice"
                    + " modificări [...] vor fi notificate\"); give it a purpose on contract, legal obligation or"
                    + " legitimate interests without an absolute objection");
            return Optional.empty();
        }
        return Optional.of(type);
    }

    // --- sections --------------------------------------------------------------------------------

    private Controller controller(ControllerDoc c, String path) {
        if (c == null) {
            problem(path, "is required");
            return null;
        }
        String name = text(c.name(), path + ".name");
        String address = text(c.address(), path + ".address");
        String email = email(c.email(), path + ".email", true);
        return new Controller(name, address, optionalText(c.fiscalCode(), path + ".fiscalCode"),
                optionalText(c.tradeRegisterNumber(), path + ".tradeRegisterNumber"),
                optionalText(c.phone(), path + ".phone"), optionalText(c.fax(), path + ".fax"), email,
                optionalText(c.web(), path + ".web"));
    }

    private Contact contact(ContactDoc c, String path, boolean emailRequired) {
        if (c == null) {
            problem(path, "is required");
            return null;
        }
        String name = text(c.name(), path + ".name");
        String email = email(c.email(), path + ".email", emailRequired);
        return new Contact(name, Optional.ofNullable(email), optionalText(c.phone(), path + ".phone"),
                optionalText(c.web(), path + ".web"));
    }

    private Map<String, Contact> contactPoints(List<ContactPointDoc> docs) {
        Map<String, Contact> out = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.contacts[" + i + "]";
            ContactPointDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            if (d.email() == null && d.phone() == null && d.web() == null) {
                problem(path, "needs an email, a phone or a web address: a contact point must be reachable");
            }
            Contact contact = contact(new ContactDoc(d.name(), d.email(), d.phone(), d.web()), path, false);
            if (id != null && contact != null) {
                out.put(id, contact);
            }
        }
        return out;
    }

    private List<String> senders(List<String> addresses) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            String address = email(addresses.get(i), "$.notificationSenders[" + i + "]", true);
            if (address != null) {
                if (out.contains(address)) {
                    problem("$.notificationSenders[" + i + "]", "is listed twice");
                } else {
                    out.add(address);
                }
            }
        }
        return out;
    }

    private List<SubjectCategoryDefinition> subjects(List<SubjectDoc> docs) {
        List<SubjectCategoryDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.dataSubjects[" + i + "]";
            SubjectDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String description = text(d.description(), path + ".description");
            if (id != null) {
                out.add(new SubjectCategoryDefinition(id, description));
            }
        }
        return out;
    }

    private List<RetentionRule> retentionRules(List<RetentionDoc> docs) {
        List<RetentionRule> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.retentionRules[" + i + "]";
            RetentionDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            RetentionKind kind = enumValue(d.kind(), path + ".kind", RetentionKind.class);
            Optional<RetentionPeriod> period = Optional.empty();
            Optional<String> event = Optional.empty();
            if (kind != null && kind.hasPeriod()) {
                if (d.period() == null) {
                    problem(path + ".period", "is required for a rule of kind " + kind
                            + ": say how long the data is kept (an ISO 8601 period such as P10Y)");
                } else {
                    period = Optional.ofNullable(convert(() -> RetentionPeriod.parse(d.period()), path + ".period"));
                }
            } else if (kind != null && d.period() != null) {
                problem(path + ".period", "must be absent for a rule of kind " + kind + ", which has no period");
            }
            if (kind == RetentionKind.AFTER_EVENT) {
                event = Optional.ofNullable(text(d.event(), path + ".event"));
            } else if (kind != null && d.event() != null) {
                problem(path + ".event", "must be absent unless the kind is AFTER_EVENT");
            }
            String description = text(d.description(), path + ".description");
            if (id != null && kind != null) {
                out.add(new RetentionRule(id, kind, period, event, Boolean.TRUE.equals(d.minimum()),
                        Boolean.TRUE.equals(d.extendedByLegalHold()),
                        optionalText(d.legalReference(), path + ".legalReference"), description));
            }
        }
        return out;
    }

    private List<KeyScopeDefinition> keyScopes(List<KeyScopeDoc> docs) {
        List<KeyScopeDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.keyScopes[" + i + "]";
            KeyScopeDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            KeyScope scope = d.id() == null ? null : convert(() -> KeyScope.of(d.id()), path + ".id");
            if (d.id() == null) {
                problem(path + ".id", "is required");
            } else if (scope != null) {
                unique(d.id(), path + ".id", seen);
            }
            String description = text(d.description(), path + ".description");
            if (scope != null) {
                out.add(new KeyScopeDefinition(scope, description));
            }
        }
        return out;
    }

    private List<CategoryDefinition> categories(List<CategoryDoc> docs, Map<String, RetentionRule> rules,
            Set<String> declaredRules, Set<KeyScope> scopes) {
        List<CategoryDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Map<KeyScope, String> retentionOfScope = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.categories[" + i + "]";
            CategoryDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String name = text(d.name(), path + ".name");
            String description = text(d.description(), path + ".description");
            List<String> fields = fieldNames(d.fields(), path + ".fields");
            Optional<KeyScope> scope = Optional.empty();
            if (d.keyScope() != null) {
                KeyScope s = convert(() -> KeyScope.of(d.keyScope()), path + ".keyScope");
                if (s != null && !scopes.contains(s)) {
                    problem(path + ".keyScope", "unknown key scope '" + d.keyScope() + "'; declare it in $.keyScopes");
                } else if (s != null) {
                    scope = Optional.of(s);
                }
            }
            String retention = text(d.retention(), path + ".retention");
            boolean knownRule = retention != null && rules.containsKey(retention);
            if (retention != null && !declaredRules.contains(retention)) {
                problem(path + ".retention", "unknown retention rule " + shown(retention)
                        + "; declare it in $.retentionRules");
            }
            if (scope.isPresent() && knownRule) {
                String previous = retentionOfScope.putIfAbsent(scope.get(), retention);
                if (previous != null && !previous.equals(retention)) {
                    problem(path + ".keyScope", "key scope '" + scope.get() + "' already protects data kept under"
                            + " retention rule '" + previous + "'; every category of one key scope must share its"
                            + " retention rule, or shredding the key would destroy data that must be kept");
                }
            }
            List<String> withheld = withheldFromExport(d.withheldFromExport(), fields, path + ".withheldFromExport");
            if (id != null) {
                out.add(new CategoryDefinition(DataCategory.of(id), name, description, fields, scope, retention,
                        Boolean.TRUE.equals(d.special()), withheld));
            }
        }
        return out;
    }

    /** Fields never exported: each one of the category's own fields, listed once. */
    private List<String> withheldFromExport(List<String> withheld, List<String> fields, String path) {
        List<String> out = new ArrayList<>();
        if (withheld == null) {
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (int j = 0; j < withheld.size(); j++) {
            String f = withheld.get(j);
            String fpath = path + "[" + j + "]";
            if (f == null || !fields.contains(f)) {
                problem(fpath, "must be one of the category's own fields");
            } else if (unique(f, fpath, seen)) {
                out.add(f);
            }
        }
        return out;
    }

    private List<RecipientDefinition> recipients(List<RecipientDoc> docs, Set<DataCategory> categories) {
        List<RecipientDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.recipients[" + i + "]";
            RecipientDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String name = text(d.name(), path + ".name");
            RecipientKind kind = enumValue(d.kind(), path + ".kind", RecipientKind.class);
            String description = text(d.description(), path + ".description");
            String country = country(d.country(), path + ".country");
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            RecipientCondition condition = d.condition() == null ? RecipientCondition.NONE
                    : enumValue(d.condition(), path + ".condition", RecipientCondition.class);
            if (condition != null && kind != null && !condition.appliesTo(kind)) {
                problem(path + ".condition", "condition " + condition + " does not apply to a " + kind + " recipient;"
                        + (condition == RecipientCondition.ASSISTED_ACCOUNT ? " only INTERNAL and DELEGATE ones"
                        : " only PROCESSOR and THIRD_PARTY ones") + " can carry it");
            }
            if (id != null && condition != null) {
                out.add(new RecipientDefinition(Recipient.of(id), name, kind, description, country, cats, condition));
            }
        }
        return out;
    }

    private List<NeverStoredDefinition> neverStored(List<NeverStoredDoc> docs, Set<Recipient> recipients) {
        List<NeverStoredDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.neverStored[" + i + "]";
            NeverStoredDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String description = text(d.description(), path + ".description");
            List<String> fields = fieldNames(d.fields(), path + ".fields");
            Optional<Recipient> handledBy = Optional.empty();
            if (d.handledBy() != null) {
                Recipient r = convert(() -> Recipient.of(d.handledBy()), path + ".handledBy");
                if (r != null && !recipients.contains(r)) {
                    problem(path + ".handledBy", "unknown recipient '" + d.handledBy() + "'; declare it in $.recipients");
                }
                handledBy = Optional.ofNullable(r);
            }
            Optional<NeverStoredKind> kind = d.kind() == null ? Optional.empty()
                    : Optional.ofNullable(enumValue(d.kind(), path + ".kind", NeverStoredKind.class));
            if (id != null) {
                out.add(new NeverStoredDefinition(id, description, fields, handledBy, kind));
            }
        }
        return out;
    }

    private void checkNeverStoredFieldsAbsent(List<CategoryDoc> categories, List<NeverStoredDefinition> neverStored) {
        if (categories == null) {
            return;
        }
        Map<String, String> forbidden = new HashMap<>();
        for (NeverStoredDefinition n : neverStored) {
            n.fields().forEach(f -> forbidden.put(f, n.id()));
        }
        for (int i = 0; i < categories.size(); i++) {
            CategoryDoc c = categories.get(i);
            if (c == null || c.fields() == null) {
                continue;
            }
            for (int j = 0; j < c.fields().size(); j++) {
                String owner = forbidden.get(c.fields().get(j));
                if (owner != null) {
                    problem("$.categories[" + i + "].fields[" + j + "]", "field '" + c.fields().get(j)
                            + "' is declared never stored (" + owner + ") and cannot belong to a category");
                }
            }
        }
    }

    private List<PurposeDefinition> purposes(List<PurposeDoc> docs, Set<String> subjects,
            Set<DataCategory> categories, Map<Recipient, RecipientDefinition> recipients) {
        List<PurposeDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.purposes[" + i + "]";
            PurposeDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String name = text(d.name(), path + ".name");
            String description = text(d.description(), path + ".description");
            LegalBasis basis = enumValue(d.legalBasis(), path + ".legalBasis", LegalBasis.class);
            String reference = text(d.legalReference(), path + ".legalReference");
            if (d.mandatory() == null) {
                problem(path + ".mandatory", "is required: true if the subject cannot opt out of the processing");
            }
            boolean mandatory = Boolean.TRUE.equals(d.mandatory());
            ObjectionRule objection = enumValue(d.objection(), path + ".objection", ObjectionRule.class);
            if (basis == LegalBasis.CONSENT && mandatory) {
                problem(path + ".mandatory", "a consent-based purpose cannot be mandatory: consent must be freely"
                        + " given and can be withdrawn (GDPR art. 7)");
            }
            if (basis != null && objection != null) {
                if (!basis.allowsObjection() && objection != ObjectionRule.NONE) {
                    problem(path + ".objection", "must be NONE for a purpose on " + basis
                            + ": GDPR art. 21 gives a right to object only to processing on art. 6(1)(e) or (f)");
                } else if (basis.allowsObjection() && objection == ObjectionRule.NONE) {
                    problem(path + ".objection", "must be BALANCING or ABSOLUTE for a purpose on " + basis
                            + ": GDPR art. 21 gives the subject a right to object");
                }
                if (objection == ObjectionRule.ABSOLUTE && mandatory) {
                    problem(path + ".mandatory", "a purpose the subject can object to absolutely cannot be mandatory");
                }
            }
            boolean continues = Boolean.TRUE.equals(d.continuesWhenRestricted());
            if (continues && basis != null && basis != LegalBasis.CONTRACT) {
                problem(path + ".continuesWhenRestricted", "only a purpose on CONTRACT can be exempted from a"
                        + " restriction (GDPR art. 18(2)); a legal obligation always continues, and consent or an"
                        + " objection decide the others");
            }
            Optional<String> balancing = optionalText(d.balancingTest(), path + ".balancingTest");
            if (basis == LegalBasis.LEGITIMATE_INTERESTS && d.balancingTest() == null) {
                problem(path + ".balancingTest", "is required for a purpose on LEGITIMATE_INTERESTS: say why the"
                        + " controller's interest is not overridden by the subject's (GDPR art. 6(1)(f))");
            } else if (basis != null && basis != LegalBasis.LEGITIMATE_INTERESTS && d.balancingTest() != null) {
                problem(path + ".balancingTest", "belongs only to a purpose on LEGITIMATE_INTERESTS, not " + basis);
            }
            List<String> dataSubjects = stringList(d.dataSubjects(), path + ".dataSubjects", true);
            for (int j = 0; j < dataSubjects.size(); j++) {
                if (!subjects.contains(dataSubjects.get(j))) {
                    problem(path + ".dataSubjects[" + j + "]", "unknown category of data subjects "
                            + shown(dataSubjects.get(j)) + "; declare it in $.dataSubjects");
                }
            }
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            List<Recipient> recs = new ArrayList<>();
            List<String> recipientIds = stringList(d.recipients(), path + ".recipients", false);
            for (int j = 0; j < recipientIds.size(); j++) {
                String rpath = path + ".recipients[" + j + "]";
                String rid = recipientIds.get(j);
                Recipient r = convert(() -> Recipient.of(rid), rpath);
                if (r == null) {
                    continue;
                }
                RecipientDefinition def = recipients.get(r);
                if (def == null) {
                    problem(rpath, "unknown recipient '" + rid + "'; declare it in $.recipients");
                } else if (def.categories().stream().noneMatch(cats::contains)) {
                    problem(rpath, "recipient '" + rid + "' may receive none of this purpose's categories");
                } else if (def.condition() == RecipientCondition.SUBJECT_CONSENT && basis != null
                        && basis != LegalBasis.CONSENT) {
                    problem(rpath, "recipient '" + rid + "' receives data only with the subject's consent"
                            + " (condition SUBJECT_CONSENT); a purpose on " + basis + " cannot name it");
                } else {
                    recs.add(r);
                }
            }
            if (id != null && basis != null && objection != null) {
                out.add(new PurposeDefinition(Purpose.of(id), name, description, basis, reference, mandatory,
                        objection, dataSubjects, cats, recs, continues,
                        basis == LegalBasis.LEGITIMATE_INTERESTS ? balancing : Optional.empty()));
            }
        }
        return out;
    }

    private void checkEveryCategoryHasAPurpose(List<CategoryDefinition> categories, List<PurposeDoc> purposes) {
        if (purposes == null) {
            return;
        }
        for (int i = 0; i < categories.size(); i++) {
            DataCategory c = categories.get(i).category();
            if (purposes.stream().noneMatch(p -> p != null && p.categories() != null && p.categories().contains(c.id()))) {
                problem("$.categories[" + i + "]", "category '" + c + "' is processed for no purpose;"
                        + " personal data without a purpose must not be collected (GDPR art. 5(1)(b))");
            }
        }
    }

    private List<NotificationTypeDefinition> notifications(List<NotificationDoc> docs,
            Map<Purpose, PurposeDefinition> purposes, Set<String> declaredPurposes, List<String> senders,
            boolean sendersListed) {
        List<NotificationTypeDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.notificationTypes[" + i + "]";
            NotificationDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String description = text(d.description(), path + ".description");
            PurposeDefinition purpose = null;
            if (d.purpose() == null) {
                problem(path + ".purpose", "is required: every notification serves a declared purpose");
            } else {
                Purpose p = convert(() -> Purpose.of(d.purpose()), path + ".purpose");
                purpose = p == null ? null : purposes.get(p);
                if (p != null && purpose == null && !declaredPurposes.contains(d.purpose())) {
                    problem(path + ".purpose", "unknown purpose '" + d.purpose() + "'; declare it in $.purposes");
                }
            }
            List<DataCategory> cats = new ArrayList<>();
            List<String> catIds = stringList(d.categories(), path + ".categories", false);
            for (int j = 0; j < catIds.size(); j++) {
                String cid = catIds.get(j);
                DataCategory c = convert(() -> DataCategory.of(cid), path + ".categories[" + j + "]");
                if (c != null && purpose != null && !purpose.categories().contains(c)) {
                    problem(path + ".categories[" + j + "]", "category '" + cid + "' is not processed for purpose '"
                            + purpose.purpose() + "'; a notification carries only its purpose's data");
                } else if (c != null) {
                    cats.add(c);
                }
            }
            List<String> channels = stringList(d.channels(), path + ".channels", true);
            for (int j = 0; j < channels.size(); j++) {
                if (!ID.matcher(channels.get(j)).matches()) {
                    problem(path + ".channels[" + j + "]", "must be an upper-case channel name such as EMAIL");
                }
            }
            Optional<String> sender = sender(d.sender(), path + ".sender", senders, sendersListed);
            List<PayloadField> payload = payload(optionalList(d.payload()), path + ".payload", cats);
            List<DataCategory> attachments = attachments(optionalList(d.attachments()), path + ".attachments", cats);
            if (id != null && purpose != null) {
                out.add(new NotificationTypeDefinition(NotificationType.of(id), description, purpose.purpose(),
                        purpose.legalBasis(), purpose.subjectCanStop(), cats, channels, sender, payload,
                        attachments));
            }
        }
        return out;
    }

    /**
     * A type's sender: one of {@code notificationSenders}. A document that lists no senders at all
     * (another operator's minimal one) may leave it out; its types cannot be sent.
     */
    private Optional<String> sender(String sender, String path, List<String> senders, boolean sendersListed) {
        if (sender == null) {
            if (sendersListed) {
                problem(path, "is required: the address the notification is sent from, one of $.notificationSenders");
            }
            return Optional.empty();
        }
        if (!senders.contains(sender)) {
            problem(path, "must be one of $.notificationSenders " + senders + (sendersListed ? ""
                    : " (the document lists none: add $.notificationSenders)"));
            return Optional.empty();
        }
        return Optional.of(sender);
    }

    /** The names the kit fills in itself from the policy; a payload field cannot take one. */
    static final Set<String> RESERVED_PAYLOAD_NAMES = Set.of("controllerName", "dpoEmail", "supportEmail");

    private List<PayloadField> payload(List<PayloadFieldDoc> docs, String path, List<DataCategory> typeCategories) {
        List<PayloadField> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int j = 0; j < docs.size(); j++) {
            String fpath = path + "[" + j + "]";
            PayloadFieldDoc f = element(docs.get(j), fpath);
            if (f == null) {
                continue;
            }
            String name = f.name();
            if (name == null) {
                problem(fpath + ".name", "is required");
            } else if (!PayloadField.NAME.matcher(name).matches()) {
                problem(fpath + ".name", "must be a lower-camel-case name such as callerNumber (a letter, then"
                        + " letters and digits; at most 64)");
                name = null;
            } else if (RESERVED_PAYLOAD_NAMES.contains(name)) {
                problem(fpath + ".name", "'" + name + "' is filled in by the kit from the policy; choose another name");
                name = null;
            } else if (!unique(name, fpath + ".name", seen)) {
                name = null;
            }
            PayloadKind kind = enumValue(f.kind(), fpath + ".kind", PayloadKind.class);
            boolean masked = Boolean.TRUE.equals(f.masked());
            if (masked && kind != null && !kind.maskable()) {
                problem(fpath + ".masked", "a field of kind " + kind + " cannot be masked; only PHONE, IP_ADDRESS"
                        + " and TEXT can");
                masked = false;
            }
            Optional<DataCategory> category = Optional.empty();
            if (f.category() != null) {
                DataCategory c = convert(() -> DataCategory.of(f.category()), fpath + ".category");
                if (c != null && !typeCategories.contains(c)) {
                    problem(fpath + ".category", "category " + shown(f.category()) + " is not one of the type's"
                            + " categories " + typeCategories + "; a payload carries only its type's data");
                } else {
                    category = Optional.ofNullable(c);
                }
            }
            if (name != null && kind != null) {
                out.add(new PayloadField(name, kind, masked, Boolean.TRUE.equals(f.optional()), category));
            }
        }
        return out;
    }

    private List<DataCategory> attachments(List<String> ids, String path, List<DataCategory> typeCategories) {
        List<DataCategory> out = new ArrayList<>();
        for (int j = 0; j < ids.size(); j++) {
            String id = ids.get(j);
            String apath = path + "[" + j + "]";
            if (id == null) {
                problem(apath, "must not be null");
                continue;
            }
            DataCategory c = convert(() -> DataCategory.of(id), apath);
            if (c != null && !typeCategories.contains(c)) {
                problem(apath, "category " + shown(id) + " is not one of the type's categories " + typeCategories
                        + "; an attachment carries only its type's data");
            } else if (c != null && out.contains(c)) {
                problem(apath, "category " + shown(id) + " is listed twice");
            } else if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private List<MaterialChange> materialChanges(List<MaterialChangeDoc> docs, Map<Purpose, PurposeDefinition> purposes,
            Set<String> declaredPurposes) {
        List<MaterialChange> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.materialChanges[" + i + "]";
            MaterialChangeDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String summary = text(d.summary(), path + ".summary");
            if (d.purpose() == null) {
                problem(path + ".purpose", "is required");
                continue;
            }
            Purpose p = convert(() -> Purpose.of(d.purpose()), path + ".purpose");
            if (p != null && !declaredPurposes.contains(d.purpose())) {
                problem(path + ".purpose", "unknown purpose '" + d.purpose() + "'; declare it in $.purposes");
            } else if (p != null && purposes.containsKey(p)) {
                boolean diminishes = Boolean.TRUE.equals(d.diminishesRights());
                LegalBasis basis = purposes.get(p).legalBasis();
                if (diminishes && (basis == LegalBasis.LEGAL_OBLIGATION || basis == LegalBasis.VITAL_INTERESTS)) {
                    problem(path + ".diminishesRights", "cannot mark a change of purpose '" + p.id() + "' on " + basis
                            + " as diminishing rights: that processing does not wait for the subject's consent"
                            + " (GDPR art. 6(1)(c), (d)); state the change in the policy text and announce it");
                } else {
                    out.add(new MaterialChange(p, summary, diminishes));
                }
            }
        }
        return out;
    }

    private List<ProcessingLocation> locations(List<LocationDoc> docs, Set<DataCategory> categories) {
        List<ProcessingLocation> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.processingLocations[" + i + "]";
            LocationDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String description = text(d.description(), path + ".description");
            String address = text(d.address(), path + ".address");
            String country = country(d.country(), path + ".country");
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            if (id != null) {
                out.add(new ProcessingLocation(id, description, address, country, cats));
            }
        }
        return out;
    }

    private Transfers transfers(PolicyDocument doc, List<RecipientDefinition> recipients,
            List<ProcessingLocation> locations) {
        if (doc.transfers() == null) {
            problem("$.transfers", "is required: say whether personal data leaves the EEA");
            return null;
        }
        if (doc.transfers().outsideEea() == null) {
            problem("$.transfers.outsideEea", "is required");
            return null;
        }
        String statement = text(doc.transfers().statement(), "$.transfers.statement");
        boolean outside = doc.transfers().outsideEea();
        List<String> permitted = new ArrayList<>();
        List<String> countries = doc.transfers().permittedCountries() == null ? List.of()
                : stringList(doc.transfers().permittedCountries(), "$.transfers.permittedCountries", true);
        for (int i = 0; i < countries.size(); i++) {
            String country = country(countries.get(i), "$.transfers.permittedCountries[" + i + "]");
            if (country != null && permitted.contains(country)) {
                problem("$.transfers.permittedCountries[" + i + "]", "is listed twice");
            } else if (country != null) {
                permitted.add(country);
            }
        }
        if (doc.transfers().exceptions() != null && doc.transfers().permittedCountries() == null) {
            problem("$.transfers.exceptions", "needs $.transfers.permittedCountries: an exception is an exception"
                    + " to the countries the policy permits");
        }
        List<TransferException> exceptions = transferExceptions(doc, recipients, permitted);
        if (!permitted.isEmpty()) {
            for (RecipientDefinition r : recipients) {
                String country = r.country();
                boolean excepted = exceptions.stream().anyMatch(e -> e.recipient().equals(r.recipient())
                        && e.country().equals(country));
                if (country != null && !permitted.contains(country) && !excepted) {
                    problem(pathOf(doc.recipients(), r.recipient().id(), "$.recipients") + ".country", "country "
                            + country + " is not among $.transfers.permittedCountries, and no"
                            + " $.transfers.exceptions entry names this recipient");
                }
            }
            for (ProcessingLocation l : locations) {
                if (l.country() != null && !permitted.contains(l.country())) {
                    problem(pathOfLocation(doc.processingLocations(), l.id()) + ".country", "country "
                            + l.country() + " is not among $.transfers.permittedCountries");
                }
            }
        }
        if (!outside) {
            for (int i = 0; i < recipients.size(); i++) {
                String country = recipients.get(i).country();
                if (country != null && !EEA.contains(country)) {
                    problem(pathOf(doc.recipients(), recipients.get(i).recipient().id(), "$.recipients") + ".country",
                            "country " + country + " is outside the EEA, but $.transfers.outsideEea is false");
                }
            }
            for (ProcessingLocation l : locations) {
                if (l.country() != null && !EEA.contains(l.country())) {
                    problem(pathOfLocation(doc.processingLocations(), l.id()) + ".country", "country " + l.country()
                            + " is outside the EEA, but $.transfers.outsideEea is false");
                }
            }
        }
        return new Transfers(outside, statement, permitted, exceptions);
    }

    private List<TransferException> transferExceptions(PolicyDocument doc, List<RecipientDefinition> recipients,
            List<String> permitted) {
        List<TransferExceptionDoc> docs = optionalList(doc.transfers().exceptions());
        List<TransferException> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.transfers.exceptions[" + i + "]";
            TransferExceptionDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String note = text(d.note(), path + ".note");
            String country = country(d.country(), path + ".country");
            if (d.confirmed() == null) {
                problem(path + ".confirmed", "is required: whether the DPO has confirmed the exception");
            }
            if (d.recipient() == null) {
                problem(path + ".recipient", "is required");
                continue;
            }
            Recipient id = convert(() -> Recipient.of(d.recipient()), path + ".recipient");
            if (id == null || !unique(id.id(), path + ".recipient", seen)) {
                continue;
            }
            Optional<RecipientDefinition> named = recipients.stream()
                    .filter(r -> r.recipient().equals(id)).findFirst();
            if (named.isEmpty()) {
                problem(path + ".recipient", "unknown recipient " + shown(d.recipient())
                        + "; declare it in $.recipients");
                continue;
            }
            if (named.get().country() == null) {
                continue;
            }
            if (country != null && !country.equals(named.get().country())) {
                problem(path + ".country", "must be the recipient's own country, " + named.get().country());
            } else if (country != null && permitted.contains(country)) {
                problem(path + ".country", "country " + country + " is permitted; the exception is not needed");
            } else if (country != null && note != null && d.confirmed() != null) {
                out.add(new TransferException(named.get().recipient(), country, d.confirmed(), note));
            }
        }
        return out;
    }

    private static String pathOf(List<RecipientDoc> docs, String id, String base) {
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) != null && id.equals(docs.get(i).id())) {
                return base + "[" + i + "]";
            }
        }
        return base;
    }

    private static String pathOfLocation(List<LocationDoc> docs, String id) {
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) != null && id.equals(docs.get(i).id())) {
                return "$.processingLocations[" + i + "]";
            }
        }
        return "$.processingLocations";
    }

    private List<SecurityMeasure> measures(List<MeasureDoc> docs) {
        List<SecurityMeasure> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.securityMeasures[" + i + "]";
            MeasureDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = id(d.id(), path + ".id", seen);
            String description = text(d.description(), path + ".description");
            if (id != null) {
                out.add(new SecurityMeasure(id, description));
            }
        }
        return out;
    }

    private List<RightDefinition> rights(List<RightDoc> docs) {
        List<RightDefinition> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String path = "$.rights[" + i + "]";
            RightDoc d = element(docs.get(i), path);
            if (d == null) {
                continue;
            }
            DataSubjectRight right = enumValue(d.right(), path + ".right", DataSubjectRight.class);
            if (right != null) {
                unique(right.name(), path + ".right", seen);
            }
            String description = text(d.description(), path + ".description");
            String how = text(d.howToExercise(), path + ".howToExercise");
            if (right != null) {
                out.add(new RightDefinition(right, description, how));
            }
        }
        return out;
    }

    private record Pseudonymization(List<PseudonymContextDefinition> contexts,
            List<ReidentificationReasonDefinition> reasons) {
    }

    /**
     * The pseudonymization contexts and the closed set of re-identification reasons. Optional: a
     * policy without them declares no context, and the kit refuses to pseudonymize or reverse.
     */
    private Pseudonymization pseudonymization(PseudonymizationDoc doc, Map<Purpose, PurposeDefinition> purposes,
            Set<String> declaredPurposes, Set<DataCategory> categories) {
        if (doc == null) {
            return new Pseudonymization(List.of(), List.of());
        }
        String base = "$.pseudonymization";
        List<ReasonDoc> reasonDocs = list(doc.reasons(), base + ".reasons", false);
        Map<String, ReidentificationReasonDefinition> reasons = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < reasonDocs.size(); i++) {
            String path = base + ".reasons[" + i + "]";
            ReasonDoc d = element(reasonDocs.get(i), path);
            if (d == null) {
                continue;
            }
            String code = id(d.code(), path + ".code", seen);
            PurposeDefinition purpose = purposeRef(d.purpose(), path + ".purpose", purposes, declaredPurposes);
            String description = text(d.description(), path + ".description");
            if (code != null && purpose != null) {
                reasons.put(code, new ReidentificationReasonDefinition(code, purpose.purpose(),
                        Boolean.TRUE.equals(d.caseReference()), description));
            }
        }
        Set<String> declaredCodes = seen.keySet();
        List<ContextDoc> contextDocs = list(doc.contexts(), base + ".contexts", false);
        List<PseudonymContextDefinition> contexts = new ArrayList<>();
        Map<String, String> seenContexts = new HashMap<>();
        for (int i = 0; i < contextDocs.size(); i++) {
            String path = base + ".contexts[" + i + "]";
            ContextDoc d = element(contextDocs.get(i), path);
            if (d == null) {
                continue;
            }
            String id = d.id();
            if (id == null) {
                problem(path + ".id", "is required");
            } else if (!Names.isName(id)) {
                problem(path + ".id", "must be a lower-case name (a-z, 0-9, _; starting with a letter)");
                id = null;
            } else if (!unique(id, path + ".id", seenContexts)) {
                id = null;
            }
            String description = text(d.description(), path + ".description");
            List<DataCategory> cats = categoryRefs(d.categories(), path + ".categories", categories, true);
            PurposeDefinition purpose = purposeRef(d.purpose(), path + ".purpose", purposes, declaredPurposes);
            if (purpose != null && !purpose.categories().containsAll(cats)) {
                problem(path + ".purpose", "must process every category of the context");
            }
            List<String> codes = stringList(d.reasons(), path + ".reasons", false);
            for (int j = 0; j < codes.size(); j++) {
                String code = codes.get(j);
                ReidentificationReasonDefinition reason = reasons.get(code);
                if (reason == null) {
                    if (!declaredCodes.contains(code)) {
                        problem(path + ".reasons[" + j + "]", "unknown reason code; declare it in " + base + ".reasons");
                    }
                } else if (purposes.containsKey(reason.purpose())
                        && !purposes.get(reason.purpose()).categories().containsAll(cats)) {
                    problem(path + ".reasons[" + j + "]", "the reason's purpose must process every category of the"
                            + " context: a reversal for it would disclose data the purpose does not cover");
                }
            }
            if (id != null && purpose != null && description != null) {
                contexts.add(new PseudonymContextDefinition(id, description, cats, purpose.purpose(), codes));
            }
        }
        return new Pseudonymization(contexts, List.copyOf(reasons.values()));
    }

    private PurposeDefinition purposeRef(String id, String path, Map<Purpose, PurposeDefinition> purposes,
            Set<String> declaredPurposes) {
        if (id == null) {
            problem(path, "is required");
            return null;
        }
        Purpose purpose = convert(() -> Purpose.of(id), path);
        if (purpose == null) {
            return null;
        }
        PurposeDefinition definition = purposes.get(purpose);
        if (definition == null && !declaredPurposes.contains(id)) {
            problem(path, "unknown purpose; declare it in $.purposes");
        }
        return definition;
    }

    // --- primitives ------------------------------------------------------------------------------

    private <T> T element(T value, String path) {
        if (value == null) {
            problem(path, "must be an object, not null");
        }
        return value;
    }

    private static <T> List<T> optionalList(List<T> value) {
        return value == null ? List.of() : value;
    }

    private <T> List<T> list(List<T> value, String path, boolean nonEmpty) {
        if (value == null) {
            problem(path, "is required (an array)");
            return List.of();
        }
        if (nonEmpty && value.isEmpty()) {
            problem(path, "must not be empty");
        }
        return value;
    }

    private String text(String value, String path) {
        if (value == null) {
            problem(path, "is required");
            return null;
        }
        if (value.isBlank()) {
            problem(path, "must not be blank");
            return null;
        }
        return value;
    }

    private Optional<String> optionalText(String value, String path) {
        if (value != null && value.isBlank()) {
            problem(path, "must not be blank; leave it out instead");
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    private String email(String value, String path, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String email = text(value, path);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problem(path, "must be an e-mail address");
            return null;
        }
        return email;
    }

    private String id(String value, String path, Map<String, String> seen) {
        if (value == null) {
            problem(path, "is required");
            return null;
        }
        if (!ID.matcher(value).matches()) {
            problem(path, "must be an upper-case identifier (A-Z, 0-9, _; starting with a letter; at most 64)");
            return null;
        }
        return unique(value, path, seen) ? value : null;
    }

    private boolean unique(String value, String path, Map<String, String> seen) {
        String first = seen.putIfAbsent(value, path);
        if (first != null) {
            problem(path, "duplicate id '" + value + "', first declared at " + first);
            return false;
        }
        return true;
    }

    private List<String> fieldNames(List<String> fields, String path) {
        List<String> out = new ArrayList<>();
        if (fields == null) {
            problem(path, "is required (an array of field names)");
            return out;
        }
        if (fields.isEmpty()) {
            problem(path, "must not be empty");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (int j = 0; j < fields.size(); j++) {
            String f = fields.get(j);
            String fpath = path + "[" + j + "]";
            if (!Names.isName(f)) {
                problem(fpath, "must be a lower-case field name such as caller_number (a-z, 0-9, _)");
            } else if (unique(f, fpath, seen)) {
                out.add(f);
            }
        }
        return out;
    }

    private List<String> stringList(List<String> values, String path, boolean nonEmpty) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < list(values, path, nonEmpty).size(); j++) {
            String v = values.get(j);
            if (v == null) {
                problem(path + "[" + j + "]", "must not be null");
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private List<DataCategory> categoryRefs(List<String> ids, String path, Set<DataCategory> declared,
            boolean nonEmpty) {
        List<DataCategory> out = new ArrayList<>();
        List<String> values = stringList(ids, path, nonEmpty);
        for (int j = 0; j < values.size(); j++) {
            String id = values.get(j);
            String cpath = path + "[" + j + "]";
            DataCategory c = convert(() -> DataCategory.of(id), cpath);
            if (c != null && !declared.contains(c)) {
                problem(cpath, "unknown data category '" + id + "'; declare it in $.categories");
            } else if (c != null && !out.contains(c)) {
                out.add(c);
            } else if (c != null) {
                problem(cpath, "category '" + id + "' is listed twice");
            }
        }
        return out;
    }

    private String country(String value, String path) {
        String country = text(value, path);
        if (country != null && !COUNTRY.matcher(country).matches()) {
            problem(path, "must be an upper-case ISO 3166-1 alpha-2 country code such as RO");
            return null;
        }
        return country;
    }

    private LocalDate date(String value, String path) {
        String text = text(value, path);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            problem(path, "must be an ISO 8601 date such as 2026-01-01");
            return null;
        }
    }

    private ZoneId zone(String value, String path) {
        String text = text(value, path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problem(path, "must be a time-zone id such as Europe/Bucharest");
            return null;
        }
    }

    private MonthDay monthDay(String value, String path) {
        String text = text(value, path);
        if (text == null) {
            return null;
        }
        try {
            if (!MONTH_DAY.matcher(text).matches()) {
                throw new DateTimeException("format");
            }
            return MonthDay.parse("--" + text);
        } catch (DateTimeException e) {
            problem(path, "must be a month and day MM-DD such as 12-31");
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(String value, String path, Class<E> type) {
        if (value == null) {
            problem(path, "is required; one of " + names(type));
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        problem(path, "must be one of " + names(type) + " (upper case)"
                + (value.toUpperCase(Locale.ROOT).equals(value) ? "" : "; values are case-sensitive"));
        return null;
    }

    /**
     * A reference that was not checked against an identifier syntax, quoted when it has the shape
     * of one; anything else (an e-mail address or a phone number in the wrong field) is not repeated.
     */
    static String shown(String value) {
        return value != null && SHOWN.matcher(value).matches() ? "'" + value + "'" : "(value not shown)";
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private interface Conversion<T> {
        T get();
    }

    /** Runs a value-type constructor and turns its {@link InvalidInputException} into a problem at {@code path}. */
    private <T> T convert(Conversion<T> conversion, String path) {
        try {
            return conversion.get();
        } catch (InvalidInputException e) {
            problem(path, e.getMessage());
            return null;
        }
    }
}
