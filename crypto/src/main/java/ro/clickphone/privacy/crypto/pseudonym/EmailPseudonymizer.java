package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.crypto.internal.EmailAddresses;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * E-mail pseudonyms: the local part becomes a keyed token of the context; the domain stays or
 * becomes a token under {@code .invalid} (RFC 2606), so the result is still an address in form:
 * {@code v1.k3q...@example.ro} or {@code v1.k3q...@v1.x7a....invalid}.
 *
 * <p><b>Security guarantees:</b> as {@link KeyedTokens}: without the key a pseudonym cannot be
 * tested against guessed addresses; contexts do not join.
 *
 * <p><b>Warning:</b> not reversible; deterministic within a context (equal addresses give equal
 * pseudonyms). A kept domain can identify a person on a small or personal domain: tokenize the
 * domain unless counting by provider is needed. Addresses are lower-cased whole; provider-specific
 * aliases ({@code +tag}, dots at Gmail) are not folded.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class EmailPseudonymizer {

    private final KeyedTokens locals;
    private final KeyedTokens domains;
    private final EmailOptions options;

    EmailPseudonymizer(PseudonymKeys keys, String context, EmailOptions options) {
        this.locals = new KeyedTokens(keys, context, Technique.EMAIL_TOKEN.label() + "-local", options.format());
        this.domains = new KeyedTokens(keys, context, Technique.EMAIL_TOKEN.label() + "-domain", options.format());
        this.options = options;
    }

    /**
     * Pseudonymizes an address.
     *
     * @param address the address
     * @return the pseudonym
     * @throws InvalidInputException if it is not an e-mail address (see the messages of
     *     malformed local parts and domains); messages never repeat it
     */
    public String pseudonymize(String address) {
        EmailAddresses.Parsed parsed = EmailAddresses.parse(address, "address");
        String domain = options.keepDomain() ? parsed.domain() : domains.token(parsed.domain()) + ".invalid";
        return locals.token(parsed.local()) + "@" + domain;
    }

    @Override
    public String toString() {
        return "EmailPseudonymizer[" + locals.context() + (options.keepDomain() ? ", domain kept" : ", domain tokenized")
                + "]";
    }
}
