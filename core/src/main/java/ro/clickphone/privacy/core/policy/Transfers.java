package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;

/**
 * What the policy says about transfers of personal data to other countries (GDPR chapter V, and
 * any stricter promise of the policy itself).
 *
 * <p>ClickPhone's policy says "Nu avem intenția de a transfera date cu caracter personal către o
 * altă țară sau o organizație internațională": no transfer to <em>any</em> other country, not only
 * outside the EEA. {@link #permittedCountries()} holds that promise ({@code RO}); the loader checks
 * that every recipient and every processing location is in a permitted country, or is named by one
 * of the {@link #exceptions()}, each of which the DPO must confirm.
 *
 * @param outsideEea whether any data leaves the European Economic Area; when false, every recipient
 *     and every processing location is in an EEA country, which the policy loader checks
 * @param statement the policy's own words on transfers
 * @param permittedCountries the ISO 3166-1 alpha-2 codes of the countries where data may be processed
 *     or received; empty when the policy promises no more than the EEA rule above
 * @param exceptions recipients outside the permitted countries, each documented
 *
 * @since 0.1.0
 */
public record Transfers(boolean outsideEea, String statement, List<String> permittedCountries,
        List<TransferException> exceptions) {

    /**
     * Copies the lists so the value stays immutable.
     *
     * @param outsideEea whether data leaves the EEA
     * @param statement the policy's words
     * @param permittedCountries the permitted countries
     * @param exceptions the documented exceptions
     * @throws InvalidInputException if a list is null or holds null
     */
    public Transfers {
        permittedCountries = Lists.copy(permittedCountries, "transfers.permittedCountries");
        exceptions = Lists.copy(exceptions, "transfers.exceptions");
    }

    /**
     * Whether data may go to a recipient in a country: the country is permitted, or the recipient is
     * a documented exception for that country. With no permitted countries listed, every country is
     * permitted here (the EEA rule is the loader's).
     *
     * @param recipient the recipient
     * @param country its ISO 3166-1 alpha-2 country code
     * @return {@code true} if the transfer is within what the policy says
     * @throws InvalidInputException if an argument is null
     */
    public boolean permits(Recipient recipient, String country) {
        if (recipient == null || country == null) {
            throw new InvalidInputException("transfers.permits", "recipient and country must not be null");
        }
        return permittedCountries.isEmpty() || permittedCountries.contains(country)
                || exceptionFor(recipient).filter(e -> e.country().equals(country)).isPresent();
    }

    /**
     * The documented exception for a recipient, if any.
     *
     * @param recipient the recipient
     * @return its exception, or empty
     * @throws InvalidInputException if the recipient is null
     */
    public Optional<TransferException> exceptionFor(Recipient recipient) {
        if (recipient == null) {
            throw new InvalidInputException("transfers.exceptionFor", "recipient must not be null");
        }
        return exceptions.stream().filter(e -> e.recipient().equals(recipient)).findFirst();
    }
}
