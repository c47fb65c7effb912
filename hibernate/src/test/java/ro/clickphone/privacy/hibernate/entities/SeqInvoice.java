package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDate;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.Retained;

/** An invoice with a sequence-generated id (known before the INSERT, so bound into the value; batchable). */
@Entity
@Table(name = "hb_seq_invoice")
@Retained(category = "FINANCIAL", anchor = "invoiceDate")
public class SeqInvoice {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "hb_seq_invoice_seq")
    @SequenceGenerator(name = "hb_seq_invoice_seq", sequenceName = "hb_seq_invoice_seq", allocationSize = 50)
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Encrypted(field = "invoice")
    @Column(name = "details", length = 1024)
    private String details;

    @Column(name = "invoice_date", nullable = false)
    private LocalDate invoiceDate;

    protected SeqInvoice() {
    }

    public SeqInvoice(String customerId, String details, LocalDate invoiceDate) {
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

    @Override
    public String toString() {
        return "SeqInvoice[" + id + "]";
    }
}
