package ro.clickphone.privacy.core.rekey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * checkpoint; then retires the scope's old versions of every subject none of whose values holds them.
 *
 * <pre>{@code
 * FieldContext email = FieldEncryption.fieldContext(emf, Customer.class, "email");
 * ReencryptJob job = ReencryptJob.of("reencrypt:customer.email", FieldEncryption.reencryptSource(emf,
 *         Customer.class, "email"), kit.fields(), email, JpaStores.jobCheckpoints(emf));
 * RekeyProgress done = job.run();          // after a crash: the same call resumes
 * // every other column encrypted in the same scope, re-encrypted by its own job first:
 * RekeySource phone = FieldEncryption.reencryptSource(emf, Customer.class, "phone");
 * ReencryptJob.Retirement r = job.retireAll(kit.keys(), 1, phone); // keeps a subject whose values hold version 1
 * }</pre>
 *
 * <p><b>Per row.</b> Every value is decrypted under the row's subject and context (bound to the row's record
 * id when the source gives one) by {@link FieldEncryptor#reencrypt}: a value already under the subject's
 * current key version and in the context's format is left (its header is trusted only once it decrypted), any
 * other is encrypted under the current version and written where the column still holds what was read. A row
 * whose update lost to a writer is read again and retried. A row that does not decrypt (edited, copied from
 * another row, its header relabelled, its subject's key shredded) is counted as failed and left.
 *
 * <p><b>Security guarantees:</b> {@link #retireAll} keeps a subject's versions while any value of that subject
 * in the sources given holds one at or below the bound (or a header it cannot read); once retired, values
 * under those versions (copies in backups included) no longer decrypt.
 *
 * <p><b>Warning:</b> a subject's data key of a scope encrypts every field of that scope, in every table: the
 * retirement check sees only the sources it is given. Re-encrypt every column of the scope (one job each)
 * and give all of them to {@link #retireAll}. A job stops with the policy's {@link PolicyViolationException}
 * when the policy in force no longer lets the field be stored (such values are erased, not renewed).
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
                    // reencrypt decrypts every value, a current one too, before it says so (returns it as it
                    // is): a header naming the current version is not authenticated until then.
                    String renewed = f.reencrypt(row.subject(), c, row.stored());
                    return renewed.equals(row.stored()) ? Decision.CURRENT : Decision.move(renewed);
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
     * Retires the data key versions of the context's scope up to and including {@code throughVersion}
     * ({@link EnvelopeKeys#retireVersions(SubjectId, ro.clickphone.privacy.spi.KeyScope, int)}) of every
     * subject that has a value in this job's source or in {@code otherColumnsOfTheScope} and holds no value
     * under such a version in any of them. One pass: each source is scanned once ({@link RekeySource#count}),
     * collecting the subjects seen and the subjects that still hold such a version (or a value whose header
     * cannot be read); then the others are retired one by one.
     *
     * <p><b>Warning:</b> a subject's data key of a scope encrypts every field of that scope, in every table.
     * The check sees only the sources given: pass a source for every other column encrypted in the scope (the
     * kit does not know them), or values in a column left out become unreadable for good. A subject with no
     * value in any source given is not retired (it is not seen). Values written after a source was scanned
     * are written under the current version, never under one being retired.
     *
     * @param keys the envelope keys of the job's field encryptor ({@code kit.keys()})
     * @param throughVersion the highest version to retire, at least 1
     * @param otherColumnsOfTheScope the sources of every other column encrypted in the same key scope
     * @return how many subjects were retired, how many key versions deleted, and how many subjects kept their
     *     versions because a value still holds one
     * @throws InvalidInputException if an argument is null or the version below 1
     * @throws ConfigurationException if a source holds a value without a subject (it cannot be told whose
     *     key it needs, so nothing is retired); the message gives their number only
     * @throws StoreException if a source or the key store failed (call again: retiring is idempotent)
     */
    public Retirement retireAll(EnvelopeKeys keys, int throughVersion, RekeySource... otherColumnsOfTheScope) {
        RekeyEngine.notNull(keys, "keys");
        RekeyEngine.notNull(otherColumnsOfTheScope, "otherColumnsOfTheScope");
        if (throughVersion < 1) {
            throw new InvalidInputException("throughVersion", "must be at least 1");
        }
        List<RekeySource> sources = new ArrayList<>();
        sources.add(engine.source());
        for (RekeySource other : otherColumnsOfTheScope) {
            sources.add(RekeyEngine.notNull(other, "otherColumnsOfTheScope[]"));
        }
        Set<SubjectId> seen = new HashSet<>();
        Set<SubjectId> holding = new HashSet<>();
        long withoutSubject = 0;
        for (RekeySource source : sources) {
            withoutSubject += source.count(row -> {
                if (row.stored() == null) {
                    return false;
                }
                if (row.subject() == null) {
                    return true;
                }
                seen.add(row.subject());
                if (holds(row.stored(), throughVersion)) {
                    holding.add(row.subject());
                }
                return false;
            });
        }
        if (withoutSubject > 0) {
            throw new ConfigurationException(withoutSubject + " rows of the sources hold a value without a subject:"
                    + " no data key version of the scope was retired");
        }
        long subjects = 0;
        long deleted = 0;
        for (SubjectId subject : seen) {
            if (holding.contains(subject)) {
                continue;
            }
            try {
                deleted += keys.retireVersions(subject, context.scope(), throughVersion);
                subjects++;
            } catch (KeyDestroyedException e) {
                // shredded: no version of it is left to retire
            }
        }
        return new Retirement(subjects, deleted, holding.size());
    }

    /** Whether a value's header names a version at or below the bound, or cannot be read (then it may). */
    private boolean holds(String stored, int throughVersion) {
        try {
            return fields.keyVersion(stored) <= throughVersion;
        } catch (IntegrityException | InvalidInputException e) {
            return true; // not a header this encryptor reads: its version is unknown, so it holds the retirement
        }
    }

    /**
     * What {@link #retireAll} did.
     *
     * @param subjectsRetired subjects whose versions through the bound are now retired
     * @param keyVersionsDeleted key versions deleted by this call
     * @param subjectsHolding subjects left as they were, because a value of theirs is still under such a
     *     version (or unreadable): re-encrypt, or deal with, those values and call again
     * @since 0.1.0
     */
    public record Retirement(long subjectsRetired, long keyVersionsDeleted, long subjectsHolding) {
    }

    @Override
    public String toString() {
        return "ReencryptJob[" + engine.jobId() + " over " + engine.source().name() + ", batch " + engine.batchSize()
                + "]";
    }
}
