package ro.clickphone.privacy.jpa.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.Retained;

/** A test entity: an invoice, tagged for retention from its date; anonymization keeps amount and date. */
@Entity(name = "Invoice")
@Table(name = "src_invoice")
@Retained(category = "FINANCIAL", anchor = "invoiceDate")
public class Invoice {

    @Id
    @Column(name = "id")
    private Long id;

    @DataSubject
    @Column(name = "customer_id", length = 128, updatable = false)
    private String customerId;

    @Column(name = "billing_name", length = 512)
    private String billingName;

    @NotPersonal
    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    @NotPersonal
    @Column(name = "invoice_date", nullable = false)
    private LocalDate invoiceDate;

    protected Invoice() {
    }

    public Invoice(Long id, String customerId, String billingName, long amountCents, LocalDate invoiceDate) {
        this.id = id;
        this.customerId = customerId;
        this.billingName = billingName;
        this.amountCents = amountCents;
        this.invoiceDate = invoiceDate;
    }

    public Long getId() {
        return id;
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getBillingName() {
        return billingName;
    }

    public long getAmountCents() {
        return amountCents;
    }

    public LocalDate getInvoiceDate() {
        return invoiceDate;
    }
}
