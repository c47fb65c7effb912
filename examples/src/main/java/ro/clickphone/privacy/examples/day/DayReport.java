package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the day came to: every step's outcome, the output folder and how long the run took. Immutable; holds no
 * personal data except the paths of files written for the customer.
 *
 * @param database the kind of database the day ran on ({@code h2}, {@code postgresql}, {@code mariadb})
 * @param out the output folder
 * @param signUp step 1
 * @param calls step 2
 * @param analytics step 3
 * @param rights step 4
 * @param breach step 5
 * @param sweep step 6
 * @param audit step 7
 * @param took the run's wall time
 */
public record DayReport(String database, Path out, SignUpOutcome signUp, CallsOutcome calls,
        AnalyticsOutcome analytics, RightsOutcome rights, BreachOutcome breach, SweepOutcome sweep,
        AuditOutcome audit, Duration took) {

    /**
     * The steps in order.
     *
     * @return the seven outcomes
     */
    public List<StepOutcome> steps() {
        return List.of(signUp, calls, analytics, rights, breach, sweep, audit);
    }

    /**
     * Whether every step held.
     *
     * @return {@code true} if no step lists a problem
     */
    public boolean held() {
        return steps().stream().allMatch(StepOutcome::held);
    }
}
