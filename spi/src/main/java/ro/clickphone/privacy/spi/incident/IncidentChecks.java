package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/** The checks the incident values share: ids, actor references and instants within a sane range. */
final class IncidentChecks {

    /** Incident ids: letters, digits and {@code -}, at most 64. */
    static final Syntax ID = Syntax.of("A-Za-z0-9", "A-Za-z0-9-", 1, 64);
    static final String ID_RULE = "letters, digits and -, at most 64 (e.g. i- and 32 hex digits)";
    /** Actor references: an organisational reference or a keyed pseudonym, optionally prefixed by the actor's kind. */
    private static final Syntax ACTOR = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 128);
    /** Ids of categories of data subjects, as the policy writes them: upper-case, e.g. CUSTOMER. */
    private static final Syntax SUBJECT_CATEGORY = Syntax.of("A-Z", "A-Z0-9_", 1, 64);
    /** Outbox message ids: the outbox's idempotency keys. */
    private static final Syntax MESSAGE = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 128);
    /** The earliest instant an incident value takes: nothing digital was breached before 1970. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest instant an incident value takes, far from where deadline arithmetic overflows. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private IncidentChecks() {
    }

    static String id(String value, String name) {
        Checks.identifier(value, name, ID, ID_RULE);
        if (Checks.looksLikePersonalData(value)) {
            throw new InvalidInputException(name, "has the shape of personal data (a phone number or an address)");
        }
        return value;
    }

    static String actor(String value, String name) {
        Checks.identifier(value, name, ACTOR, "an actor reference: letters, digits and . _ : / -, at most 128,"
                + " e.g. STAFF:emp-0815 or SUBJECT:s- and 32 hex digits");
        if (Checks.looksLikePersonalData(value)) {
            throw new InvalidInputException(name, "has the shape of personal data; give an organisational reference"
                    + " or a keyed pseudonym");
        }
        return value;
    }

    static String messageId(String value, String name) {
        Checks.identifier(value, name, MESSAGE, "an outbox message id: letters, digits and . _ : -, at most 128");
        if (Checks.looksLikePersonalData(value)) {
            throw new InvalidInputException(name, "has the shape of personal data");
        }
        return value;
    }

    /** A sorted, unmodifiable copy of a non-empty set of ids of categories of data subjects. */
    static Set<String> subjectCategories(Set<String> values, String name) {
        Checks.notNull(values, name);
        TreeSet<String> sorted = new TreeSet<>();
        for (String value : values) {
            Checks.identifier(value, name, SUBJECT_CATEGORY, "ids of the policy's categories of data subjects:"
                    + " upper-case letters, digits and _, e.g. CUSTOMER");
            sorted.add(value);
        }
        if (sorted.isEmpty()) {
            throw new InvalidInputException(name, "must name at least one category of data subjects");
        }
        return Collections.unmodifiableSet(sorted);
    }

    static Instant instant(Instant value, String name) {
        Checks.notNull(value, name);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidInputException(name, "must lie between 1970-01-01 and 9999-12-31 (UTC)");
        }
        return value;
    }
}
