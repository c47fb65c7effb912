package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity without any annotation of the SDK: field encryption leaves it alone. */
@Entity
@Table(name = "hb_plain_note")
public class PlainNote {

    @Id
    private Long id;

    @Column(name = "body", length = 200)
    private String body;

    protected PlainNote() {
    }

    public PlainNote(long id, String body) {
        this.id = id;
        this.body = body;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
