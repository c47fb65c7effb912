package ro.clickphone.privacy.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One named sequence: the last number handed out. A store takes its next number by locking this row in
 * its append's own transaction ({@link Counters#next}), so number n+1 cannot commit before n does — which
 * database sequences do not promise and a change feed read by "everything after n" needs.
 */
@Entity
@Table(name = "cpp_counter")
public class Counter {

    @Id
    @Column(name = "name", length = 64, nullable = false)
    private String name;

    @Column(name = "last_value", nullable = false)
    private long lastValue;

    /** For JPA. */
    protected Counter() {
    }
}
