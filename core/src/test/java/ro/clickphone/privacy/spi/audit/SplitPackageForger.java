package ro.clickphone.privacy.spi.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.ActorKind;

/**
 * Plays a class that a store plugin's jar declares in spi's package {@code ro.clickphone.privacy.spi.audit}
 * (a split package on the class path; here core's test classes, another class path entry than spi's
 * classes). It uses every package-private door of {@link CodeMap} without reflection: a record it makes
 * must still pass every check of the public constructor.
 */
public final class SplitPackageForger {

    private SplitPackageForger() {
    }

    /**
     * The attack of review finding 1: the details as a {@link CodeMap} marked with whatever token this
     * class can make.
     *
     * @param token what the forger passes as the mark (it cannot reach AuditRecord's private token)
     * @param details the details to put in the map
     * @return the record, if the constructor accepts it
     */
    public static AuditRecord forge(Object token, long sequence, Instant timestamp, ActorKind kind, String actorRef,
            String action, Optional<String> purpose, List<String> categories, Optional<String> subjectRef,
            AuditOutcome outcome, Map<String, String> details, String previousHash, String hash) {
        String[] keys = details.keySet().toArray(new String[0]);
        String[] values = details.values().toArray(new String[0]);
        return new AuditRecord(sequence, timestamp, kind, actorRef, action, purpose, categories, subjectRef, outcome,
                new CodeMap(keys, values, keys.length).vouch(token), previousHash, hash);
    }

    /**
     * As {@link #forge} with the mark a forger would try first.
     *
     * @param r the record to copy, with {@code actorRef} replaced
     * @param actorRef the forged actor reference
     * @return the record, if the constructor accepts it
     */
    public static AuditRecord withActorRef(AuditRecord r, String actorRef) {
        return forge(new Object(), r.sequence(), r.timestamp(), r.actorKind(), actorRef, r.action(), r.purpose(),
                r.categories(), r.subjectRef(), r.outcome(), r.details(), r.previousHash(), r.hash());
    }
}
