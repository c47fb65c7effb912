package ro.clickphone.privacy.spi;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Fingerprints;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * Who is acting: the subject, a staff member with roles (a dispatcher also with the accounts they
 * assist), a delegate with the accounts they administer, a processor, an authority with its legal
 * request, or a system job.
 *
 * <p>Subjects and delegates are people whose identifiers are personal data: {@link #toString()}
 * prints a fingerprint of them, and the audit trail stores a keyed pseudonym. The identifiers of
 * staff, processors, authorities and jobs are organisational references (an employee number, a
 * company name), which must contain a letter and no {@code @} or white space, so that a phone
 * number or an e-mail address cannot pass for one.
 *
 * <pre>{@code
 * Actor customer = Actor.subject(SubjectId.of("acct-1042"));
 * Actor support = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
 * Actor dispatcher = Actor.staff(Recipient.of("DISPATCHER"), "disp-07", Set.of("DISPATCH"), Set.of("pbx-42"));
 * Actor pbxAdmin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("acct-7"), Set.of("pbx-42"));
 * Actor police = Actor.authority(Recipient.of("AUTHORITIES"), "IGPR", "req-2026-118");
 * }</pre>
 *
 * @param kind what kind of actor
 * @param id the actor's identifier: a subject id for subjects and delegates, an organisational
 *     reference otherwise
 * @param recipient the recipient of the policy the actor acts as; absent for subjects and system jobs
 * @param roles the staff or job roles (upper-case ids), empty for other kinds
 * @param accounts the account ids a delegate administers or a staff member (a dispatcher) assists,
 *     empty for other kinds
 * @param legalRequest the reference of the legal request an authority acts on; absent for other kinds
 *
 * @since 0.1.0
 */
