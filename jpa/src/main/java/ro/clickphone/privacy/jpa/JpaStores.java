package ro.clickphone.privacy.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Supplier;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.audit.JpaAuditLogStore;
import ro.clickphone.privacy.jpa.internal.consent.JpaConsentStore;
import ro.clickphone.privacy.jpa.internal.outbox.JpaOutboxStore;
import ro.clickphone.privacy.jpa.internal.retention.JpaRetentionStore;
import ro.clickphone.privacy.jpa.internal.incident.JpaIncidentStore;
import ro.clickphone.privacy.jpa.internal.rekey.JpaJobCheckpointStore;
import ro.clickphone.privacy.jpa.internal.rights.JpaRightsRequestStore;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;

/**
 * Every store of the kit's bundle over JPA entities shipped in this module, on the database the
 * {@link EntityManagerFactory} reaches. The persistence unit must list {@code META-INF/orm.xml} (or the
 * entities it names), and the schema must come from the migrations under {@code db/postgresql},
 * {@code db/mariadb} or {@code db/h2}, applied with the application's own tool (Flyway's naming).
 *
 * <pre>{@code
 * EntityManagerFactory emf = Persistence.createEntityManagerFactory("app");
 * PrivacyKit kit = PrivacyKit.builder()
 *         .policy(policy)
 *         .stores(JpaStores.create(emf, transactions::currentEntityManager))
 *         ...
 *         .build();
 * }</pre>
 *
 * <p><b>Transactions.</b> A store operation joins the caller's transaction when the supplier given to
 * {@link #create(EntityManagerFactory, Supplier)} returns an entity manager whose transaction is active,
 * and runs in a transaction of its own otherwise. The outbox's {@code append(message, transaction)} joins
 * the transaction its {@link ro.clickphone.privacy.spi.StoreTransaction} holds
 * ({@code StoreTransaction.of(entityManager)}). Claims and leases always commit on their own, so other
 * workers see them at once. The audit log and the consent store always append in transactions of their
 * own (their SPIs promise that an acknowledged append is durable: a caller's rollback must not take back
 * an audit entry the trail already chained onto), and so does the rights-request store (its requests move
 * through claims that must see their own writes).
 */
public final class JpaStores {

    private JpaStores() {
    }

    /**
     * The stores, each operation in a transaction of its own, except an outbox
     * {@code append(message, StoreTransaction.of(em))}, which joins {@code em}'s.
     *
     * @param emf the factory
     * @return the bundle
     */
    public static Stores create(EntityManagerFactory emf) {
        return create(emf, () -> null);
    }

    /**
     * The stores, joining the caller's transaction where there is one.
     *
     * @param emf the factory
     * @param current the caller's entity manager (one of {@code emf}) with an active transaction, or null when
     *     it has none
     * @return the bundle
     */
    public static Stores create(EntityManagerFactory emf, Supplier<EntityManager> current) {
        JpaContext jpa = JpaContext.of(emf, current);
        Stores.Builder builder = Stores.builder();
        // --- audit log, consent (helper "logs")
        // The audit log and the consent store never join the caller's transaction: their SPIs promise that an
        // acknowledged append is durable (the trail chains the next entry onto it, the ledger audits it), and
        // a caller's rollback would take it back after the fact.
        JpaContext own = JpaContext.of(emf, () -> null);
        builder.auditLog(new JpaAuditLogStore(own));
        builder.consent(new JpaConsentStore(own));

        // --- subject keys, token vault, accounts, designations, transfer notices, contacts (helper "directory")
        builder.subjectKeys(new ro.clickphone.privacy.jpa.internal.keys.JpaSubjectKeyStore(jpa));
        builder.tokenVault(new ro.clickphone.privacy.jpa.internal.vault.JpaTokenVaultStore(jpa));
        builder.accounts(new ro.clickphone.privacy.jpa.internal.account.JpaAccountDirectory(jpa));
        builder.designations(new ro.clickphone.privacy.jpa.internal.account.JpaDesignationRegistry(jpa));
        builder.transferNotices(new ro.clickphone.privacy.jpa.internal.account.JpaTransferNoticeRegister(jpa));
        builder.contacts(new ro.clickphone.privacy.jpa.internal.contact.JpaContactDirectory(jpa));

        // --- retention, outbox (helper "queues")
        builder.retention(new JpaRetentionStore(jpa));
        builder.outbox(new JpaOutboxStore(jpa));

        // --- rights requests, incidents (helper "cases")
        // Rights requests never join the caller's transaction: a claim commits on its own, and a caller's
        // transaction holding the request's row (or, at REPEATABLE READ, an older snapshot of it) would make
        // the kit's own claim and re-reads miss what it just wrote.
        builder.rights(new JpaRightsRequestStore(own));
        builder.incidents(new JpaIncidentStore(jpa));

        // ---
        return builder.build();
    }

    /**
     * The checkpoint store of the re-index and re-encryption jobs ({@code core.rekey}), in the table
     * {@code cpp_job_checkpoint} (migration {@code V8__job_checkpoints.sql}). Every save commits in a
     * transaction of its own, also when the caller has one: it records that a batch the source committed is
     * done. Of two runs of one job saving the same sequence, the database lets exactly one through.
     *
     * <pre>{@code
     * ReindexJob job = ReindexJob.of("reindex:customer.email", source, field, JpaStores.jobCheckpoints(emf));
     * }</pre>
     *
     * @param emf the factory
     * @return the store
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code emf} is null
     * @since 0.1.0
     */
    public static JobCheckpointStore jobCheckpoints(EntityManagerFactory emf) {
        return new JpaJobCheckpointStore(JpaContext.of(emf, () -> null));
    }
}
