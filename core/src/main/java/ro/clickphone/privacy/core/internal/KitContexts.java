package ro.clickphone.privacy.core.internal;

/**
 * The names of the field contexts the kit keeps for itself, written once: the consent ledger
 * encrypts its evidence under them, the notifications seal the outbox's messages under theirs, and
 * the kit's public encryptors refuse both entities, so that the evidence is read only through the
 * ledger's audited call and a sealed message only by the kit's dispatcher. Not API.
 *
 * @since 0.1.0
 */
public final class KitContexts {

    /** The entity of the consent ledger's evidence ciphertexts; {@code kit.fields()} refuses it. */
    public static final String CONSENT_EVIDENCE_ENTITY = "consent_event";

    /** The field of the consent ledger's evidence ciphertexts. */
    public static final String CONSENT_EVIDENCE_FIELD = "evidence";

    /**
     * The id of the data category whose key scope the consent ledger encrypts its personal evidence
     * (network, user agent) under: an erasure that destroys the subject's key of that scope shreds the
     * evidence, and no sealed event is rewritten. The consent ledger and the eraser both read it here.
     */
    public static final String CONSENT_EVIDENCE_CATEGORY = "NETWORK";

    /**
     * The entity of the outbox's sealed messages; {@code kit.fields()} and {@code kit.streams()} refuse it,
     * and only the notifications' own encryptor takes it.
     */
    public static final String NOTIFICATION_ENTITY = "notification_outbox";

    /** The field of the outbox's sealed messages (language, sender, subject line and body). */
    public static final String NOTIFICATION_FIELD = "content";

    /**
     * The key scope a sealed message is encrypted under: the subject's contact data's, so that the
     * erasure that shreds a subject's profile leaves none of their queued messages readable.
     */
    public static final String NOTIFICATION_SCOPE = "profile";

    private KitContexts() {
    }
}
