package ro.clickphone.privacy.jpa.internal.vault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One token-vault mapping: (context, token) is the key, (context, look-up value) is unique, and the value
 * is the ciphertext the vault was given (it never sees the value in clear). Mapping only.
 */
@Entity
@Table(name = "cpp_vault_entry")
@IdClass(VaultRow.Id.class)
public class VaultRow {

    /** The largest ciphertext kept, in bytes. */
    static final int MAX_CIPHERTEXT = 1_000_000;

    @jakarta.persistence.Id
    @Column(name = "vault_context", length = 64, nullable = false, updatable = false)
    private String context;

    @jakarta.persistence.Id
    @Column(name = "token", length = 128, nullable = false, updatable = false)
    private String token;

    @Column(name = "lookup_value", length = 128, nullable = false, updatable = false)
    private String lookup;

    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @Column(name = "ciphertext", length = MAX_CIPHERTEXT, nullable = false, updatable = false)
    private byte[] ciphertext;

    /** For JPA. */
    protected VaultRow() {
    }

    VaultRow(String context, String token, String lookup, String subject, byte[] ciphertext) {
        this.context = context;
        this.token = token;
        this.lookup = lookup;
        this.subject = subject;
        this.ciphertext = ciphertext;
    }

    String context() {
        return context;
    }

    String token() {
        return token;
    }

    String lookup() {
        return lookup;
    }

    String subject() {
        return subject;
    }

    byte[] ciphertext() {
        return ciphertext;
    }

    /** The primary key. */
    public static final class Id implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private String context;
        private String token;

        /** For JPA. */
        public Id() {
        }

        Id(String context, String token) {
            this.context = context;
            this.token = token;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && context.equals(id.context) && token.equals(id.token);
        }

        @Override
        public int hashCode() {
            return context.hashCode() * 31 + token.hashCode();
        }

        @Override
        public String toString() {
            return "VaultRow.Id[" + context + "]";
        }
    }

    @Override
    public String toString() {
        return "VaultRow[" + context + ", " + ciphertext.length + " bytes]";
    }
}
