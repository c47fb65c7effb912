package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Which account a subject belongs to. Mapping only. */
@Entity
@Table(name = "cpp_account_member")
public class AccountRow {

    @Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @Column(name = "account_id", length = 64, nullable = false)
    private String account;

    /** For JPA. */
    protected AccountRow() {
    }

    AccountRow(String subject, String account) {
        this.subject = subject;
        this.account = account;
    }

    String account() {
        return account;
    }

    void account(String value) {
        this.account = value;
    }

    @Override
    public String toString() {
        return "AccountRow";
    }
}
