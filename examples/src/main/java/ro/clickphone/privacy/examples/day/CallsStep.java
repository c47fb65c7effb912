package ro.clickphone.privacy.examples.day;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.SendResult;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * Step 2: the day's calls are stored (and tagged for retention as they are inserted); a missed call and a
 * voicemail produce notifications, the daily limit is exceeded and a security alert goes out, the dispatcher
 * delivers them as {@code .eml} files; the month's invoice is issued and tagged for ten years.
 */
final class CallsStep {

    /** The day's calls: hour, minute, inbound?, other party, seconds, device IP, cost in bani. */
    private record Call(int hour, int minute, boolean inbound, String other, int seconds, String ip, long cost) {
    }

    private static final List<Call> CALLS = List.of(
            new Call(9, 12, false, "+40 731 111 222", 185, "192.0.2.17", 120),
            new Call(10, 30, true, "+40 744 555 666", 0, "192.0.2.17", 0),
            new Call(11, 45, true, "+40 212 345 678", 42, "192.0.2.17", 0),
            new Call(14, 5, false, "+44 20 7946 0958", 1260, "198.51.100.23", 6_300));

    /** The invoice's id. */
    static final long INVOICE_ID = 2026_0316_01L;

    private CallsStep() {
    }

    /**
     * The row id of the day's n-th call.
     *
     * @param n 0 to 3
     * @return the id
     */
    static long callId(int n) {
        return 2026_0316_100L + n;
    }

    /**
     * How many calls the day has.
     *
     * @return the count
     */
    static int calls() {
        return CALLS.size();
    }

    static CallsOutcome run(Day day) throws IOException {
        day.heading(2, "09:00-18:00 calls, notifications, an invoice");
        Outcomes check = new Outcomes();
        Day.Customer ana = Day.ANA;
        Map<String, SendStatus> sent = new LinkedHashMap<>();
        // The limit the customer set, as stored with her account (decrypted by the entity manager as any field).
        long limit = day.inTransaction(em -> em.find(Account.class, ana.accountId()).getDailyLimitBani());
        long spent = 0;
        int tagged = 0;
        for (int n = 0; n < CALLS.size(); n++) {
            Call call = CALLS.get(n);
            Instant at = day.at(call.hour(), call.minute());
            CallRecord cdr = new CallRecord(callId(n), ana.subject().value(),
                    call.inbound() ? CallRecord.Direction.INBOUND : CallRecord.Direction.OUTBOUND,
                    ana.clickPhoneNumber(), call.other(), at, call.seconds(), call.ip(), call.cost());
            day.inTransaction(em -> {
                em.persist(cdr);
                return null;
            });
            if (day.kit.retention().tagOf(day.source.recordOf(cdr)).isPresent()) {
                tagged++;
            }
            spent += call.cost();
            String kind = call.inbound() ? (call.seconds() == 0 ? "missed" : "voicemail") : "outbound";
            day.say(String.format(Locale.ROOT, "%02d:%02d %s call, %d s, %s (record %d)", call.hour(), call.minute(), kind,
                    call.seconds(), Money.ron(call.cost()), cdr.getId()));
            if (call.inbound() && call.seconds() == 0) {
                sent.put("MISSED_CALL", send(day, "MISSED_CALL", Map.of("callerNumber", call.other(),
                        "calledNumber", ana.clickPhoneNumber(), "calledAt", at)));
            } else if (call.inbound()) {
                sent.put("VOICEMAIL_RECEIVED", send(day, "VOICEMAIL_RECEIVED", Map.of("callerNumber", call.other(),
                        "calledNumber", ana.clickPhoneNumber(), "receivedAt", at,
                        "duration", Duration.ofSeconds(call.seconds()))));
            }
            if (spent > limit && !sent.containsKey("SECURITY_DAILY_LIMIT_EXCEEDED")) {
                day.say("daily limit exceeded: " + Money.ron(spent) + " spent of " + Money.ron(limit));
                sent.put("SECURITY_DAILY_LIMIT_EXCEEDED", send(day, "SECURITY_DAILY_LIMIT_EXCEEDED", Map.of(
                        "dailyLimit", Money.amount(limit), "exceededAt", at)));
            }
        }
        long stored = day.count("SELECT COUNT(*) FROM day_call_record WHERE customer_id = '" + ana.subject().value()
                + "'");
        check.expect(stored == CALLS.size(), "the call record table does not hold the day's calls");
        check.expect(tagged == CALLS.size(), "not every call record was tagged for retention on insert");
        day.say(stored + " call records stored, " + tagged + " tagged for retention (TRAFFIC)");
        check.expect(sent.size() == 3 && sent.values().stream().allMatch(s -> s == SendStatus.QUEUED),
                "the three notifications were not all queued");

        day.at(18, 0);
        Invoice invoice = new Invoice(INVOICE_ID, ana.subject().value(),
                "Abonament ClickPhone Business, martie 2026; apeluri 16.03: " + Money.ron(spent), 4_900 + spent,
                Day.DATE);
        day.inTransaction(em -> {
            em.persist(invoice);
            return null;
        });
        RetentionTag tag = day.kit.retention().tagOf(day.source.recordOf(invoice)).orElse(null);
        LocalDate lastDay = tag == null ? null : tag.lastDayKept().orElse(null);
        check.expect(LocalDate.of(2036, 12, 31).equals(lastDay), "the invoice's last day is not 2036-12-31");
        day.say("invoice " + INVOICE_ID + " issued, " + Money.ron(4_900 + spent) + ", tagged FINANCIAL: kept through "
                + lastDay + " (due " + (lastDay == null ? "?" : lastDay.plusDays(1)) + ")");

        DispatchReport dispatch = day.kit.notifications().dispatchPending();
        List<Path> mail = mailFiles(day.out.resolve("mail"));
        check.expect(dispatch.delivered() == 3, "the dispatcher did not deliver the three messages");
        check.expect(mail.size() == 3, "the mailbox does not hold three .eml files");
        day.say("dispatcher delivered " + dispatch.delivered() + " message(s): " + String.join(", ", sent.keySet())
                + " -> mail/ (" + mail.size() + " .eml files, named by a hash)");
        return day.verdict(new CallsOutcome(stored, tagged, sent, dispatch.delivered(), mail, lastDay,
                check.problems()));
    }

    private static SendStatus send(Day day, String type, Map<String, ?> payload) {
        SendResult result = day.kit.notifications().send(NotificationType.of(type), Day.ANA.subject(), payload);
        day.say("  " + type + ": " + result.status());
        return result.status();
    }

    /**
     * The {@code .eml} files of a mailbox folder.
     *
     * @param folder the folder
     * @return the files, sorted
     * @throws IOException if the folder cannot be listed
     */
    static List<Path> mailFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
    }
}
