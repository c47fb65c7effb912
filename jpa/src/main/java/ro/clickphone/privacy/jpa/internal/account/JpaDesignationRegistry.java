package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.LockModeType;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.account.DesignationRegistry;

/**
 * A {@link DesignationRegistry} over {@code cpp_designation}: a row per standing designation, deleted by
 * its revocation. Designating twice (also from two instances at once) leaves one row; every
 * {@link #isDesignated} reads the table, so a revocation is seen by every instance at once.
 */
public final class JpaDesignationRegistry implements DesignationRegistry {

    /** The {@code cpp_counter} row whose lock is the turn of the writers of new designations. */
    static final String LOCK = "lock.designation";

    private final JpaContext jpa;

    /**
     * A registry over the context's factory.
     *
     * @param jpa the context
     */
    public JpaDesignationRegistry(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public void designate(Designation designation) {
        DesignationRow.Id id = id(designation);
        Writes.idempotent(jpa, "record a designation", em -> {
            DesignationRow row = em.find(DesignationRow.class, id);
            if (row == null) {
                Writes.lock(em, LOCK);
                row = em.find(DesignationRow.class, id, LockModeType.PESSIMISTIC_WRITE);
            }
            if (row == null) {
                row = new DesignationRow(designation.subject().value(), designation.recipient().id(),
                        designation.partner());
                em.persist(row);
                em.flush();
            }
            em.detach(row);
            return null;
        });
    }

    @Override
    public void revoke(Designation designation) {
        id(designation);
        jpa.inTransaction("revoke a designation", em -> em.createQuery("delete from DesignationRow d"
                + " where d.subject = :subject and d.recipient = :recipient and d.partner = :partner")
                .setParameter("subject", designation.subject().value())
                .setParameter("recipient", designation.recipient().id())
                .setParameter("partner", designation.partner())
                .executeUpdate());
    }

    @Override
    public boolean isDesignated(Designation designation) {
        id(designation);
        return jpa.inTransaction("check a designation", em -> em.createQuery("select count(d) from DesignationRow d"
                + " where d.subject = :subject and d.recipient = :recipient and d.partner = :partner", Long.class)
                .setParameter("subject", designation.subject().value())
                .setParameter("recipient", designation.recipient().id())
                .setParameter("partner", designation.partner())
                .getSingleResult() > 0);
    }

    private static DesignationRow.Id id(Designation designation) {
        if (designation == null) {
            throw new InvalidInputException("designation", "must not be null");
        }
        return new DesignationRow.Id(designation.subject().value(), designation.recipient().id(),
                designation.partner());
    }

    @Override
    public String toString() {
        return "JpaDesignationRegistry[" + jpa + "]";
    }
}
