package ro.clickphone.privacy.examples.day;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Step 4: Ana withdraws marketing consent (the next offer is suppressed), asks for an access export, ends her
 * contract and asks for erasure: the device data and the keys nothing kept needs go; the account (the policy
 * keeps contact data three years after the contract, under ANCOM rules), the invoice and the call records stay
 * restricted under their legal grounds until their last days.
 */
final class RightsStep {

    private RightsStep() {
    }

    static RightsOutcome run(Day day) throws java.io.IOException {
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
        day.say("access request " + access.id() + " (due " + access.due() + "): " + answered.state()
                + "; the customer's own export -> " + day.out.relativize(export));

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
        check.expect(deviceRows == 0, "the device row was not erased");
        check.expect(has(outcomes, "DEVICE", OutcomeKind.ERASED, null), "DEVICE was not erased");
        // The policy keeps account contact data three years after the contract (ANCOM_CONTRACT_END, a minimum):
        // the account stays, restricted, until 2029-03-16.
        check.expect(accountRows == 1 && has(outcomes, "CONTACT", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2029, 3, 16)),
                "the account was not kept restricted until 2029-03-16");
        check.expect(has(outcomes, "FINANCIAL", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2036, 12, 31)),
                "the invoice was not kept restricted until 2036-12-31");
        check.expect(has(outcomes, "TRAFFIC", OutcomeKind.KEPT_RESTRICTED, LocalDate.of(2029, 3, 16)),
                "the call records were not kept restricted until 2029-03-16");
        check.expect(day.kit.consent().check(ana.subject(), Purpose.of("MARKETING")).permitted() == false,
                "marketing is still permitted after the erasure");
        day.say("device rows left: " + deviceRows + "; account rows left (restricted): " + accountRows
                + "; marketing permitted: false");
        outcome.statements().forEach(s -> day.say("  " + s));
        return day.verdict(new RightsOutcome(offer.status(), offer.reason(), export, resolved, done.state(), outcomes,
                deviceRows, accountRows, check.problems()));
    }

    private static boolean has(List<CategoryOutcome> outcomes, String category, OutcomeKind kind, LocalDate until) {
        return outcomes.stream().anyMatch(o -> o.category().equals(DataCategory.of(category)) && o.kind() == kind
                && o.records() > 0 && (until == null || o.until().equals(Optional.of(until)))
                && (kind != OutcomeKind.KEPT_RESTRICTED || o.legalGround().isPresent()));
    }

    private static String describe(CategoryOutcome c) {
        return c.category().id() + ": " + c.kind() + ", " + c.records() + " record(s)"
                + c.legalGround().map(g -> ", ground " + g).orElse("")
                + c.until().map(u -> ", until " + u).orElse("");
    }
}
