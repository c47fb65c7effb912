package ro.clickphone.privacy.spi.metrics;

import java.util.function.LongSupplier;
import ro.clickphone.privacy.spi.KeyScope;

/**
 * The kit's metrics listener: told what the keys, the consent checks, the audit trail, the outbox
 * and the retention sweep are doing, to count and time it in the application's metrics system.
 * Given to the kit builder's {@code metrics(...)}; the Micrometer adapter
 * ({@code ro.clickphone.privacy.metrics.micrometer.MicrometerPrivacyMetrics}, in the module
 * {@code clickphone-privacy-metrics-micrometer}) is one, and a listener of another system
 * implements the methods it wants: all do nothing by default.
 *
 * <p><b>Contract:</b>
 * <ul>
 *   <li><b>Nothing personal:</b> the arguments are key scope names (through
 *       {@link #keyScope(KeyScope)}), channel ids, booleans, counts and durations in nanoseconds.
 *       Never a subject id, a purpose, a record or message id, a key id or version, an address or a
 *       value; a listener adds none of them either (as a tag, a label or a log line), so that the
 *       metrics system never holds personal data.</li>
 *   <li><b>Thread safety:</b> the methods are called from any thread, concurrently, on the thread
 *       doing the work: they must be thread-safe and must not block or do I/O.</li>
 *   <li><b>Failures:</b> a method should not throw. The SDK catches what a listener (or a
 *       {@link ScopeMetrics} handle) throws, logs the first failure at WARN (the listener's class,
 *       the event and the exception's class, never its message) and carries on: a failing listener
 *       never fails, repeats or cuts short the operation it is told about. Events are told after
 *       the durable write they report (a delivery once its outcome is recorded in the outbox, an
 *       audit append once the entry is stored).</li>
 *   <li><b>Cost:</b> {@link ScopeMetrics} methods are called per encryption and decryption:
 *       an atomic increment at most. The others are called per consent check, audit append,
 *       delivery try or sweep batch.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface PrivacyMetrics {

    /** Measures nothing: the kit's listener when none is given. */
    PrivacyMetrics NONE = new PrivacyMetrics() {
        @Override
        public String toString() {
            return "PrivacyMetrics.NONE";
        }
    };

    /**
     * The handle of a key scope's events. Called once per scope and kept (a scope met again is not
     * asked again, up to a bound of distinct scopes well above what a policy declares).
     *
     * @param scope the key scope, whose name comes from the policy (such as {@code profile})
     * @return the scope's handle; {@link ScopeMetrics#NONE} by default
     */
    default ScopeMetrics keyScope(KeyScope scope) {
        return ScopeMetrics.NONE;
    }

    /**
     * The key-encryption-key provider unwrapped a data key (a key cache miss, a rewrap), on the
     * provider: a KMS or HSM round trip, where the latency shows.
     *
     * @param nanos how long the call took
     * @param succeeded whether it gave a key; {@code false} when it threw (unreachable, unknown
     *     version, integrity)
     */
    default void kekUnwrapped(long nanos, boolean succeeded) {
    }

    /**
     * A consent check was decided.
     *
     * @param nanos how long the check took, the subject's load from the store included when it was
     *     not cached
     * @param permitted the verdict: {@code true} for permit, {@code false} for deny
     */
    default void consentChecked(long nanos, boolean permitted) {
    }

    /**
     * An entry was appended to the audit trail (or failed to be).
     *
     * @param nanos how long the append took, lost sequence races and a checkpoint it signed included
     * @param succeeded whether the entry was stored
     */
    default void auditAppended(long nanos, boolean succeeded) {
    }

    /**
     * How many audit entries the trail appended since its last signed checkpoint, after an append
     * (the checkpoint it may have signed counted) and after a checkpoint signed or verified
     * otherwise (a resume after review). It stays below the checkpoint interval while checkpoints are signed; a value
     * that grows past it means checkpoints fail (the signer, or the store).
     *
     * @param entries the entries not yet covered by a checkpoint this instance knows
     */
    default void auditCheckpointLag(long entries) {
    }

    /**
     * Hands over how to read the outbox's depth: the messages waiting to be delivered. Called when
     * the kit opens its notifications, and with {@code null} when the kit closes (the outbox is
     * gone: stop reading the previous supplier). The supplier reads memory only (a value the kit's
     * dispatcher refreshes after each pass over the outbox, counted up to a cap the kit documents):
     * it is cheap to call where gauges are read (a scrape), and never reaches the store. A listener
     * serves one kit: a second kit's supplier replaces the first one's.
     *
     * @param pending reads the pending messages as last counted, or {@code null} when the kit closed
     */
    default void outboxDepth(LongSupplier pending) {
    }

    /**
     * A channel accepted a message, and the delivery is recorded in the outbox (a try whose outcome
     * could not be recorded is tried again, and told when it is).
     *
     * @param channel the channel's id (a lower-case name from the settings, such as {@code email})
     */
    default void delivered(String channel) {
    }

    /**
     * A try to deliver a message on a channel failed, and its outcome (a retry at a later time, or
     * a dead letter) is recorded in the outbox.
     *
     * @param channel the channel's id
     * @param permanent whether the message is now a dead letter (a permanent failure, or its last try)
     */
    default void deliveryFailed(String channel, boolean permanent) {
    }

    /**
     * A retention sweep finished a batch.
     *
     * @param disposed the records of the batch disposed of (deleted, anonymized or crypto-shredded)
     * @param failed the records of the batch that failed
     */
    default void sweepProgress(long disposed, long failed) {
    }

    /**
     * A retention sweep ended (dry runs are not told).
     *
     * @param nanos how long it took
     * @param succeeded whether it ended without an error (records that failed alone do not count
     *     as an error: {@link #sweepProgress} counts them)
     */
    default void sweepFinished(long nanos, boolean succeeded) {
    }
}
