package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

/**
 * The bundle of every store a kit keeps its state in: one value, so that a kit gets all its
 * stores from one place ({@link InMemoryStores#create()} in tests, a persistent bundle such as the
 * JPA plugin's in production) and never falls back to memory for one it forgot.
 *
 * <p>Immutable and thread-safe (the stores themselves are as thread-safe as their contracts say).
 * Every store is required; {@code with...} returns a copy with one store replaced.
 *
 * <pre>{@code
 * Stores stores = Stores.builder()
 *         .auditLog(auditLogStore)
 *         .consent(consentStore)
 *         .subjectKeys(subjectKeyStore)
 *         .tokenVault(tokenVaultStore)
 *         .accounts(accountDirectory)
 *         .designations(designationRegistry)
 *         .transferNotices(transferNoticeRegister)
 *         .retention(retentionStore)
 *         .outbox(outboxStore)
 *         .contacts(contactDirectory)
 *         .incidents(incidentStore)
 *         .rights(rightsRequestStore)
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Experimental("the rights and incident issues add their stores to the bundle")
public final class Stores {

    private final AuditLogStore auditLog;
    private final ConsentStore consent;
    private final SubjectKeyStore subjectKeys;
    private final TokenVaultStore tokenVault;
    private final AccountDirectory accounts;
    private final DesignationRegistry designations;
    private final TransferNoticeRegister transferNotices;
    private final RetentionStore retention;
    private final OutboxStore outbox;
    private final ContactDirectory contacts;
    private final IncidentStore incidents;
    private final RightsRequestStore rights;

    private Stores(AuditLogStore auditLog, ConsentStore consent, SubjectKeyStore subjectKeys,
            TokenVaultStore tokenVault, AccountDirectory accounts, DesignationRegistry designations,
            TransferNoticeRegister transferNotices, RetentionStore retention, OutboxStore outbox,
            ContactDirectory contacts, IncidentStore incidents, RightsRequestStore rights) {
        this.auditLog = required(auditLog, "auditLog");
        this.consent = required(consent, "consent");
        this.subjectKeys = required(subjectKeys, "subjectKeys");
        this.tokenVault = required(tokenVault, "tokenVault");
        this.accounts = required(accounts, "accounts");
        this.designations = required(designations, "designations");
        this.transferNotices = required(transferNotices, "transferNotices");
        this.retention = required(retention, "retention");
        this.outbox = required(outbox, "outbox");
        this.contacts = required(contacts, "contacts");
        this.incidents = required(incidents, "incidents");
        this.rights = required(rights, "rights");
    }

    private static <T> T required(T store, String name) {
        if (store == null) {
            throw new ConfigurationException("The stores bundle has no " + name + " store: give " + name
                    + "(...) to Stores.builder()");
        }
        return store;
    }

    private static <T> T notNull(T store, String name) {
        if (store == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return store;
    }

    /**
     * Starts a bundle.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The append-only store of the audit trail.
     *
     * @return the audit log store
     */
    public AuditLogStore auditLog() {
        return auditLog;
    }

    /**
     * The store of consent events.
     *
     * @return the consent store
     */
    public ConsentStore consent() {
        return consent;
    }

    /**
     * The store of wrapped per-subject data keys.
     *
     * @return the subject key store
     */
    public SubjectKeyStore subjectKeys() {
        return subjectKeys;
    }

    /**
     * The store of the token vault's mappings.
     *
     * @return the token vault store
     */
    public TokenVaultStore tokenVault() {
        return tokenVault;
    }

    /**
     * The directory of which account each subject belongs to.
     *
     * @return the account directory
     */
    public AccountDirectory accounts() {
        return accounts;
    }

    /**
     * The registry of the partners each subject designated (integration partners).
     *
     * @return the designation registry
     */
    public DesignationRegistry designations() {
        return designations;
    }

    /**
     * The register of the notices told to subjects before a transfer to a successor.
     *
     * @return the transfer notice register
     */
    public TransferNoticeRegister transferNotices() {
        return transferNotices;
    }

    /**
     * A copy with another audit log store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withAuditLog(AuditLogStore store) {
        return new Stores(notNull(store, "auditLog"), consent, subjectKeys, tokenVault, accounts, designations,
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another consent store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withConsent(ConsentStore store) {
        return new Stores(auditLog, notNull(store, "consent"), subjectKeys, tokenVault, accounts, designations,
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another subject key store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withSubjectKeys(SubjectKeyStore store) {
        return new Stores(auditLog, consent, notNull(store, "subjectKeys"), tokenVault, accounts, designations,
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another token vault store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withTokenVault(TokenVaultStore store) {
        return new Stores(auditLog, consent, subjectKeys, notNull(store, "tokenVault"), accounts, designations,
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another account directory.
     *
     * @param directory the directory
     * @return the copy
     * @throws InvalidInputException if {@code directory} is null
     */
    public Stores withAccounts(AccountDirectory directory) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, notNull(directory, "accounts"), designations,
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another designation registry.
     *
     * @param registry the registry
     * @return the copy
     * @throws InvalidInputException if {@code registry} is null
     */
    public Stores withDesignations(DesignationRegistry registry) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, notNull(registry, "designations"),
                transferNotices, retention, outbox, contacts, incidents, rights);
    }

    /**
     * A copy with another transfer notice register.
     *
     * @param register the register
     * @return the copy
     * @throws InvalidInputException if {@code register} is null
     */
    public Stores withTransferNotices(TransferNoticeRegister register) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations,
                notNull(register, "transferNotices"), retention, outbox, contacts, incidents, rights);
    }

    /**
     * The store of retention tags, legal holds and sweep leases.
     *
     * @return the retention store
     */
    public RetentionStore retention() {
        return retention;
    }

    /**
     * A copy with another retention store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withRetention(RetentionStore store) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                notNull(store, "retention"), outbox, contacts, incidents, rights);
    }

    /**
     * The outbox: every notification from its acceptance until its delivery, dead letter or
     * suppression is recorded.
     *
     * @return the outbox store
     */
    public OutboxStore outbox() {
        return outbox;
    }

    /**
     * A copy with another outbox store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withOutbox(OutboxStore store) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                retention, notNull(store, "outbox"), contacts, incidents, rights);
    }

    /**
     * The directory of the subjects' addresses and languages, read when a notification is delivered.
     *
     * @return the contact directory
     */
    public ContactDirectory contacts() {
        return contacts;
    }

    /**
     * A copy with another contact directory.
     *
     * @param directory the directory
     * @return the copy
     * @throws InvalidInputException if {@code directory} is null
     */
    public Stores withContacts(ContactDirectory directory) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                retention, outbox, notNull(directory, "contacts"), incidents, rights);
    }

    /**
     * The register of personal data breaches: incident versions, authority notices, the
     * cooperation log and the notices to subjects.
     *
     * @return the incident store
     */
    public IncidentStore incidents() {
        return incidents;
    }

    /**
     * A copy with another incident store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withIncidents(IncidentStore store) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                retention, outbox, contacts, notNull(store, "incidents"), rights);
    }

    /**
     * The rights requests of data subjects, with their human-review tasks.
     *
     * @return the rights request store
     */
    public RightsRequestStore rights() {
        return rights;
    }

    /**
     * A copy with another rights request store.
     *
     * @param store the store
     * @return the copy
     * @throws InvalidInputException if {@code store} is null
     */
    public Stores withRights(RightsRequestStore store) {
        return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                retention, outbox, contacts, incidents, notNull(store, "rights"));
    }

    /** Names the store classes only: a store's own {@code toString} may say more than a log should. */
    @Override
    public String toString() {
        return "Stores[auditLog=" + auditLog.getClass().getSimpleName()
                + ", consent=" + consent.getClass().getSimpleName()
                + ", subjectKeys=" + subjectKeys.getClass().getSimpleName()
                + ", tokenVault=" + tokenVault.getClass().getSimpleName()
                + ", accounts=" + accounts.getClass().getSimpleName()
                + ", designations=" + designations.getClass().getSimpleName()
                + ", transferNotices=" + transferNotices.getClass().getSimpleName()
                + ", retention=" + retention.getClass().getSimpleName()
                + ", outbox=" + outbox.getClass().getSimpleName()
                + ", contacts=" + contacts.getClass().getSimpleName()
                + ", incidents=" + incidents.getClass().getSimpleName()
                + ", rights=" + rights.getClass().getSimpleName() + "]";
    }

    /**
     * Builds a {@link Stores} bundle; every store is required. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private AuditLogStore auditLog;
        private ConsentStore consent;
        private SubjectKeyStore subjectKeys;
        private TokenVaultStore tokenVault;
        private AccountDirectory accounts;
        private DesignationRegistry designations;
        private TransferNoticeRegister transferNotices;
        private RetentionStore retention;
        private OutboxStore outbox;
        private ContactDirectory contacts;
        private IncidentStore incidents;
        private RightsRequestStore rights;

        private Builder() {
        }

        private static <T> T once(T current, T value, String name) {
            notNull(value, name);
            if (current != null) {
                throw new ConfigurationException("The " + name + " store was already given; give " + name
                        + "(...) once");
            }
            return value;
        }

        /**
         * The audit log store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder auditLog(AuditLogStore store) {
            this.auditLog = once(this.auditLog, store, "auditLog");
            return this;
        }

        /**
         * The consent store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder consent(ConsentStore store) {
            this.consent = once(this.consent, store, "consent");
            return this;
        }

        /**
         * The subject key store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder subjectKeys(SubjectKeyStore store) {
            this.subjectKeys = once(this.subjectKeys, store, "subjectKeys");
            return this;
        }

        /**
         * The token vault store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder tokenVault(TokenVaultStore store) {
            this.tokenVault = once(this.tokenVault, store, "tokenVault");
            return this;
        }

        /**
         * The account directory.
         *
         * @param directory the directory
         * @return this builder
         * @throws InvalidInputException if {@code directory} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder accounts(AccountDirectory directory) {
            this.accounts = once(this.accounts, directory, "accounts");
            return this;
        }

        /**
         * The designation registry.
         *
         * @param registry the registry
         * @return this builder
         * @throws InvalidInputException if {@code registry} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder designations(DesignationRegistry registry) {
            this.designations = once(this.designations, registry, "designations");
            return this;
        }

        /**
         * The transfer notice register.
         *
         * @param register the register
         * @return this builder
         * @throws InvalidInputException if {@code register} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder transferNotices(TransferNoticeRegister register) {
            this.transferNotices = once(this.transferNotices, register, "transferNotices");
            return this;
        }

        /**
         * The retention store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder retention(RetentionStore store) {
            this.retention = once(this.retention, store, "retention");
            return this;
        }

        /**
         * The outbox store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder outbox(OutboxStore store) {
            this.outbox = once(this.outbox, store, "outbox");
            return this;
        }

        /**
         * The contact directory.
         *
         * @param directory the directory
         * @return this builder
         * @throws InvalidInputException if {@code directory} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder contacts(ContactDirectory directory) {
            this.contacts = once(this.contacts, directory, "contacts");
            return this;
        }

        /**
         * The incident store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder incidents(IncidentStore store) {
            this.incidents = once(this.incidents, store, "incidents");
            return this;
        }

        /**
         * The rights request store.
         *
         * @param store the store
         * @return this builder
         * @throws InvalidInputException if {@code store} is null
         * @throws ConfigurationException if one was already given
         */
        public Builder rights(RightsRequestStore store) {
            this.rights = once(this.rights, store, "rights");
            return this;
        }

        /**
         * Builds the bundle.
         *
         * @return the bundle
         * @throws ConfigurationException naming the first store that was not given
         */
        public Stores build() {
            return new Stores(auditLog, consent, subjectKeys, tokenVault, accounts, designations, transferNotices,
                    retention, outbox, contacts, incidents, rights);
        }
    }
}
