package ro.clickphone.privacy.spi.account;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The notices told to subjects before their data goes to a successor in a merger, an acquisition
 * or a sale of assets ("vom notifica utilizatorii afectați înainte ca informațiile cu caracter
 * personal să fie transferate"): access decisions give the successor a subject's data only after a
 * notice to that subject. The kit records notices through {@code kit.access()}, which audits them.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use; {@link #earliestNotice} is called on the
 *       access-check path.</li>
 *   <li><b>Append-only:</b> a notice once recorded is never changed or removed; recording the same
 *       notice twice keeps one.</li>
 *   <li><b>Exactness:</b> {@link #earliestNotice} considers only notices to the same subject about
 *       the same recipient and successor, and answers the earliest {@code notifiedAt} among them.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException}; access is then denied,
 *       never granted. Messages never name the subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface TransferNoticeRegister {

    /**
     * Records a notice.
     *
     * @param notice who was told, about which successor, when
     * @throws InvalidInputException if {@code notice} is null
     * @throws StoreException if the store failed
     */
    void record(TransferNotice notice);

    /**
     * When the subject was first told that their data goes to the successor.
     *
     * @param subject the subject
     * @param recipient the recipient the successor acts as
     * @param successor the successor's organisational reference
     * @return the earliest {@code notifiedAt} of the matching notices, or empty if there is none
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed
     */
    Optional<Instant> earliestNotice(SubjectId subject, Recipient recipient, String successor);
}
