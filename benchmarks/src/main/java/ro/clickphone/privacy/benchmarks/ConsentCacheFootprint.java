package ro.clickphone.privacy.benchmarks;

import java.time.Clock;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Estimates the heap a cached subject costs in the consent ledger: 100 000 subjects are granted
 * consent first (their events sit in the in-memory store), the heap is measured, then every subject
 * is checked once, which loads it into the cache, and the heap is measured again; the difference,
 * divided by the subjects, is the cache's share. A rough figure: it rests on {@link Runtime} after
 * full collections, not on an object-graph walk.
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
     * Prints the estimate, three times.
     *
     * @param args none
     */
    public static void main(String[] args) {
        for (int run = 0; run < 3; run++) {
            System.out.printf("bytes per cached subject (one event): %d%n", measure() / SUBJECTS);
        }
    }

    private static long measure() {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                .consent(ConsentSettings.defaults().withCacheSize(SUBJECTS)).build();
        Purpose analytics = Purpose.of("ANALYTICS");
        SubjectId[] subjects = new SubjectId[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++) {
            subjects[i] = SubjectId.of("acct-" + i);
            kit.consent().grant(subjects[i], analytics,
                    ConsentProof.of(Actor.subject(subjects[i]), ConsentChannel.WEB_ACCOUNT));
        }
        // A grant evicts its subject from the cache, so the cache is empty here.
        long before = used();
        for (SubjectId s : subjects) {
            kit.consent().check(s, analytics);
        }
        long after = used();
        if (kit.consent().check(subjects[1], analytics) == null) {
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
