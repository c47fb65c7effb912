package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import ro.clickphone.privacy.core.notify.SendStatus;

/**
 * Step 2: the day's calls, their notifications and the invoice.
 *
 * @param callsStored the call records stored
 * @param callsTagged how many of them were tagged for retention
 * @param sent each notification type sent and its status (MISSED_CALL, VOICEMAIL_RECEIVED,
 *     SECURITY_DAILY_LIMIT_EXCEEDED)
 * @param delivered how many messages the dispatcher delivered
 * @param mailFiles the {@code .eml} files in the mailbox folder
 * @param invoiceLastDay the invoice's last day of retention
 * @param problems the expectations that did not hold
 */
public record CallsOutcome(int callsStored, int callsTagged, Map<String, SendStatus> sent, int delivered,
        List<Path> mailFiles, LocalDate invoiceLastDay, List<String> problems) implements StepOutcome {

    /**
     * Copies the collections.
     *
     * @param callsStored as the type describes it
     * @param callsTagged as the type describes it
     * @param sent as the type describes it
     * @param delivered as the type describes it
     * @param mailFiles as the type describes it
     * @param invoiceLastDay as the type describes it
     * @param problems as the type describes it
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
