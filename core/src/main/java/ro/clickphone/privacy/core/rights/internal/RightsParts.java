package ro.clickphone.privacy.core.rights.internal;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.notify.Notifications;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * What the {@link RightsEngine} works with, as the kit wires it. Not API.
 *
 * @param policy the policy in force
 * @param clock the kit's clock
 * @param store the request store
 * @param audit the audit trail
 * @param access access control: who may ask for a subject, who may handle requests
 * @param consent the consent ledger: objections, withdrawals, the subject-wide restriction
 * @param notifications the kit's notifications, or a supplier of null when it has no channel
 * @param sources the registered sources, by name
 * @param settings the rights settings
 * @param sealer seals a request's personal details
 * @param exporter writes access and portability exports
 * @param eraser carries out erasures
 * @param statements derives a completed erasure's statements for {@code Rights.outcome}
 *
 * @since 0.1.0
 */
public record RightsParts(Supplier<Policy> policy, Clock clock, RightsRequestStore store, AuditTrail audit,
        AccessControl access, ConsentLedger consent, Supplier<Notifications> notifications,
        Map<String, PersonalDataSource> sources, RightsSettings settings, RightsSealer sealer, ExportWriter exporter,
        Eraser eraser, ErasureStatements statements) {

    /**
     * Checks the components.
     *
     * @param policy the policy, as the type describes it
     * @param clock the clock, as the type describes it
     * @param store the store, as the type describes it
     * @param audit the audit, as the type describes it
     * @param access the access, as the type describes it
     * @param consent the consent, as the type describes it
     * @param notifications the notifications, as the type describes it
     * @param sources the sources, as the type describes it
     * @param settings the settings, as the type describes it
     * @param sealer the sealer, as the type describes it
     * @param exporter the exporter, as the type describes it
     * @param eraser the eraser, as the type describes it
     * @param statements the statements, as the type describes it
     * @throws InvalidInputException if a component is null
     */
    public RightsParts {
        for (Object part : new Object[] {policy, clock, store, audit, access, consent, notifications, sources,
                settings, sealer, exporter, eraser, statements}) {
            if (part == null) {
                throw new InvalidInputException("rightsParts", "every part is required");
            }
        }
        sources = Map.copyOf(sources);
    }
}
