package ro.clickphone.privacy.core.notify;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.notify.internal.Dispatcher;
import ro.clickphone.privacy.core.notify.internal.ChannelRegistry;
import ro.clickphone.privacy.core.notify.internal.MessageRenderer;
import ro.clickphone.privacy.core.notify.internal.NotifyParts;
import ro.clickphone.privacy.core.notify.internal.RenderedMessage;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * Sends the policy's notifications: {@code kit.notifications()}.
 *
 * <p>{@link #send(NotificationType, SubjectId, Map) send} does, in one call:
 * <ol>
 *   <li><b>Minimization:</b> the payload may carry only the fields the policy declares for the type
 *       ({@code notificationTypes[].payload}), each of its kind; anything else is refused, naming
 *       the key and never the value. Attachments only of the categories the type declares.</li>
 *   <li><b>The consent gate:</b> the type's purpose is checked in the consent ledger. A notice whose
 *       purpose continues under a restriction (security alerts, contract notices such as tariff
 *       changes) or rests on a legal obligation (the privacy-policy change, the breach notice) always
 *       goes; any other only when the decision permits — marketing needs consent and no objection,
 *       service announcements stop on objection, service notifications stop under a restriction. A
 *       refused message is written to the outbox as suppressed, with the decision's reason, and never
 *       delivered. Every decision is audited ({@code notify.send} or {@code notify.suppressed}).</li>
 *   <li><b>Rendering:</b> the type's template in the subject's language (from the contact directory;
 *       Romanian when unknown or not one the kit writes), numbers masked where the policy says the
 *       reader does not need them whole, amounts and times written for the language in the
 *       policy's time zone; the sender is the type's, from the policy.</li>
 *   <li><b>The outbox:</b> the message is sealed (encrypted under the subject's key, bound to its id)
 *       and written to the outbox — in the kit's own transaction, or in the caller's
 *       ({@link #send(NotificationType, SubjectId, Map, StoreTransaction)}) so that the business
 *       change and its message commit together. The address is not stored: the dispatcher reads it
 *       from the contact directory at delivery, when it also opens and decrypts the attachments.</li>
 * </ol>
 *
 * <pre>{@code
 * SendResult result = kit.notifications().send(NotificationType.of("MISSED_CALL"), subject,
 *         Map.of("callerNumber", "+40721234567", "calledNumber", "+40311234567", "calledAt", callStart));
 * }</pre>
 *
 * <p>Delivery runs in the background once the kit is built (see {@link NotificationSettings}), or
 * one pass at a time with {@link #dispatchPending()}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Notifications {

    private static final Actor ACTOR = Actor.system("notifications", Set.of());
    private static final SecureRandom KEYS = new SecureRandom();

    private final NotifyParts parts;

    private Notifications(NotifyParts parts) {
        this.parts = parts;
    }

    static {
        Wiring.register((Wiring.Notify) Notifications::new);
    }

    /**
     * Sends a notification in the kit's own transaction, under a key the kit draws.
     *
     * @param type the notification type, declared in the policy in force
     * @param subject whom it is for
     * @param payload the fields of the type's payload; a null value is an absent field
     * @return what became of it
     * @throws InvalidInputException if an argument is null, or the payload holds a key the type does
     *     not declare, lacks a required one, or holds a value not of its field's kind (the message
     *     names the key, never the value)
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if the policy in force does not declare the type
     * @throws ConfigurationException if the kit is closed, or no channel serves the type's media
     * @throws ro.clickphone.privacy.spi.KeyDestroyedException if the subject's keys were shredded
     * @throws ro.clickphone.privacy.spi.StoreException if a store failed; nothing was written
     */
    public SendResult send(NotificationType type, SubjectId subject, Map<String, ?> payload) {
        return send(NotificationRequest.of(type, subject, payload));
    }

    /**
     * Sends a notification in the kit's own transaction under the caller's idempotency key: a second
     * send with the same key writes nothing and returns {@link SendStatus#DUPLICATE} with the first
     * message's id, and the channel delivers a key once. Use an opaque id of the business event
     * ({@code breach-<incident>-<subject's account>}), never personal data.
     *
     * @param type the notification type
     * @param subject whom it is for
     * @param payload the payload
     * @param idempotencyKey letters, digits and {@code . _ : -}, at most 128, not shaped like personal data
     * @return what became of it
     * @throws InvalidInputException if an argument is null, the key malformed or shaped like personal
     *     data (not repeated in the message), or the payload not what the type declares
     * @throws ConfigurationException if the kit is closed, or no channel serves the type's media
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if the policy does not declare the type
     */
    public SendResult send(NotificationType type, SubjectId subject, Map<String, ?> payload, String idempotencyKey) {
        if (idempotencyKey == null) {
            throw new InvalidInputException("idempotencyKey", "must not be null; call send without one for a drawn key");
        }
        return send(NotificationRequest.of(type, subject, payload).withIdempotencyKey(idempotencyKey));
    }

    /**
     * Sends a notification within the caller's transaction: the outbox write joins it, and the message
     * is delivered only once the transaction commits (never if it rolls back). The audit entry of the
     * decision is written at once, saying the write was enlisted.
     *
     * @param type the notification type
     * @param subject whom it is for
     * @param payload the payload
     * @param transaction the caller's transaction, e.g. {@code StoreTransaction.of(entityManager)}
     * @return what became of it
     * @throws InvalidInputException if an argument is null or the payload is not what the type declares
     * @throws ConfigurationException if the kit is closed, no channel serves the type's media, or the
     *     outbox cannot join the transaction
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if the policy does not declare the type
     */
    public SendResult send(NotificationType type, SubjectId subject, Map<String, ?> payload,
            StoreTransaction transaction) {
        return send(NotificationRequest.of(type, subject, payload), transaction);
    }

    /**
     * Sends a notification with attachments or the caller's own idempotency key, in the kit's own transaction.
     *
     * @param request the request
     * @return what became of it; {@link SendStatus#DUPLICATE} if a message with the request's key is
     *     in the outbox already
     * @throws InvalidInputException if the request is null or not what the type declares
     * @throws ConfigurationException if the kit is closed, no channel serves the type's media, or an
     *     attachment names a source the kit was not given
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if the policy does not declare the type
     */
    public SendResult send(NotificationRequest request) {
        return send(request, Optional.empty());
    }

    /**
     * Sends a notification with attachments or the caller's own key, within the caller's transaction.
     *
     * @param request the request
     * @param transaction the caller's transaction
     * @return what became of it
     * @throws InvalidInputException if an argument is null or the request is not what the type declares
     * @throws ConfigurationException if the kit is closed, no channel serves the type's media, an
     *     attachment names an unknown source, or the outbox cannot join the transaction
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if the policy does not declare the type
     */
    public SendResult send(NotificationRequest request, StoreTransaction transaction) {
        if (transaction == null) {
            throw new InvalidInputException("transaction", "must not be null; call send without one for the kit's own");
        }
        return send(request, Optional.of(transaction));
    }

    private SendResult send(NotificationRequest request, Optional<StoreTransaction> transaction) {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        requireOpen();
        Policy policy = parts.policy().get();
        NotificationTypeDefinition type = policy.notificationType(request.type());
        MessageRenderer.checkKeys(type, request.payload());
        checkAttachments(type, request.attachments());
        String id = request.idempotencyKey().orElseGet(Notifications::newKey);
        OutboxStore outbox = parts.outbox();
        // A drawn key is new; a caller's key may have been sent before: then nothing is decided or written.
        Optional<OutboxMessage> existing = request.idempotencyKey().isPresent() ? outbox.find(id) : Optional.empty();
        if (existing.isPresent()) {
            return duplicate(existing.get());
        }
        SubjectId subject = request.subject();
        Optional<SubjectContacts> contacts = parts.contacts().find(subject);
        ChannelRegistry.Route route = parts.channels().route(type, contacts);

        PurposeDefinition purpose = policy.purpose(type.purpose());
        // Security alerts and contract notices continue under a restriction, and no objection or
        // withdrawal reaches them; legal notices rest on the law itself (SPEC14: "always goes").
        boolean alwaysGoes = purpose.legalBasis() == LegalBasis.LEGAL_OBLIGATION || purpose.continuesWhenRestricted();
        ConsentDecision decision = parts.consent().check(subject, type.purpose());
        boolean goes = alwaysGoes || decision.permitted();
        // Rendered whether it goes or not: a payload that would not render is refused either way.
        String language = MessageRenderer.languageFor(contacts.map(SubjectContacts::language));
        RenderedMessage rendered = parts.renderer().render(policy, type, request.payload(), language);
        Instant now = parts.clock().instant();
        OutboxMessage message = goes
                ? OutboxMessage.pending(id, type.type(), subject, route.channel(), route.medium(), now,
                        parts.sealer().seal(subject, id, rendered), request.attachments())
                : OutboxMessage.suppressed(id, type.type(), subject, route.channel(), route.medium(), now,
                        decision.reason().name());

        AuditEvent entry = AuditEvent.of(ACTOR, goes ? "notify.send" : "notify.suppressed",
                goes ? AuditOutcome.SUCCESS : AuditOutcome.DENIED)
                .withSubject(subject).withPurpose(type.purpose()).withCategories(Set.copyOf(type.categories()))
                .withDetail("type", type.type().id()).withDetail("message", Dispatcher.reference(parts.audit(), id))
                .withDetail("channel", route.channel()).withDetail("reason", decision.reason().name())
                .withDetail("transaction", transaction.isPresent() ? "caller" : "own");
        if (goes && !decision.permitted()) {
            entry = entry.withDetail("gate", "exempt");
        }
        // Audited before it is written: no message stands in the outbox unaudited.
        parts.audit().record(entry);
        boolean added;
        try {
            added = transaction.isPresent() ? outbox.append(message, transaction.get()) : outbox.append(message);
        } catch (RuntimeException e) {
            auditUnwritten(subject, type, id, e);
            throw e;
        }
        if (!added) {
            return duplicate(outbox.find(id).orElse(message));
        }
        if (goes) {
            parts.dispatcher().wake();
        }
        return new SendResult(id, type.type(), goes ? SendStatus.QUEUED : SendStatus.SUPPRESSED, route.channel(),
                route.medium(), Optional.of(decision.reason()));
    }

    private static SendResult duplicate(OutboxMessage existing) {
        return new SendResult(existing.id(), existing.type(), SendStatus.DUPLICATE, existing.channel(),
                existing.medium(), Optional.empty());
    }

    /** The outbox failed after the decision was audited: the trail says the message was not written. */
    private void auditUnwritten(SubjectId subject, NotificationTypeDefinition type, String id, RuntimeException cause) {
        try {
            parts.audit().record(AuditEvent.of(ACTOR, "notify.send", AuditOutcome.FAILED).withSubject(subject)
                    .withPurpose(type.purpose()).withDetail("type", type.type().id()).withDetail("message", Dispatcher.reference(parts.audit(), id))
                    .withDetail("error", cause.getClass().getSimpleName()));
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** Attachments only for a type that declares them, of its categories, from a source the kit has. */
    private void checkAttachments(NotificationTypeDefinition type, List<AttachmentRef> attachments) {
        for (AttachmentRef ref : attachments) {
            if (type.attachments().isEmpty()) {
                throw new InvalidInputException("notification.attachments", type.type() + " carries no attachments"
                        + " ($.notificationTypes[].attachments)");
            }
            if (ref.encryptedAs().isPresent() && !type.attachments().contains(ref.encryptedAs().get().category())) {
                throw new InvalidInputException("notification.attachments", "an attachment of category "
                        + ref.encryptedAs().get().category() + " is not one " + type.type() + " carries "
                        + type.attachments());
            }
            if (!parts.attachmentSources().contains(ref.source())) {
                throw new ConfigurationException("No attachment source '" + ref.source() + "' was given to the kit's"
                        + " builder (.attachmentSource(...)): the attachment could not be opened at delivery");
            }
        }
    }

    /** A key of no one's data: {@code n-} and 32 hex digits, drawn again in the rare case it looks like a number. */
    private static String newKey() {
        byte[] bytes = new byte[16];
        while (true) {
            KEYS.nextBytes(bytes);
            String key = "n-" + HexFormat.of().formatHex(bytes);
            try {
                return OutboundMessage.checkCallerKey(key);
            } catch (InvalidInputException e) {
                // 32 hex digits that are all digits read as a phone number: draw again.
            }
        }
    }

    /**
     * Where a message stands.
     *
     * @param id the message's id, from {@link SendResult#id()}
     * @return its status, or empty if the outbox holds no such message
     * @throws InvalidInputException if {@code id} is null or malformed
     */
    public Optional<NotificationStatus> status(String id) {
        OutboundMessage.checkKey(id);
        return parts.outbox().find(id).map(NotificationStatus::of);
    }

    /**
     * The dead letters, oldest first: messages whose every try failed, or one failed permanently.
     *
     * @param limit the most to return, 1 to {@value OutboxStore#MAX_BATCH}
     * @return their statuses
     * @throws InvalidInputException if the limit is out of range
     */
    public List<NotificationStatus> deadLetters(int limit) {
        if (limit < 1 || limit > OutboxStore.MAX_BATCH) {
            throw new InvalidInputException("limit", "must be 1 to " + OutboxStore.MAX_BATCH);
        }
        return parts.outbox().list(OutboxState.DEAD, limit).stream().map(NotificationStatus::of).toList();
    }

    /**
     * Puts a dead letter back for delivery, its tries counted afresh (after the cause was fixed: an
     * address added, a channel restored). Audited as {@code notify.requeue} with the operator.
     *
     * @param id the message's id
     * @param actor the operator who requeues it
     * @return {@code true} if it was a dead letter and is pending now
     * @throws InvalidInputException if an argument is null or the id malformed
     * @throws ConfigurationException if the kit is closed
     */
    public boolean requeue(String id, Actor actor) {
        OutboundMessage.checkKey(id);
        if (actor == null) {
            throw new InvalidInputException("actor", "must not be null");
        }
        requireOpen();
        Optional<OutboxMessage> message = parts.outbox().find(id);
        boolean requeued = message.isPresent() && message.get().state() == OutboxState.DEAD
                && parts.outbox().requeue(id, parts.clock().instant());
        AuditEvent entry = AuditEvent.of(actor, "notify.requeue", requeued ? AuditOutcome.SUCCESS : AuditOutcome.FAILED)
                .withDetail("message", Dispatcher.reference(parts.audit(), id));
        if (message.isPresent()) {
            entry = entry.withSubject(message.get().subject()).withDetail("type", message.get().type().id());
        }
        parts.audit().record(entry);
        if (requeued) {
            parts.dispatcher().wake();
        }
        return requeued;
    }

    /**
     * Runs one delivery pass now, on the calling thread's behalf: every channel tries the messages
     * due now. For tests, programs on a fixed clock, and applications that deliver from their own
     * scheduler (with {@link NotificationSettings#withAutoStart(boolean) autoStart} off).
     *
     * @return what the pass did
     * @throws ConfigurationException if the kit is closed
     * @throws ro.clickphone.privacy.spi.StoreException if the outbox failed; what was recorded before stands
     */
    public DispatchReport dispatchPending() {
        requireOpen();
        try {
            return parts.dispatcher().runOnce();
        } catch (IllegalStateException e) {
            throw new ConfigurationException("This kit is closed: its dispatcher delivers nothing more");
        }
    }

    private void requireOpen() {
        if (parts.closed().getAsBoolean()) {
            throw new ConfigurationException("This kit is closed: build a new kit to send notifications (what is in"
                    + " the outbox is delivered by the next kit on the same stores)");
        }
    }

    @Override
    public String toString() {
        return "Notifications[channels=" + parts.channels().channels().keySet() + "]";
    }
}
