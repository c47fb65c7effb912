package ro.clickphone.privacy.spi.retention;

import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * What a legal hold keeps: every record of a subject, one record, or every record of a category.
 * Exactly one of the three is present, as {@link #kind()} says.
 *
 * <p>{@link #toString()} prints the kind and the category, never the subject or the record id.
 *
 * @param kind what the hold is on
 * @param subject the subject, for {@link Kind#SUBJECT}
 * @param record the record, for {@link Kind#RECORD}
 * @param category the category, for {@link Kind#CATEGORY}
 *
 * @since 0.1.0
 */
public record HoldScope(Kind kind, Optional<SubjectId> subject, Optional<RecordRef> record,
        Optional<DataCategory> category) {

    /**
     * What a hold is on.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** Every record of one subject. */
        SUBJECT,
        /** One record. */
        RECORD,
        /** Every record of one category (as the governing category or another one it was tagged under). */
        CATEGORY
    }

    /**
     * Validates the components.
     *
     * @param kind the kind, as the type describes it
     * @param subject the subject, as the type describes it
     * @param record the record, as the type describes it
     * @param category the category, as the type describes it
     * @throws InvalidInputException if a component is null, or the one the kind names is absent or
     *     another is present
     */
    public HoldScope {
        Checks.notNull(kind, "holdScope.kind");
        Checks.notNull(subject, "holdScope.subject");
        Checks.notNull(record, "holdScope.record");
        Checks.notNull(category, "holdScope.category");
        int present = (subject.isPresent() ? 1 : 0) + (record.isPresent() ? 1 : 0) + (category.isPresent() ? 1 : 0);
        boolean fits = switch (kind) {
            case SUBJECT -> subject.isPresent();
            case RECORD -> record.isPresent();
            case CATEGORY -> category.isPresent();
        };
        if (present != 1 || !fits) {
            throw new InvalidInputException("holdScope", "a " + kind + " scope names its " + kind.name()
                    .toLowerCase(java.util.Locale.ROOT) + " and nothing else");
        }
    }

    /**
     * Every record of a subject.
     *
     * @param subject the subject
     * @return the scope
     * @throws InvalidInputException if {@code subject} is null
     */
    public static HoldScope subject(SubjectId subject) {
        return new HoldScope(Kind.SUBJECT, Optional.ofNullable(Checks.notNull(subject, "subject")), Optional.empty(),
                Optional.empty());
    }

    /**
     * One record.
     *
     * @param record the record
     * @return the scope
     * @throws InvalidInputException if {@code record} is null
     */
    public static HoldScope record(RecordRef record) {
        return new HoldScope(Kind.RECORD, Optional.empty(), Optional.ofNullable(Checks.notNull(record, "record")),
                Optional.empty());
    }

    /**
     * Every record of a category.
     *
     * @param category the category
     * @return the scope
     * @throws InvalidInputException if {@code category} is null
     */
    public static HoldScope category(DataCategory category) {
        return new HoldScope(Kind.CATEGORY, Optional.empty(), Optional.empty(),
                Optional.ofNullable(Checks.notNull(category, "category")));
    }

    /**
     * Whether a tag's record falls within this scope. A tag whose rule a hold does not extend
     * ({@link RetentionTag#extendedByHold()} false) is covered by no hold.
     *
     * @param tag the tag
     * @return {@code true} if the hold keeps that record
     * @throws InvalidInputException if {@code tag} is null
     */
    public boolean covers(RetentionTag tag) {
        Checks.notNull(tag, "tag");
        if (!tag.extendedByHold()) {
            // The governing rule says a hold does not extend it (consent-based data after a withdrawal).
            return false;
        }
        return switch (kind) {
            case SUBJECT -> tag.subject().equals(subject);
            case RECORD -> tag.record().equals(record.orElseThrow());
            case CATEGORY -> tag.isOf(category.orElseThrow());
        };
    }

    /**
     * The kind, and the category for a category scope; never a subject or record id.
     *
     * @return e.g. {@code HoldScope[CATEGORY TRAFFIC]} or {@code HoldScope[SUBJECT]}
     */
    @Override
    public String toString() {
        return "HoldScope[" + kind + category.map(c -> " " + c.id()).orElse("") + "]";
    }
}
