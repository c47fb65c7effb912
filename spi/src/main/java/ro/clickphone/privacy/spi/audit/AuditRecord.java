package ro.clickphone.privacy.spi.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;
import ro.clickphone.privacy.spi.internal.audit.TrustedAuditRecords;

/**
 * One entry of the audit trail, as an {@link AuditLogStore} keeps it: what happened, when, by whom,
 * for which purpose, to which categories of whose data (as a keyed pseudonym), how it ended, and
 * the hash chain that makes it tamper-evident. The canonical encoding the hash covers is documented
 * in {@code docs/FORMAT.md}.
 *
 * <p>The fields hold no raw personal data: the subject and person actors appear only as keyed
 * pseudonyms, and detail values are short codes and references. Detail values and actor references
 * with the shape of an e-mail address, a phone number or an IP address are refused; a name cannot be
 * recognised, so callers must put codes, never free text, in details.
 *
 * @param sequence the position in the chain, from 1, gap-free
 * @param timestamp when the entry was appended
 * @param actorKind the kind of actor
 * @param actorRef who acted: a {@linkplain #PSEUDONYM pseudonym} for subjects and delegates, an
 *     organisational reference otherwise
 * @param action what was done, a lower-case dotted code such as {@code access.check}
 * @param purpose the purpose id, if the action had one
 * @param categories the ids of the categories of data touched, sorted, without duplicates
 * @param subjectRef the keyed {@linkplain #PSEUDONYM pseudonym} of the subject whose data was touched, if any
 * @param outcome how it ended
 * @param details further facts as sorted key/value codes (a reason code, a legal request reference)
 * @param previousHash the hash of the previous entry (64 lower-case hex digits; zeros for the first)
 * @param hash the SHA-256 of this entry's canonical encoding (64 lower-case hex digits)
 *
 * @since 0.1.0
 */
