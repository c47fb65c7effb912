package ro.clickphone.privacy.spi.rights;

/**
 * Tells a recipient about a rectification, erasure or restriction of a subject's data it received
 * (GDPR art. 19): the platform's hook to its partners (an API call, a ticket, an e-mail). The kit
 * calls it once per recipient the subject's data went to, as its audit trail shows, and records
 * each notice that returned normally in the request ({@link RequestRecord#recipientsTold()}) and
 * the audit trail; a notice that throws is tried again when the request runs again. Implementations
 * must therefore be idempotent per (request, recipient).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RecipientNotifier {

    /**
     * Tells one recipient.
     *
     * @param notice the notice
     * @throws ro.clickphone.privacy.spi.StoreException or any runtime exception if the recipient could
     *     not be told; the kit retries on the next run
     */
    void notify(RecipientNotice notice);
}
