package ro.clickphone.privacy.spark.internal;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The Dataset API's work on one partition: the spec's pseudonymizer (unwrapped once per executor
 * JVM), a job with a pseudonym memo if one was asked for (emptied when the task ends), and every
 * row through {@link CdrRows}. Serialized with the spec, the input's column positions and the memo
 * bound: no key byte.
 */
public final class PseudonymizePartitions extends SpecBound implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final int WIDTH = CdrColumns.OUTPUT_NAMES.size();

    private final int[] positions;
    private final int pseudonymMemo;
    private final JobObserver opened;

    /**
     * The function of a spec over an input schema.
     *
     * @param spec the spec
     * @param positions per {@link CdrRows#INPUT_COLUMNS}, its position in the input rows or -1
     * @param pseudonymMemo the memo bound per number technique, 0 for none
     */
    public PseudonymizePartitions(PseudonymizationSpec spec, int[] positions, int pseudonymMemo) {
        this(spec, positions, pseudonymMemo, null);
    }

    /**
     * The function, telling a test of every job it opens (to see that each memo is emptied when its task
     * ends). Spark ships the observer with the function and runs a deserialized copy: it must report to
     * something static, such as a static method of the test.
     */
    PseudonymizePartitions(PseudonymizationSpec spec, int[] positions, int pseudonymMemo, JobObserver opened) {
        super(spec);
        if (positions == null || positions.length != CdrRows.INPUT_COLUMNS.size()) {
            throw new InvalidInputException("positions", "must give a position per input column");
        }
        this.positions = positions.clone();
        this.pseudonymMemo = pseudonymMemo;
        this.opened = opened;
    }

    /**
     * Pseudonymizes a partition, lazily, row by row.
     *
     * @param rows the partition's input rows
     * @return its output rows, one per input row, in order
     */
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        CdrPseudonymizer pseudonymizer = pseudonymizer();
        CdrJob job = pseudonymMemo > 0 ? pseudonymizer.job(pseudonymMemo) : null;
        if (job != null) {
            if (opened != null) {
                opened.accept(job);
            }
            TaskContext task = TaskContext.get();
            if (task != null) {
                // a task that fails or is killed half-way empties its memo too
                task.addTaskCompletionListener((TaskCompletionListener) context -> job.close());
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && job != null) {
                    job.close();
                }
                return more;
            }

            @Override
            public Row next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                return row(pseudonymizer, job, rows.next());
            }
        };
    }

    private Row row(CdrPseudonymizer pseudonymizer, CdrJob job, Row in) {
        String[] cells = new String[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int at = positions[i];
            cells[i] = at < 0 || in.isNullAt(at) ? null : in.getString(at);
        }
        Object[] out = new Object[WIDTH];
        try {
            String[] pseudonymized = job != null ? CdrRows.pseudonymize(job, cells)
                    : CdrRows.pseudonymize(pseudonymizer, cells);
            for (int i = 0; i < pseudonymized.length; i++) {
                out[i] = pseudonymized[i].isEmpty() ? null : pseudonymized[i];
            }
        } catch (RuntimeException e) {
            CdrRejection rejection = CdrRows.rejection(e);
            // a rejected row keeps its id only when it is one, to trace it; never another cell
            out[0] = CallDetailRecord.isRecordId(cells[0]) ? cells[0] : null;
            out[WIDTH - 2] = rejection.column();
            out[WIDTH - 1] = rejection.rule();
        }
        return RowFactory.create(out);
    }

    /** What the observer seam of the package-private constructor takes: Spark ships it with the function. */
    interface JobObserver extends Consumer<CdrJob>, Serializable {
    }
}
