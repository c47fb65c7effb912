package ro.clickphone.privacy.core.access;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;

/**
 * Which staff and job roles are entitled to process data for which purposes: the operator's side of
 * the policy's promise that only entitled employees see personal data (Cap. 6). The privacy policy
 * says which recipients may receive which categories; this says which roles inside the controller
 * count as entitled. Nothing is granted by default. Pseudonymizing in a context and reversing its
 * pseudonyms are grants of their own, on top of the purpose grant: being entitled to fraud data does
 * not make every fraud analyst a re-identifier.
 *
 * <p>A role may be bound to the one recipient of the policy it acts as
 * ({@link Builder#grantAs}): it then counts only for a staff member acting as that recipient, never
 * as another one, and never for a job (which acts as no recipient). <b>Dispatcher roles must be
 * bound</b> ({@code grantAs(Recipient.of("DISPATCHER"), "DISPATCH", SERVICE_PROVISION)}): the
 * dispatcher sees only the accounts it assists ("dispecerul ClickPhone care furnizează asistență
 * pentru dvs."), and an unbound role would let the same person act as plain {@code EMPLOYEES}, a
 * recipient without that condition, and read any account. Unbound roles count for every recipient
 * and for jobs, as before. Binding does not stop an operator from also giving the same person an
 * unbound role such as {@code SUPPORT}; whoever holds one is an employee in full.
 *
 * <pre>{@code
 * AccessPolicy grants = AccessPolicy.builder()
 *         .grant("SUPPORT", Purpose.of("SERVICE_PROVISION"))
 *         .grantAs(Recipient.of("DISPATCHER"), "DISPATCH", Purpose.of("SERVICE_PROVISION"))
 *         .grant("BILLING", Purpose.of("BILLING"), Purpose.of("FISCAL_DOCUMENTS"))
 *         .grant("FRAUD_ANALYST", Purpose.of("FRAUD_PREVENTION"))
 *         .grantReidentification("FRAUD_ANALYST", "fraud")        // reverse pseudonyms of context fraud
 *         .grantPseudonymization("ANALYTICS_JOB", "analytics")    // make pseudonyms of context analytics
 *         .grantConsentImport("DPO", "MIGRATION_JOB")              // import historical consent events
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AccessPolicy {

    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final AccessPolicy DENY_ALL = new AccessPolicy(Map.of(), Map.of(), Map.of(), Set.of(), Map.of());

    private final Map<String, Set<Purpose>> grants;
    /** The roles bound to one recipient, with it. */
    private final Map<String, Recipient> bindings;
    private final Map<String, Set<String>> pseudonymizers;
    private final Map<String, Set<String>> reidentifiers;
    private final Set<String> consentImporters;

    private AccessPolicy(Map<String, Set<Purpose>> grants, Map<String, Set<String>> pseudonymizers,
            Map<String, Set<String>> reidentifiers, Set<String> consentImporters, Map<String, Recipient> bindings) {
        this.grants = grants;
        this.bindings = bindings;
        this.pseudonymizers = pseudonymizers;
        this.reidentifiers = reidentifiers;
        this.consentImporters = consentImporters;
    }

    /**
     * The policy that grants nothing: staff and jobs are denied until roles are granted.
     *
     * @return the deny-all policy
     */
    public static AccessPolicy denyAll() {
        return DENY_ALL;
    }

    /**
     * Starts building grants.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether any of the roles is granted the purpose for an actor that acts as no recipient (a job),
     * or whatever recipient it acts as: only roles {@linkplain Builder#grantAs bound} to no recipient
     * count.
     *
     * @param roles the actor's roles
     * @param purpose the purpose
     * @return {@code true} if one of the unbound roles may process data for the purpose
     * @throws InvalidInputException if the roles or the purpose are null, or a role is null
     */
    public boolean grants(Set<String> roles, Purpose purpose) {
        return granted(roles, null, purpose);
    }

    /**
     * Whether any of the roles is granted the purpose for an actor acting as the recipient: an
     * unbound role, or a role {@linkplain Builder#grantAs bound} to this very recipient.
     *
     * @param recipient the recipient the actor acts as
     * @param roles the actor's roles
     * @param purpose the purpose
     * @return {@code true} if one of the roles may process data for the purpose as the recipient
     * @throws InvalidInputException if an argument is null, or a role is null
     */
    public boolean grantsAs(Recipient recipient, Set<String> roles, Purpose purpose) {
        if (recipient == null) {
            throw new InvalidInputException("grants", "recipient must be given");
        }
        return granted(roles, recipient, purpose);
    }

    /**
     * The recipient a role is bound to.
     *
     * @param role the role id
     * @return the recipient given to {@link Builder#grantAs}, or empty for an unbound role
     * @throws InvalidInputException if the role is null
     */
    public Optional<Recipient> boundTo(String role) {
        if (role == null) {
            throw new InvalidInputException("role", "must not be null");
        }
        return Optional.ofNullable(bindings.get(role));
    }

    private boolean granted(Set<String> roles, Recipient actingAs, Purpose purpose) {
        if (roles == null || purpose == null) {
            throw new InvalidInputException("grants", "roles and purpose must be given");
        }
        for (String role : roles) {
            if (role == null) {
                throw new InvalidInputException("roles", "must not contain null");
            }
            Set<Purpose> purposes = grants.get(role);
            Recipient bound = bindings.get(role);
            if (purposes != null && purposes.contains(purpose) && (bound == null || bound.equals(actingAs))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any of the roles may pseudonymize in a context.
     *
     * @param roles the actor's roles
     * @param context the pseudonymization context
     * @return {@code true} if one of the roles is granted it
     * @throws InvalidInputException if an argument is null
     */
    public boolean grantsPseudonymization(Set<String> roles, String context) {
        return any(pseudonymizers, roles, context);
    }

    /**
     * Whether any of the roles may reverse pseudonyms of a context.
     *
     * @param roles the actor's roles
     * @param context the pseudonymization context
     * @return {@code true} if one of the roles is granted it
     * @throws InvalidInputException if an argument is null
     */
    public boolean grantsReidentification(Set<String> roles, String context) {
        return any(reidentifiers, roles, context);
    }

    /**
     * Whether any of the roles may import historical consent events
     * ({@code kit.consent().importHistorical}), which are exempt from the back-dating bound.
     *
     * @param roles the actor's roles
     * @return {@code true} if one of the roles is granted the import
     * @throws InvalidInputException if the roles are null or contain null
     */
    public boolean grantsConsentImport(Set<String> roles) {
        if (roles == null) {
            throw new InvalidInputException("grants", "roles must not be null");
        }
        for (String role : roles) {
            if (role == null) {
                throw new InvalidInputException("grants", "roles must not contain null");
            }
            if (consentImporters.contains(role)) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(Map<String, Set<String>> grants, Set<String> roles, String context) {
        if (roles == null || context == null) {
            throw new InvalidInputException("grants", "roles and context must not be null");
        }
        for (String role : roles) {
            if (role == null) {
                throw new InvalidInputException("grants", "roles must not contain null");
            }
            Set<String> contexts = grants.get(role);
            if (contexts != null && contexts.contains(context)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The roles that have grants.
     *
     * @return the role ids
     */
    public Set<String> roles() {
        return grants.keySet();
    }

    @Override
    public String toString() {
        return "AccessPolicy" + grants + (bindings.isEmpty() ? "" : ", bound " + bindings) + (pseudonymizers.isEmpty() ? "" : ", pseudonymize " + pseudonymizers)
                + (reidentifiers.isEmpty() ? "" : ", re-identify " + reidentifiers)
                + (consentImporters.isEmpty() ? "" : ", import consent " + new TreeSet<>(consentImporters));
    }

    /** Builds an {@link AccessPolicy}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Set<Purpose>> grants = new HashMap<>();
        private final Map<String, Set<String>> pseudonymizers = new HashMap<>();
        private final Map<String, Set<String>> reidentifiers = new HashMap<>();
        private final Set<String> consentImporters = new HashSet<>();
        private final Map<String, Recipient> bindings = new HashMap<>();

        private Builder() {
        }

        /**
         * Grants a role the purposes.
         *
         * @param role an upper-case role id, e.g. {@code SUPPORT}
         * @param purposes the purposes it may process data for
         * @return this builder
         * @throws InvalidInputException if the role is malformed or a purpose is null
         */
        public Builder grant(String role, Purpose... purposes) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new InvalidInputException("role", "must be an upper-case id such as SUPPORT");
            }
            if (purposes == null || purposes.length == 0) {
                throw new InvalidInputException("purposes", "must name at least one purpose");
            }
            Set<Purpose> set = grants.computeIfAbsent(role, r -> new HashSet<>());
            for (Purpose purpose : purposes) {
                if (purpose == null) {
                    throw new InvalidInputException("purposes", "must not contain null");
                }
                set.add(purpose);
            }
            return this;
        }

        /**
         * Grants a role the purposes, bound to the one recipient of the policy it acts as: the role
         * then counts only for a staff member acting as that recipient (for every purpose granted to
         * it, by this call or by {@link #grant}), and never for a job. Dispatcher roles must be bound
         * ({@code grantAs(Recipient.of("DISPATCHER"), "DISPATCH", SERVICE_PROVISION)}), so that a
         * dispatcher cannot leave the account condition behind by acting as plain {@code EMPLOYEES}.
         * The recipient is not checked against the policy here: one that the policy does not declare,
         * or that a purpose does not name, is refused at decision time.
         *
         * @param recipient the recipient the role acts as, e.g. {@code DISPATCHER}
         * @param role an upper-case role id, e.g. {@code DISPATCH}
         * @param purposes the purposes it may process data for
         * @return this builder
         * @throws InvalidInputException if an argument is null or malformed, or the role is already
         *     bound to another recipient
         */
        public Builder grantAs(Recipient recipient, String role, Purpose... purposes) {
            if (recipient == null) {
                throw new InvalidInputException("recipient", "must be given: the recipient the role acts as");
            }
            if (role != null && bindings.containsKey(role) && !bindings.get(role).equals(recipient)) {
                throw new InvalidInputException("role", "is already bound to another recipient; a role acts as one"
                        + " recipient only");
            }
            grant(role, purposes);
            bindings.put(role, recipient);
            return this;
        }

        /**
         * Grants a role the forward direction in pseudonymization contexts: it may bind
         * pseudonymizers of them (each binding is audited once). The role also needs the context's
         * purpose (the policy's {@code pseudonymization.contexts[].purpose}).
         *
         * @param role an upper-case role id, e.g. {@code ANALYTICS_JOB}
         * @param contexts lower-case context names, e.g. {@code analytics}
         * @return this builder
         * @throws InvalidInputException if the role or a context is malformed
         */
        public Builder grantPseudonymization(String role, String... contexts) {
            return contexts(pseudonymizers, role, contexts);
        }

        /**
         * Grants a role the reversal of pseudonyms of contexts. The role also needs the purpose of
         * the reason code it gives (the policy's {@code pseudonymization.reasons[].purpose}).
         *
         * @param role an upper-case role id, e.g. {@code FRAUD_ANALYST}
         * @param contexts lower-case context names, e.g. {@code fraud}
         * @return this builder
         * @throws InvalidInputException if the role or a context is malformed
         */
        public Builder grantReidentification(String role, String... contexts) {
            return contexts(reidentifiers, role, contexts);
        }

        /**
         * Grants roles the import of historical consent events with their true dates
         * ({@code kit.consent().importHistorical}): a staff role (the DPO's office) or a migration
         * job's role. The ledger refuses the import to subjects, delegates and processors whatever
         * their roles.
         *
         * @param roles upper-case role ids, e.g. {@code DPO}
         * @return this builder
         * @throws InvalidInputException if no role is given or a role is malformed
         */
        public Builder grantConsentImport(String... roles) {
            if (roles == null || roles.length == 0) {
                throw new InvalidInputException("roles", "must name at least one role");
            }
            for (String role : roles) {
                if (role == null || !ROLE.matcher(role).matches()) {
                    throw new InvalidInputException("role", "must be an upper-case id such as DPO");
                }
            }
            consentImporters.addAll(Arrays.asList(roles));
            return this;
        }

        private Builder contexts(Map<String, Set<String>> target, String role, String... contexts) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new InvalidInputException("role", "must be an upper-case id such as FRAUD_ANALYST");
            }
            if (contexts == null || contexts.length == 0) {
                throw new InvalidInputException("contexts", "must name at least one context");
            }
            for (String context : contexts) {
                if (!Names.isName(context)) {
                    throw new InvalidInputException("contexts", "must be lower-case names such as fraud");
                }
            }
            target.computeIfAbsent(role, r -> new HashSet<>()).addAll(Arrays.asList(contexts));
            return this;
        }

        /**
         * Builds the grants.
         *
         * @return an immutable access policy
         */
        public AccessPolicy build() {
            return new AccessPolicy(copy(grants), copy(pseudonymizers), copy(reidentifiers),
                    Set.copyOf(consentImporters), Map.copyOf(bindings));
        }

        private static <T> Map<String, Set<T>> copy(Map<String, Set<T>> grants) {
            Map<String, Set<T>> copy = new HashMap<>();
            grants.forEach((role, values) -> copy.put(role, Set.copyOf(values)));
            return Collections.unmodifiableMap(copy);
        }
    }
}
