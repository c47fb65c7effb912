package ro.clickphone.privacy.core.policy;

import ro.clickphone.privacy.spi.Recipient;

/**
 * A recipient outside the countries the policy permits, documented as an exception: ClickPhone's
 * Google Analytics, whose processor is Google Ireland Ltd, against the policy's "no transfer to
 * another country".
 *
 * @param recipient the recipient
 * @param country the ISO 3166-1 alpha-2 code of the country it receives the data in
 * @param confirmed whether the DPO has confirmed the exception; until then it is a question, and the
 *     record of processing says so
 * @param note why the exception exists and what must be decided
 *
 * @since 0.1.0
 */
public record TransferException(Recipient recipient, String country, boolean confirmed, String note) {
}
