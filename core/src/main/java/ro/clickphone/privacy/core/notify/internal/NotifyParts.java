package ro.clickphone.privacy.core.notify.internal;

import java.time.Clock;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * What the notifications facade is made of, handed over by the kit alone (through the kit's wiring).
 *
 * @param policy the policy in force now
 * @param clock the kit's clock
 * @param consent the consent ledger, which the gate asks
 * @param audit the audit trail
 * @param outbox the outbox
 * @param contacts the contact directory
 * @param renderer renders messages
 * @param sealer seals them for the outbox
 * @param channels the kit's channels and their routing
 * @param attachmentSources the ids of the attachment sources the kit was given
 * @param dispatcher delivers from the outbox
 * @param closed whether the kit is closed
 */
public record NotifyParts(Supplier<Policy> policy, Clock clock, ConsentLedger consent, AuditTrail audit,
        OutboxStore outbox, ContactDirectory contacts, MessageRenderer renderer, Sealer sealer,
        ChannelRegistry channels, Set<String> attachmentSources, Dispatcher dispatcher, BooleanSupplier closed) {

    /**
     * Copies the set.
     *
     * @param policy the policy
     * @param clock the clock
     * @param consent the ledger
     * @param audit the trail
     * @param outbox the outbox
     * @param contacts the directory
     * @param renderer the renderer
     * @param sealer the sealer
     * @param channels the channels
     * @param attachmentSources the source ids
     * @param dispatcher the dispatcher
     * @param closed the kit's state
     */
    public NotifyParts {
        attachmentSources = Set.copyOf(attachmentSources);
    }

    @Override
    public String toString() {
        return "NotifyParts[channels=" + channels.channels().keySet() + "]";
    }
}
