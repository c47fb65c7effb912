package ro.clickphone.privacy.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Supplier;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.rights.JpaErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/**
 * The erasure ledger over JPA: the record of every erasure, which the kit reads after a backup of the main
 * stores is restored to erase again what the backup brought back. Give it to the kit builder apart from the
 * stores bundle, in the rights settings.
 *
 * <p><b>Keep it apart.</b> A ledger in the same database as the main stores is rolled back with them when
 * their backup is restored, and then forgets the erasures it exists to remember. Build it on an {@link
 * EntityManagerFactory} of another database (or at least a schema backed up and restored separately), whose
 * persistence unit lists {@code META-INF/orm.xml} (or the entity {@code
 * ro.clickphone.privacy.jpa.internal.rights.ErasureEntryRow}) and whose schema has the table {@code
 * cpp_erasure_ledger} from the migration {@code db/<database>/V5__rights_incidents.sql}.
 *
 * <pre>{@code
 * EntityManagerFactory ledgerEmf = Persistence.createEntityManagerFactory("erasure-ledger");
 * PrivacyKit kit = PrivacyKit.builder()
 *         .stores(JpaStores.create(emf))
 *         .rights(RightsSettings.defaults().withErasureLedger(JpaErasureLedgers.create(ledgerEmf)))
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Each entry is one row, inserted once (a repeated append of a request answers false) and never updated
 * or deleted; it holds the subject only as the kit sealed it. Database failures are {@link
 * ro.clickphone.privacy.spi.StoreException}s that carry no SQL values.
 */
public final class JpaErasureLedgers {

    private JpaErasureLedgers() {
    }

    /**
     * A ledger whose every append and read runs in a transaction of its own.
     *
     * @param emf the factory of the ledger's database
     * @return the ledger
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code emf} is null
     */
    public static ErasureLedger create(EntityManagerFactory emf) {
        return create(emf, () -> null);
    }

    /**
     * A ledger that joins the caller's transaction where there is one: an append then commits or rolls
     * back with the caller's work.
     *
     * @param emf the factory of the ledger's database
     * @param current the caller's entity manager (of {@code emf}) with an active transaction, or null when it
     *     has none
     * @return the ledger
     * @throws ro.clickphone.privacy.spi.InvalidInputException if an argument is null
     */
    public static ErasureLedger create(EntityManagerFactory emf, Supplier<EntityManager> current) {
        return new JpaErasureLedger(JpaContext.of(emf, current));
    }
}
