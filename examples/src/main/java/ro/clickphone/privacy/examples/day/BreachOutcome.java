package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.util.List;
import ro.clickphone.privacy.core.incident.Deadline;

/**
 * Step 5: the breach, its notices and its report.
 *
 * @param incidentId the incident's id
 * @param noticesSent the breach notices sent
 * @param noticesDelivered the notices the dispatcher delivered
 * @param customersClockMet whether the customers' 24-hour clock was met
 * @param authorityReport the authority report (Markdown)
 * @param deadlines the incident's deadlines
 * @param problems the expectations that did not hold
 */
public record BreachOutcome(String incidentId, int noticesSent, int noticesDelivered, boolean customersClockMet,
        Path authorityReport, List<Deadline> deadlines, List<String> problems) implements StepOutcome {

    /**
     * Copies the lists.
     *
     * @param incidentId the incident's id
     * @param noticesSent the breach notices sent
     * @param noticesDelivered the notices the dispatcher delivered
     * @param customersClockMet whether the customers' 24-hour clock was met
     * @param authorityReport the authority report (Markdown)
     * @param deadlines the incident's deadlines
     * @param problems the expectations that did not hold
     */
    public BreachOutcome {
        deadlines = List.copyOf(deadlines);
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 5;
    }
}
