package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.util.List;

/**
 * Step 1: the customers signed up.
 *
 * @param accounts the account rows in the table after the sign-ups, counted over JDBC
 * @param ciphertextInColumns whether every encrypted column holds the kit's ciphertext and no plaintext
 * @param foundByBlindIndex whether the customer was found by the blind index of her e-mail address
 * @param receiptFile the signed marketing-consent receipt
 * @param receiptVerified whether the receipt verifies with the published receipt key alone
 * @param dailyLimitBani the daily spending limit set, in bani
 * @param problems the expectations that did not hold
 */
public record SignUpOutcome(long accounts, boolean ciphertextInColumns, boolean foundByBlindIndex, Path receiptFile,
        boolean receiptVerified, long dailyLimitBani, List<String> problems) implements StepOutcome {

    /**
     * Copies the list.
     *
     * @param accounts the account rows in the table after the sign-ups, counted over JDBC
     * @param ciphertextInColumns whether every encrypted column holds the kit's ciphertext and no plaintext
     * @param foundByBlindIndex whether the customer was found by the blind index of her e-mail address
     * @param receiptFile the signed marketing-consent receipt
     * @param receiptVerified whether the receipt verifies with the published receipt key alone
     * @param dailyLimitBani the daily spending limit set, in bani
     * @param problems the expectations that did not hold
     */
    public SignUpOutcome {
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 1;
    }
}
