package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.Retained;

/** An invoice: kept for the FINANCIAL category's term from its date, its details encrypted. */
@Entity
@Table(name = "hb_invoice")
@Retained(category = "FINANCIAL", anchor = "invoiceDate")
public class Invoice {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Encrypted(field = "invoice")
    @Column(name = "details", length = 1024)
    private String details;

    @Column(name = "invoice_date", nullable = false)
    private LocalDate invoiceDate;

    protected Invoice() {
    }

    public Invoice(long id, String customerId, String details, LocalDate invoiceDate) {
        this.id = id;
        this.customerId = customerId;
        this.details = details;
        this.invoiceDate = invoiceDate;
    }

    public Long getId() {
        return id;
    }

    public String getDetails() {
        return details;
    }

    public LocalDate getInvoiceDate() {
        return invoiceDate;
    }
}
