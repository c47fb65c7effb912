package ro.clickphone.privacy.examples.day;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;

/**
 * An invoice (FINANCIAL): its details encrypted under the subject's fiscal key, tagged for retention on
 * insert: ten years from the end of the financial year of its date (Ordinul MFP nr. 2634/2015).
 */
@Entity(name = "DayInvoice")
@Table(name = "day_invoice")
@PersonalDataCategory(category = "FINANCIAL")
@Retained(category = "FINANCIAL", anchor = "invoiceDate")
public class Invoice {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", updatable = false, length = 128)
    private String customerId;

    @Encrypted(field = "invoice")
    @Column(name = "details", length = 1024)
    private String details;

    @NotPersonal
    @Column(name = "amount_bani")
    private Long amountBani;

    @Column(name = "invoice_date")
    private LocalDate invoiceDate;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected Invoice() {
    }

    /**
     * A new invoice.
     *
     * @param id the row id
     * @param customerId the subject id
     * @param details what the invoice says
     * @param amountBani its amount in bani
     * @param invoiceDate its date
     */
    public Invoice(long id, String customerId, String details, long amountBani, LocalDate invoiceDate) {
        this.id = id;
        this.customerId = customerId;
        this.details = details;
        this.amountBani = amountBani;
        this.invoiceDate = invoiceDate;
    }

    /**
     * The row id.
     *
     * @return the id
     */
    public Long getId() {
        return id;
    }

    /**
     * The details, decrypted.
     *
     * @return the details
     */
    public String getDetails() {
        return details;
    }

    /**
     * The amount.
     *
     * @return bani
     */
    public Long getAmountBani() {
        return amountBani;
    }

    /**
     * The invoice's date.
     *
     * @return the date
     */
    public LocalDate getInvoiceDate() {
        return invoiceDate;
    }

    /** Names the row by id only: no personal data. */
    @Override
    public String toString() {
        return "Invoice[" + id + "]";
    }
}
