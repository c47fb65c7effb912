package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.core.notify.SendStatus;

/**
 * Step 2: the day's calls, their notifications and the invoice.
 *
 * @param callsStored the customer's call record rows in the table, counted over JDBC
 * @param callsTagged how many of them were tagged for retention
 * @param sent each notification type sent and its status (MISSED_CALL, VOICEMAIL_RECEIVED,
 *     SECURITY_DAILY_LIMIT_EXCEEDED)
 * @param delivered how many messages the dispatcher delivered
 * @param mailFiles the {@code .eml} files in the mailbox folder
 * @param invoiceLastDay the invoice's last day of retention
 * @param problems the expectations that did not hold
 */
public record CallsOutcome(long callsStored, int callsTagged, Map<String, SendStatus> sent, int delivered,
        List<Path> mailFiles, LocalDate invoiceLastDay, List<String> problems) implements StepOutcome {

    /**
     * Copies the collections.
     *
     * @param callsStored the customer's call record rows in the table, counted over JDBC
     * @param callsTagged how many of them were tagged for retention
     * @param sent each notification type sent and its status (MISSED_CALL, VOICEMAIL_RECEIVED,
     *     SECURITY_DAILY_LIMIT_EXCEEDED)
     * @param delivered how many messages the dispatcher delivered
     * @param mailFiles the {@code .eml} files in the mailbox folder
     * @param invoiceLastDay the invoice's last day of retention
     * @param problems the expectations that did not hold
     */
    public CallsOutcome {
        sent = Map.copyOf(sent);
        mailFiles = List.copyOf(mailFiles);
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 2;
    }
}
