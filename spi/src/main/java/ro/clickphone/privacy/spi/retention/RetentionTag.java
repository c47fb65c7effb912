package ro.clickphone.privacy.spi.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * The retention of one record: whose it is, which category and rule govern it, the last day it
 * must be kept, and the event it still waits for, if any. One tag per record.
 *
 * <p>Dates follow one convention: the record is kept through {@link #lastDayKept()} and due for
 * disposal on the day after ({@link #dueOn()}). A tag that {@linkplain #awaiting() awaits} an event
 * is <em>pending</em> and has no due date, whatever its last day kept says; its last day kept, when
 * present, is a floor that another category of the record already requires.
 *
 * <p>When a record is tagged under several categories, the tag keeps the later of their terms: the
 * governing {@link #category()} and {@link #rule()} are those of the later term, and the others are
 * in {@link #alsoTaggedAs()}. Once the record is disposed of, what the store keeps is a
 * {@linkplain #proof proof}: the subject's audit pseudonym, the governing category, the rule and the
 * dates, under a keyed reference of the record id (the record's source and the audit trail's value
 * reference of its id), with no subject, no key scope and no other category.
 *
 * <p>{@link #toString()} prints no personal data: the record's source and a keyed fingerprint of its
 * id (as {@link RecordRef#toString()}), the categories, the rule, the due date or the awaited event,
 * the revision and the disposal; never the subject, the record id or the subject's pseudonym.
 *
 * @param record the record
 * @param subject whose record it is; empty once disposed of
 * @param subjectRef the subject's pseudonym in the audit trail ({@code s-} and hex digits)
 * @param category the category whose rule governs the disposal date
 * @param rule the id of that category's retention rule, e.g. {@code FINANCIAL_RECORDS}
 * @param keyScope the key scope of that category, if its data is encrypted with per-subject keys
 * @param alsoTaggedAs the record's other categories, whose terms end no later
 * @param lastDayKept the last day the record must be kept, in the policy's time zone; empty while
 *     pending with no floor
 * @param awaiting the event the record waits for ({@code contract-end}, {@code consent-withdrawn},
 *     {@code session-end}); present means pending
 * @param taggedAt when the record was first tagged
 * @param disposedAt when the record was disposed of
 * @param disposal how the record was disposed of; present exactly when {@code disposedAt} is
 * @param revision the store's revision of the tag, 0 when first stored, one more on each change
 * @param anchoredOn the day of the latest anchor the record was tagged with, in the policy's time
 *     zone: a subject's event resolves the tag only if it happened on that day or later
 * @param extendedByHold whether a legal hold keeps the record past its date: {@code false} when the
 *     governing rule says a hold does not extend it (consent-based cookies), and no hold covers it then
 *
 * @since 0.1.0
 */
public record RetentionTag(RecordRef record, Optional<SubjectId> subject, String subjectRef, DataCategory category,
        String rule, Optional<KeyScope> keyScope, Set<DataCategory> alsoTaggedAs, Optional<LocalDate> lastDayKept,
        Optional<String> awaiting, Instant taggedAt, Optional<Instant> disposedAt, Optional<DisposalAction> disposal,
        long revision, LocalDate anchoredOn, boolean extendedByHold) {

    /**
     * Validates the components and copies the set.
     *
     * @param record the record, as the type describes it
     * @param subject the subject, as the type describes it
     * @param subjectRef the pseudonym, as the type describes it
     * @param category the category, as the type describes it
     * @param rule the rule, as the type describes it
     * @param keyScope the key scope, as the type describes it
     * @param alsoTaggedAs the other categories, as the type describes it
     * @param lastDayKept the last day kept, as the type describes it
     * @param awaiting the awaited event, as the type describes it
     * @param taggedAt the tagging time, as the type describes it
     * @param disposedAt the disposal time, as the type describes it
     * @param disposal the disposal action, as the type describes it
     * @param revision the revision, as the type describes it
     * @param anchoredOn the anchor's day, as the type describes it
     * @param extendedByHold whether holds extend it, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, a disposed tag still names
     *     its subject or awaits an event, an undisposed tag names no subject, or a pending-free tag
     *     has no last day; the message names the component, never its value
     */
    public RetentionTag {
        Checks.notNull(record, "tag.record");
        Checks.notNull(subject, "tag.subject");
        Checks.text(subjectRef, "tag.subjectRef", 128);
        Checks.notNull(category, "tag.category");
        Checks.text(rule, "tag.rule", 64);
        Checks.notNull(keyScope, "tag.keyScope");
        Checks.notNull(alsoTaggedAs, "tag.alsoTaggedAs");
        Checks.notNull(lastDayKept, "tag.lastDayKept");
        Checks.notNull(awaiting, "tag.awaiting");
        awaiting.ifPresent(event -> Checks.text(event, "tag.awaiting", 64));
        Checks.notNull(taggedAt, "tag.taggedAt");
        Checks.notNull(disposedAt, "tag.disposedAt");
        Checks.notNull(disposal, "tag.disposal");
        if (disposedAt.isPresent() != disposal.isPresent()) {
            throw new InvalidInputException("tag.disposal", "is given exactly when disposedAt is");
        }
        if (disposedAt.isPresent() && (subject.isPresent() || awaiting.isPresent())) {
            throw new InvalidInputException("tag.subject", "a disposed tag keeps only the subject's pseudonym and"
                    + " awaits nothing");
        }
        if (disposedAt.isEmpty() && subject.isEmpty()) {
            throw new InvalidInputException("tag.subject", "is required until the record is disposed of");
        }
        if (awaiting.isEmpty() && lastDayKept.isEmpty()) {
            throw new InvalidInputException("tag.lastDayKept", "is required unless the tag awaits an event");
        }
        if (lastDayKept.filter(LocalDate.MAX::equals).isPresent()) {
            throw new InvalidInputException("tag.lastDayKept", "must be before the last representable day");
        }
        Checks.notNull(anchoredOn, "tag.anchoredOn");
        if (revision < 0) {
            throw new InvalidInputException("tag.revision", "must not be negative");
        }
        TreeSet<DataCategory> others = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        for (DataCategory other : alsoTaggedAs) {
            others.add(Checks.notNull(other, "tag.alsoTaggedAs"));
        }
        others.remove(category);
        alsoTaggedAs = Collections.unmodifiableSet(others);
    }

    /**
     * A tag anchored on the day it was tagged (UTC) that legal holds extend: for stores and tests
     * that build tags by hand.
     *
     * @param record the record, as the type describes it
     * @param subject the subject, as the type describes it
     * @param subjectRef the pseudonym, as the type describes it
     * @param category the category, as the type describes it
     * @param rule the rule, as the type describes it
     * @param keyScope the key scope, as the type describes it
     * @param alsoTaggedAs the other categories, as the type describes it
     * @param lastDayKept the last day kept, as the type describes it
     * @param awaiting the awaited event, as the type describes it
     * @param taggedAt the tagging time, as the type describes it
     * @param disposedAt the disposal time, as the type describes it
     * @param disposal the disposal action, as the type describes it
     * @param revision the revision, as the type describes it
     * @throws InvalidInputException as the canonical constructor
     */
    public RetentionTag(RecordRef record, Optional<SubjectId> subject, String subjectRef, DataCategory category,
            String rule, Optional<KeyScope> keyScope, Set<DataCategory> alsoTaggedAs, Optional<LocalDate> lastDayKept,
            Optional<String> awaiting, Instant taggedAt, Optional<Instant> disposedAt,
            Optional<DisposalAction> disposal, long revision) {
        this(record, subject, subjectRef, category, rule, keyScope, alsoTaggedAs, lastDayKept, awaiting, taggedAt,
                disposedAt, disposal, revision, dayOf(taggedAt), true);
    }

    private static LocalDate dayOf(Instant taggedAt) {
        if (taggedAt == null) {
            return null;
        }
        try {
            return LocalDate.ofInstant(taggedAt, ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException("tag.taggedAt", "is outside the range of dates");
        }
    }

    /**
     * The record's source and id fingerprint, the categories, the rule, the due date or the awaited
     * event, the revision and the disposal; never the subject, the record id or the subject's
     * pseudonym (which is stable across processes and so would link log lines to the audit trail).
     *
     * @return e.g. {@code RetentionTag[RecordRef[billing/#3fa94c02], FINANCIAL, rule FINANCIAL_RECORDS,
     *     due 2035-01-01, revision 0, not disposed]}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("RetentionTag[").append(record).append(", ").append(category.id());
        if (!alsoTaggedAs.isEmpty()) {
            out.append(alsoTaggedAs.stream().map(DataCategory::id).collect(Collectors.joining(" ", " (also ", ")")));
        }
        out.append(", rule ").append(rule);
        if (awaiting.isPresent()) {
            out.append(", pending ").append(awaiting.get());
        } else {
            out.append(", due ").append(dueOn().map(LocalDate::toString).orElse("-"));
        }
        if (!extendedByHold) {
            out.append(", not extended by holds");
        }
        out.append(", revision ").append(revision);
        out.append(disposal.map(d -> ", disposed " + d + " at " + disposedAt.orElseThrow()).orElse(", not disposed"));
        return out.append(']').toString();
    }

    /**
     * The first day the record is due for disposal: the day after its last day kept.
     *
     * @return the due date, or empty while the tag is pending
     */
    public Optional<LocalDate> dueOn() {
        return awaiting.isPresent() ? Optional.empty() : lastDayKept.map(d -> d.plusDays(1));
    }

    /**
     * Whether the tag waits for an event and so has no due date yet.
     *
     * @return {@code true} if {@link #awaiting()} is present
     */
    public boolean isPending() {
        return awaiting.isPresent();
    }

    /**
     * Whether the record was disposed of.
     *
     * @return {@code true} if {@link #disposedAt()} is present
     */
    public boolean isDisposed() {
        return disposedAt.isPresent();
    }

    /**
     * Whether the record is due on a day: not pending, not disposed of, and its due date is that day
     * or earlier. Legal holds are not considered here.
     *
     * @param today the day, in the policy's time zone
     * @return {@code true} if due
     * @throws InvalidInputException if {@code today} is null
     */
    public boolean isDueOn(LocalDate today) {
        Checks.notNull(today, "today");
        return !isDisposed() && dueOn().filter(d -> !d.isAfter(today)).isPresent();
    }

    /**
     * Whether the record is of a category, as the governing one or another one it was tagged under.
     *
     * @param other the category
     * @return {@code true} if the record is of that category
     */
    public boolean isOf(DataCategory other) {
        return category.equals(other) || alsoTaggedAs.contains(other);
    }

    /**
     * This tag, disposed of: without the subject, with the time and action, one revision later.
     *
     * @param at when the record was disposed of
     * @param action how
     * @return the disposed tag
     * @throws InvalidInputException if an argument is null or the tag is already disposed of
     */
    public RetentionTag disposed(Instant at, DisposalAction action) {
        Checks.notNull(at, "at");
        Checks.notNull(action, "action");
        if (isDisposed()) {
            throw new InvalidInputException("tag", "is already disposed of");
        }
        return new RetentionTag(record, Optional.empty(), subjectRef, category, rule, keyScope, alsoTaggedAs,
                lastDayKept, Optional.empty(), taggedAt, Optional.of(at), Optional.of(action), revision + 1, anchoredOn,
                extendedByHold);
    }

    /**
     * The proof of this record's disposal, as a store keeps it ({@link RetentionStore#markDisposed}):
     * under a keyed reference of the record, with the subject's pseudonym, the governing category,
     * the rule, the last day kept, the day of tagging (the time cut to the day) and the disposal;
     * without the subject, the key scope, the other categories, the awaited event.
     *
     * @param recordRef the keyed reference of the record: its source and a keyed reference of its id
     * @param at when the record was disposed of
     * @param action how
     * @return the proof, one revision later
     * @throws InvalidInputException if an argument is null, the reference is of another source, or
     *     the tag is already disposed of
     */
    public RetentionTag proof(RecordRef recordRef, Instant at, DisposalAction action) {
        Checks.notNull(recordRef, "recordRef");
        Checks.notNull(at, "at");
        Checks.notNull(action, "action");
        if (isDisposed()) {
            throw new InvalidInputException("tag", "is already disposed of");
        }
        if (!recordRef.source().equals(record.source())) {
            throw new InvalidInputException("recordRef", "must be of the record's own source");
        }
        return new RetentionTag(recordRef, Optional.empty(), subjectRef, category, rule, Optional.empty(), Set.of(),
                lastDayKept, Optional.empty(), taggedAt.truncatedTo(ChronoUnit.DAYS), Optional.of(at),
                Optional.of(action), revision + 1, anchoredOn, extendedByHold);
    }
}
