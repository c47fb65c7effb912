package ro.clickphone.privacy.spi.consent;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * The proof kept with a consent event, already minimized: the network the request came from
 * (never the full IP address), the user agent, the form and any document reference.
 *
 * @param network the requester's network: an IPv4 /24 or IPv6 /48 prefix such as {@code 203.0.113.0/24}
 * @param userAgent the browser's user agent, at most 512 printable characters
 * @param formId the id of the form or page where consent was given
 * @param reference a document reference (a scanned paper form, an e-mail's message id)
 * @param encrypted in the stored form only: the personal evidence (network and user agent) as
 *     ciphertext under the subject's key, so that shredding the key erases it without rewriting the
 *     sealed event (then {@code network} and {@code userAgent} are empty); printable ASCII, at most
 *     8192 characters
 * @param explicit whether the consent was given explicitly (GDPR art. 9(2)(a)): an express
 *     statement of the subject, on the form or document named by {@code formId} or
 *     {@code reference}; only a grant carries it, and the ledger seals it with the event
 *
 * @since 0.1.0
 */
public record ConsentEvidence(Optional<String> network, Optional<String> userAgent, Optional<String> formId,
        Optional<String> reference, Optional<String> encrypted, boolean explicit) {

    private static final Syntax CODE = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 128);
    private static final Syntax CIPHERTEXT = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/+=-", 1, 8192);

    /**
     * Validates the components.
     *
     * @param network the network, as the type describes it
     * @param userAgent the user agent, as the type describes it
     * @param formId the form id, as the type describes it
     * @param reference the reference, as the type describes it
     * @param encrypted the encrypted personal evidence, as the type describes it
     * @param explicit the explicit-consent marker, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public ConsentEvidence {
        Checks.notNull(network, "evidence.network");
        Checks.notNull(userAgent, "evidence.userAgent");
        Checks.notNull(formId, "evidence.formId");
        Checks.notNull(reference, "evidence.reference");
        Checks.notNull(encrypted, "evidence.encrypted");
        encrypted.ifPresent(c -> Checks.identifier(c, "evidence.encrypted", CIPHERTEXT,
                "ciphertext in printable ASCII"));
        userAgent.ifPresent(ua -> Checks.text(ua, "evidence.userAgent", 512));
        formId.ifPresent(f -> Checks.identifier(f, "evidence.formId", CODE, "a form id (letters, digits, . _ : / -)"));
        reference.ifPresent(r -> Checks.identifier(r, "evidence.reference", CODE,
                "a document reference (letters, digits, . _ : / -)"));
        network.ifPresent(n -> {
            if (!(n.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.0/24") || n.matches("[0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,2}::/48"))) {
                throw new InvalidInputException("evidence.network", "must be an IPv4 /24 or IPv6 /48 prefix");
            }
        });
    }

    /**
     * Evidence without the explicit-consent marker.
     *
     * @param network the network, as the type describes it
     * @param userAgent the user agent, as the type describes it
     * @param formId the form id, as the type describes it
     * @param reference the reference, as the type describes it
     * @param encrypted the encrypted personal evidence, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public ConsentEvidence(Optional<String> network, Optional<String> userAgent, Optional<String> formId,
            Optional<String> reference, Optional<String> encrypted) {
        this(network, userAgent, formId, reference, encrypted, false);
    }

    /**
     * Evidence in clear form, with no encrypted part.
     *
     * @param network the network, as the type describes it
     * @param userAgent the user agent, as the type describes it
     * @param formId the form id, as the type describes it
     * @param reference the reference, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     */
    public ConsentEvidence(Optional<String> network, Optional<String> userAgent, Optional<String> formId,
            Optional<String> reference) {
        this(network, userAgent, formId, reference, Optional.empty(), false);
    }

    /**
     * No evidence beyond the channel and the actor.
     *
     * @return empty evidence
     */
    public static ConsentEvidence none() {
        return new ConsentEvidence(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * This evidence with the explicit-consent marker set or cleared.
     *
     * @param marked whether the consent was given explicitly
     * @return a copy
     */
    public ConsentEvidence withExplicit(boolean marked) {
        return new ConsentEvidence(network, userAgent, formId, reference, encrypted, marked);
    }

    /**
     * Prints whether each part is present, not its value.
     *
     * @return a summary
     */
    @Override
    public String toString() {
        return "ConsentEvidence[network=" + network.isPresent() + ", userAgent=" + userAgent.isPresent() + ", formId="
                + formId.orElse("-") + ", reference=" + reference.isPresent() + ", encrypted=" + encrypted.isPresent()
                + (explicit ? ", explicit" : "") + "]";
    }
}
