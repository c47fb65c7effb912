package ro.clickphone.privacy.spi.account;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;

/**
 * Which partners each subject designated to receive their data, so that access decisions give an
 * integration partner the data of the customers who chose it and of no one else ("în cazul
 * desemnării de către dvs. a unei terțe părți în vederea integrării serviciilor noastre"). The
 * platform's account database implements it; the kit records and revokes designations through
 * {@code kit.access()}, which audits them.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use; {@link #isDesignated} is called on the
 *       access-check path.</li>
 *   <li><b>Idempotency:</b> designating twice is one designation; revoking one that does not stand
 *       does nothing. A revocation is visible to every later {@link #isDesignated}.</li>
 *   <li><b>Exactness:</b> a designation matches only the same subject, recipient and partner; a
 *       subject who designated one partner has designated no other.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException}; access is then denied,
 *       never granted. Messages never name the subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface DesignationRegistry {

    /**
     * Records that the subject designated the partner.
     *
     * @param designation who designated whom, as which recipient
     * @throws InvalidInputException if {@code designation} is null
     * @throws StoreException if the store failed
     */
    void designate(Designation designation);

    /**
     * Withdraws a designation, for the future.
     *
     * @param designation the designation to withdraw
     * @throws InvalidInputException if {@code designation} is null
     * @throws StoreException if the store failed
     */
    void revoke(Designation designation);

    /**
     * Whether the designation stands now.
     *
     * @param designation the subject, recipient and partner asked about
     * @return {@code true} if the subject designated that partner as that recipient and has not revoked it
     * @throws InvalidInputException if {@code designation} is null
     * @throws StoreException if the store failed
     */
    boolean isDesignated(Designation designation);
}
