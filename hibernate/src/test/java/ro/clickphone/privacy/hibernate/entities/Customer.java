package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.PersonalDataCategory;

/** A customer whose UPDATEs write every column. */
@Entity
@PersonalDataCategory(category = "CONTACT")
@Table(name = "hb_customer")
public class Customer extends CustomerBase {

    protected Customer() {
    }

    public Customer(long id, String customerId, String email) {
        super(id, customerId, email);
    }
}
