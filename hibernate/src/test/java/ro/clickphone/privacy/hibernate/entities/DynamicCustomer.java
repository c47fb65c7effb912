package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import ro.clickphone.privacy.jpa.PersonalDataCategory;

/** A customer whose UPDATEs write only the changed columns. */
@Entity
@PersonalDataCategory(category = "CONTACT")
@Table(name = "hb_dyn_customer")
@DynamicUpdate
public class DynamicCustomer extends CustomerBase {

    protected DynamicCustomer() {
    }

    public DynamicCustomer(long id, String customerId, String email) {
        super(id, customerId, email);
    }
}
