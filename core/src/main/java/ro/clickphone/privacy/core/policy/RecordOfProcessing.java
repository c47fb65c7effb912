package ro.clickphone.privacy.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.Purpose;

/**
 * The record of processing activities of GDPR article 30(1), generated from a {@link Policy}: the
 * controller and its DPO; for each purpose, the categories of data subjects and of personal data,
 * the recipients, the transfers to other countries and the time limits for erasure; and the
 * security measures. Rendered as JSON for machines and Markdown for people.
 *
 * <p>Immutable. Rendering is deterministic: the same policy gives the same bytes.
 *
 * <pre>{@code
 * RecordOfProcessing record = RecordOfProcessing.from(Policy.clickPhoneDefault());
 * String markdown = record.toMarkdown();
 * String json = record.toJson();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RecordOfProcessing {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Policy policy;
    private final List<Activity> activities;

    private RecordOfProcessing(Policy policy, List<Activity> activities) {
        this.policy = policy;
        this.activities = activities;
    }

    /**
     * Generates the record of processing of a policy.
     *
     * @param policy the policy
     * @return the record
     * @throws InvalidInputException if {@code policy} is null
     */
    public static RecordOfProcessing from(Policy policy) {
        if (policy == null) {
            throw new InvalidInputException("policy", "must not be null");
        }
        List<Activity> activities = policy.purposes().stream().map(p -> new Activity(
                p.purpose(), p.name(), p.description(), p.legalBasis(), p.legalReference(), p.mandatory(),
                p.objection(),
                p.dataSubjects().stream().map(id -> policy.dataSubject(id).orElseThrow()).toList(),
                p.categories().stream().map(policy::category).toList(),
                p.recipients().stream().map(policy::recipient).toList(),
                p.categories().stream().map(c -> new CategoryRetention(c, policy.retentionOf(c))).toList(),
                p.continuesWhenRestricted(), p.balancingTest(),
                p.recipients().stream().flatMap(r -> policy.transfers().exceptionFor(r).stream()).toList()))
                .toList();
        return new RecordOfProcessing(policy, activities);
    }

    /**
     * The version of the policy this record was generated from.
     *
     * @return the version
     */
    public PolicyVersion policyVersion() {
        return policy.version();
    }

    /**
     * Art. 30(1)(a): the controller.
     *
     * @return the controller
     */
    public Controller controller() {
        return policy.controller();
    }

    /**
     * Art. 30(1)(a): the data protection officer.
     *
     * @return the DPO
     */
    public Contact dpo() {
        return policy.dpo();
    }

    /**
     * One processing activity per purpose, in the policy's order.
     *
     * @return the activities
     */
    public List<Activity> activities() {
        return activities;
    }

    /**
     * The activity of one purpose.
     *
     * @param purpose the purpose
     * @return the activity, if the policy declares the purpose
     */
    public Optional<Activity> activity(Purpose purpose) {
        return activities.stream().filter(a -> a.purpose().equals(purpose)).findFirst();
    }

    /**
     * Art. 30(1)(e): transfers to third countries, and to any country other than those the policy
     * permits.
     *
     * @return the transfer statement, the permitted countries and the documented exceptions
     */
    public Transfers transfers() {
        return policy.transfers();
    }

    /**
     * Art. 30(1)(g): the technical and organisational security measures.
     *
     * @return the measures
     */
    public List<SecurityMeasure> securityMeasures() {
        return policy.securityMeasures();
    }

    /**
     * Where the data is processed.
     *
     * @return the locations
     */
    public List<ProcessingLocation> processingLocations() {
        return policy.processingLocations();
    }

    /**
     * What the controller never stores.
     *
     * @return the never-stored declarations
     */
    public List<NeverStoredDefinition> neverStored() {
        return policy.neverStored();
    }

    /**
     * The record as JSON: an object with {@code policyVersion}, {@code policyEffectiveFrom},
     * {@code policyEffectiveFromAssumed} (and, when true, {@code policyEffectiveFromBasis}),
     * {@code controller}, {@code dpo}, {@code activities},
     * {@code transfers}, {@code processingLocations}, {@code neverStored} and {@code securityMeasures}.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("recordOf", "GDPR art. 30(1)");
        root.put("policyVersion", policy.version().label());
        root.put("policyEffectiveFrom", policy.version().effectiveFrom().toString());
        // An assumed start is said to be one wherever the date is shown, so nobody reads it as a fact.
        root.put("policyEffectiveFromAssumed", policy.effectiveFromAssumed());
        policy.effectiveFromBasis().ifPresent(v -> root.put("policyEffectiveFromBasis", v));
        ObjectNode controller = root.putObject("controller");
        Controller c = policy.controller();
        controller.put("name", c.name());
        controller.put("address", c.address());
        c.fiscalCode().ifPresent(v -> controller.put("fiscalCode", v));
        c.tradeRegisterNumber().ifPresent(v -> controller.put("tradeRegisterNumber", v));
        c.phone().ifPresent(v -> controller.put("phone", v));
        controller.put("email", c.email());
        c.web().ifPresent(v -> controller.put("web", v));
        ObjectNode dpo = root.putObject("dpo");
        dpo.put("name", policy.dpo().name());
        policy.dpo().email().ifPresent(v -> dpo.put("email", v));
        policy.dpo().phone().ifPresent(v -> dpo.put("phone", v));
        ArrayNode contacts = root.putArray("contacts");
        policy.contacts().forEach((id, contact) -> {
            ObjectNode cn = contacts.addObject().put("id", id).put("name", contact.name());
            contact.email().ifPresent(v -> cn.put("email", v));
            contact.phone().ifPresent(v -> cn.put("phone", v));
            contact.web().ifPresent(v -> cn.put("web", v));
        });
        ArrayNode senders = root.putArray("notificationSenders");
        policy.notificationSenders().forEach(senders::add);
        ArrayNode activitiesNode = root.putArray("activities");
        for (Activity a : activities) {
            ObjectNode node = activitiesNode.addObject();
            node.put("purpose", a.purpose().id());
            node.put("name", a.name());
            node.put("description", a.description());
            ObjectNode basis = node.putObject("legalBasis");
            basis.put("basis", a.legalBasis().name());
            basis.put("article", a.legalBasis().article());
            basis.put("reference", a.legalReference());
            node.put("mandatory", a.mandatory());
            node.put("objection", a.objection().name());
            node.put("continuesWhenRestricted", a.continuesWhenRestricted());
            a.balancingTest().ifPresent(v -> node.put("balancingTest", v));
            ArrayNode subjects = node.putArray("dataSubjects");
            a.dataSubjects().forEach(s -> subjects.addObject().put("id", s.id()).put("description", s.description()));
            ArrayNode categories = node.putArray("categories");
            for (CategoryDefinition cat : a.categories()) {
                ObjectNode cn = categories.addObject();
                cn.put("id", cat.category().id());
                cn.put("name", cat.name());
                cn.put("special", cat.special());
                ArrayNode fields = cn.putArray("fields");
                cat.fields().forEach(fields::add);
            }
            ArrayNode recipients = node.putArray("recipients");
            for (RecipientDefinition r : a.recipients()) {
                recipients.addObject().put("id", r.recipient().id()).put("name", r.name())
                        .put("kind", r.kind().name()).put("country", r.country())
                        .put("condition", r.condition().name());
            }
            node.put("transfersOutsideEea", policy.transfers().outsideEea());
            ArrayNode activityTransfers = node.putArray("transfers");
            a.transfers().forEach(t -> activityTransfers.addObject().put("recipient", t.recipient().id())
                    .put("country", t.country()).put("confirmedByDpo", t.confirmed()).put("note", t.note()));
            ArrayNode retention = node.putArray("retention");
            for (CategoryRetention cr : a.retention()) {
                retention.addObject().put("category", cr.category().id()).put("rule", cr.rule().id())
                        .put("summary", cr.rule().summary());
            }
        }
        ObjectNode transfers = root.putObject("transfers");
        transfers.put("outsideEea", policy.transfers().outsideEea());
        transfers.put("statement", policy.transfers().statement());
        ArrayNode permitted = transfers.putArray("permittedCountries");
        policy.transfers().permittedCountries().forEach(permitted::add);
        ArrayNode exceptions = transfers.putArray("exceptions");
        policy.transfers().exceptions().forEach(t -> exceptions.addObject().put("recipient", t.recipient().id())
                .put("country", t.country()).put("confirmedByDpo", t.confirmed()).put("note", t.note()));
        ArrayNode locations = root.putArray("processingLocations");
        for (ProcessingLocation l : policy.processingLocations()) {
            ObjectNode ln = locations.addObject().put("id", l.id()).put("description", l.description())
                    .put("address", l.address()).put("country", l.country());
            ArrayNode cats = ln.putArray("categories");
            l.categories().forEach(cat -> cats.add(cat.id()));
        }
        ArrayNode never = root.putArray("neverStored");
        for (NeverStoredDefinition n : policy.neverStored()) {
            ObjectNode nn = never.addObject().put("id", n.id()).put("description", n.description());
            n.handledBy().ifPresent(r -> nn.put("handledBy", r.id()));
        }
        ArrayNode measures = root.putArray("securityMeasures");
        policy.securityMeasures().forEach(m -> measures.addObject().put("id", m.id()).put("description", m.description()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            // A tree of strings and booleans always serialises; failing here is a bug.
            throw new IllegalStateException("Could not render the record of processing as JSON", e);
        }
    }

    /**
     * The record as a Markdown document, one section per processing activity.
     *
     * @return Markdown text
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        Controller c = policy.controller();
        md.append("# Record of processing activities (GDPR art. 30(1))\n\n");
        md.append("Generated from privacy policy version ").append(policy.version().label())
                .append(", in force from ").append(policy.version().effectiveFrom());
        policy.effectiveFromBasis().ifPresent(v -> md.append(" (an assumed date: ").append(esc(v)).append(')'));
        md.append(".\n\n");
        md.append("## Controller\n\n");
        md.append("- **Name:** ").append(esc(c.name())).append('\n');
        md.append("- **Address:** ").append(esc(c.address())).append('\n');
        c.fiscalCode().ifPresent(v -> md.append("- **Fiscal code (CUI):** ").append(esc(v)).append('\n'));
        c.tradeRegisterNumber().ifPresent(v -> md.append("- **Trade register:** ").append(esc(v)).append('\n'));
        c.phone().ifPresent(v -> md.append("- **Phone:** ").append(esc(v)).append('\n'));
        md.append("- **E-mail:** ").append(esc(c.email())).append('\n');
        md.append("\n## Data protection officer\n\n");
        md.append("- **Name:** ").append(esc(policy.dpo().name())).append('\n');
        policy.dpo().email().ifPresent(v -> md.append("- **E-mail:** ").append(esc(v)).append('\n'));
        policy.dpo().phone().ifPresent(v -> md.append("- **Phone:** ").append(esc(v)).append('\n'));
        if (!policy.contacts().isEmpty() || !policy.notificationSenders().isEmpty()) {
            md.append("\n## Other contacts\n\n");
            policy.contacts().forEach((id, contact) -> {
                md.append("- **").append(esc(contact.name())).append("** (`").append(id).append("`)");
                contact.email().ifPresent(v -> md.append(", ").append(esc(v)));
                contact.phone().ifPresent(v -> md.append(", ").append(esc(v)));
                contact.web().ifPresent(v -> md.append(", ").append(esc(v)));
                md.append('\n');
            });
            if (!policy.notificationSenders().isEmpty()) {
                md.append("- **Notifications are sent from:** ")
                        .append(esc(String.join(", ", policy.notificationSenders()))).append('\n');
            }
        }
        md.append("\n## Processing activities\n");
        for (Activity a : activities) {
            md.append("\n### ").append(esc(a.name())).append(" (`").append(a.purpose().id()).append("`)\n\n");
            md.append(esc(a.description())).append("\n\n");
            md.append("| | |\n|---|---|\n");
            row(md, "Legal basis", a.legalBasis().article() + " — " + a.legalBasis().name() + "; " + a.legalReference());
            row(md, "Mandatory", a.mandatory() ? "yes" : "no");
            row(md, "Objection (art. 21)", a.objection().name());
            a.balancingTest().ifPresent(v -> row(md, "Balancing test (art. 6(1)(f))", v));
            if (a.continuesWhenRestricted()) {
                row(md, "Restriction (art. 18)", "continues while processing is restricted");
            }
            row(md, "Data subjects", a.dataSubjects().stream().map(SubjectCategoryDefinition::description)
                    .collect(Collectors.joining("; ")));
            row(md, "Categories of data", a.categories().stream()
                    .map(cat -> cat.name() + " (`" + cat.category().id() + "`: " + String.join(", ", cat.fields()) + ")"
                            + (cat.special() ? " — special category (art. 9), shared only with explicit consent" : ""))
                    .collect(Collectors.joining("; ")));
            row(md, "Recipients", a.recipients().isEmpty() ? "none outside the controller" : a.recipients().stream()
                    .map(r -> r.name() + " (" + r.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + ", " + r.country() + conditionText(r.condition()) + ")")
                    .collect(Collectors.joining("; ")));
            row(md, "Transfers to other countries", transfersOf(a));
            row(md, "Time limits for erasure", retentionByRule(a));
        }
        md.append("\n## Transfers to other countries\n\n").append(esc(policy.transfers().statement())).append('\n');
        if (!policy.transfers().permittedCountries().isEmpty()) {
            md.append("\nPermitted countries: ")
                    .append(String.join(", ", policy.transfers().permittedCountries()))
                    .append(policy.transfers().exceptions().isEmpty() ? "" : " (exceptions below)").append(".\n");
        }
        for (TransferException t : policy.transfers().exceptions()) {
            md.append("\n- **Exception:** `").append(t.recipient().id()).append("` in ").append(t.country())
                    .append(t.confirmed() ? " (confirmed by the DPO)" : " (**not confirmed by the DPO**)")
                    .append(" — ").append(esc(t.note())).append('\n');
        }
        md.append("\n## Processing locations\n\n");
        for (ProcessingLocation l : policy.processingLocations()) {
            md.append("- **").append(esc(l.id())).append("** — ").append(esc(l.description())).append(", ")
                    .append(esc(l.address())).append(" (").append(l.country()).append("): ")
                    .append(l.categories().stream().map(DataCategory::id).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("\n## Never stored\n\n");
        for (NeverStoredDefinition n : policy.neverStored()) {
            md.append("- **").append(n.id()).append("** — ").append(esc(n.description()));
            n.handledBy().ifPresent(r -> md.append(" Handled by `").append(r.id()).append("`."));
            md.append('\n');
        }
        md.append("\n## Technical and organisational security measures (art. 32)\n\n");
        for (SecurityMeasure m : policy.securityMeasures()) {
            md.append("- **").append(m.id()).append("** — ").append(esc(m.description())).append('\n');
        }
        return md.toString();
    }

    private String transfersOf(Activity a) {
        if (!a.transfers().isEmpty()) {
            return a.transfers().stream().map(t -> policy.recipient(t.recipient()).name() + " (" + t.country() + "), "
                    + (t.confirmed() ? "an exception confirmed by the DPO" : "an exception not yet confirmed by the DPO"))
                    .collect(Collectors.joining("; "));
        }
        return policy.transfers().outsideEea() ? "yes; see below" : "none";
    }

    /** Categories that share a rule are listed together: "`TRAFFIC`, `NETWORK`: at least 3 years after ...". */
    /** The recipient's condition as the record's reader needs it. */
    private static String conditionText(RecipientCondition condition) {
        switch (condition) {
            case SUBJECT_CONSENT:
                return "; only with the subject's consent";
            case SUBJECT_DESIGNATION:
                return "; only where the subject designated it";
            case PRIOR_NOTICE:
                return "; only after the subject was notified";
            case ASSISTED_ACCOUNT:
                return "; only for the accounts it assists";
            default:
                return "";
        }
    }

    private static String retentionByRule(Activity a) {
        Map<RetentionRule, List<String>> byRule = new LinkedHashMap<>();
        for (CategoryRetention cr : a.retention()) {
            byRule.computeIfAbsent(cr.rule(), r -> new ArrayList<>()).add("`" + cr.category().id() + "`");
        }
        return byRule.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + ": " + e.getKey().summary())
                .collect(Collectors.joining("; "));
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(esc(value)).append(" |\n");
    }

    /** Keeps policy text from breaking the Markdown structure: table pipes and line breaks. */
    private static String esc(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    @Override
    public String toString() {
        return "RecordOfProcessing[policy " + policy.version().label() + ", " + activities.size() + " activities]";
    }

    /**
     * One processing activity: a purpose with everything article 30(1)(b)–(f) asks about it.
     *
     * @param purpose the purpose
     * @param name its short name
     * @param description what the processing does
     * @param legalBasis the legal basis
     * @param legalReference the law or contract behind the basis
     * @param mandatory whether the subject cannot opt out
     * @param objection what an objection does
     * @param dataSubjects the categories of data subjects
     * @param categories the categories of personal data
     * @param recipients the recipients
     * @param retention the time limit for erasure of each category
     * @param continuesWhenRestricted whether processing continues under a restriction (art. 18)
     * @param balancingTest the balancing test of a purpose on legitimate interests
     * @param transfers the documented transfer exceptions among the recipients
     */
    public record Activity(Purpose purpose, String name, String description, LegalBasis legalBasis,
            String legalReference, boolean mandatory, ObjectionRule objection,
            List<SubjectCategoryDefinition> dataSubjects, List<CategoryDefinition> categories,
            List<RecipientDefinition> recipients, List<CategoryRetention> retention,
            boolean continuesWhenRestricted, Optional<String> balancingTest, List<TransferException> transfers) {

        /**
         * Copies the lists so the activity stays immutable.
         *
         * @param purpose the purpose
         * @param name the name
         * @param description the description
         * @param legalBasis the legal basis
         * @param legalReference the legal reference
         * @param mandatory whether it is mandatory
         * @param objection the objection rule
         * @param dataSubjects the data subject categories
         * @param categories the data categories
         * @param recipients the recipients
         * @param retention the retention per category
         * @param continuesWhenRestricted whether processing continues under a restriction
         * @param balancingTest the balancing test, if any
         * @param transfers the transfer exceptions among the recipients
         * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
         */
        public Activity {
            transfers = Lists.copy(transfers, "activity.transfers");
            dataSubjects = Lists.copy(dataSubjects, "activity.dataSubjects");
            categories = Lists.copy(categories, "activity.categories");
            recipients = Lists.copy(recipients, "activity.recipients");
            retention = Lists.copy(retention, "activity.retention");
        }
    }

    /**
     * The retention rule of one category within an activity.
     *
     * @param category the category
     * @param rule the rule
     */
    public record CategoryRetention(DataCategory category, RetentionRule rule) {
    }
}
