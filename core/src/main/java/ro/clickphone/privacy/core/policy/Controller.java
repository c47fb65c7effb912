package ro.clickphone.privacy.core.policy;

import java.util.Optional;

/**
 * The controller of the personal data (GDPR art. 4(7)): the company that decides why and how the
 * data is processed, with its registration numbers and contact points.
 *
 * @param name the registered name, e.g. {@code Caro Network SRL}
 * @param address the registered office
 * @param fiscalCode the fiscal identification code (CUI), if any
 * @param tradeRegisterNumber the trade register number, if any
 * @param phone the telephone number, if any
 * @param fax the fax number, if any
 * @param email the contact e-mail address
 * @param web the web site, if any
 *
 * @since 0.1.0
 */
public record Controller(String name, String address, Optional<String> fiscalCode,
        Optional<String> tradeRegisterNumber, Optional<String> phone, Optional<String> fax,
        String email, Optional<String> web) {
}
