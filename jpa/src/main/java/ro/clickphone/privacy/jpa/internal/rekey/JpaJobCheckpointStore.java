package ro.clickphone.privacy.jpa.internal.rekey;

import java.util.Optional;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;

/**
 * The checkpoints of batch jobs in {@code cpp_job_checkpoint}, one row per job. The first checkpoint of a
 * pass goes in through a savepoint ({@link ConditionalInsert}: of two runs inserting at once, the database
 * lets one in and tells the other); every later one is an {@code UPDATE ... WHERE seq = previous}, which the
 * database applies to at most one of two runs saving the same sequence. Every operation commits on its own,
 * even inside a caller's transaction: a checkpoint says that a batch the source committed is done, and must
 * not be rolled back with unrelated work.
 */
public final class JpaJobCheckpointStore implements JobCheckpointStore {

    private static final String INSERT = "INSERT INTO cpp_job_checkpoint (job_id, seq, row_position, finished,"
            + " scanned, moved, already_current, changed_by_writer, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JpaContext jpa;

    /**
     * The store.
     *
     * @param jpa the context (its caller's transaction is never joined)
     */
    public JpaJobCheckpointStore(JpaContext jpa) {
        this.jpa = jpa;
    }

    @Override
    public Optional<JobCheckpoint> find(String jobId) {
        JobCheckpoint.checkJobId(jobId);
        return jpa.inOwnTransaction("read a job checkpoint", em -> {
            JobCheckpointRow row = em.find(JobCheckpointRow.class, jobId);
            if (row == null) {
                return Optional.empty();
            }
            em.detach(row);
            return Optional.of(new JobCheckpoint(row.jobId(), row.sequence(), row.position(), row.finished(),
                    row.scanned(), row.moved(), row.alreadyCurrent(), row.changedByWriter(), row.failed()));
        });
    }

    @Override
    public boolean save(JobCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        if (checkpoint.sequence() < 1) {
            throw new InvalidInputException("checkpoint.sequence", "must be at least 1 to be saved");
        }
        JobCheckpoint c = checkpoint;
        return jpa.inOwnTransaction("save a job checkpoint", em -> {
            if (c.sequence() == 1) {
                return ConditionalInsert.insert(em, INSERT, Param.text(c.jobId()), Param.number(c.sequence()),
                        Param.text(c.position()), Param.integer(c.finished() ? 1 : 0), Param.number(c.scanned()),
                        Param.number(c.moved()), Param.number(c.alreadyCurrent()), Param.number(c.changedByWriter()),
                        Param.number(c.failed()));
            }
            return em.createQuery("update JobCheckpointRow r set r.sequence = :seq, r.position = :position,"
                    + " r.finished = :finished, r.scanned = :scanned, r.moved = :moved, r.alreadyCurrent = :current,"
                    + " r.changedByWriter = :changed, r.failed = :failed where r.jobId = :job and r.sequence = :previous")
                    .setParameter("seq", c.sequence())
                    .setParameter("position", c.position())
                    .setParameter("finished", c.finished() ? 1 : 0)
                    .setParameter("scanned", c.scanned())
                    .setParameter("moved", c.moved())
                    .setParameter("current", c.alreadyCurrent())
                    .setParameter("changed", c.changedByWriter())
                    .setParameter("failed", c.failed())
                    .setParameter("job", c.jobId())
                    .setParameter("previous", c.sequence() - 1)
                    .executeUpdate() == 1;
        });
    }

    @Override
    public boolean delete(String jobId) {
        JobCheckpoint.checkJobId(jobId);
        return jpa.inOwnTransaction("delete a job checkpoint", em -> em.createQuery(
                "delete from JobCheckpointRow r where r.jobId = :job").setParameter("job", jobId).executeUpdate() == 1);
    }

    @Override
    public String toString() {
        return "JpaJobCheckpointStore[" + jpa + "]";
    }
}
