package ro.clickphone.privacy.core.consent;

import java.time.Instant;
import java.util.List;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;

/**
 * The instants at which each policy version takes effect (the start of its effective day in the
 * policy's zone), so that the check path finds the version in force with a few comparisons instead
 * of a date conversion per call.
 */
final class PolicyTimeline {

    private final Policy[] versions;
    private final Instant[] starts;

    PolicyTimeline(PolicyArchive archive) {
        List<Policy> all = archive.versions();
        versions = all.toArray(new Policy[0]);
        starts = new Instant[versions.length];
        for (int i = 0; i < versions.length; i++) {
            starts[i] = versions[i].version().effectiveFrom().atStartOfDay(versions[i].timeZone()).toInstant();
        }
    }

    /** The version in force at an instant, or {@code null} before the first. */
    Policy inForceAt(Instant at) {
        for (int i = versions.length - 1; i >= 0; i--) {
            if (!at.isBefore(starts[i])) {
                return versions[i];
            }
        }
        return null;
    }
}
