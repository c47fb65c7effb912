package ro.clickphone.privacy.examples.day;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReceipt;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * Step 1: Ana signs up (an account with her e-mail address, phone and service address encrypted, a blind index
 * on the address, her desk phone registered), grants marketing consent with a signed receipt and sets a daily spending limit of 50 RON.
 * Ioana, whom the evening's breach touches, signs up too.
 */
final class SignUpStep {

    /** Ana's daily spending limit: 50 RON. */
    static final long DAILY_LIMIT_BANI = 5_000;

    /** The customer's device row. */
    static final long DEVICE_ID = 10_421L;

    private SignUpStep() {
    }

    static SignUpOutcome run(Day day) throws IOException {
        day.heading(1, "08:00 a customer signs up");
        Outcomes check = new Outcomes();
        day.at(8, 0);
        for (Day.Customer c : List.of(Day.ANA, Day.IOANA)) {
            day.inTransaction(em -> {
                em.persist(new Account(c.accountId(), c.subject().value(), c.email(), c.phone(), c.address()));
                return null;
            });
            day.stores.contacts().put(c.subject(), new SubjectContacts(Map.of(Medium.EMAIL, c.email()), "ro"));
        }
        day.inTransaction(em -> {
            em.persist(new Device(DEVICE_ID, Day.ANA.subject().value(), "Yealink T46U", "Yealink firmware 108"));
            return null;
        });
        long accounts = day.count("SELECT COUNT(*) FROM day_account");
        check.expect(accounts == 2, "the account table does not hold the two accounts");
        day.say(accounts + " accounts stored; e-mail, phone and service address encrypted under each customer's profile key;"
                + " the customer's desk phone registered (DEVICE, device key)");

        boolean ciphertext = true;
        Map<String, String> clear = Map.of("email", Day.ANA.email(), "phone", Day.ANA.phone(), "service_address",
                Day.ANA.address());
        for (Map.Entry<String, String> column : clear.entrySet()) {
            String stored = day.text("SELECT " + column.getKey() + " FROM day_account WHERE id = "
                    + Day.ANA.accountId());
            ciphertext &= stored != null && stored.startsWith("cpf.")
                    && !stored.toLowerCase(Locale.ROOT).contains(column.getValue().toLowerCase(Locale.ROOT));
        }
        check.expect(ciphertext, "an encrypted column holds no kit ciphertext, or plaintext");
        day.say("columns email, phone, service_address hold \"cpf.\" ciphertext: " + ciphertext);

        // every active search-key version's index: rows written before a key rotation are found too
        List<String> indexes = FieldEncryption.blindIndexCandidates(day.emf, Account.class, "email",
                "ANA.POPESCU@EXAMPLE.RO");
        List<Account> found = day.inTransaction(em -> em.createQuery(
                "select a from DayAccount a where a.emailIndex in (:i)", Account.class).setParameter("i", indexes)
                .getResultList());
        boolean foundByIndex = found.size() == 1 && found.get(0).getId() == Day.ANA.accountId()
                && Day.ANA.email().equals(found.get(0).getEmail());
        check.expect(foundByIndex, "the blind index on e-mail did not find the account");
        day.say("look-up by the blind index of the e-mail address (any case): account " + (foundByIndex
                ? found.get(0).getId() : "not found"));

        day.at(8, 5);
        ConsentEvent grant = day.kit.consent().grant(Day.ANA.subject(), Purpose.of("MARKETING"),
                ConsentProof.of(Actor.subject(Day.ANA.subject()), ConsentChannel.WEB_ACCOUNT)
                        .withFormId("signup-marketing"));
        ConsentReceipt receipt = day.kit.consent().receipt(grant.id());
        boolean verified = receipt.verifiedBy(day.kit.consent().receiptKeys().get(0));
        check.expect(verified, "the consent receipt does not verify with the published key");
        Path receiptFile = writeReceipt(day.out.resolve("receipts"), receipt);
        day.say("marketing consent granted; receipt signed by " + receipt.keyId() + " (" + receipt.algorithm()
                + "), verifies with the published key: " + verified + " -> " + day.out.relativize(receiptFile));

        day.at(8, 10);
        day.inTransaction(em -> {
            em.find(Account.class, Day.ANA.accountId()).setDailyLimitBani(DAILY_LIMIT_BANI);
            return null;
        });
        long limit = day.count("SELECT daily_limit_bani FROM day_account WHERE id = " + Day.ANA.accountId());
        check.expect(limit == DAILY_LIMIT_BANI, "the daily limit was not stored");
        day.say("daily spending limit set: " + Money.ron(limit));
        return day.verdict(new SignUpOutcome(accounts, ciphertext, foundByIndex, receiptFile, verified, limit,
                check.problems()));
    }

    /** The receipt as one JSON file: the signed document and its detached signature. */
    private static Path writeReceipt(Path folder, ConsentReceipt receipt) throws IOException {
        Files.createDirectories(folder);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode node = json.createObjectNode();
        node.put("json", receipt.json());
        node.put("keyId", receipt.keyId());
        node.put("algorithm", receipt.algorithm());
        node.put("signature", receipt.signature());
        Path file = folder.resolve("marketing-consent-receipt.json");
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n",
                StandardCharsets.UTF_8);
        return file;
    }
}
