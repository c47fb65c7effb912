package ro.clickphone.privacy.spi.account;

import java.util.Optional;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Tells which account a subject belongs to, so that access decisions can hold a delegate (a
 * Custom PBX administrator) to the accounts they administer. The platform's account database
 * implements it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use; called on the access-check path, so it should
 *       answer from memory or a cache.</li>
 *   <li>An unknown subject gives an empty result, never an exception; access is then denied.</li>
 *   <li><b>Failures:</b> an unavailable directory throws {@link StoreException}; access is then denied
 *       by the caller's handling, never granted.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AccountDirectory {

    /**
     * The account a subject belongs to.
     *
     * @param subject the subject
     * @return the account id, or empty if the subject belongs to no known account
     * @throws StoreException if the directory failed
     */
    Optional<String> accountOf(SubjectId subject);
}
