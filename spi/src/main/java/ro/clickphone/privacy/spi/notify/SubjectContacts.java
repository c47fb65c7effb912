package ro.clickphone.privacy.spi.notify;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * Where and how a subject is reached: an address per medium and the language they read.
 *
 * <p>{@link #toString()} prints the media and the language, never an address.
 *
 * @param addresses the address for each medium (an e-mail address for {@code EMAIL}, a phone
 *     number for {@code SMS}, a URL for {@code WEBHOOK})
 * @param language the preferred language: two or three lower-case letters, e.g. {@code ro} or {@code en}
 *
 * @since 0.1.0
 */
public record SubjectContacts(Map<Medium, String> addresses, String language) {

    private static final Syntax LANGUAGE = Syntax.of("a-z", "a-z", 2, 3);

    /**
     * Validates and copies.
     *
     * @param addresses the addresses
     * @param language the language
     * @throws InvalidInputException if a component is null, an address blank or longer than 320
     *     characters, or the language malformed
     */
    public SubjectContacts {
        Checks.notNull(addresses, "contacts.addresses");
        for (Map.Entry<Medium, String> entry : addresses.entrySet()) {
            Checks.notNull(entry.getKey(), "contacts.medium");
            String address = Checks.notNull(entry.getValue(), "contacts.address");
            if (address.isBlank() || address.length() > 320 || address.indexOf('\n') >= 0 || address.indexOf('\r') >= 0) {
                throw new InvalidInputException("contacts.address",
                        "must be one line of 1 to 320 characters (medium " + entry.getKey() + ")");
            }
        }
        addresses = Map.copyOf(addresses);
        Checks.identifier(language, "contacts.language", LANGUAGE, "two or three lower-case letters, e.g. ro");
    }

    /**
     * The address for one medium.
     *
     * @param medium the medium
     * @return the address, or empty if the subject gave none for it
     */
    public Optional<String> address(Medium medium) {
        return Optional.ofNullable(addresses.get(Checks.notNull(medium, "contacts.medium")));
    }

    /**
     * A copy with one address set.
     *
     * @param medium the medium
     * @param address the address
     * @return the copy
     */
    public SubjectContacts withAddress(Medium medium, String address) {
        Map<Medium, String> copy = new java.util.HashMap<>(addresses);
        copy.put(Checks.notNull(medium, "contacts.medium"), address);
        return new SubjectContacts(copy, language);
    }

    @Override
    public String toString() {
        TreeMap<String, String> media = new TreeMap<>();
        addresses.keySet().forEach(m -> media.put(m.id(), "***"));
        return "SubjectContacts[media=" + media.keySet() + ", language=" + language + "]";
    }
}
