package ro.clickphone.privacy.crypto.pseudonym;

/**
 * The pseudonymization techniques, as named in audit entries and key derivation.
 *
 * @since 0.1.0
 */
public enum Technique {
    /** Keyed HMAC-SHA256 tokens: not reversible. */
    KEYED_TOKEN("token"),
    /** FF1 over phone numbers: reversible with the key. */
    FF1_PHONE("ff1-phone"),
    /** Crypto-PAn over IP addresses: reversible with the key. */
    CRYPTO_PAN("crypto-pan"),
    /** Keyed tokens of e-mail local parts and domains: not reversible. */
    EMAIL_TOKEN("email"),
    /** Random tokens with the value kept encrypted in a token vault: reversible through the vault. */
    VAULT("vault");

    private final String label;

    Technique(String label) {
        this.label = label;
    }

    /**
     * The label used in key derivation and audit entries.
     *
     * @return the label, such as {@code ff1-phone}
     */
    public String label() {
        return label;
    }
}