public record AuditRecord(long sequence, Instant timestamp, ActorKind actorKind, String actorRef, String action,
        Optional<String> purpose, List<String> categories, Optional<String> subjectRef, AuditOutcome outcome,
        SortedMap<String, String> details, String previousHash, String hash) {

    /** The previous hash of the first entry. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** The form of a keyed pseudonym of a person: {@code s-} and 32 lower-case hex digits (128 bits). */
    public static final Pattern PSEUDONYM = Pattern.compile("s-[0-9a-f]{32}");

    private static final Syntax PSEUDONYM_SYNTAX = Syntax.of("s", "-0-9a-f", 34, 34);
    private static final Syntax HASH = Syntax.of("0-9a-f", "0-9a-f", 64, 64);
    private static final Syntax ACTION = Syntax.of("a-z", "a-z0-9_.-", 1, 64);
    private static final Syntax REF = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 128);
    private static final Syntax DETAIL_KEY = Syntax.of("a-z", "a-zA-Z0-9_.-", 1, 64);
    private static final Syntax DETAIL_VALUE = Syntax.of("A-Za-z0-9._:/,=+-", "A-Za-z0-9._:/,=+-", 0, 256);

    /**
     * The mark of the trusted maker: private to this class (the JVM refuses it to any other class,
     * even one declared in this package by another jar), passed only from {@link Trusted} to the
     * details map and compared by identity in the constructor.
     */
    private static final Object VOUCH = new Object();

    static {
        TrustedAuditRecords.install(new Trusted());
    }

    /**
     * Validates the components.
     *
     * @param sequence the sequence, as the type describes it
     * @param timestamp the timestamp, as the type describes it
     * @param actorKind the actor kind, as the type describes it
     * @param actorRef the actor reference, as the type describes it
     * @param action the action, as the type describes it
     * @param purpose the purpose, as the type describes it
     * @param categories the categories, as the type describes it
     * @param subjectRef the subject reference, as the type describes it
     * @param outcome the outcome, as the type describes it
     * @param details the details, as the type describes it
     * @param previousHash the previous hash, as the type describes it
     * @param hash the hash, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public AuditRecord {
        // Skipped only for the trail's own records: Trusted.chained marked their details with VOUCH,
        // an object no other class can reach, for this one construction.
        if (!(details instanceof CodeMap && ((CodeMap) details).takeVouch(VOUCH))) {
            if (sequence < 1) {
                throw new InvalidInputException("audit.sequence", "must be at least 1");
            }
            Checks.notNull(timestamp, "audit.timestamp");
            Checks.notNull(actorKind, "audit.actorKind");
            if (actorKind == ActorKind.SUBJECT || actorKind == ActorKind.DELEGATE) {
                pseudonym(actorRef, "audit.actorRef");
            } else {
                Checks.identifier(actorRef, "audit.actorRef", REF, "a reference (letters, digits, . _ : / -)");
                if (Checks.looksLikePersonalData(actorRef)) {
                    throw new InvalidInputException("audit.actorRef", "has the shape of personal data; use a reference");
                }
            }
            Checks.identifier(action, "audit.action", ACTION, "a lower-case dotted code such as access.check");
            Checks.notNull(purpose, "audit.purpose");
            purpose.ifPresent(p -> Checks.identifier(p, "audit.purpose", Syntax.UPPER_ID, "a purpose id"));
            Checks.notNull(categories, "audit.categories");
            boolean sortedAndDistinct = true;
            String previous = null;
            for (String category : categories) {
                Checks.identifier(category, "audit.categories", Syntax.UPPER_ID, "category ids");
                sortedAndDistinct &= previous == null || previous.compareTo(category) < 0;
                previous = category;
            }
            categories = sortedAndDistinct ? List.copyOf(categories) : List.copyOf(new TreeSet<>(categories));
            Checks.notNull(subjectRef, "audit.subjectRef");
            subjectRef.ifPresent(s -> pseudonym(s, "audit.subjectRef"));
            Checks.notNull(outcome, "audit.outcome");
            Checks.notNull(details, "audit.details");
            TreeMap<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, String> e : details.entrySet()) {
                checkDetail(e.getKey(), e.getValue());
                sorted.put(e.getKey(), e.getValue());
            }
            details = Collections.unmodifiableSortedMap(sorted);
            Checks.identifier(previousHash, "audit.previousHash", HASH, "64 lower-case hex digits");
            Checks.identifier(hash, "audit.hash", HASH, "64 lower-case hex digits");
        }
    }

    /**
     * Checks an action code with the rule this record's constructor applies: a lower-case dotted
     * code such as {@code access.check}, at most 64 characters. Callers that build what the audit
     * trail records check it once, when they build it.
     *
     * @param action the action
     * @throws InvalidInputException if it is null or breaks the rule; the message never echoes the value
     */
    public static void checkAction(String action) {
        Checks.identifier(action, "audit.action", ACTION, "a lower-case dotted code such as access.check");
    }

    /**
     * Checks one detail with the rules this record's constructor applies: a key such as
     * {@code reason}, and a value that is a short code (letters, digits, {@code . _ : / , = + -}, at
     * most 256) without the shape of personal data (an e-mail, phone number or IP address).
     *
     * @param key the key
     * @param value the value
     * @throws InvalidInputException if either is null or breaks its rule; the message never echoes the value
     */
    public static void checkDetail(String key, String value) {
        Checks.identifier(key, "audit.details", DETAIL_KEY, "keys like reason or legalRequest");
        Checks.notNull(value, "audit.details");
        if (!DETAIL_VALUE.matches(value)) {
            throw new InvalidInputException("audit.details",
                    "values must be short codes (letters, digits, . _ : / , = + -; no spaces; at most 256)");
        }
        if (Checks.looksLikePersonalData(value)) {
            throw new InvalidInputException("audit.details", "value of '" + key
                    + "' has the shape of personal data (an e-mail, phone number or IP address)");
        }
    }

    /** The audit trail's maker (see {@link TrustedAuditRecords}): handed to core's trail alone. */
    private static final class Trusted implements TrustedAuditRecords.Maker {
        @Override
        public AuditRecord chained(long sequence, Instant timestamp, ActorKind actorKind, String actorRef,
                String action, Optional<String> purpose, List<String> categories, Optional<String> subjectRef,
                AuditOutcome outcome, String[] detailKeys, String[] detailValues, int detailCount,
                String previousHash, String hash) {
            if (sequence < 1) {
                throw new InvalidInputException("audit.sequence", "must be at least 1");
            }
            Checks.notNull(timestamp, "audit.timestamp");
            Checks.notNull(actorKind, "audit.actorKind");
            Checks.notNull(actorRef, "audit.actorRef");
            Checks.notNull(action, "audit.action");
            Checks.notNull(purpose, "audit.purpose");
            Checks.notNull(categories, "audit.categories");
            Checks.notNull(subjectRef, "audit.subjectRef");
            Checks.notNull(outcome, "audit.outcome");
            for (int i = 0; i < detailCount; i++) {
                Checks.notNull(detailKeys[i], "audit.details");
                Checks.notNull(detailValues[i], "audit.details");
                if (i > 0 && detailKeys[i - 1].compareTo(detailKeys[i]) >= 0) {
                    throw new InvalidInputException("audit.details", "keys must come sorted, without duplicates");
                }
            }
            Checks.notNull(previousHash, "audit.previousHash");
            Checks.notNull(hash, "audit.hash");
            return new AuditRecord(sequence, timestamp, actorKind, actorRef, action, purpose, categories, subjectRef,
                    outcome, new CodeMap(detailKeys, detailValues, detailCount).vouch(VOUCH), previousHash, hash);
        }
    }

    private static void pseudonym(String value, String name) {
        Checks.identifier(value, name, PSEUDONYM_SYNTAX, "a pseudonym: s- and 32 lower-case hex digits");
        if (value.charAt(1) != '-' || value.indexOf('-', 2) >= 0) {
            throw new InvalidInputException(name, "must be a pseudonym: s- and 32 lower-case hex digits");
        }
    }

    @Override
    public String toString() {
        return "AuditRecord[#" + sequence + " " + timestamp + " " + action + " " + outcome + "]";
    }
}
