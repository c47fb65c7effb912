package ro.clickphone.privacy.core.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.core.policy.MaterialChange;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;

/**
 * The instants at which each policy version takes effect (the start of its effective day in the
 * policy's zone), so that the check path finds the version in force with a few comparisons instead
 * of a date conversion per call; and, per version, the diminishing changes of rights in effect then.
 */
final class PolicyTimeline {

    private final Policy[] versions;
    private final Instant[] starts;
    /** The starts in epoch nanoseconds (saturated), for the windows of memoized decisions. */
    private final long[] startNanos;
    /**
     * Per version, by purpose id: the version whose change of the purpose diminishing rights is in
     * effect then (the latest not after it). Most are empty.
     */
    private final List<Map<String, Integer>> diminished;

    PolicyTimeline(PolicyArchive archive) {
        List<Policy> all = archive.versions();
        versions = all.toArray(new Policy[0]);
        starts = new Instant[versions.length];
        startNanos = new long[versions.length];
        Map<String, Integer> inEffect = new HashMap<>();
        List<Map<String, Integer>> perVersion = new ArrayList<>(versions.length);
        for (int i = 0; i < versions.length; i++) {
            starts[i] = versions[i].version().effectiveFrom().atStartOfDay(versions[i].timeZone()).toInstant();
            startNanos[i] = SubjectConsent.epochNanos(starts[i]);
            for (MaterialChange change : versions[i].materialChanges()) {
                if (change.diminishesRights()) {
                    inEffect.put(change.purpose().id(), i);
                }
            }
            perVersion.add(Map.copyOf(inEffect));
        }
        diminished = List.copyOf(perVersion);
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

    /**
     * The latest first instant of a version at or before {@code atNanos} (epoch nanoseconds), or
     * {@link Long#MIN_VALUE} if none: from then on the same version is in force up to
     * {@link #changeAfter}.
     */
    long changeAtOrBefore(long atNanos) {
        long latest = Long.MIN_VALUE;
        for (long s : startNanos) {
            if (s <= atNanos && s > latest) {
                latest = s;
            }
        }
        return latest;
    }

    /** The earliest first instant of a version after {@code atNanos}, or {@link Long#MAX_VALUE} if none. */
    long changeAfter(long atNanos) {
        long earliest = Long.MAX_VALUE;
        for (long s : startNanos) {
            if (s > atNanos && s < earliest) {
                earliest = s;
            }
        }
        return earliest;
    }

    /**
     * The position of the version that introduced the diminishing change of a purpose in effect
     * under a version, or -1 if none is.
     */
    int rightsDiminishedSince(Policy inForce, String purposeId) {
        int i = indexOf(inForce);
        Integer since = i < 0 ? null : diminished.get(i).get(purposeId);
        return since == null ? -1 : since;
    }

    /** The first instant of a version by label (its effective day's start), or null if the archive has none. */
    Instant start(String label) {
        int i = indexOf(label);
        return i < 0 ? null : starts[i];
    }

    /** The position of a version by label, or -1 if the archive has none of that label. */
    int indexOf(String label) {
        for (int i = versions.length - 1; i >= 0; i--) {
            if (versions[i].version().label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(Policy policy) {
        for (int i = versions.length - 1; i >= 0; i--) {
            if (versions[i] == policy) {
                return i;
            }
        }
        return -1;
    }
}
