package ro.clickphone.privacy.crypto.internal;

import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The crypto module's own way into {@link FieldEncryptor} for what its public API refuses: values of
 * the reserved entity {@value #TOKEN_VAULT} (the token vault's, read only through
 * {@code VaultTokenizer.reidentify}, authorised and audited) and keyed look-up values (a look-up
 * anyone could compute would be an unaudited dictionary oracle against the vault's rows).
 * {@code FieldEncryptor} installs the door when its class is initialized, so holding an encryptor
 * means the door is there.
 */
public final class ReservedFields {

    /** The entity of token vault values: refused by {@link FieldEncryptor}'s public methods. */
    public static final String TOKEN_VAULT = "token_vault";

    private static volatile Door door;

    private ReservedFields() {
    }

    /** What {@link FieldEncryptor} lends its own module. */
    public interface Door {

        /**
         * Encrypts, whatever the entity.
         *
         * @param fields the encryptor
         * @param subject whose value it is
         * @param context where it lives
         * @param plaintext the value
         * @return the binary ciphertext
         */
        byte[] encrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] plaintext);

        /**
         * Decrypts, whatever the entity.
         *
         * @param fields the encryptor
         * @param subject whose value it is
         * @param context where it lives
         * @param ciphertext the binary ciphertext
         * @return the value
         */
        byte[] decrypt(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] ciphertext);

        /**
         * The keyed look-up value of a subject's value (see the package-private
         * {@code FieldEncryptor.lookup}).
         *
         * @param fields the encryptor
         * @param subject whose value it is
         * @param context where it lives
         * @param value the value
         * @return 32 bytes
         */
        byte[] lookup(FieldEncryptor fields, SubjectId subject, FieldContext context, byte[] value);
    }

    /**
     * Called once, by {@link FieldEncryptor}'s class initializer.
     *
     * @param d the door
     * @throws IllegalStateException if a door is already installed
     */
    public static synchronized void install(Door d) {
        if (door != null) {
            throw new IllegalStateException("The reserved-field door is installed once, by FieldEncryptor");
        }
        door = d;
    }

    /**
     * The door, for an encryptor already made (its class initializer has installed it).
     *
     * @param fields an encryptor, which proves the class was initialized
     * @return the door
     */
    public static Door of(FieldEncryptor fields) {
        java.util.Objects.requireNonNull(fields, "fields");
        return door;
    }
}
