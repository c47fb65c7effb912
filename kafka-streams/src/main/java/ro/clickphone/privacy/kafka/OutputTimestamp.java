package ro.clickphone.privacy.kafka;

/**
 * The Kafka timestamp of the records the pseudonymizer writes. The input timestamp is not copied
 * by default: a CDR producer stamps its records with the call's start or end (as event time, or as
 * the send time, {@code CreateTime}), to the millisecond, and that exact time next to the
 * pseudonyms would undo the profile's generalization of the start (Kafka Connect sinks, replays and
 * retention all keep a record's timestamp).
 *
 * <p>Whatever the timestamp, the time a record arrives on the output topic (and the broker's
 * {@code LogAppendTime}) still tells roughly when the call was processed, and so, on a live
 * stream, roughly when it happened: no timestamp removes that.
 *
 * @since 0.1.0
 */
public enum OutputTimestamp {

    /**
     * The default. A pseudonymized record: the epoch milliseconds of its output {@code start} cell,
     * that is the CDR's start as the profile's start technique cut it (to the hour, say); where the
     * profile drops the start, the input timestamp cut to the hour (UTC). A dead letter: the input
     * timestamp cut to the hour (UTC).
     */
    PSEUDONYMIZED_START,

    /**
     * The input record's timestamp, unchanged, on pseudonymized records and dead letters alike.
     * Choose it only when the input timestamps are known not to be the calls' times (a batch's
     * load time, say): the pseudonymizer cannot tell.
     */
    INPUT_TIMESTAMP
}
