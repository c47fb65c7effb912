package ro.clickphone.privacy.crypto;

/**
 * The algorithm a field is encrypted with. Written into every ciphertext, so values encrypted with
 * either still decrypt whatever the field's setting is later.
 *
 * @since 0.1.0
 */
public enum FieldAlgorithm {

    /** AES-256-GCM through the JCE: the fastest; needs unique random nonces. */
    AES_256_GCM((byte) 1),
    /**
     * AES-256-GCM-SIV (RFC 8452) through BouncyCastle: nonce-misuse resistant, for callers who cannot
     * trust their randomness (a repeated nonce then reveals only whether two values are equal);
     * several times slower, being BouncyCastle's software AES.
     */
    AES_256_GCM_SIV((byte) 2);

    private final byte id;

    FieldAlgorithm(byte id) {
        this.id = id;
    }

    /**
     * The algorithm's byte in the ciphertext header.
     *
     * @return 1 or 2
     */
    public byte id() {
        return id;
    }

    static FieldAlgorithm ofId(byte id) {
        for (FieldAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }
}
