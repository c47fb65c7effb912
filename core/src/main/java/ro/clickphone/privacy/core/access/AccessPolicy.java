package ro.clickphone.privacy.core.access;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;

/**
 * Which staff and job roles are entitled to process data for which purposes: the operator's side of
 * the policy's promise that only entitled employees see personal data (Cap. 6). The privacy policy
 * says which recipients may receive which categories; this says which roles inside the controller
 * count as entitled. Nothing is granted by default.
 *
 * <pre>{@code
 * AccessPolicy grants = AccessPolicy.builder()
 *         .grant("SUPPORT", Purpose.of("SERVICE_PROVISION"))
 *         .grant("BILLING", Purpose.of("BILLING"), Purpose.of("FISCAL_DOCUMENTS"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AccessPolicy {

    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final AccessPolicy DENY_ALL = new AccessPolicy(Map.of());

    private final Map<String, Set<Purpose>> grants;

    private AccessPolicy(Map<String, Set<Purpose>> grants) {
        this.grants = grants;
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
     * Whether any of the roles is granted the purpose.
     *
     * @param roles the actor's roles
     * @param purpose the purpose
     * @return {@code true} if one of the roles may process data for the purpose
     * @throws InvalidInputException if the roles or the purpose are null, or a role is null
     */
    public boolean grants(Set<String> roles, Purpose purpose) {
        if (roles == null || purpose == null) {
            throw new InvalidInputException("grants", "roles and purpose must be given");
        }
        for (String role : roles) {
            if (role == null) {
                throw new InvalidInputException("roles", "must not contain null");
            }
            Set<Purpose> purposes = grants.get(role);
            if (purposes != null && purposes.contains(purpose)) {
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
        return "AccessPolicy" + grants;
    }

    /** Builds an {@link AccessPolicy}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Set<Purpose>> grants = new HashMap<>();

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
         * Builds the grants.
         *
         * @return an immutable access policy
         */
        public AccessPolicy build() {
            Map<String, Set<Purpose>> copy = new HashMap<>();
            grants.forEach((role, purposes) -> copy.put(role, Set.copyOf(purposes)));
            return new AccessPolicy(Collections.unmodifiableMap(copy));
        }
    }
}
