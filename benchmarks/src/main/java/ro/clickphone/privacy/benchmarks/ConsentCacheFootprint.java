package ro.clickphone.privacy.benchmarks;

import java.time.Clock;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConsentChannel;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Estimates the heap a cached subject costs in the consent ledger: heap used after caching
 * 100 000 subjects with one grant each, minus the heap their events cost in the in-memory store
 * alone (measured with a cache of one), divided by the subjects. A rough figure: it rests on
 * {@link Runtime} after full collections, not on an object-graph walk.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ro.clickphone.privacy.benchmarks.ConsentCacheFootprint
 * </pre>
 */
public final class ConsentCacheFootprint {

    private static final int SUBJECTS = 100_000;

    private ConsentCacheFootprint() {
    }

    /**
     * Prints the estimate.
     *
     * @param args none
     */
    public static void main(String[] args) {
        long withCache = measure(SUBJECTS);
        long withoutCache = measure(1);
        System.out.printf("bytes per cached subject (one event): %d%n", (withCache - withoutCache) / SUBJECTS);
    }

    private static long measure(long cacheSize) {
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                .consentCacheSize(cacheSize).build();
        Purpose analytics = Purpose.of("ANALYTICS");
        long before = used();
        for (int i = 0; i < SUBJECTS; i++) {
            SubjectId s = SubjectId.of("acct-" + i);
            kit.consent().grant(s, analytics, ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT));
            kit.consent().check(s, analytics);
        }
        long after = used();
        if (kit.consent().check(SubjectId.of("acct-1"), analytics) == null) {
            throw new IllegalStateException("unreachable: keeps the kit alive until measured");
        }
        return after - before;
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
