package ro.clickphone.privacy.spi.incident;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * What the breach notice tells the affected customers, written for them and apart from the
 * register's own texts: the register's nature, consequences and measures are working notes that
 * may name people (the employee who lost the laptop, the customers whose records were on it), and
 * never reach a customer's mailbox. GDPR art. 34(2) asks the communication to the data subject to
 * describe "in clear and plain language the nature of the personal data breach" and to give the
 * likely consequences and the measures taken or proposed (art. 33(3)(c), (d)); Commission
 * Regulation (EU) No 611/2013 Annex II adds the measures the subscriber can take to mitigate
 * possible adverse effects.
 *
 * <p>{@link #toString()} prints no text: whoever writes it may still name someone by mistake.
 *
 * @param nature the nature of the breach, in plain language for the customer (at most
 *     {@value IncidentVersion#MAX_TEXT} characters on one line)
 * @param consequences its likely consequences for the customer
 * @param measures the measures the controller took or proposes, including those to mitigate
 *     possible adverse effects
 * @param recommendations what the customer can do to protect themselves (change a password, watch
 *     for phishing)
 *
 * @since 0.1.0
 */
public record BreachNoticeText(String nature, String consequences, String measures, String recommendations) {

    /**
     * Validates the components.
     *
     * @param nature the nature, as the type describes it
     * @param consequences the consequences, as the type describes it
     * @param measures the measures, as the type describes it
     * @param recommendations the recommendations, as the type describes it
     * @throws InvalidInputException if a text is null, blank, longer than
     *     {@value IncidentVersion#MAX_TEXT} characters or not one line; the message names the text,
     *     never its value
     */
    public BreachNoticeText {
        Checks.text(nature, "notice.nature", IncidentVersion.MAX_TEXT);
        Checks.text(consequences, "notice.consequences", IncidentVersion.MAX_TEXT);
        Checks.text(measures, "notice.measures", IncidentVersion.MAX_TEXT);
        Checks.text(recommendations, "notice.recommendations", IncidentVersion.MAX_TEXT);
    }

    /**
     * No text, only the type.
     *
     * @return {@code BreachNoticeText[...]}
     */
    @Override
    public String toString() {
        return "BreachNoticeText[...]";
    }
}
