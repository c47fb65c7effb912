package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A data subject's rights request as stored (the caller submits a {@code core.rights.RightsRequest}; the kit
 * keeps this record of it): what was asked, by whom, when it is due, where it stands and
 * how far each source is. Immutable; every change makes a new value with the next {@link #version()},
 * which the store writes only over the version it was made from (see {@link RightsRequestStore}).
 *
 * <h2>Dates</h2>
 * {@link #baseDue()} is the unshifted due date (receipt plus one month, or three after the extension,
 * clamped to the month's last day, Regulation 1182/71 art. 3); {@link #due()} is the date the answer
 * is due: the base date plus the whole days the request was paused, moved to the next working day.
 * The kit computes both in the policy's time zone; the store only keeps them (and answers
 * {@link RightsRequestStore#open} by {@code due}).
 *
 * <h2>Personal data</h2>
 * The subject, a delegate requester, the extension's reason and the {@link #sealed()} details
 * (a rectification's values, a review's point of view) are personal data: the kit seals the details
 * under the subject's key before they reach the store, and {@link #toString()} prints the id, type,
 * state and due date only.
 *
 * @param id the request's id, the kit's ({@code rr-} and 32 hex digits)
 * @param type what is asked
 * @param subject whose data
 * @param channel how it arrived
 * @param receivedAt when it was received (the deadline counts from here)
 * @param requester the delegate who asked on the subject's behalf (a Custom PBX administrator), or
 *     empty when the subject asked
 * @param categories the categories the request is limited to (access, erasure, restriction); empty
 *     for all of the subject's data
 * @param records the single records it names (a restriction of contested records); usually empty
 * @param purposes the purposes an objection or a withdrawal of consent names; empty for other types
 * @param sealed details the kit sealed under the subject's key (a rectification's fields and values,
 *     a review's decision reference and point of view), or empty
 * @param state where it stands
 * @param refusal why it was refused or answered in part, once it was
 * @param baseDue the unshifted due date
 * @param due the due date
 * @param extended whether the deadline was extended (at most once)
 * @param extensionReason why, when it was
 * @param pausedSince since when the controller waits for the requester, while it does
 * @param pausedDays the whole days paused so far (closed pauses)
 * @param progress each source's progress, by source name
 * @param recipientsTold the recipients told about a rectification, erasure or restriction (art. 19)
 * @param lease the worker's lease while one carries the request out
 * @param version the version, 1 when submitted
 * @param updatedAt when this version was made
 *
 * @since 0.1.0
 */
public record RequestRecord(String id, RightType type, SubjectId subject, RequestChannel channel, Instant receivedAt,
        Optional<Actor> requester, Set<DataCategory> categories, Set<RecordRef> records, Set<Purpose> purposes,
        Optional<String> sealed, RequestState state, Optional<RefusalReason> refusal, LocalDate baseDue,
        LocalDate due, boolean extended, Optional<String> extensionReason, Optional<Instant> pausedSince,
        int pausedDays, List<SourceProgress> progress, Set<String> recipientsTold, Optional<Lease> lease,
        long version, Instant updatedAt) {

    private static final Syntax ID = Syntax.of("r", "a-z0-9-", 35, 35);

    /** The longest extension reason. */
    public static final int MAX_REASON = 1000;

    /**
     * Checks and copies the components.
     *
     * @param id the id, as the type describes it
     * @param type the type, as the type describes it
     * @param subject the subject, as the type describes it
     * @param channel the channel, as the type describes it
     * @param receivedAt the receivedAt, as the type describes it
     * @param requester the requester, as the type describes it
     * @param categories the categories, as the type describes it
     * @param records the records, as the type describes it
     * @param purposes the purposes, as the type describes it
     * @param sealed the sealed, as the type describes it
     * @param state the state, as the type describes it
     * @param refusal the refusal, as the type describes it
     * @param baseDue the baseDue, as the type describes it
     * @param due the due, as the type describes it
     * @param extended the extended, as the type describes it
     * @param extensionReason the extensionReason, as the type describes it
     * @param pausedSince the pausedSince, as the type describes it
     * @param pausedDays the pausedDays, as the type describes it
     * @param progress the progress, as the type describes it
     * @param recipientsTold the recipientsTold, as the type describes it
     * @param lease the lease, as the type describes it
     * @param version the version, as the type describes it
     * @param updatedAt the updatedAt, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, the id is malformed, the due
     *     date is before the base date, the counts are negative, the version is below 1, or two progress
     *     entries name one source
     */
    public RequestRecord {
        Checks.identifier(id, "requestRecord.id", ID, "rr- and 32 lower-case hex digits");
        if (!id.startsWith("rr-") || !hex(id, 3)) {
            throw new InvalidInputException("requestRecord.id", "must be rr- and 32 lower-case hex digits");
        }
        Checks.notNull(type, "requestRecord.type");
        Checks.notNull(subject, "requestRecord.subject");
        Checks.notNull(channel, "requestRecord.channel");
        Checks.notNull(receivedAt, "requestRecord.receivedAt");
        Checks.notNull(requester, "requestRecord.requester");
        categories = sortedCopy(categories, "requestRecord.categories", Comparator.comparing(DataCategory::id));
        records = sortedCopy(records, "requestRecord.records",
                Comparator.comparing(RecordRef::source).thenComparing(RecordRef::id));
        purposes = sortedCopy(purposes, "requestRecord.purposes", Comparator.comparing(Purpose::id));
        Checks.notNull(sealed, "requestRecord.sealed");
        Checks.notNull(state, "requestRecord.state");
        Checks.notNull(refusal, "requestRecord.refusal");
        Checks.notNull(baseDue, "requestRecord.baseDue");
        Checks.notNull(due, "requestRecord.due");
        if (due.isBefore(baseDue)) {
            throw new InvalidInputException("requestRecord.due", "must not be before baseDue");
        }
        Checks.notNull(extensionReason, "requestRecord.extensionReason");
        extensionReason.ifPresent(r -> Checks.text(r, "requestRecord.extensionReason", MAX_REASON));
        Checks.notNull(pausedSince, "requestRecord.pausedSince");
        if (pausedDays < 0) {
            throw new InvalidInputException("requestRecord.pausedDays", "must not be negative");
        }
        progress = Checks.noNulls(progress, "requestRecord.progress");
        if (progress.stream().map(SourceProgress::source).distinct().count() != progress.size()) {
            throw new InvalidInputException("requestRecord.progress", "must name each source once");
        }
        recipientsTold = sortedCopy(recipientsTold, "requestRecord.recipientsTold", Comparator.naturalOrder());
        Checks.notNull(lease, "requestRecord.lease");
        if (version < 1) {
            throw new InvalidInputException("requestRecord.version", "must be at least 1");
        }
        Checks.notNull(updatedAt, "requestRecord.updatedAt");
    }

    /** Whether {@code value} holds only lower-case hex digits from {@code from} on. */
    static boolean hex(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static <T> Set<T> sortedCopy(Set<T> set, String name, Comparator<T> order) {
        Checks.notNull(set, name);
        TreeSet<T> copy = new TreeSet<>(order);
        for (T element : set) {
            copy.add(Checks.notNull(element, name));
        }
        return java.util.Collections.unmodifiableSet(copy);
    }

    /**
     * The progress of one source.
     *
     * @param source the source's name
     * @return its progress, or empty when the request has none for it yet
     */
    public Optional<SourceProgress> progressOf(String source) {
        return progress.stream().filter(p -> p.source().equals(source)).findFirst();
    }

    /**
     * The next version with other lifecycle fields; what was asked ({@code id} through {@code sealed})
     * never changes.
     *
     * @param state the state
     * @param refusal the refusal
     * @param baseDue the unshifted due date
     * @param due the due date
     * @param extended whether extended
     * @param extensionReason the extension's reason
     * @param pausedSince the open pause
     * @param pausedDays the closed pauses' days
     * @param progress the sources' progress
     * @param recipientsTold the recipients told
     * @param lease the lease
     * @param at when this version is made
     * @return the next version
     */
    public RequestRecord next(RequestState state, Optional<RefusalReason> refusal, LocalDate baseDue, LocalDate due,
            boolean extended, Optional<String> extensionReason, Optional<Instant> pausedSince, int pausedDays,
            List<SourceProgress> progress, Set<String> recipientsTold, Optional<Lease> lease, Instant at) {
        return new RequestRecord(id, type, subject, channel, receivedAt, requester, categories, records, purposes,
                sealed, state, refusal, baseDue, due, extended, extensionReason, pausedSince, pausedDays, progress,
                recipientsTold, lease, version + 1, at);
    }

    /**
     * The next version in another state.
     *
     * @param next the state
     * @param at when
     * @return the next version
     */
    public RequestRecord moveTo(RequestState next, Instant at) {
        return next(next, refusal, baseDue, due, extended, extensionReason, pausedSince, pausedDays, progress,
                recipientsTold, lease, at);
    }

    /**
     * The next version with one source's progress replaced (or added).
     *
     * @param updated the source's progress
     * @param at when
     * @return the next version
     */
    public RequestRecord withProgress(SourceProgress updated, Instant at) {
        List<SourceProgress> list = new ArrayList<>();
        boolean replaced = false;
        for (SourceProgress p : progress) {
            if (p.source().equals(updated.source())) {
                list.add(updated);
                replaced = true;
            } else {
                list.add(p);
            }
        }
        if (!replaced) {
            list.add(updated);
        }
        return next(state, refusal, baseDue, due, extended, extensionReason, pausedSince, pausedDays, list,
                recipientsTold, lease, at);
    }

    /**
     * The next version with another lease (or none).
     *
     * @param next the lease
     * @param at when
     * @return the next version
     */
    public RequestRecord withLease(Optional<Lease> next, Instant at) {
        return next(state, refusal, baseDue, due, extended, extensionReason, pausedSince, pausedDays, progress,
                recipientsTold, next, at);
    }

    @Override
    public String toString() {
        return "RequestRecord[" + id + ", " + type + ", " + state + ", due " + due + ", v" + version + "]";
    }
}
