package ro.clickphone.privacy.core.internal;

/**
 * The names of the field contexts the kit keeps for itself, written once: the consent ledger
 * encrypts its evidence under them, and the kit's public encryptors refuse the entity, so that the
 * evidence is read only through the ledger's audited call. Not API.
 *
 * @since 0.1.0
 */
public final class KitContexts {

    /** The entity of the consent ledger's evidence ciphertexts; {@code kit.fields()} refuses it. */
    public static final String CONSENT_EVIDENCE_ENTITY = "consent_event";

    /** The field of the consent ledger's evidence ciphertexts. */
    public static final String CONSENT_EVIDENCE_FIELD = "evidence";

    private KitContexts() {
    }
}
