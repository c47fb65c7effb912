package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.RequestState;

/**
 * Step 4: the customer's withdrawal, access request, contract end and erasure.
 *
 * @param offerStatus what became of the marketing offer sent after the withdrawal
 * @param suppression why it was suppressed
 * @param exportFile the access export
 * @param exportSubject the subject the export names, read back from its JSON
 * @param exportHersOnly whether the export holds the customer's own decrypted address and nothing of the other
 *     customer
 * @param tagsResolved the retention tags the contract end resolved
 * @param erasureState the erasure request's state
 * @param erasure what the erasure did, per source and category (grounds and last days for what is kept)
 * @param deviceRowsLeft the device rows left after the erasure (kept, restricted)
 * @param accountRowsLeft the account rows left after the erasure (kept, restricted)
 * @param marketingPermitted whether marketing is permitted after the erasure
 * @param marketingReason why, or why not
 * @param offerAfterErasure what became of a marketing offer sent after the erasure
 * @param contactsKept whether the notification contacts were kept with the CONTACT data
 * @param problems the expectations that did not hold
 */
public record RightsOutcome(SendStatus offerStatus, Optional<ConsentReason> suppression, Path exportFile,
        String exportSubject, boolean exportHersOnly, int tagsResolved, RequestState erasureState,
        List<CategoryOutcome> erasure, long deviceRowsLeft, long accountRowsLeft, boolean marketingPermitted,
        ConsentReason marketingReason, SendStatus offerAfterErasure, boolean contactsKept, List<String> problems)
        implements StepOutcome {

    /**
     * Copies the lists.
     *
     * @param offerStatus what became of the marketing offer sent after the withdrawal
     * @param suppression why it was suppressed
     * @param exportFile the access export
     * @param exportSubject the subject the export names, read back from its JSON
     * @param exportHersOnly whether the export holds the customer's own decrypted address and nothing of the
     *     other customer
     * @param tagsResolved the retention tags the contract end resolved
     * @param erasureState the erasure request's state
     * @param erasure what the erasure did, per source and category (grounds and last days for what is kept)
     * @param deviceRowsLeft the device rows left after the erasure (kept, restricted)
     * @param accountRowsLeft the account rows left after the erasure (kept, restricted)
     * @param marketingPermitted whether marketing is permitted after the erasure
     * @param marketingReason why, or why not
     * @param offerAfterErasure what became of a marketing offer sent after the erasure
     * @param contactsKept whether the notification contacts were kept with the CONTACT data
     * @param problems the expectations that did not hold
     */
    public RightsOutcome {
        erasure = List.copyOf(erasure);
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 4;
    }
}
