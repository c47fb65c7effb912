package ro.clickphone.privacy.core.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.AttachmentSource;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * Prepares a claimed outbox message for its channel, at delivery time: the address from the
 * {@link ContactDirectory} as it is now (a subject who changed their address is written to at the
 * new one), the unsealed text, and the attachments, each checked to exist and to open under the
 * subject's key now, then opened again — and decrypted — only while the channel reads it.
 *
 * <p>Failures are {@link DeliveryProblem}s with a code and no personal data: permanent for
 * {@code no-address}, {@code key-destroyed}, {@code content-integrity}, {@code attachment-gone},
 * {@code attachment-integrity}, {@code attachment-refused} (the policy no longer lets its field be read)
 * and {@code attachment-undeclared}; transient for an unavailable
 * directory, key or attachment ({@code contacts-unavailable}, {@code key-unavailable},
 * {@code attachment-unavailable}) and an attachment source the kit does not have
 * ({@code attachment-source-unknown}: the kit may be started again with it).
 *
 * <p>Thread-safe.
 */
public final class KitMessageOpener implements MessageOpener {

    private final ContactDirectory contacts;
    private final Sealer sealer;
    private final Map<String, AttachmentSource> sources;
    private final Supplier<StreamEncryptor> streams;
    private final Supplier<Policy> policy;

    /**
     * An opener.
     *
     * @param contacts the contact directory
     * @param sealer opens the sealed text
     * @param sources the attachment sources by id
     * @param streams decrypts stream-encrypted attachments (the kit's own, under its policy guard)
     * @param policy the policy in force, for the key scope of an attachment's category
     */
    public KitMessageOpener(ContactDirectory contacts, Sealer sealer, Map<String, AttachmentSource> sources,
            Supplier<StreamEncryptor> streams, Supplier<Policy> policy) {
        this.contacts = contacts;
        this.sealer = sealer;
        this.sources = Map.copyOf(sources);
        this.streams = streams;
        this.policy = policy;
    }

    @Override
    public OutboundMessage open(OutboxMessage message) {
        SubjectId subject = message.subject();
        Optional<SubjectContacts> found;
        try {
            found = contacts.find(subject);
        } catch (StoreException e) {
            throw new DeliveryProblem(false, "contacts-unavailable");
        }
        String to = found.flatMap(c -> c.address(message.medium())).orElseThrow(
                () -> new DeliveryProblem(true, "no-address"));
        RenderedMessage text = unseal(message);
        List<Attachment> attachments = new ArrayList<>();
        for (AttachmentRef ref : message.attachments()) {
            attachments.add(attachment(subject, ref));
        }
        return new OutboundMessage(message.id(), message.medium(), text.from(), to, text.language(), text.subjectLine(),
                text.body(), attachments);
    }

    private RenderedMessage unseal(OutboxMessage message) {
        String sealed = message.content().orElseThrow(() -> new DeliveryProblem(true, "no-content"));
        try {
            return sealer.unseal(message.subject(), message.id(), sealed);
        } catch (KeyDestroyedException e) {
            throw new DeliveryProblem(true, "key-destroyed");
        } catch (KeyUnavailableException e) {
            throw new DeliveryProblem(!e.isRetryable(), "key-unavailable");
        } catch (IntegrityException e) {
            throw new DeliveryProblem(true, "content-integrity");
        } catch (StoreException e) {
            throw new DeliveryProblem(!e.isRetryable(), "keys-unavailable");
        }
    }

    /**
     * Checks that the attachment exists and opens under the subject's key now, then gives the channel
     * an attachment that opens it again as it reads.
     */
    private Attachment attachment(SubjectId subject, AttachmentRef ref) {
        AttachmentSource source = sources.get(ref.source());
        if (source == null) {
            throw new DeliveryProblem(false, "attachment-source-unknown");
        }
        Optional<FieldContext> context = ref.encryptedAs().map(as -> {
            Policy now = policy.get();
            if (!now.declares(as.category())) {
                throw new DeliveryProblem(true, "attachment-undeclared");
            }
            KeyScope scope = now.keyScopeOf(as.category())
                    .orElseThrow(() -> new DeliveryProblem(true, "attachment-undeclared"));
            try {
                return FieldContext.of(as.entity(), as.field(), scope);
            } catch (InvalidInputException e) {
                throw new DeliveryProblem(true, "attachment-undeclared");
            }
        });
        Attachment.Content content = () -> {
            Optional<InputStream> raw = source.open(subject, ref.id());
            if (raw.isEmpty()) {
                throw new AttachmentGone();
            }
            return context.isEmpty() ? raw.get() : streams.get().decrypt(subject, context.get(), raw.get());
        };
        probe(content);
        return new Attachment(ref.fileName(), ref.contentType(), content);
    }

    /** Opens the attachment once and reads its first byte, so a gone or undecryptable one fails now. */
    private static void probe(Attachment.Content content) {
        try (InputStream in = content.open()) {
            in.read();
        } catch (AttachmentGone e) {
            throw new DeliveryProblem(true, "attachment-gone");
        } catch (KeyDestroyedException e) {
            throw new DeliveryProblem(true, "key-destroyed");
        } catch (KeyUnavailableException e) {
            throw new DeliveryProblem(!e.isRetryable(), "key-unavailable");
        } catch (IntegrityException e) {
            throw new DeliveryProblem(true, "attachment-integrity");
        } catch (PolicyViolationException e) {
            throw new DeliveryProblem(true, "attachment-refused");
        } catch (IOException e) {
            throw new DeliveryProblem(e.getCause() instanceof IntegrityException, e.getCause() instanceof IntegrityException
                    ? "attachment-integrity" : "attachment-unavailable");
        } catch (StoreException e) {
            throw new DeliveryProblem(!e.isRetryable(), "attachment-unavailable");
        }
    }

    /** An attachment its source no longer has: what the channel reads as an {@link IOException}. */
    private static final class AttachmentGone extends IOException {
        private static final long serialVersionUID = 1L;

        AttachmentGone() {
            super("The attachment no longer exists");
        }
    }

    @Override
    public String toString() {
        return "KitMessageOpener[sources=" + sources.keySet() + "]";
    }
}
