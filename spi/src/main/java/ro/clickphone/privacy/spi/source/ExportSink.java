package ro.clickphone.privacy.spi.source;

/**
 * Where a source {@linkplain PersonalDataSource#export exports} a subject's records: the kit's
 * export writer, which writes each record to the export document as it arrives, so that a source
 * with 100 000 call records never holds them all (nor does the kit). A source calls
 * {@link #accept} once per record, on the thread that called {@code export}, and returns when it
 * has sent every record.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExportSink {

    /**
     * Takes one record. It may throw (the output failed): the source then stops and lets the
     * exception through, and the export is retried whole.
     *
     * @param record the record, one of the exporting source's, of the subject being exported
     */
    void accept(ExportedRecord record);
}
