package ro.clickphone.privacy.spi.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * One message in the outbox, from its acceptance to its delivery, dead letter or suppression.
 *
 * <p>The rendered text is kept {@linkplain #content() sealed} by the kit (encrypted under the
 * subject's key), so the outbox table holds no readable message text, and a subject whose keys
 * are shredded cannot be written to; attachments are kept as references only; the address is not
 * kept at all (it is read from the {@link ContactDirectory} at delivery). Still personal data in
 * clear: the {@linkplain #subject() subject's id}, an attachment's
 * {@linkplain AttachmentRef#fileName() file name} (which may name a person) and the id, if a caller
 * chose a telling idempotency key; an outbox table is protected like any table of personal data.
 *
 * <p>Immutable. The transition methods ({@link #claimed}, {@link #delivered}, ...) return the
 * message as a store keeps it after that step; stores use them so that every store applies the
 * same rules. {@link #toString()} prints a short hash of the id (a caller's key may be telling),
 * the type, channel, state and attempts only.
 *
 * @param id the idempotency key: one message per key in the outbox and per key at the channel
 *     ({@value OutboundMessage#KEY_RULE})
 * @param type the notification type
 * @param subject the subject it is for
 * @param channel the id of the channel that delivers it
 * @param medium the medium
 * @param state where it stands
 * @param createdAt when it was accepted
 * @param attempts how many delivery attempts have ended (succeeded or failed)
 * @param nextAttemptAt when it may be tried next (pending messages)
 * @param lease the dispatcher's claim on it, while one holds or until it is released
 * @param content the sealed rendering (empty for a suppressed message)
 * @param attachments references to the attachments
 * @param reason the suppression's decision reason, or the last failure's code
 * @param receipt the channel's receipt, once delivered
 * @param finishedAt when it reached a final state
 *
 * @since 0.1.0
 */
public record OutboxMessage(String id, NotificationType type, SubjectId subject, String channel, Medium medium,
        OutboxState state, Instant createdAt, int attempts, Instant nextAttemptAt, Optional<Lease> lease,
        Optional<String> content, List<AttachmentRef> attachments, Optional<String> reason,
        Optional<DeliveryReceipt> receipt, Optional<Instant> finishedAt) {

    private static final Syntax REASON = Syntax.of("A-Za-z0-9", "A-Za-z0-9._-", 1, 64);

    /**
     * Validates the components.
     *
     * @param id the id
     * @param type the type
     * @param subject the subject
     * @param channel the channel id, a lower-case name
     * @param medium the medium
     * @param state the state
     * @param createdAt the creation time
     * @param attempts the attempts, 0 or more
     * @param nextAttemptAt the next attempt's time
     * @param lease the lease
     * @param content the sealed content, at most 1 MiB of characters; present unless suppressed
     * @param attachments the attachment references
     * @param reason the reason code (letters, digits, {@code . _ -}, at most 64; not shaped like a
     *     phone number or an IP address)
     * @param receipt the receipt, present exactly when delivered
     * @param finishedAt the final time, present exactly in a final state
     * @throws InvalidInputException if a component is null or malformed, or the components disagree
     *     with the state
     */
    public OutboxMessage {
        OutboundMessage.checkKey(id);
        Checks.notNull(type, "outbox.type");
        Checks.notNull(subject, "outbox.subject");
        if (!Names.isName(channel)) {
            throw new InvalidInputException("outbox.channel", Names.RULE);
        }
        Checks.notNull(medium, "outbox.medium");
        Checks.notNull(state, "outbox.state");
        Checks.notNull(createdAt, "outbox.createdAt");
        if (attempts < 0) {
            throw new InvalidInputException("outbox.attempts", "must not be negative");
        }
        Checks.notNull(nextAttemptAt, "outbox.nextAttemptAt");
        Checks.notNull(lease, "outbox.lease");
        Checks.notNull(content, "outbox.content");
        content.ifPresent(c -> {
            if (c.isEmpty() || c.length() > (1 << 20)) {
                throw new InvalidInputException("outbox.content", "must hold 1 to 1 048 576 characters");
            }
        });
        attachments = Checks.noNulls(attachments, "outbox.attachments");
        Checks.notNull(reason, "outbox.reason");
        reason.ifPresent(r -> {
            Checks.identifier(r, "outbox.reason", REASON, "letters, digits and . _ -, at most 64");
            if (Checks.looksLikePersonalData(r)) {
                throw new InvalidInputException("outbox.reason", "must be a code, not shaped like a phone number or an"
                        + " IP address");
            }
        });
        Checks.notNull(receipt, "outbox.receipt");
        Checks.notNull(finishedAt, "outbox.finishedAt");
        if (content.isEmpty() && state != OutboxState.SUPPRESSED) {
            throw new InvalidInputException("outbox.content", "only a suppressed message has no content");
        }
        if (receipt.isPresent() != (state == OutboxState.DELIVERED)) {
            throw new InvalidInputException("outbox.receipt", "is present exactly when the message is delivered");
        }
        if (finishedAt.isPresent() == (state == OutboxState.PENDING)) {
            throw new InvalidInputException("outbox.finishedAt", "is present exactly in a final state");
        }
    }

    /**
     * A new pending message, due at once.
     *
     * @param id the idempotency key
     * @param type the type
     * @param subject the subject
     * @param channel the channel id
     * @param medium the medium
     * @param createdAt the acceptance time
     * @param content the sealed rendering
     * @param attachments the attachment references
     * @return the message
     */
    public static OutboxMessage pending(String id, NotificationType type, SubjectId subject, String channel,
            Medium medium, Instant createdAt, String content, List<AttachmentRef> attachments) {
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.PENDING, createdAt, 0, createdAt,
                Optional.empty(), Optional.of(Checks.notNull(content, "outbox.content")), attachments,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A message the consent gate refused, recorded with the decision's reason.
     *
     * @param id the idempotency key
     * @param type the type
     * @param subject the subject
     * @param channel the channel id it would have gone through
     * @param medium the medium
     * @param at the decision's time
     * @param reason the decision's reason, e.g. {@code OBJECTED}
     * @return the message
     */
    public static OutboxMessage suppressed(String id, NotificationType type, SubjectId subject, String channel,
            Medium medium, Instant at, String reason) {
        Checks.notNull(at, "outbox.createdAt");
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.SUPPRESSED, at, 0, at,
                Optional.empty(), Optional.empty(), List.of(), Optional.of(Checks.notNull(reason, "outbox.reason")),
                Optional.empty(), Optional.of(at));
    }

    /**
     * Whether a dispatcher may claim it with this lease: pending, due at the lease's start, and
     * no other lease holding then.
     *
     * @param newLease the lease a dispatcher asks for
     * @return {@code true} if it may
     */
    public boolean claimableBy(Lease newLease) {
        Checks.notNull(newLease, "lease");
        return state == OutboxState.PENDING && !nextAttemptAt.isAfter(newLease.from())
                && lease.map(l -> !l.holdsAt(newLease.from())).orElse(true);
    }

    /**
     * Whether this lease owner may record the outcome of its attempt: still pending and its
     * current lease names that owner (an expired lease nobody else took still counts: the attempt
     * happened). Owners name claims ({@link OutboxStore}), so the outcome of an earlier claim is
     * refused once the message was claimed again.
     *
     * @param owner the dispatcher's lease owner
     * @return {@code true} if it may
     */
    public boolean heldBy(String owner) {
        return state == OutboxState.PENDING && lease.map(l -> l.owner().equals(owner)).orElse(false);
    }

    /**
     * The message claimed under a lease.
     *
     * @param newLease the lease
     * @return the claimed message
     */
    public OutboxMessage claimed(Lease newLease) {
        return new OutboxMessage(id, type, subject, channel, medium, state, createdAt, attempts, nextAttemptAt,
                Optional.of(Checks.notNull(newLease, "lease")), content, attachments, reason, receipt, finishedAt);
    }

    /**
     * The message delivered.
     *
     * @param deliveryReceipt the channel's receipt
     * @param at when the delivery was recorded
     * @return the delivered message, its lease cleared
     */
    public OutboxMessage delivered(DeliveryReceipt deliveryReceipt, Instant at) {
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.DELIVERED, createdAt, attempts + 1,
                nextAttemptAt, Optional.empty(), content, attachments, Optional.empty(),
                Optional.of(Checks.notNull(deliveryReceipt, "outbox.receipt")),
                Optional.of(Checks.notNull(at, "outbox.finishedAt")));
    }

    /**
     * The message after a failed attempt that will be retried.
     *
     * @param code the failure's code
     * @param retryAt when to try again
     * @return the pending message, its lease cleared and its attempts counted
     */
    public OutboxMessage retrying(String code, Instant retryAt) {
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.PENDING, createdAt, attempts + 1,
                retryAt, Optional.empty(), content, attachments, Optional.of(Checks.notNull(code, "outbox.reason")),
                Optional.empty(), Optional.empty());
    }

    /**
     * The message as a dead letter after its last attempt, or a permanent failure.
     *
     * @param code the failure's code
     * @param at when
     * @return the dead letter, its lease cleared and its attempts counted
     */
    public OutboxMessage dead(String code, Instant at) {
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.DEAD, createdAt, attempts + 1,
                nextAttemptAt, Optional.empty(), content, attachments, Optional.of(Checks.notNull(code, "outbox.reason")),
                Optional.empty(), Optional.of(Checks.notNull(at, "outbox.finishedAt")));
    }

    /**
     * The message returned to the outbox without an attempt counted (a dispatcher stopping).
     *
     * @return the pending message, its lease cleared
     */
    public OutboxMessage released() {
        return new OutboxMessage(id, type, subject, channel, medium, state, createdAt, attempts, nextAttemptAt,
                Optional.empty(), content, attachments, reason, receipt, finishedAt);
    }

    /**
     * A dead letter put back for delivery by an operator, its attempts counted afresh.
     *
     * @param at when it may be tried
     * @return the pending message
     */
    public OutboxMessage requeued(Instant at) {
        return new OutboxMessage(id, type, subject, channel, medium, OutboxState.PENDING, createdAt, 0, at,
                Optional.empty(), content, attachments, reason, Optional.empty(), Optional.empty());
    }

    /**
     * Whether this is a message a store appends: suppressed, or pending with no attempt counted,
     * no lease and no failure recorded yet.
     *
     * @return {@code true} if it is new
     */
    public boolean isNew() {
        return state == OutboxState.SUPPRESSED
                || state == OutboxState.PENDING && attempts == 0 && lease.isEmpty() && reason.isEmpty();
    }

    @Override
    public String toString() {
        return "OutboxMessage[id=" + Checks.shortHash(id) + ", type=" + type + ", channel=" + channel + ", state=" + state
                + ", attempts=" + attempts + "]";
    }
}
