package ro.clickphone.privacy.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;

/**
 * One version of a privacy policy, loaded from a JSON document and validated: its controller,
 * categories of data, purposes with their legal bases, recipients, retention rules, key scopes,
 * notification types, transfers and security measures.
 *
 * <p>Immutable and thread-safe. Look-ups by identifier are hash look-ups, cheap enough for hot
 * paths such as a consent check. A look-up of something the policy does not declare fails with a
 * {@link PolicyViolationException}: processing for an undeclared purpose is a policy violation, not
 * a default.
 *
 * <pre>{@code
 * Policy policy = Policy.clickPhoneDefault();
 * PurposeDefinition marketing = policy.purpose(Purpose.of("MARKETING"));
 * boolean needsConsent = marketing.requiresConsent();                    // true
 * RetentionRule fiscal = policy.retentionOf(DataCategory.of("FINANCIAL"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Policy {

    /** Where {@link #clickPhoneDefault()} reads the ClickPhone policy from, on the class path. */
    public static final String CLICKPHONE_RESOURCE = "/ro/clickphone/privacy/core/policy/clickphone-policy.json";

    private final PolicyVersion version;
    private final String language;
    private final ZoneId timeZone;
    private final MonthDay financialYearEnd;
    private final Controller controller;
    private final Contact dpo;
    private final Optional<Contact> supervisoryAuthority;
    private final Map<String, Contact> contacts;
    private final List<String> notificationSenders;
    private final List<MaterialChange> materialChanges;
    private final Index<String, SubjectCategoryDefinition> dataSubjects;
    private final Index<DataCategory, CategoryDefinition> categories;
    private final List<NeverStoredDefinition> neverStored;
    private final Index<Purpose, PurposeDefinition> purposes;
    private final Index<Recipient, RecipientDefinition> recipients;
    private final Index<String, RetentionRule> retentionRules;
    private final Index<KeyScope, KeyScopeDefinition> keyScopes;
    private final Index<NotificationType, NotificationTypeDefinition> notificationTypes;
    private final Transfers transfers;
    private final List<ProcessingLocation> processingLocations;
    private final List<SecurityMeasure> securityMeasures;
    private final List<RightDefinition> rights;
    private final Index<String, PseudonymContextDefinition> pseudonymContexts;
    private final Index<String, ReidentificationReasonDefinition> reidentificationReasons;
    private final Provenance provenance;
    private final Disclosures disclosures;

    /**
     * Where a version comes from and how it is made known: the basis of an assumed effective date,
     * the archived text, and the notification that announces the version.
     */
    record Provenance(Optional<String> effectiveFromBasis, Optional<PolicyText> text,
            Optional<NotificationType> changeAnnouncement) {
    }

    /** What an access export discloses beyond the processing itself (art. 15(1)(g), (h)) and its sentences. */
    record Disclosures(List<AutomatedDecisionDefinition> automatedDecisions, List<DataSourceDefinition> dataSources,
            Optional<ExportStatements> exportStatements) {
    }

    Policy(PolicyVersion version, String language, ZoneId timeZone, MonthDay financialYearEnd,
            Controller controller, Contact dpo, Optional<Contact> supervisoryAuthority,
            Map<String, Contact> contacts, List<String> notificationSenders,
            List<MaterialChange> materialChanges, List<SubjectCategoryDefinition> dataSubjects,
            List<CategoryDefinition> categories, List<NeverStoredDefinition> neverStored,
            List<PurposeDefinition> purposes, List<RecipientDefinition> recipients,
            List<RetentionRule> retentionRules, List<KeyScopeDefinition> keyScopes,
            List<NotificationTypeDefinition> notificationTypes, Transfers transfers,
            List<ProcessingLocation> processingLocations, List<SecurityMeasure> securityMeasures,
            List<RightDefinition> rights, List<PseudonymContextDefinition> pseudonymContexts,
            List<ReidentificationReasonDefinition> reidentificationReasons, Provenance provenance,
            Disclosures disclosures) {
        this.version = version;
        this.provenance = provenance;
        this.disclosures = new Disclosures(List.copyOf(disclosures.automatedDecisions()),
                List.copyOf(disclosures.dataSources()), disclosures.exportStatements());
        this.language = language;
        this.timeZone = timeZone;
        this.financialYearEnd = financialYearEnd;
        this.controller = controller;
        this.dpo = dpo;
        this.supervisoryAuthority = supervisoryAuthority;
        this.contacts = Collections.unmodifiableMap(new LinkedHashMap<>(contacts));
        this.notificationSenders = List.copyOf(notificationSenders);
        this.materialChanges = List.copyOf(materialChanges);
        this.dataSubjects = new Index<>(dataSubjects, SubjectCategoryDefinition::id);
        this.categories = new Index<>(categories, CategoryDefinition::category);
        this.neverStored = List.copyOf(neverStored);
        this.purposes = new Index<>(purposes, PurposeDefinition::purpose);
        this.recipients = new Index<>(recipients, RecipientDefinition::recipient);
        this.retentionRules = new Index<>(retentionRules, RetentionRule::id);
        this.keyScopes = new Index<>(keyScopes, KeyScopeDefinition::scope);
        this.notificationTypes = new Index<>(notificationTypes, NotificationTypeDefinition::type);
        this.transfers = transfers;
        this.processingLocations = List.copyOf(processingLocations);
        this.securityMeasures = List.copyOf(securityMeasures);
        this.rights = List.copyOf(rights);
        this.pseudonymContexts = new Index<>(pseudonymContexts, PseudonymContextDefinition::context);
        this.reidentificationReasons = new Index<>(reidentificationReasons, ReidentificationReasonDefinition::code);
    }

    /**
     * Loads ClickPhone's own policy, which ships in this module's resources
     * ({@value #CLICKPHONE_RESOURCE}) with its Romanian text beside it, checked against the hash the
     * document gives. ClickPhone's policy must archive its text ("vom păstra în arhivă versiunile
     * anterioare"): a document without one is refused here.
     *
     * @return the ClickPhone policy
     * @throws ConfigurationException if the resource is missing from the class path, or the document
     *     names no text
     * @throws PolicyException if the text is missing or does not match its hash
     */
    public static Policy clickPhoneDefault() {
        try (InputStream in = Policy.class.getResourceAsStream(CLICKPHONE_RESOURCE)) {
            if (in == null) {
                throw new ConfigurationException("The ClickPhone policy resource " + CLICKPHONE_RESOURCE
                        + " is not on the class path; is clickphone-privacy-core repackaged without its resources?");
            }
            Policy policy = load(in, PolicyTextSource.classPath(Policy.class));
            if (policy.text().isEmpty()) {
                throw new ConfigurationException("The ClickPhone policy resource " + CLICKPHONE_RESOURCE
                        + " names no archived text ($.text); ClickPhone's policy archives the text of each version");
            }
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + CLICKPHONE_RESOURCE, e);
        }
    }

    /**
     * Loads and validates a policy document (the format is in {@code docs/POLICY-FORMAT.md}) read
     * from a bare stream, which gives no place to read an archived text from: a document that names
     * one ({@code text}) is refused; load it with {@link #load(InputStream, PolicyTextSource)}. The
     * text is optional for an operator's own policy; ClickPhone's ({@link #clickPhoneDefault()})
     * always has one. The stream is read to its end and not closed.
     *
     * @param json the document, UTF-8
     * @return the policy
     * @throws PolicyException if the document is not valid JSON or breaks a rule of the format;
     *     every problem found is listed with its JSON path (and, for malformed JSON, its line and
     *     column) and the rule it broke, never with a value of the document, which may be personal data
     * @throws InvalidInputException if {@code json} is null
     */
    public static Policy load(InputStream json) {
        if (json == null) {
            throw new InvalidInputException("json", "must not be null");
        }
        return PolicyValidator.validate(PolicyReader.read(json), null);
    }

    /**
     * Loads and validates a policy document together with the archived text it names
     * ({@code text.resource}), read through {@code texts} and checked against the SHA-256 the
     * document gives. A document without a text loads as with {@link #load(InputStream)}. The stream
     * is read to its end and not closed.
     *
     * @param json the document, UTF-8
     * @param texts where the text is read from
     * @return the policy
     * @throws PolicyException if the document breaks a rule of the format, or its text is missing,
     *     unreadable, not UTF-8 or does not match its hash; every problem with its JSON path
     * @throws InvalidInputException if an argument is null
     */
    public static Policy load(InputStream json, PolicyTextSource texts) {
        if (json == null || texts == null) {
            throw new InvalidInputException("policy.load", "json and texts must not be null");
        }
        return PolicyValidator.validate(PolicyReader.read(json), texts);
    }

    /**
     * The version of this policy and the day it takes effect.
     *
     * @return the version
     */
    public PolicyVersion version() {
        return version;
    }

    /**
     * Whether {@link PolicyVersion#effectiveFrom()} is an assumption rather than a date the policy
     * text carries. ClickPhone's text names no date: its start is assumed to be the day the GDPR it
     * cites applies from. Show {@link #effectiveFromBasis()} wherever the date is shown.
     *
     * @return {@code true} if the effective date is assumed
     */
    public boolean effectiveFromAssumed() {
        return provenance.effectiveFromBasis().isPresent();
    }

    /**
     * Why the effective date was assumed, when it was.
     *
     * @return the stated basis; empty when the date is the policy's own
     */
    public Optional<String> effectiveFromBasis() {
        return provenance.effectiveFromBasis();
    }

    /**
     * The text of this version as its subjects read it, archived with it and checked against the
     * hash the document gives.
     *
     * @return the text; empty for a policy whose document names none
     */
    public Optional<PolicyText> text() {
        return provenance.text();
    }

    /**
     * The notification that announces this version to the subjects, sent by e-mail ("Orice
     * modificări aduse politicii de confidențialitate vor fi notificate cu o mai mare vizibilitate
     * (inclusiv [...] o notificare prin e-mail"). The loader checks that the type is declared,
     * goes out by e-mail and is not one the subject can stop; the notifications capability sends it.
     *
     * @return the notification type; empty when the document names none
     */
    public Optional<NotificationType> changeAnnouncement() {
        return provenance.changeAnnouncement();
    }

    /**
     * The decisions based solely on automated processing, including profiling, that the policy
     * declares (GDPR art. 22; art. 15(1)(h)).
     *
     * @return the declared decisions, in the document's order; empty when it declares none
     */
    public List<AutomatedDecisionDefinition> automatedDecisions() {
        return disclosures.automatedDecisions();
    }

    /**
     * The sources of personal data not collected from the subject that the policy declares
     * (art. 14(2)(f), 15(1)(g)).
     *
     * @return the declared sources, in the document's order; empty when it declares none
     */
    public List<DataSourceDefinition> dataSources() {
        return disclosures.dataSources();
    }

    /**
     * The sentences an access or portability export shows, in the policy's language.
     *
     * @return the sentences; empty for a policy whose document gives none, which cannot answer an
     *     access or portability request
     */
    public Optional<ExportStatements> exportStatements() {
        return disclosures.exportStatements();
    }

    /**
     * The language the policy is written in.
     *
     * @return an ISO 639-1 code, e.g. {@code ro}
     */
    public String language() {
        return language;
    }

    /**
     * The time zone business dates are computed in (retention, deadlines).
     *
     * @return e.g. {@code Europe/Bucharest}
     */
    public ZoneId timeZone() {
        return timeZone;
    }

    /**
     * The last day of the controller's financial year.
     *
     * @return e.g. {@code --12-31}
     */
    public MonthDay financialYearEnd() {
        return financialYearEnd;
    }

    /**
     * The controller.
     *
     * @return the controller
     */
    public Controller controller() {
        return controller;
    }

    /**
     * The data protection officer.
     *
     * @return the DPO's contact
     */
    public Contact dpo() {
        return dpo;
    }

    /**
     * The supervisory authority complaints go to, if the policy names it.
     *
     * @return the authority
     */
    public Optional<Contact> supervisoryAuthority() {
        return supervisoryAuthority;
    }

    /**
     * The other contact points the policy names, by id, in the document's order: for ClickPhone the
     * customer service ({@code CUSTOMER_SERVICE}) and the financial department ({@code FINANCE}).
     *
     * @return the contact points; empty if the policy names none
     */
    public Map<String, Contact> contacts() {
        return contacts;
    }

    /**
     * One contact point by id.
     *
     * @param id the contact point's id, e.g. {@code CUSTOMER_SERVICE}
     * @return the contact point, or empty if the policy names none with that id
     * @throws InvalidInputException if the id is null
     */
    public Optional<Contact> contact(String id) {
        if (id == null) {
            throw new InvalidInputException("contact", "id must not be null");
        }
        return Optional.ofNullable(contacts.get(id));
    }

    /**
     * The addresses notifications are sent from, as the policy's contact table lists them (for
     * ClickPhone {@code info@clickphone.ro} and {@code noreplay@clickphone.ro}, spelt as the policy
     * spells them). Senders belong in the policy document, not in code.
     *
     * @return the sender addresses, in the document's order; empty if the policy names none
     */
    public List<String> notificationSenders() {
        return notificationSenders;
    }

    /**
     * The purposes that changed materially in this version compared with the previous one.
     *
     * @return the changes; empty for a first version or a version without material changes
     */
    public List<MaterialChange> materialChanges() {
        return materialChanges;
    }

    /**
     * Whether a purpose changed materially in this version.
     *
     * @param purpose the purpose
     * @return {@code true} if this version lists a material change of it
     */
    public boolean changedMaterially(Purpose purpose) {
        for (MaterialChange change : materialChanges) {
            if (change.purpose().equals(purpose)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this version lists a change of a purpose that diminishes the subject's rights.
     *
     * @param purpose the purpose
     * @return {@code true} if a material change of it in this version is marked {@code diminishesRights}
     */
    public boolean diminishesRights(Purpose purpose) {
        for (MaterialChange change : materialChanges) {
            if (change.diminishesRights() && change.purpose().equals(purpose)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The categories of data subjects.
     *
     * @return the categories, in document order
     */
    public List<SubjectCategoryDefinition> dataSubjects() {
        return dataSubjects.all();
    }

    /**
     * A category of data subjects.
     *
     * @param id its id, e.g. {@code CUSTOMER}
     * @return the category, if declared
     */
    public Optional<SubjectCategoryDefinition> dataSubject(String id) {
        return Optional.ofNullable(dataSubjects.get(id));
    }

    /**
     * The categories of personal data.
     *
     * @return the categories, in document order
     */
    public List<CategoryDefinition> categories() {
        return categories.all();
    }

    /**
     * A category of personal data.
     *
     * @param category the category
     * @return its definition
     * @throws PolicyViolationException if this policy does not declare the category
     * @throws InvalidInputException if {@code category} is null
     */
    public CategoryDefinition category(DataCategory category) {
        return require(categories, category, "category", "data category");
    }

    /**
     * Whether the policy declares a category.
     *
     * @param category the category
     * @return {@code true} if declared
     */
    public boolean declares(DataCategory category) {
        return category != null && categories.contains(category);
    }

    /**
     * What the policy promises never to store (SMS content, payment card data).
     *
     * @return the definitions, in document order
     */
    public List<NeverStoredDefinition> neverStored() {
        return neverStored;
    }

    /**
     * The purposes of processing.
     *
     * @return the purposes, in document order
     */
    public List<PurposeDefinition> purposes() {
        return purposes.all();
    }

    /**
     * A purpose of processing. This is the look-up consent checks make on their hot path.
     *
     * @param purpose the purpose
     * @return its definition
     * @throws PolicyViolationException if this policy does not declare the purpose
     * @throws InvalidInputException if {@code purpose} is null
     */
    public PurposeDefinition purpose(Purpose purpose) {
        PurposeDefinition definition = purposes.get(purpose);
        // The common case first, without the argument checks: this is the consent check's hot path.
        return definition != null ? definition : require(purposes, purpose, "purpose", "purpose");
    }

    /**
     * Whether the policy declares a purpose.
     *
     * @param purpose the purpose
     * @return {@code true} if declared
     */
    public boolean declares(Purpose purpose) {
        return purpose != null && purposes.contains(purpose);
    }

    /**
     * The purposes that process a category of data.
     *
     * @param category the category
     * @return the purposes, in document order
     * @throws PolicyViolationException if this policy does not declare the category
     */
    public List<PurposeDefinition> purposesProcessing(DataCategory category) {
        category(category);
        return purposes.all().stream().filter(p -> p.categories().contains(category)).toList();
    }

    /**
     * The recipients of personal data.
     *
     * @return the recipients, in document order
     */
    public List<RecipientDefinition> recipients() {
        return recipients.all();
    }

    /**
     * A recipient of personal data.
     *
     * @param recipient the recipient
     * @return its definition
     * @throws PolicyViolationException if this policy does not name the recipient
     * @throws InvalidInputException if {@code recipient} is null
     */
    public RecipientDefinition recipient(Recipient recipient) {
        return require(recipients, recipient, "recipient", "recipient");
    }

    /**
     * Whether the policy names a recipient.
     *
     * @param recipient the recipient
     * @return {@code true} if declared
     */
    public boolean declares(Recipient recipient) {
        return recipient != null && recipients.contains(recipient);
    }

    /**
     * The retention rules.
     *
     * @return the rules, in document order
     */
    public List<RetentionRule> retentionRules() {
        return retentionRules.all();
    }

    /**
     * A retention rule by id.
     *
     * @param id the rule's id
     * @return the rule, if declared
     */
    public Optional<RetentionRule> retentionRule(String id) {
        return Optional.ofNullable(retentionRules.get(id));
    }

    /**
     * The retention rule of a category of data.
     *
     * @param category the category
     * @return the rule
     * @throws PolicyViolationException if this policy does not declare the category
     */
    public RetentionRule retentionOf(DataCategory category) {
        return retentionRules.get(category(category).retentionRuleId());
    }

    /**
     * The key scopes.
     *
     * @return the scopes, in document order
     */
    public List<KeyScopeDefinition> keyScopes() {
        return keyScopes.all();
    }

    /**
     * The key scope that protects a category of data.
     *
     * @param category the category
     * @return the scope, or empty if the category is not encrypted with per-subject keys
     * @throws PolicyViolationException if this policy does not declare the category
     */
    public Optional<KeyScope> keyScopeOf(DataCategory category) {
        return category(category).keyScope();
    }

    /**
     * The categories a key scope protects.
     *
     * @param scope the scope
     * @return the categories, in document order
     * @throws PolicyViolationException if this policy does not declare the scope
     */
    public List<DataCategory> categoriesIn(KeyScope scope) {
        require(keyScopes, scope, "keyScope", "key scope");
        return categories.all().stream()
                .filter(c -> c.keyScope().filter(scope::equals).isPresent())
                .map(CategoryDefinition::category)
                .toList();
    }

    /**
     * The notification types.
     *
     * @return the types, in document order
     */
    public List<NotificationTypeDefinition> notificationTypes() {
        return notificationTypes.all();
    }

    /**
     * A notification type.
     *
     * @param type the type
     * @return its definition
     * @throws PolicyViolationException if this policy does not declare the type
     * @throws InvalidInputException if {@code type} is null
     */
    public NotificationTypeDefinition notificationType(NotificationType type) {
        return require(notificationTypes, type, "notificationType", "notification type");
    }

    /**
     * What the policy says about transfers outside the EEA.
     *
     * @return the transfer statement
     */
    public Transfers transfers() {
        return transfers;
    }

    /**
     * Where the data is processed.
     *
     * @return the locations, in document order
     */
    public List<ProcessingLocation> processingLocations() {
        return processingLocations;
    }

    /**
     * The technical and organisational security measures.
     *
     * @return the measures, in document order
     */
    public List<SecurityMeasure> securityMeasures() {
        return securityMeasures;
    }

    /**
     * The rights of the data subject the policy declares.
     *
     * @return the rights, in document order
     */
    public List<RightDefinition> rights() {
        return rights;
    }

    /**
     * The declared pseudonymization contexts.
     *
     * @return the contexts, in document order; empty when the policy declares none
     */
    public List<PseudonymContextDefinition> pseudonymContexts() {
        return pseudonymContexts.all();
    }

    /**
     * A pseudonymization context.
     *
     * @param context the context name, such as {@code fraud}
     * @return its definition, or empty if the policy does not declare it
     */
    public Optional<PseudonymContextDefinition> pseudonymContext(String context) {
        return context == null ? Optional.empty() : Optional.ofNullable(pseudonymContexts.get(context));
    }

    /**
     * The closed set of reasons for which pseudonyms may be reversed.
     *
     * @return the reasons, in document order
     */
    public List<ReidentificationReasonDefinition> reidentificationReasons() {
        return reidentificationReasons.all();
    }

    /**
     * A re-identification reason.
     *
     * @param code the code, such as {@code FRAUD_INVESTIGATION}
     * @return its definition, or empty if the policy does not declare it
     */
    public Optional<ReidentificationReasonDefinition> reidentificationReason(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(reidentificationReasons.get(code));
    }

    private <K, V> V require(Index<K, V> map, K key, String argument, String what) {
        if (key == null) {
            throw new InvalidInputException(argument, "must not be null");
        }
        V value = map.get(key);
        if (value == null) {
            throw new PolicyViolationException("Policy " + version.label() + " declares no " + what + " " + key);
        }
        return value;
    }

    /**
     * A summary: version and counts, nothing more.
     *
     * @return e.g. {@code Policy[2026.1 (from 2026-01-01), 13 categories, 14 purposes, ...]}
     */
    @Override
    public String toString() {
        return "Policy[" + version + ", " + categories.size() + " categories, " + purposes.size() + " purposes, "
                + recipients.size() + " recipients, " + notificationTypes.size() + " notification types]";
    }
}
