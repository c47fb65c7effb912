package ro.clickphone.privacy.core.rights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.rights.SourceStatus;

/**
 * What a rights request came to ({@link Rights#outcome(String)}), read from its stored record: its
 * state and typed refusal, per source (and per consent or review step) what was done to each
 * category — erased, kept restricted with the legal ground and last day, exported, rectified,
 * restricted, or nothing held — the recipients told (GDPR art. 19), and, for an erasure whose
 * completion ran, what the completion states in plain English: the key scopes destroyed, those kept
 * and why, the consent ledger's evidence, the notification contacts, the token vault, and that
 * keyed-token, FF1 and Crypto-PAn pseudonyms already handed out cannot be found or erased by the
 * subject's identity.
 *
 * <p>The statements are derived again, deterministically, from the stored record (scope, outcomes
 * per source and category), the policy in force (key scopes, pseudonym contexts) and two facts the
 * kit's stores hold (which of the subject's key scopes are destroyed; whether the contact directory
 * still has the subject's entry). They say what holds when read, in the words of the erasure's
 * answer. Immutable. Holds no personal data: no subject id, no value; {@link #toString()} prints
 * the request id, type, state and counts only.
 *
 * @param requestId the request
 * @param type its right
 * @param state its state when read
 * @param refusal the typed reason of a refusal or partial answer
 * @param sources per source or step name, what was done there
 * @param statements the erasure's statements, one sentence each; empty for other rights and for an
 *     erasure not completed yet
 * @param recipientsTold the recipients told of a rectification, erasure or restriction (GDPR art. 19)
 *
 * @since 0.1.0
 */
public record RequestOutcome(String requestId, RightType type, RequestState state, Optional<RefusalReason> refusal,
        Map<String, SourceOutcome> sources, List<String> statements, Set<String> recipientsTold) {

    /**
     * Checks and copies the components.
     *
     * @param requestId the requestId, as the type describes it
     * @param type the type, as the type describes it
     * @param state the state, as the type describes it
     * @param refusal the refusal, as the type describes it
     * @param sources the sources, as the type describes it
     * @param statements the statements, as the type describes it
     * @param recipientsTold the recipientsTold, as the type describes it
     * @throws InvalidInputException if a component is null or holds null
     */
    public RequestOutcome {
        if (requestId == null || type == null || state == null || refusal == null || sources == null
                || statements == null || recipientsTold == null) {
            throw new InvalidInputException("requestOutcome", "components must not be null");
        }
        Map<String, SourceOutcome> copy = new TreeMap<>();
        sources.forEach((name, outcome) -> {
            if (name == null || outcome == null) {
                throw new InvalidInputException("requestOutcome.sources", "must not hold null");
            }
            copy.put(name, outcome);
        });
        sources = Collections.unmodifiableMap(copy);
        if (statements.stream().anyMatch(Objects::isNull) || recipientsTold.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("requestOutcome", "statements and recipients must not hold null");
        }
        statements = List.copyOf(statements);
        recipientsTold = Collections.unmodifiableSet(new TreeSet<>(recipientsTold));
    }

    /**
     * The outcomes of one kind across every source, in source order.
     *
     * @param kind the kind, e.g. {@link OutcomeKind#KEPT_RESTRICTED}
     * @return those outcomes
     * @throws InvalidInputException if {@code kind} is null
     */
    public List<CategoryOutcome> all(OutcomeKind kind) {
        if (kind == null) {
            throw new InvalidInputException("kind", "must not be null");
        }
        List<CategoryOutcome> out = new ArrayList<>();
        sources.values().forEach(s -> s.categories().stream().filter(o -> o.kind() == kind).forEach(out::add));
        return List.copyOf(out);
    }

    /**
     * Prints the request id, right, state, refusal and counts; never a subject or a value.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "RequestOutcome[" + requestId + ", " + type + ", " + state + refusal.map(r -> ", " + r).orElse("")
                + ", " + sources.size() + " source(s), " + statements.size() + " statement(s), "
                + recipientsTold.size() + " recipient(s) told]";
    }

    /**
     * What was done at one source (or one step of the request: a consent purpose, the review task).
     *
     * @param source the source's (or step's) name
     * @param status DONE, NOT_SUPPORTED (the source lacks the capability, is no longer registered, or
     *     failed with a failure no retry changes), or PENDING
     * @param failure the class name or code of its last failure, if any
     * @param categories per category what was done
     *
     * @since 0.1.0
     */
    public record SourceOutcome(String source, SourceStatus status, Optional<String> failure,
            List<CategoryOutcome> categories) {

        /**
         * Checks and copies the components.
         *
         * @param source the source, as the type describes it
         * @param status the status, as the type describes it
         * @param failure the failure, as the type describes it
         * @param categories the categories, as the type describes it
         * @throws InvalidInputException if a component is null or holds null
         */
        public SourceOutcome {
            if (source == null || status == null || failure == null || categories == null
                    || categories.stream().anyMatch(Objects::isNull)) {
                throw new InvalidInputException("sourceOutcome", "components must not be null");
            }
            categories = List.copyOf(categories);
        }
    }
}
