package ro.clickphone.privacy.core.rights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.Rectification;

/**
 * A data subject's request as it is submitted to {@code kit.rights().submit(...)}: what is asked,
 * for whom, how and when it arrived, and who asked when it was not the subject (a Custom PBX
 * administrator, a delegate of the subject's account). Made with one static factory per right, then
 * narrowed with {@link #withCategories} or sent on a delegate's behalf with {@link #withRequester}.
 *
 * <p>The subject, a delegate requester, a rectification's values and a review's point of view are
 * personal data: {@link #toString()} prints the type, the channel and counts only, and the kit seals
 * the values and the point of view under the subject's key before they reach the store.
 *
 * <pre>{@code
 * RightsRequest erase = RightsRequest.erasure(subject, RequestChannel.CUSTOMER_ACCOUNT, receivedAt);
 * RightsRequest fix = RightsRequest.rectification(subject, RequestChannel.DPO_EMAIL, receivedAt,
 *         List.of(Rectification.of(DataCategory.of("CONTACT"), "email", "ana@example.ro")));
 * }</pre>
 *
 * @param type what is asked
 * @param subject whose data
 * @param channel how it arrived
 * @param receivedAt when it was received: the deadline counts from here
 * @param requester the delegate who asked on the subject's behalf, or empty when the subject asked
 * @param categories the categories an access, portability, erasure or restriction is limited to; empty
 *     for all of the subject's data (for a restriction, with no records either: all processing)
 * @param records the single records a restriction names; empty for every other type
 * @param purposes the purposes an objection or a withdrawal of consent names, at least one; empty for
 *     every other type
 * @param rectifications the corrections a rectification asks for, at least one; empty for every other type
 * @param decisionRef the platform's reference of the automated decision a human review contests
 *     (an organisational id, letters, digits and {@code . _ : / -}, at most 64); empty for every other type
 * @param viewpoint the subject's point of view on that decision; empty for every other type
 *
 * @since 0.1.0
 */
