package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.crypto.internal.PhoneNumbers;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How phone numbers are pseudonymized.
 *
 * @param defaultRegion the region of numbers written in national form, such as {@code RO}
 * @param keepLeadingDigits how many leading digits of the national significant number stay as they
 *     are (such as 3 for a Romanian mobile operator prefix {@code 721}), 0 to 9; the rest is encrypted
 *
 * @since 0.1.0
 */
public record PhoneOptions(String defaultRegion, int keepLeadingDigits) {

    /** The most leading digits that can be kept. */
    public static final int MAX_KEEP = 9;

    /**
     * Validates the options.
     *
     * @param defaultRegion the region
     * @param keepLeadingDigits the digits kept
     * @throws InvalidInputException if the region is unknown to libphonenumber or the count out of range
     */
    public PhoneOptions {
        if (!PhoneNumbers.isSupportedRegion(defaultRegion)) {
            throw new InvalidInputException("defaultRegion", "must be a region code libphonenumber knows, such as RO");
        }
        if (keepLeadingDigits < 0 || keepLeadingDigits > MAX_KEEP) {
            throw new InvalidInputException("keepLeadingDigits", "must be between 0 and " + MAX_KEEP);
        }
    }

    /**
     * Romanian national numbers, nothing kept but the country code.
     *
     * @return the options
     */
    public static PhoneOptions defaults() {
        return new PhoneOptions("RO", 0);
    }

    /**
     * These options, keeping a number of leading digits.
     *
     * @param digits 0 to {@value #MAX_KEEP}
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public PhoneOptions withKeepLeadingDigits(int digits) {
        return new PhoneOptions(defaultRegion, digits);
    }

    /**
     * These options, with another default region.
     *
     * @param region a region code such as {@code MD}
     * @return new options
     * @throws InvalidInputException if the region is unknown
     */
    public PhoneOptions withDefaultRegion(String region) {
        return new PhoneOptions(region, keepLeadingDigits);
    }
}
