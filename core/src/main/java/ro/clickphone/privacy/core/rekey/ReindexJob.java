package ro.clickphone.privacy.core.rekey;

import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.DeterministicField;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * Moves a blind-index or deterministic column to the current searchable-fields key version after a
 * rotation, in batches through the source that owns the column, resumable from its checkpoint; then
 * retires the old version once no row holds it.
 *
 * <pre>{@code
 * BlindIndexField email = FieldEncryption.blindIndexField(emf, Customer.class, "email");
 * ReindexJob job = ReindexJob.of("reindex:customer.email", FieldEncryption.reindexSource(emf, Customer.class, "email"),
 *         email, JpaStores.jobCheckpoints(emf));
 * RekeyProgress done = job.run();          // after a crash: the same call, on any instance, resumes
 * if (done.remaining().orElseThrow() == 0) {
 *     job.retire(1);                       // refused while any row still holds version 1
 * }
 * }</pre>
 *
 * <p><b>Per row.</b> A blind index: the index is computed from the plaintext the source read (decrypted) and
 * compared with the stored value; a different value (an older version, a value relabelled as the current
 * version, any forged one) is replaced where the column still holds what was read, and an empty column is
 * filled. The form of a value ({@code isCurrent}) is never trusted, as its version tag is not authenticated;
 * a row without a plaintext (unreadable, its subject shredded) cannot be verified and is counted as failed
 * unless its column is empty. A deterministic column: every value is decrypted first (which authenticates its
 * version); one under an older version is encrypted under the current one, one that does not decrypt is
 * counted as failed. A row whose update lost to a writer is read again and retried; a row that cannot be
 * moved (unreadable, a value the index refuses, a damaged ciphertext) is counted as failed and left: it keeps
 * the old version from being retired. A row the policy in force no longer lets be stored is counted as failed
 * rather than stopping the job (unlike {@link ReencryptJob}): an index is derived data, and one such row
 * must not keep every other row of the column from moving.
 *
 * <p><b>Security guarantees:</b> {@link #retire(int)} refuses while any row of the source holds the version,
 * or a value whose version the field cannot read (upper-case hex, say, which a case-insensitive collation may
 * still match), counted by the source at the moment of the call; once retired, look-ups ({@code candidates})
 * stop matching it and deterministic values under it stop decrypting.
 *
 * <p><b>Warning:</b> the retirement holds for the field object on this instance (and its {@code BlindIndex}
 * or {@code DeterministicEncryptor}) until it restarts. To make it durable, record it in the configuration
 * every instance builds its keys from: {@code SearchKeys.withRetiredBlindIndex(entity, field, version)} for a
 * blind-index column, {@code SearchKeys.withRetiredDeterministic(entity, field, version)} for a deterministic
 * one (for JPA fields the entity is the root table's name, e.g. {@code hb_customer}, and the field the
 * attribute's; {@code field.entity()} and {@code field.field()} give them). Without it, an instance that
 * starts again matches the old version again. Every instance must write the new version before the re-index
 * starts: an instance still on the old key writes rows the job may already have passed (the count before a
 * retirement finds them; run the job again after {@link #restart()}). Reveals equality, as the index itself
 * does.
 *
 * <p>Immutable and thread-safe; the state lives in the checkpoint store. Two runs of one job id at once are
 * kept apart by the store: one stops with {@link SequenceConflictException}.
 *
 * @since 0.1.0
 */
public final class ReindexJob {

    private final RekeyEngine engine;
    private final Retirer retirer;

    private ReindexJob(RekeyEngine engine, Retirer retirer) {
        this.engine = engine;
        this.retirer = retirer;
    }

    /** The field behind a job: its version of a stored value, its current version, its retirement. */
    /** What retirement asks of the bound field (blind-index or deterministic): the same three methods on both. */
    private record Retirer(Function<String, OptionalInt> versionOf, IntSupplier current, IntConsumer retiring) {

        OptionalInt versionOf(String stored) {
            return versionOf.apply(stored);
        }

        int currentVersion() {
            return current.getAsInt();
        }

        void retire(int version) {
            retiring.accept(version);
        }
    }

    /**
     * A re-index of a blind-index column. The source's rows carry the plaintext the index is computed from.
     *
     * @param jobId the job's id in the checkpoint store (letters, digits, {@code . _ - :}; no personal data)
     * @param source the column's source
     * @param field the bound field the column's writers compute with (with the hibernate module:
     *     {@code FieldEncryption.blindIndexField})
     * @param checkpoints where the job keeps its checkpoint
     * @return the job, with {@value RekeyEngine#DEFAULT_BATCH_SIZE} rows per batch
     * @throws InvalidInputException if an argument is null or the job id is not well-formed
     */
    public static ReindexJob of(String jobId, RekeySource source, BlindIndexField field, JobCheckpointStore checkpoints) {
        BlindIndexField f = RekeyEngine.notNull(field, "field");
        Rekeyer rekeyer = new Rekeyer() {
            @Override
            public Decision decide(RekeyRow row) {
                if (row.unreadable() || row.plaintext() == null) {
                    // Nothing to recompute the index from, so nothing can verify the stored value either
                    // (its version tag is not authenticated): only an empty column is in order.
                    return row.stored() == null ? Decision.CURRENT : Decision.FAILED;
                }
                String index;
                try {
                    index = f.compute(row.plaintext());
                } catch (InvalidInputException | PolicyViolationException e) {
                    // a value the normalization refuses, a card number, or a field the policy in force no
                    // longer lets be stored: counted, left under its version
                    return Decision.FAILED;
                }
                // Compared with what the current key computes, never judged by its form: a value relabelled
                // as the current version ("v2." + an old value) or any forged one is moved, not skipped.
                return index.equals(row.stored()) ? Decision.CURRENT : Decision.move(index);
            }

            @Override
            public boolean stale(RekeyRow row) {
                return row.stored() != null && !f.isCurrent(row.stored());
            }
        };
        Retirer retirer = new Retirer(f::versionOf, f::currentVersion, f::retire);
        return new ReindexJob(new RekeyEngine(jobId, source, rekeyer, checkpoints, RekeyEngine.DEFAULT_BATCH_SIZE,
                p -> { }), retirer);
    }

    /**
     * A re-index of a deterministic-encryption column: each value under an older version is decrypted and
     * encrypted under the current one. The source's rows need no plaintext.
     *
     * @param jobId the job's id in the checkpoint store
     * @param source the column's source
     * @param field the bound field the column's writers encrypt with
     * @param checkpoints where the job keeps its checkpoint
     * @return the job, with {@value RekeyEngine#DEFAULT_BATCH_SIZE} rows per batch
     * @throws InvalidInputException if an argument is null or the job id is not well-formed
     */
    public static ReindexJob of(String jobId, RekeySource source, DeterministicField field,
            JobCheckpointStore checkpoints) {
        DeterministicField f = RekeyEngine.notNull(field, "field");
        Rekeyer rekeyer = new Rekeyer() {
            @Override
            public Decision decide(RekeyRow row) {
                if (row.stored() == null) {
                    return Decision.CURRENT;
                }
                try {
                    // Decrypted before it is called current: the version in its format byte is only
                    // authenticated by decrypting, so a relabelled or forged value is counted as failed.
                    String plain = f.decrypt(row.stored());
                    return f.isCurrent(row.stored()) ? Decision.CURRENT : Decision.move(f.encrypt(plain));
                } catch (IntegrityException | InvalidInputException | PolicyViolationException e) {
                    return Decision.FAILED; // damaged, another field's, under a retired version, or refused
                }
            }

            @Override
            public boolean stale(RekeyRow row) {
                return row.stored() != null && !f.isCurrent(row.stored());
            }
        };
        Retirer retirer = new Retirer(f::versionOf, f::currentVersion, f::retire);
        return new ReindexJob(new RekeyEngine(jobId, source, rekeyer, checkpoints, RekeyEngine.DEFAULT_BATCH_SIZE,
                p -> { }), retirer);
    }

    /**
     * A copy with another batch size: rows read, and changes committed, per batch.
     *
     * @param rows 1 to {@value RekeyEngine#MAX_BATCH_SIZE}
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public ReindexJob withBatchSize(int rows) {
        return new ReindexJob(engine.withBatchSize(rows), retirer);
    }

    /**
     * A copy that tells a listener the progress after every checkpointed batch (on the running thread).
     *
     * @param listener the listener
     * @return the copy
     * @throws InvalidInputException if {@code listener} is null
     */
    public ReindexJob withProgressListener(Consumer<RekeyProgress> listener) {
        return new ReindexJob(engine.withListener(listener), retirer);
    }

    /**
     * Runs the job's pass to its end, from its checkpoint (from the start when it has none): the same call
     * resumes after a crash, on any instance sharing the checkpoint store. A finished pass returns at once.
     *
     * @return the progress at the end, with the rows still under an old version counted
     * @throws SequenceConflictException if another run of this job saved a checkpoint first (retryable: run
     *     again to resume from it)
     * @throws StoreException if the source or the checkpoint store failed; run again to resume
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if a key cannot be reached (retryable)
     */
    public RekeyProgress run() {
        return engine.run(Long.MAX_VALUE);
    }

    /**
     * Runs at most some batches of the pass, from the checkpoint (to spread the work over time).
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
     * Counts the rows of the source whose value is not of the current version's form (a scan of the column,
     * no decryption).
     *
     * @return how many rows still have to move
     * @throws StoreException if the source failed
     */
    public long remaining() {
        return engine.remaining();
    }

    /**
     * Forgets the checkpoint, so that the next run starts a new pass from the first row (after rows were
     * written under an old version behind the job, or to count afresh).
     *
     * @return whether there was a checkpoint
     * @throws StoreException if the checkpoint store failed
     */
    public boolean restart() {
        return engine.restart();
    }

    /**
     * Retires an old version of the field once no row of the source holds it: look-ups stop matching it,
     * deterministic values under it stop decrypting.
     *
     * @param version the version to retire, older than the current one
     * @throws InvalidInputException if {@code version} is below 1 or not older than the current version
     * @throws ConfigurationException if rows of the source still hold that version (run the job to the end,
     *     and deal with the rows it counted as failed, first); the message gives their number only
     * @throws StoreException if the source failed
     */
    public void retire(int version) {
        int current = retirer.currentVersion();
        if (version < 1 || version >= current) {
            throw new InvalidInputException("version", "must be at least 1 and older than the current version "
                    + current);
        }
        long holding = engine.source().count(row -> {
            if (row.stored() == null) {
                return false;
            }
            OptionalInt v = retirer.versionOf(row.stored());
            // A value of no form the field knows (upper-case hex, say) may still match the version's
            // candidates on a case-insensitive collation: it holds the retirement back too.
            return v.isEmpty() || v.getAsInt() == version;
        });
        if (holding > 0) {
            throw new ConfigurationException(holding + " rows of " + engine.source().name() + " still hold version "
                    + version + " or a value of unknown form: run the re-index to the end (and deal with the rows it"
                    + " counted as failed) before retiring it");
        }
        retirer.retire(version);
    }

    @Override
    public String toString() {
        return "ReindexJob[" + engine.jobId() + " over " + engine.source().name() + ", batch " + engine.batchSize() + "]";
    }
}