public record RightsRequest(RightType type, SubjectId subject, RequestChannel channel, Instant receivedAt,
        Optional<Actor> requester, Set<DataCategory> categories, Set<RecordRef> records, Set<Purpose> purposes,
        List<Rectification> rectifications, Optional<String> decisionRef, Optional<String> viewpoint) {

    /** The longest point of view a human review takes. */
    public static final int MAX_VIEWPOINT = 4000;
    /** The most corrections one rectification request takes. */
    public static final int MAX_RECTIFICATIONS = 100;

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    /**
     * Checks the components, per type.
     *
     * @param type the type, as the type describes it
     * @param subject the subject, as the type describes it
     * @param channel the channel, as the type describes it
     * @param receivedAt the receivedAt, as the type describes it
     * @param requester the requester, as the type describes it
     * @param categories the categories, as the type describes it
     * @param records the records, as the type describes it
     * @param purposes the purposes, as the type describes it
     * @param rectifications the rectifications, as the type describes it
     * @param decisionRef the decisionRef, as the type describes it
     * @param viewpoint the viewpoint, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or does not fit the type
     *     (purposes only for an objection or withdrawal and then at least one, corrections only for a
     *     rectification and then at least one, records only for a restriction, a decision reference
     *     and a point of view for a human review and never otherwise, categories not for an objection,
     *     withdrawal, rectification or review), or the requester is another subject
     */
    public RightsRequest {
        notNull(type, "type");
        notNull(subject, "subject");
        notNull(channel, "channel");
        notNull(receivedAt, "receivedAt");
        notNull(requester, "requester");
        if (requester.isPresent() && requester.get().kind() == ActorKind.SUBJECT
                && !requester.get().id().equals(subject.value())) {
            throw new InvalidInputException("rightsRequest.requester",
                    "must be the subject, or a delegate acting for the subject; another subject never asks");
        }
        if (requester.isPresent() && requester.get().kind() == ActorKind.SUBJECT) {
            requester = Optional.empty();
        }
        categories = sorted(categories, "categories", Comparator.comparing(DataCategory::id));
        records = sorted(records, "records", Comparator.comparing(RecordRef::source).thenComparing(RecordRef::id));
        purposes = sorted(purposes, "purposes", Comparator.comparing(Purpose::id));
        notNull(rectifications, "rectifications");
        List<Rectification> copy = new ArrayList<>();
        for (Rectification r : rectifications) {
            copy.add(notNull(r, "rectifications"));
        }
        rectifications = Collections.unmodifiableList(copy);
        notNull(decisionRef, "decisionRef");
        notNull(viewpoint, "viewpoint");
        boolean consent = type == RightType.OBJECTION || type == RightType.WITHDRAW_CONSENT;
        if (consent == purposes.isEmpty()) {
            throw new InvalidInputException("rightsRequest.purposes", consent ? "must name at least one purpose"
                    : "are only for an objection or a withdrawal of consent");
        }
        boolean rectification = type == RightType.RECTIFICATION;
        if (rectification == rectifications.isEmpty()) {
            throw new InvalidInputException("rightsRequest.rectifications", rectification
                    ? "must hold at least one correction" : "are only for a rectification");
        }
        if (rectifications.size() > MAX_RECTIFICATIONS) {
            throw new InvalidInputException("rightsRequest.rectifications", "must hold at most "
                    + MAX_RECTIFICATIONS + " corrections");
        }
        if (type != RightType.RESTRICTION && !records.isEmpty()) {
            throw new InvalidInputException("rightsRequest.records", "are only for a restriction");
        }
        boolean review = type == RightType.HUMAN_REVIEW;
        if (review != decisionRef.isPresent() || review != viewpoint.isPresent()) {
            throw new InvalidInputException("rightsRequest.decisionRef", review
                    ? "and a point of view must be given for a human review" : "and viewpoint are only for a human review");
        }
        if (decisionRef.isPresent() && !REFERENCE.matcher(decisionRef.get()).matches()) {
            throw new InvalidInputException("rightsRequest.decisionRef",
                    "must be letters, digits and . _ : / -, a letter or digit first, at most 64");
        }
        if (viewpoint.isPresent() && (viewpoint.get().isBlank() || viewpoint.get().length() > MAX_VIEWPOINT)) {
            throw new InvalidInputException("rightsRequest.viewpoint", "must not be blank and hold at most "
                    + MAX_VIEWPOINT + " characters");
        }
        if (!categories.isEmpty() && (consent || rectification || review)) {
            throw new InvalidInputException("rightsRequest.categories",
                    "are only for an access, portability, erasure or restriction");
        }
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException("rightsRequest." + name, "must not be null");
        }
        return value;
    }

    private static <T> Set<T> sorted(Set<T> set, String name, Comparator<T> order) {
        notNull(set, name);
        TreeSet<T> copy = new TreeSet<>(order);
        for (T element : set) {
            copy.add(notNull(element, name));
        }
        return Collections.unmodifiableSet(copy);
    }

    private static RightsRequest of(RightType type, SubjectId subject, RequestChannel channel, Instant receivedAt) {
        return new RightsRequest(type, subject, channel, receivedAt, Optional.empty(), Set.of(), Set.of(), Set.of(),
                List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * A request for a copy of one's data and the information about its processing (art. 15).
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @return the request
     * @throws InvalidInputException if an argument is null
     */
    public static RightsRequest access(SubjectId subject, RequestChannel channel, Instant receivedAt) {
        return of(RightType.ACCESS, subject, channel, receivedAt);
    }

    /**
     * A request for the data one provided, or that was observed under consent or contract,
     * machine-readable (art. 20).
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @return the request
     * @throws InvalidInputException if an argument is null
     */
    public static RightsRequest portability(SubjectId subject, RequestChannel channel, Instant receivedAt) {
        return of(RightType.PORTABILITY, subject, channel, receivedAt);
    }

    /**
     * A request to erase one's data (art. 17); what an obligation keeps is kept restricted.
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @return the request, for every category ({@link #withCategories} narrows it)
     * @throws InvalidInputException if an argument is null
     */
    public static RightsRequest erasure(SubjectId subject, RequestChannel channel, Instant receivedAt) {
        return of(RightType.ERASURE, subject, channel, receivedAt);
    }

    /**
     * A request to correct inaccurate data (art. 16).
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @param corrections the corrections, at least one
     * @return the request
     * @throws InvalidInputException if an argument is null, or there is no correction
     */
    public static RightsRequest rectification(SubjectId subject, RequestChannel channel, Instant receivedAt,
            List<Rectification> corrections) {
        return new RightsRequest(RightType.RECTIFICATION, subject, channel, receivedAt, Optional.empty(), Set.of(),
                Set.of(), Set.of(), corrections, Optional.empty(), Optional.empty());
    }

    /**
     * A request to restrict processing of the contested data (art. 18): the subject's records of some
     * categories, or some records; with neither, all processing of the subject's data.
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @param categories the contested categories
     * @param records the contested records
     * @return the request
     * @throws InvalidInputException if an argument is null or holds null
     */
    public static RightsRequest restriction(SubjectId subject, RequestChannel channel, Instant receivedAt,
            Set<DataCategory> categories, Set<RecordRef> records) {
        return new RightsRequest(RightType.RESTRICTION, subject, channel, receivedAt, Optional.empty(), categories,
                records, Set.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * An objection to processing for some purposes (art. 21).
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @param purposes the purposes, at least one
     * @return the request
     * @throws InvalidInputException if an argument is null, or there is no purpose
     */
    public static RightsRequest objection(SubjectId subject, RequestChannel channel, Instant receivedAt,
            Set<Purpose> purposes) {
        return new RightsRequest(RightType.OBJECTION, subject, channel, receivedAt, Optional.empty(), Set.of(),
                Set.of(), purposes, List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * A withdrawal of consent to some purposes, for the future (art. 7(3)).
     *
     * @param subject whose data
     * @param channel how it arrived
     * @param receivedAt when
     * @param purposes the purposes, at least one
     * @return the request
     * @throws InvalidInputException if an argument is null, or there is no purpose
     */
    public static RightsRequest withdrawConsent(SubjectId subject, RequestChannel channel, Instant receivedAt,
            Set<Purpose> purposes) {
        return new RightsRequest(RightType.WITHDRAW_CONSENT, subject, channel, receivedAt, Optional.empty(),
                Set.of(), Set.of(), purposes, List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * A request for human intervention in an automated decision (art. 22(3)).
     *
     * @param subject whose decision
     * @param channel how it arrived
     * @param receivedAt when
     * @param decisionRef the platform's reference of the decision
     * @param viewpoint the subject's point of view
     * @return the request
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static RightsRequest humanReview(SubjectId subject, RequestChannel channel, Instant receivedAt,
            String decisionRef, String viewpoint) {
        return new RightsRequest(RightType.HUMAN_REVIEW, subject, channel, receivedAt, Optional.empty(), Set.of(),
                Set.of(), Set.of(), List.of(), Optional.of(notNull(decisionRef, "decisionRef")),
                Optional.of(notNull(viewpoint, "viewpoint")));
    }

    /**
     * This request, made by a delegate on the subject's behalf; the kit checks at submission that
     * the delegate administers the subject's account.
     *
     * @param delegate who asked
     * @return a new request
     * @throws InvalidInputException if the delegate is null or another subject
     */
    public RightsRequest withRequester(Actor delegate) {
        return new RightsRequest(type, subject, channel, receivedAt, Optional.of(notNull(delegate, "requester")),
                categories, records, purposes, rectifications, decisionRef, viewpoint);
    }

    /**
     * This request, limited to some categories (access, portability, erasure, restriction).
     *
     * @param scope the categories
     * @return a new request
     * @throws InvalidInputException if the set is null or holds null, or the type takes no categories
     */
    public RightsRequest withCategories(Set<DataCategory> scope) {
        return new RightsRequest(type, subject, channel, receivedAt, requester, scope, records, purposes,
                rectifications, decisionRef, viewpoint);
    }

    @Override
    public String toString() {
        return "RightsRequest[" + type + ", " + channel + ", " + (requester.isPresent() ? "delegate" : "subject")
                + (categories.isEmpty() ? "" : ", categories=" + categories.stream().map(DataCategory::id).toList())
                + (records.isEmpty() ? "" : ", records=" + records.size())
                + (purposes.isEmpty() ? "" : ", purposes=" + purposes.stream().map(Purpose::id).toList())
                + (rectifications.isEmpty() ? "" : ", corrections=" + rectifications.size()) + "]";
    }
}
