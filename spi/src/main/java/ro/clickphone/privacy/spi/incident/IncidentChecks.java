package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
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

    static Instant instant(Instant value, String name) {
        Checks.notNull(value, name);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidInputException(name, "must lie between 1970-01-01 and 9999-12-31 (UTC)");
        }
        return value;
    }
}
