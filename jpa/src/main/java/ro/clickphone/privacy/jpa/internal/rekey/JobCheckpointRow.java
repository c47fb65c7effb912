package ro.clickphone.privacy.jpa.internal.rekey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The checkpoint of one batch job (table {@code cpp_job_checkpoint}). Mapping only. */
@Entity
@Table(name = "cpp_job_checkpoint")
public class JobCheckpointRow {

    @Id
    @Column(name = "job_id", length = 128, nullable = false, updatable = false)
    private String jobId;

    @Column(name = "seq", nullable = false)
    private long sequence;

    @Column(name = "row_position", length = 256, nullable = false)
    private String position;

    @Column(name = "finished", nullable = false)
    private int finished;

    @Column(name = "scanned", nullable = false)
    private long scanned;

    @Column(name = "moved", nullable = false)
    private long moved;

    @Column(name = "already_current", nullable = false)
    private long alreadyCurrent;

    @Column(name = "changed_by_writer", nullable = false)
    private long changedByWriter;

    @Column(name = "failed", nullable = false)
    private long failed;

    /** For JPA. */
    protected JobCheckpointRow() {
    }

    String jobId() {
        return jobId;
    }

    long sequence() {
        return sequence;
    }

    String position() {
        return position;
    }

    boolean finished() {
        return finished != 0;
    }

    long scanned() {
        return scanned;
    }

    long moved() {
        return moved;
    }

    long alreadyCurrent() {
        return alreadyCurrent;
    }

    long changedByWriter() {
        return changedByWriter;
    }

    long failed() {
        return failed;
    }
}
