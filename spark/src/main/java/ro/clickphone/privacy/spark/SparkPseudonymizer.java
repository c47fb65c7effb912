package ro.clickphone.privacy.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.spark.internal.CdrColumns;
import ro.clickphone.privacy.spark.internal.GeneralizeTime;
import ro.clickphone.privacy.spark.internal.PseudoIp;
import ro.clickphone.privacy.spark.internal.PseudoPhone;
import ro.clickphone.privacy.spark.internal.PseudonymizePartitions;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The CDR pseudonymizer on Apache Spark: SQL functions and a Dataset API, both built on the workers
 * from a {@link PseudonymizationSpec} alone.
 *
 * <p><b>Dataset API.</b> A {@code Dataset<Row>} of CDRs whose columns are string columns named from
 * {@link CdrRows#INPUT_COLUMNS} (any order; {@code record_id, type, direction, caller} and
 * {@code start} required, the rest optional, no other column) becomes a {@code Dataset<Row>} of
 * {@link #outputSchema()}: {@link CdrRows#OUTPUT_COLUMNS} and the two rejection columns
 * {@value #REJECTED_COLUMN} and {@value #REJECTED_RULE}. A row is pseudonymized exactly as the
 * single-JVM {@code CdrCsv} path does it; an absent or dropped field is {@code NULL}. A row that
 * breaks a rule is kept, not dropped, with the column at fault and the rule it broke and every
 * output column {@code NULL} except its {@code record_id} when that is a well-formed record id (so
 * that the rejection can be traced); the input's values are never repeated. Each partition takes the
 * executor's pseudonymizer for the spec ({@link CdrPseudonymizer#forSpec(PseudonymizationSpec)}: the root key
 * unwrapped, the seal checked and the ciphers built once per executor JVM and spec, then looked up).
 *
 * <pre>{@code
 * PseudonymizationSpec spec = kit.pseudonyms().spec(profile, "analytics", actor); // on the driver, audited once
 * Dataset<Row> out = SparkPseudonymizer.of(spec).pseudonymize(spark.read().parquet("cdrs/2026-11"));
 * out.where(col("rejected_rule").isNull()).drop("rejected_column", "rejected_rule")
 *    .write().parquet("cdrs-pseudonymized/2026-11");
 * }</pre>
 *
 * <p><b>SQL functions.</b> {@link #register(SparkSession, PseudonymizationSpec)} registers
 * {@value #PSEUDO_PHONE}{@code (string)} (the profile's caller technique), {@value #PSEUDO_IP}{@code (string)}
 * (its device-IP technique) and {@value #GENERALIZE_TIME}{@code (timestamp)} (its start granularity,
 * cut in its zone). Each returns {@code NULL} for {@code NULL}, for a field the profile drops, and —
 * like Spark's {@code try_} functions — for a value a rule rejects (a malformed number or address,
 * an {@link InvalidInputException}), and for nothing else: one bad value in a month of CDRs does not
 * fail the query, and the value never reaches an error message or a log. Count
 * {@code pseudo_phone(x) IS NULL AND x IS NOT NULL} to find them, or use the Dataset API, which says
 * which rule was broken. Every other failure fails the query: a key that cannot be unwrapped or a
 * spec that was edited ({@link ro.clickphone.privacy.spi.KeyUnavailableException},
 * {@link ro.clickphone.privacy.spi.IntegrityException}); an argument of another type than the
 * function takes, a mistake in the query rather than in the data ({@link InvalidInputException}
 * naming the function: a string where {@value #GENERALIZE_TIME} takes a timestamp, cast it; a
 * {@code BIGINT} where {@value #PSEUDO_PHONE} takes a string, format it with its {@code +} —
 * {@code concat('+', CAST(x AS STRING))} — since a cast alone drops the {@code +} and the digits
 * then read as a national number); and any other fault of a technique, a
 * {@link ro.clickphone.privacy.spi.ConfigurationException} naming the function and the fault's type,
 * without its message (which may quote the value).
 *
 * <p><b>Where the SQL functions and the Dataset API differ.</b> {@value #PSEUDO_PHONE} applies the
 * profile's <em>caller</em> technique to whatever column it is given: over a callee or forwarding
 * number it gives the Dataset API's output for that field only when the profile treats that field as
 * it treats callers. {@value #GENERALIZE_TIME} takes any timestamp Spark holds (years 1 to 9999),
 * while the Dataset API rejects a start outside 1970 to 2100 (the CSV path's range). There is no
 * function for durations, and the query decides which columns leave raw: only the Dataset API applies
 * the whole profile.
 *
 * <p><b>Security guarantees.</b> No closure, UDF or broadcast holds a key byte: what Spark
 * serializes to the executors is the spec (the profile, the KEK id, the root key <em>wrapped</em>,
 * its version and a seal) and the input's column positions. Each executor JVM unwraps the root key
 * once through its {@code KeyEncryptionKeyProvider} ({@link CdrPseudonymizer#forSpec(PseudonymizationSpec)})
 * and refuses a spec whose seal does not verify.
 *
 * <p><b>Warning.</b> Executors need the KEK provider of the spec's KEK id on their class path (found
 * with {@code ServiceLoader}, or the factory class the spec names), and access to the KEK itself.
 *
 * @since 0.1.0
 */
@Experimental("issue 19: the first engine modules")
public final class SparkPseudonymizer {

    /** The SQL function of a phone number: the profile's caller technique. */
    public static final String PSEUDO_PHONE = "pseudo_phone";
    /** The SQL function of a device IP: the profile's device-IP technique. */
    public static final String PSEUDO_IP = "pseudo_ip";
    /** The SQL function of a start time: the profile's start granularity and zone. */
    public static final String GENERALIZE_TIME = "generalize_time";
    /** The output column naming the input column at fault in a rejected row ({@code row} if none); {@code NULL} when accepted. */
    public static final String REJECTED_COLUMN = "rejected_column";
    /** The output column holding the rule a rejected row broke; {@code NULL} when accepted. */
    public static final String REJECTED_RULE = "rejected_rule";

    /** The largest pseudonym memo a partition may keep per number technique: {@link CdrJob#MAX_MEMO_ENTRIES}. */
    public static final int MAX_PSEUDONYM_MEMO = CdrJob.MAX_MEMO_ENTRIES;

    private final PseudonymizationSpec spec;
    private final int pseudonymMemo;

    private SparkPseudonymizer(PseudonymizationSpec spec, int pseudonymMemo) {
        this.spec = spec;
        this.pseudonymMemo = pseudonymMemo;
    }

    /**
     * The Dataset API over a spec.
     *
     * @param spec the spec made on the driver by {@code kit.pseudonyms().spec(...)}
     * @return the pseudonymizer, without a pseudonym memo
     * @throws InvalidInputException if the spec is null
     */
    public static SparkPseudonymizer of(PseudonymizationSpec spec) {
        return new SparkPseudonymizer(requireSpec(spec), 0);
    }

    /**
     * A copy whose partitions remember the pseudonyms of the numbers they meet, up to a bound per
     * number technique, as {@code BulkOptions.withPseudonymMemo} does for the CSV path: a number on
     * many rows of a partition is validated and encrypted once. The output is the same. The memo
     * holds clear numbers in the executor's heap while its partition is processed and is emptied when
     * the task ends, however it ends.
     *
     * @param entries 0 (no memo) or 2 to {@value #MAX_PSEUDONYM_MEMO}, rounded down to a power of two
     * @return the changed copy
     * @throws InvalidInputException if the bound is 1, negative or too large
     */
    public SparkPseudonymizer withPseudonymMemo(int entries) {
        if (entries < 0 || entries == 1 || entries > MAX_PSEUDONYM_MEMO) {
            throw new InvalidInputException("pseudonymMemo", "must be 0 (no memo) or between 2 and "
                    + MAX_PSEUDONYM_MEMO);
        }
        return new SparkPseudonymizer(spec, entries);
    }

    /**
     * Pseudonymizes a Dataset of CDRs (lazily, like any transformation).
     *
     * @param cdrs string columns named from {@link CdrRows#INPUT_COLUMNS}
     * @return the rows of {@link #outputSchema()}, one per input row, in the input's partitions and order
     * @throws InvalidInputException if the Dataset is null or its columns are not acceptable: a
     *     required column missing, a column of another type than string, named twice, unknown, or
     *     looking like SMS content (the policy never processes the text of SMS)
     */
    public Dataset<Row> pseudonymize(Dataset<Row> cdrs) {
        if (cdrs == null) {
            throw new InvalidInputException("cdrs", "must be given");
        }
        int[] positions = CdrColumns.positions(cdrs.schema());
        return cdrs.mapPartitions(new PseudonymizePartitions(spec, positions, pseudonymMemo),
                Encoders.row(CdrColumns.OUTPUT_SCHEMA));
    }

    /**
     * The schema of {@link #pseudonymize(Dataset)}'s output: {@link CdrRows#OUTPUT_COLUMNS} then
     * {@value #REJECTED_COLUMN} and {@value #REJECTED_RULE}, all nullable strings.
     *
     * @return the schema, a copy of its own: the module's is not changed by what the caller does with it
     */
    public static StructType outputSchema() {
        return new StructType(CdrColumns.OUTPUT_SCHEMA.fields().clone());
    }

    /**
     * The output columns (of {@link #outputSchema()}), in order.
     *
     * @return the column names
     */
    public static List<String> outputColumns() {
        return CdrColumns.OUTPUT_NAMES;
    }

    /**
     * Registers {@value #PSEUDO_PHONE}, {@value #PSEUDO_IP} and {@value #GENERALIZE_TIME} in a
     * session, replacing functions of those names. Nothing is unwrapped here: each executor does it
     * the first time a function runs there.
     *
     * @param session the session
     * @param spec the spec made on the driver by {@code kit.pseudonyms().spec(...)}
     * @throws InvalidInputException if an argument is null
     */
    public static void register(SparkSession session, PseudonymizationSpec spec) {
        if (session == null) {
            throw new InvalidInputException("session", "must be given");
        }
        requireSpec(spec);
        session.udf().register(PSEUDO_PHONE, new PseudoPhone(spec), DataTypes.StringType);
        session.udf().register(PSEUDO_IP, new PseudoIp(spec), DataTypes.StringType);
        session.udf().register(GENERALIZE_TIME, new GeneralizeTime(spec), DataTypes.TimestampType);
    }

    private static PseudonymizationSpec requireSpec(PseudonymizationSpec spec) {
        if (spec == null) {
            throw new InvalidInputException("spec", "must be given");
        }
        return spec;
    }

    /** The spec's own {@code toString()} (no secrets) and the memo bound. */
    @Override
    public String toString() {
        return "SparkPseudonymizer[" + spec + (pseudonymMemo > 0 ? ", memo " + pseudonymMemo : "") + "]";
    }
}
