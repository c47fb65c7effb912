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
 * @param tagsResolved the retention tags the contract end resolved
 * @param erasureState the erasure request's state
 * @param erasure what the erasure did, per source and category (grounds and last days for what is kept)
 * @param deviceRowsLeft the device rows left after the erasure
 * @param accountRowsLeft the account rows left after the erasure (kept, restricted)
 * @param problems the expectations that did not hold
 */
public record RightsOutcome(SendStatus offerStatus, Optional<ConsentReason> suppression, Path exportFile,
        int tagsResolved, RequestState erasureState, List<CategoryOutcome> erasure, long deviceRowsLeft, long accountRowsLeft,
        List<String> problems) implements StepOutcome {

    /**
     * Copies the lists.
     *
     * @param offerStatus as the type describes it
     * @param suppression as the type describes it
     * @param exportFile as the type describes it
     * @param tagsResolved as the type describes it
     * @param erasureState as the type describes it
     * @param erasure as the type describes it
     * @param deviceRowsLeft as the type describes it
     * @param accountRowsLeft as the type describes it
     * @param problems as the type describes it
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
