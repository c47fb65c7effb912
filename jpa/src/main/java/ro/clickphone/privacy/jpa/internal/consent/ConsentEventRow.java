package ro.clickphone.privacy.jpa.internal.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One consent event in the stored form the ledger hands the store: the subject (and a subject or delegate
 * actor) as its keyed reference, the personal evidence as ciphertext, the seal; every component verbatim,
 * the instants exactly (they are sealed), enums as plain names parsed by the store (so an edited row
 * surfaces as the SPI's validation error). The actor's roles and accounts are rows of their own.
 */
@Entity
@Table(name = "cpp_consent_event")
public class ConsentEventRow {

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Column(name = "event_id", length = 35, nullable = false, unique = true)
    private String eventId;

    @Column(name = "subject_ref", length = 128, nullable = false)
    private String subject;

    @Column(name = "event_type", length = 16, nullable = false)
    private String type;

    @Column(name = "purpose", length = 64)
    private String purpose;

    @Convert(converter = EpochNanos.class)
    @Column(name = "effective_at", nullable = false)
    private Instant effectiveAt;

    @Convert(converter = EpochNanos.class)
    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    @Column(name = "policy_version", length = 32, nullable = false)
    private String policyVersion;

    @Column(name = "channel", length = 16, nullable = false)
    private String channel;

    @Column(name = "actor_kind", length = 16, nullable = false)
    private String actorKind;

    @Column(name = "actor_id", length = 128, nullable = false)
    private String actorId;

    @Column(name = "actor_recipient", length = 64)
    private String actorRecipient;

    @Column(name = "actor_legal_request", length = 64)
    private String actorLegalRequest;

    @Column(name = "evidence_network", length = 64)
    private String network;

    @Column(name = "evidence_user_agent", length = 512)
    private String userAgent;

    @Column(name = "evidence_form_id", length = 128)
    private String formId;

    @Column(name = "evidence_reference", length = 128)
    private String reference;

    @Column(name = "evidence_encrypted", length = 8192)
    private String encrypted;

    @Column(name = "evidence_explicit", nullable = false)
    private int explicit;

    @Column(name = "seal", length = 256, nullable = false)
    private String seal;

    /** For JPA. */
    protected ConsentEventRow() {
    }

    ConsentEventRow(long sequence, String eventId, String subject, String type, String purpose, Instant effectiveAt,
            Instant recordedAt, String policyVersion, String channel, String actorKind, String actorId,
            String actorRecipient, String actorLegalRequest, String network, String userAgent, String formId,
            String reference, String encrypted, int explicit, String seal) {
        this.sequence = sequence;
        this.eventId = eventId;
        this.subject = subject;
        this.type = type;
        this.purpose = purpose;
        this.effectiveAt = effectiveAt;
        this.recordedAt = recordedAt;
        this.policyVersion = policyVersion;
        this.channel = channel;
        this.actorKind = actorKind;
        this.actorId = actorId;
        this.actorRecipient = actorRecipient;
        this.actorLegalRequest = actorLegalRequest;
        this.network = network;
        this.userAgent = userAgent;
        this.formId = formId;
        this.reference = reference;
        this.encrypted = encrypted;
        this.explicit = explicit;
        this.seal = seal;
    }

    long sequence() {
        return sequence;
    }

    String eventId() {
        return eventId;
    }

    String subject() {
        return subject;
    }

    String type() {
        return type;
    }

    String purpose() {
        return purpose;
    }

    Instant effectiveAt() {
        return effectiveAt;
    }

    Instant recordedAt() {
        return recordedAt;
    }

    String policyVersion() {
        return policyVersion;
    }

    String channel() {
        return channel;
    }

    String actorKind() {
        return actorKind;
    }

    String actorId() {
        return actorId;
    }

    String actorRecipient() {
        return actorRecipient;
    }

    String actorLegalRequest() {
        return actorLegalRequest;
    }

    String network() {
        return network;
    }

    String userAgent() {
        return userAgent;
    }

    String formId() {
        return formId;
    }

    String reference() {
        return reference;
    }

    String encrypted() {
        return encrypted;
    }

    int explicit() {
        return explicit;
    }

    String seal() {
        return seal;
    }
}