public record Actor(ActorKind kind, String id, Optional<Recipient> recipient, SortedSet<String> roles,
        SortedSet<String> accounts, Optional<String> legalRequest) {

    private static final Syntax REFERENCE = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 64);
    private static final Syntax ACCOUNT = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 64);

    /**
     * Validates the components.
     *
     * @param kind the kind, as the type describes it
     * @param id the id, as the type describes it
     * @param recipient the recipient, as the type describes it
     * @param roles the roles, as the type describes it
     * @param accounts the accounts, as the type describes it
     * @param legalRequest the legal request, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public Actor {
        Checks.notNull(kind, "actor.kind");
        Checks.notNull(recipient, "actor.recipient");
        Checks.notNull(legalRequest, "actor.legalRequest");
        roles = immutableSorted(roles, "actor.roles");
        accounts = immutableSorted(accounts, "actor.accounts");
        if (kind == ActorKind.SUBJECT || kind == ActorKind.DELEGATE) {
            Checks.text(id, "actor.id", SubjectId.MAX_LENGTH);
        } else {
            Checks.identifier(id, "actor.id", REFERENCE,
                    "an organisational reference such as emp-0815 (letters, digits, . _ : / -; a letter at least; no @)");
            if (!Checks.containsLetter(id)) {
                throw new InvalidInputException("actor.id", "must contain a letter, so that a number cannot pass for"
                        + " an organisational reference");
            }
            if (Checks.looksLikePersonalData(id)) {
                throw new InvalidInputException("actor.id", "has the shape of personal data (a phone number or"
                        + " an IP address); use an organisational reference such as emp-0815");
            }
        }
        for (String role : roles) {
            Checks.identifier(role, "actor.roles", Syntax.UPPER_ID, "upper-case role ids such as SUPPORT");
        }
        for (String account : accounts) {
            Checks.identifier(account, "actor.accounts", ACCOUNT, "account ids (letters, digits, . _ : -; at most 64)");
        }
        boolean needsRecipient = kind == ActorKind.STAFF || kind == ActorKind.DELEGATE
                || kind == ActorKind.PROCESSOR || kind == ActorKind.AUTHORITY;
        if (needsRecipient != recipient.isPresent()) {
            throw new InvalidInputException("actor.recipient", needsRecipient
                    ? "is required for a " + kind + " actor" : "must be absent for a " + kind + " actor");
        }
        if (!roles.isEmpty() && kind != ActorKind.STAFF && kind != ActorKind.SYSTEM) {
            throw new InvalidInputException("actor.roles", "are only for STAFF and SYSTEM actors");
        }
        if (!accounts.isEmpty() && kind != ActorKind.DELEGATE && kind != ActorKind.STAFF) {
            throw new InvalidInputException("actor.accounts", "are only for DELEGATE and STAFF actors");
        }
        if ((kind == ActorKind.AUTHORITY) != legalRequest.isPresent()) {
            throw new InvalidInputException("actor.legalRequest", kind == ActorKind.AUTHORITY
                    ? "is required: an authority acts only on a legal request" : "is only for AUTHORITY actors");
        }
        legalRequest.ifPresent(ref -> {
            Checks.identifier(ref, "actor.legalRequest", REFERENCE,
                    "a request reference such as req-2026-118 (letters, digits, . _ : / -; a letter at least)");
            if (!Checks.containsLetter(ref) || Checks.looksLikePersonalData(ref)) {
                throw new InvalidInputException("actor.legalRequest", "must be a request reference with a letter,"
                        + " not a number or an address");
            }
        });
    }

    private static SortedSet<String> immutableSorted(Set<String> values, String name) {
        Checks.notNull(values, name);
        for (String value : values) {
            Checks.notNull(value, name);
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    /**
     * The data subject acting on their own data.
     *
     * @param subject the subject
     * @return the actor
     * @throws InvalidInputException if {@code subject} is null
     */
    public static Actor subject(SubjectId subject) {
        Checks.notNull(subject, "subject");
        return new Actor(ActorKind.SUBJECT, subject.value(), Optional.empty(), new TreeSet<>(), new TreeSet<>(),
                Optional.empty());
    }

    /**
     * A member of staff, acting as one of the policy's internal recipients.
     *
     * @param recipient the recipient they act as, e.g. {@code EMPLOYEES} or {@code DISPATCHER}
     * @param staffId their staff reference, e.g. {@code emp-0815}
     * @param roles their roles, e.g. {@code SUPPORT}
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor staff(Recipient recipient, String staffId, Set<String> roles) {
        return new Actor(ActorKind.STAFF, staffId, Optional.ofNullable(Checks.notNull(recipient, "recipient")),
                immutableSorted(roles, "roles"), new TreeSet<>(), Optional.empty());
    }

    /**
     * A member of staff who assists some accounts only, such as the ClickPhone dispatcher who
     * assists a Custom PBX account: a recipient of the policy whose condition is the assisted
     * account sees those accounts and nothing else.
     *
     * @param recipient the recipient they act as, e.g. {@code DISPATCHER}
     * @param staffId their staff reference, e.g. {@code disp-07}
     * @param roles their roles, e.g. {@code SUPPORT}
     * @param accounts the account ids they assist
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor staff(Recipient recipient, String staffId, Set<String> roles, Set<String> accounts) {
        return new Actor(ActorKind.STAFF, staffId, Optional.ofNullable(Checks.notNull(recipient, "recipient")),
                immutableSorted(roles, "roles"), immutableSorted(accounts, "accounts"), Optional.empty());
    }

    /**
     * A delegate, such as the administrator of a Custom PBX account, who may see the accounts they
     * administer and nothing else.
     *
     * @param recipient the recipient they act as, e.g. {@code PBX_ADMINISTRATOR}
     * @param delegate the delegate's own subject id
     * @param accounts the account ids they administer
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor delegate(Recipient recipient, SubjectId delegate, Set<String> accounts) {
        Checks.notNull(delegate, "delegate");
        return new Actor(ActorKind.DELEGATE, delegate.value(),
                Optional.ofNullable(Checks.notNull(recipient, "recipient")), new TreeSet<>(),
                immutableSorted(accounts, "accounts"),
                Optional.empty());
    }

    /**
     * A processor or third party named by the policy (courier, accountant, auditor, integration).
     *
     * @param recipient the recipient it is, e.g. {@code COURIER}
     * @param reference its organisational reference, e.g. {@code fan-courier}
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor processor(Recipient recipient, String reference) {
        return new Actor(ActorKind.PROCESSOR, reference, Optional.ofNullable(Checks.notNull(recipient, "recipient")),
                new TreeSet<>(), new TreeSet<>(), Optional.empty());
    }

    /**
     * A public authority acting on a legal request, whose reference is audited.
     *
     * @param recipient the recipient it is, e.g. {@code AUTHORITIES}
     * @param authority the authority's reference, e.g. {@code IGPR}
     * @param legalRequest the reference of the legal request
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor authority(Recipient recipient, String authority, String legalRequest) {
        return new Actor(ActorKind.AUTHORITY, authority, Optional.ofNullable(Checks.notNull(recipient, "recipient")),
                new TreeSet<>(), new TreeSet<>(), Optional.ofNullable(Checks.notNull(legalRequest, "legalRequest")));
    }

    /**
     * An automated job of the platform.
     *
     * @param job the job's name, e.g. {@code retention-sweeper}
     * @param roles its roles
     * @return the actor
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Actor system(String job, Set<String> roles) {
        return new Actor(ActorKind.SYSTEM, job, Optional.empty(), immutableSorted(roles, "roles"), new TreeSet<>(),
                Optional.empty());
    }

    /**
     * Whether the identifier is a person's and must be pseudonymized wherever it is stored.
     *
     * @return {@code true} for subjects and delegates
     */
    public boolean identifiesAPerson() {
        return kind == ActorKind.SUBJECT || kind == ActorKind.DELEGATE;
    }

    /**
     * Prints the kind and, for people, a fingerprint instead of the identifier.
     *
     * @return e.g. {@code Actor[STAFF emp-0815 roles=[SUPPORT]]} or {@code Actor[SUBJECT #3fa94c02]}
     */
    @Override
    public String toString() {
        String who = identifiesAPerson() ? "#" + Fingerprints.of("subject", id) : id;
        return "Actor[" + kind + " " + who + recipient.map(r -> " as " + r).orElse("")
                + (roles.isEmpty() ? "" : " roles=" + roles) + (accounts.isEmpty() ? "" : " accounts=" + accounts.size())
                + legalRequest.map(r -> " request=" + r).orElse("") + "]";
    }
}
