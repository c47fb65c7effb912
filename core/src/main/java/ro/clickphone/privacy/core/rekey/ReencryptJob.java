package ro.clickphone.privacy.core.rekey;

import java.util.function.Consumer;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * Re-encrypts a field's column under each subject's current data key version ({@link
 * FieldEncryptor#reencrypt}, value by value) in batches through the source that owns it, resumable from its
 * checkpoint; then retires a subject's old versions once no row of the source holds them.
 *
 * <pre>{@code
 * FieldContext email = FieldEncryption.fieldContext(emf, Customer.class, "email");
 * ReencryptJob job = ReencryptJob.of("reencrypt:customer.email", FieldEncryption.reencryptSource(emf,
 *         Customer.class, "email"), kit.fields(), email, JpaStores.jobCheckpoints(emf));
 * RekeyProgress done = job.run();          // after a crash: the same call resumes
 * job.retire(kit.keys(), subject, 1);      // refused while a row of the subject is still under version 1
 * }</pre>
 *
 * <p><b>Per row.</b> A value whose header names the subject's current key version (and the context's format)
 * is left; any other is decrypted under the row's subject and context (bound to the row's record id when the
 * source gives one) and encrypted under the current version, written where the column still holds what was
 * read. A row whose update lost to a writer is read again and retried. A row that does not decrypt (edited,
 * copied from another row, its subject's key shredded) is counted as failed and left.
 *
 * <p><b>Security guarantees:</b> {@link #retire} refuses while any row of the source of that subject holds
 * a version at or below the one to retire; once retired, values under those versions (copies in backups
 * included) no longer decrypt.
 *
 * <p><b>Warning:</b> a subject's data key of a scope encrypts every field of that scope, in every table: the
 * retirement check sees this job's source only. Re-encrypt every column of the scope (one job each, the
 * others checked with their own {@link #remaining()}) before retiring. A job stops with the policy's {@link
 * PolicyViolationException} when the policy in force no longer lets the field be stored (such values are
 * erased, not renewed).
 *
 * <p>Immutable and thread-safe; the state lives in the checkpoint store. Two runs of one job id at once are
 * kept apart by the store: one stops with {@link SequenceConflictException}.
 *
 * @since 0.1.0
 */
public final class ReencryptJob {

    private final RekeyEngine engine;
    private final FieldEncryptor fields;
    private final FieldContext context;

    private ReencryptJob(RekeyEngine engine, FieldEncryptor fields, FieldContext context) {
        this.engine = engine;
        this.fields = fields;
        this.context = context;
    }

    /**
     * A re-encryption of a field's column. The source's rows carry the subject (and record id) of each
     * ciphertext.
     *
     * @param jobId the job's id in the checkpoint store (letters, digits, {@code . _ - :}; no personal data)
     * @param source the column's source
     * @param fields the field encryptor the column's writers use ({@code kit.fields()})
     * @param context the field's context without a record id (each row's record id is bound in)
     * @param checkpoints where the job keeps its checkpoint
     * @return the job, with {@value RekeyEngine#DEFAULT_BATCH_SIZE} rows per batch
     * @throws InvalidInputException if an argument is null or the job id is not well-formed
     */
    public static ReencryptJob of(String jobId, RekeySource source, FieldEncryptor fields, FieldContext context,
            JobCheckpointStore checkpoints) {
        FieldEncryptor f = RekeyEngine.notNull(fields, "fields");
        FieldContext base = RekeyEngine.notNull(context, "context");
        Rekeyer rekeyer = new Rekeyer() {
            @Override
            public Decision decide(RekeyRow row) {
                if (row.stored() == null) {
                    return Decision.CURRENT;
                }
                if (row.subject() == null) {
                    return Decision.FAILED;
                }
                FieldContext c = contextOf(base, row);
                try {
                    if (f.isCurrent(row.subject(), c, row.stored())) {
                        return Decision.CURRENT;
                    }
                    return Decision.move(f.reencrypt(row.subject(), c, row.stored()));
                } catch (IntegrityException | KeyDestroyedException | InvalidInputException e) {
                    return Decision.FAILED;
                }
            }

            @Override
            public boolean stale(RekeyRow row) {
                if (row.stored() == null) {
                    return false;
                }
                if (row.subject() == null) {
                    return true;
                }
                try {
                    return !f.isCurrent(row.subject(), contextOf(base, row), row.stored());
                } catch (IntegrityException | InvalidInputException e) {
                    return true; // not a value the job can move: it still holds whatever it holds
                } catch (KeyDestroyedException e) {
                    return false; // shredded: no version of it is left to retire
                }
            }
        };
        return new ReencryptJob(new RekeyEngine(jobId, source, rekeyer, checkpoints, RekeyEngine.DEFAULT_BATCH_SIZE,
                p -> { }), f, base);
    }

    private static FieldContext contextOf(FieldContext base, RekeyRow row) {
        return row.recordId() == null ? base : base.withRecordId(row.recordId());
    }

    /**
     * A copy with another batch size: rows read, and changes committed, per batch.
     *
     * @param rows 1 to {@value RekeyEngine#MAX_BATCH_SIZE}
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public ReencryptJob withBatchSize(int rows) {
        return new ReencryptJob(engine.withBatchSize(rows), fields, context);
    }

    /**
     * A copy that tells a listener the progress after every checkpointed batch (on the running thread).
     *
     * @param listener the listener
     * @return the copy
     * @throws InvalidInputException if {@code listener} is null
     */
    public ReencryptJob withProgressListener(Consumer<RekeyProgress> listener) {
        return new ReencryptJob(engine.withListener(listener), fields, context);
    }

    /**
     * Runs the job's pass to its end, from its checkpoint (from the start when it has none): the same call
     * resumes after a crash, on any instance sharing the checkpoint store. A finished pass returns at once.
     *
     * @return the progress at the end, with the rows still under an old version counted
     * @throws SequenceConflictException if another run of this job saved a checkpoint first (retryable)
     * @throws StoreException if the source or the checkpoint store failed; run again to resume
     * @throws PolicyViolationException if the policy in force no longer lets the field be stored
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if a key cannot be reached (retryable)
     */
    public RekeyProgress run() {
        return engine.run(Long.MAX_VALUE);
    }

    /**
     * Runs at most some batches of the pass, from the checkpoint.
     *
     * @param maxBatches at least 1
     * @return the progress after them; {@code remaining} counted only if the pass finished
     * @throws InvalidInputException if {@code maxBatches} is below 1
     * @throws SequenceConflictException as {@link #run()}
     * @throws StoreException as {@link #run()}
     */
    public RekeyProgress runBatches(long maxBatches) {
        return engine.run(maxBatches);
    }

    /**
     * The progress as the checkpoint store holds it, without running or counting.
     *
     * @return the progress ({@code remaining} empty)
     * @throws StoreException if the checkpoint store failed
     */
    public RekeyProgress progress() {
        return engine.progress();
    }

    /**
     * Counts the rows of the source whose value is not under its subject's current key version (a scan of the
     * column's headers, no decryption).
     *
     * @return how many rows still have to move
     * @throws StoreException if the source failed
     */
    public long remaining() {
        return engine.remaining();
    }

    /**
     * Forgets the checkpoint, so that the next run starts a new pass from the first row.
     *
     * @return whether there was a checkpoint
     * @throws StoreException if the checkpoint store failed
     */
    public boolean restart() {
        return engine.restart();
    }

    /**
     * Retires a subject's data key versions of the context's scope up to and including {@code throughVersion}
     * ({@link EnvelopeKeys#retireVersions(SubjectId, ro.clickphone.privacy.spi.KeyScope, int)}), once no row of
     * the source of that subject holds one of them.
     *
     * @param keys the envelope keys of {@code fields} ({@code kit.keys()})
     * @param subject the subject
     * @param throughVersion the highest version to retire, at least 1
     * @return how many key versions were deleted
     * @throws InvalidInputException if an argument is null or the version below 1
     * @throws ConfigurationException if rows of the subject still hold such a version (the message gives their
     *     number only)
     * @throws StoreException if the source or the key store failed
     */
    public int retire(EnvelopeKeys keys, SubjectId subject, int throughVersion) {
        RekeyEngine.notNull(keys, "keys");
        RekeyEngine.notNull(subject, "subject");
        if (throughVersion < 1) {
            throw new InvalidInputException("throughVersion", "must be at least 1");
        }
        long holding = engine.source().count(row -> {
            if (row.stored() == null || !subject.equals(row.subject())) {
                return false;
            }
            try {
                return fields.keyVersion(row.stored()) <= throughVersion;
            } catch (IntegrityException | InvalidInputException e) {
                return false; // not a field ciphertext: under no key version
            }
        });
        if (holding > 0) {
            throw new ConfigurationException(holding + " rows of " + engine.source().name() + " still hold a data key"
                    + " version at or below " + throughVersion + " of this subject: re-encrypt them first");
        }
        return keys.retireVersions(subject, context.scope(), throughVersion);
    }

    @Override
    public String toString() {
        return "ReencryptJob[" + engine.jobId() + " over " + engine.source().name() + ", batch " + engine.batchSize()
                + "]";
    }
}
