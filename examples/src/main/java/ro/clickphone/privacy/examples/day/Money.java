package ro.clickphone.privacy.examples.day;

import java.math.BigDecimal;

/** Amounts in bani (1/100 RON). */
final class Money {

    private Money() {
    }

    /**
     * An amount as RON.
     *
     * @param bani the amount in bani
     * @return e.g. {@code 50.00 RON}
     */
    static String ron(long bani) {
        return amount(bani).toPlainString() + " RON";
    }

    /**
     * An amount as a decimal of RON.
     *
     * @param bani the amount in bani
     * @return the decimal, two places
     */
    static BigDecimal amount(long bani) {
        return BigDecimal.valueOf(bani, 2);
    }
}
