package ro.clickphone.privacy.examples.day;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.notify.SendResult;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.RequestOutcome;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * Step 4: Ana withdraws marketing consent (the next offer is suppressed), asks for an access export (read back:
 * hers, with her own address decrypted, nothing of the other customer), ends her contract and asks for erasure:
 * the keys nothing kept needs go; the account (the policy keeps contact data three years after the contract,
 * under ANCOM rules), the device (kept while the contract lasts: through its last day), the invoice and the call
 * records stay restricted under their grounds until their last days. Marketing stays denied, a further offer is
 * suppressed, and the notification contacts are kept with the CONTACT data.
 */
final class RightsStep {

    private RightsStep() {
    }

    static RightsOutcome run(Day day) throws IOException {
        day.heading(4, "19:30 withdrawal, access, contract end, erasure");
        Outcomes check = new Outcomes();
        Day.Customer ana = Day.ANA;

        day.at(19, 30);
        day.kit.consent().withdraw(ana.subject(), Purpose.of("MARKETING"),
                ConsentProof.of(Actor.subject(ana.subject()), ConsentChannel.WEB_ACCOUNT));
        SendResult offer = day.kit.notifications().send(NotificationType.of("MARKETING_OFFER"), ana.subject(),
                Map.of("title", "Minute nelimitate în rețea", "text", "50 lei pe lună, primele 3 luni"));
        check.expect(offer.status() == SendStatus.SUPPRESSED
                && offer.reason().equals(Optional.of(ConsentReason.CONSENT_WITHDRAWN)),
                "the offer after the withdrawal was not suppressed for the withdrawn consent");
        day.say("marketing consent withdrawn; next MARKETING_OFFER: " + offer.status()
                + offer.reason().map(r -> " (" + r + ")").orElse(""));

        day.at(19, 35);
        RequestRecord access = day.kit.rights().submit(RightsRequest.access(ana.subject(),
                RequestChannel.CUSTOMER_ACCOUNT, day.clock.instant()));
        day.kit.rights().verify(access.id());
        Path exports = day.out.resolve("exports");
        Files.createDirectories(exports);
        RequestRecord answered = day.kit.rights().process(access.id(), ExportDelivery.toDirectory(exports));
        Path export = exports.resolve(access.id() + ".json");
        check.expect(Files.isRegularFile(export), "the access export was not written");
        Export read = Export.read(export);
        check.expect(read.subject().equals(ana.subject().value()), "the export is not the customer's");
        check.expect(read.holds(ana.email()) && read.holds(ana.address()),
                "the export does not hold the customer's own address, decrypted");
        boolean others = Day.IOANA.values().stream().anyMatch(read::holds);
        check.expect(!others, "the export holds another customer's data");
        day.say("access request " + access.id() + " (due " + access.due() + "): " + answered.state()
                + "; the customer's own export -> " + day.out.relativize(export) + " (" + read.values().size()
                + " values, hers only: " + !others + ")");

        day.at(19, 40);
        int resolved = day.kit.retention().recordEvent(ana.subject(), "contract-end", Day.DATE);
        check.expect(resolved >= CallsStep.calls(), "contract-end did not resolve the call records' tags");
        day.say("contract-end recorded for " + Day.DATE + ": " + resolved + " retention tag(s) now have a due date");

        day.at(19, 45);
        RequestRecord erasure = day.kit.rights().submit(RightsRequest.erasure(ana.subject(),
                RequestChannel.CUSTOMER_ACCOUNT, day.clock.instant()));
        day.kit.rights().verify(erasure.id());
        RequestRecord done = day.kit.rights().process(erasure.id());
        RequestOutcome outcome = day.kit.rights().outcome(erasure.id());
        List<CategoryOutcome> outcomes = new ArrayList<>();
        outcome.sources().values().forEach(s -> outcomes.addAll(s.categories()));
        day.say("erasure request " + erasure.id() + ": " + done.state() + done.refusal().map(r -> " (" + r + ")")
                .orElse(""));
        outcome.sources().forEach((name, s) -> s.categories().forEach(c -> day.say("  " + name + " " + describe(c))));

        long deviceRows = day.count("SELECT COUNT(*) FROM day_device WHERE customer_id = '"
                + ana.subject().value() + "'");
        long accountRows = day.count("SELECT COUNT(*) FROM day_account WHERE customer_id = '"
                + ana.subject().value() + "'");
        // The policy keeps device data while the contract lasts (CONTRACT_DURATION: P0D after contract-end): on the
        // contract's last day it is still kept, restricted, through 2026-03-16; the sweep disposes of it.
        check.expect(deviceRows == 1 && has(outcomes, "DEVICE", OutcomeKind.KEPT_RESTRICTED, Day.DATE),
                "the device row was not kept restricted through the contract's last day");
        // The policy keeps account contact data three years after the contract (ANCOM_CONTRACT_END, a minimum):
        // the account stays, restricted, until 2029-03-16.
        check.expect(accountRows == 1 && has(outcomes, "CONTACT", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2029, 3, 16)),
                "the account was not kept restricted until 2029-03-16");
        check.expect(has(outcomes, "FINANCIAL", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2036, 12, 31)),
                "the invoice was not kept restricted until 2036-12-31");
        check.expect(has(outcomes, "TRAFFIC", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2029, 3, 16)),
                "the call records were not kept restricted until 2029-03-16");
        // Marketing after the erasure: its data is the CONTACT data, kept restricted with the account; its use
        // stays denied (the consent is withdrawn), a further offer is suppressed, and the contact directory entry
        // is kept with the CONTACT data (the sweep of step 6 removes it).
        ConsentDecision marketing = day.kit.consent().check(ana.subject(), Purpose.of("MARKETING"));
        check.expect(!marketing.permitted(), "marketing is still permitted after the erasure");
        SendResult again = day.kit.notifications().send(NotificationType.of("MARKETING_OFFER"), ana.subject(),
                Map.of("title", "Minute nelimitate în rețea", "text", "50 lei pe lună, primele 3 luni"));
        check.expect(again.status() == SendStatus.SUPPRESSED, "an offer after the erasure was not suppressed");
        boolean contactsKept = day.stores.contacts().find(ana.subject()).isPresent();
        check.expect(contactsKept && outcome.statements().stream().anyMatch(s -> s.startsWith(
                "Your notification contacts were kept")), "the contacts were not kept with the CONTACT data");
        Optional<String> evidence = outcome.statements().stream().filter(s -> s.startsWith("Consent evidence:"))
                .findFirst();
        check.expect(evidence.isPresent(), "the erasure does not say what became of the consent evidence");
        day.say("device rows left (restricted): " + deviceRows + "; account rows left (restricted): " + accountRows);
        day.say("marketing permitted: " + marketing.permitted() + " (" + marketing.reason() + "); another offer: "
                + again.status() + again.reason().map(r -> " (" + r + ")").orElse("")
                + "; notification contacts kept with the CONTACT data: " + contactsKept);
        day.say("the consent evidence stays: it is the proof that the consent was given and withdrawn (GDPR"
                + " art. 7(1)), and its key scope is kept for the data still kept");
        outcome.statements().forEach(s -> day.say("  " + s));
        return day.verdict(new RightsOutcome(offer.status(), offer.reason(), export, read.subject(), !others,
                resolved, done.state(), outcomes, deviceRows, accountRows, marketing.permitted(), marketing.reason(),
                again.status(), contactsKept, check.problems()));
    }

    private static boolean has(List<CategoryOutcome> outcomes, String category, OutcomeKind kind, LocalDate until) {
        return outcomes.stream().anyMatch(o -> o.category().equals(DataCategory.of(category)) && o.kind() == kind
                && o.records() > 0 && (until == null || o.until().equals(Optional.of(until)))
                && (kind != OutcomeKind.KEPT_RESTRICTED || o.legalGround().isPresent()));
    }

    private static String describe(CategoryOutcome c) {
        return c.category().id() + ": " + c.kind() + ", " + c.records() + " record(s)"
                + c.legalGround().map(g -> ", ground " + g).orElse("")
                + c.until().map(u -> ", kept through " + u + ", disposed from " + u.plusDays(1)).orElse("");
    }

    /**
     * An access export, read back: its subject and every text value in it.
     *
     * @param subject the subject it names
     * @param values every text value, anywhere in the document
     */
    record Export(String subject, List<String> values) {

        /**
         * Reads an export file.
         *
         * @param file the JSON file
         * @return what it holds
         * @throws IOException if it cannot be read or is not JSON
         */
        static Export read(Path file) throws IOException {
            JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
            List<String> values = new ArrayList<>();
            collect(root, values);
            return new Export(root.path("subject").asText(""), values);
        }

        private static void collect(JsonNode node, List<String> values) {
            if (node.isTextual()) {
                values.add(node.asText());
            }
            node.forEach(child -> collect(child, values));
        }

        /**
         * Whether a value is in the export (case-insensitive, as part of a text).
         *
         * @param value the value
         * @return whether it is
         */
        boolean holds(String value) {
            String wanted = value.toLowerCase(Locale.ROOT);
            return values.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(wanted));
        }

        /** Names the subject only. */
        @Override
        public String toString() {
            return "Export[" + subject + ", " + values.size() + " values]";
        }
    }
}
