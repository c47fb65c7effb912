package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Decides who may pseudonymize and who may re-identify in a context, and records both. The kit's
 * is {@code kit.access().pseudonyms()}: grants from its access policy, purposes and reason codes
 * from the privacy policy, every decision in the audit trail. Outside a kit, {@link Pseudonyms#create}
 * takes one explicitly; {@link #unrestricted(ReidentificationLog)} is the deliberate choice of no
 * authorisation at all.
 *
 * <p><b>Contract:</b> thread-safe. {@link #authorizeReidentification} and
 * {@link #authorizePseudonymization} return normally to allow and throw
 * {@link PolicyViolationException} to refuse, after the refusal is durable;
 * {@link #recordReidentification} returns only once the record is durable, and if it throws, the
 * value is not returned. Messages never hold the pseudonym or the value; the revealed value is
 * handed over only to compute a keyed reference of it, never to be stored or logged as it is.
 *
 * @since 0.1.0
 */
public interface PseudonymAuthorizer {

    /**
     * Whether pseudonymizing needs an actor bound with {@link Pseudonyms#as}: if so, pseudonymizers
     * taken from an unbound service only reverse.
     *
     * @return {@code true} if the forward direction needs a grant
     */
    boolean requiresActor();

    /**
     * Before a pseudonymizer of a context is handed to an actor for the forward direction; called
     * once per context for each {@link Pseudonyms#as} binding, so a bulk run is one decision.
     *
     * @param request who pseudonymizes in which context
     * @throws PolicyViolationException if refused; the refusal is recorded first
     */
    void authorizePseudonymization(Pseudonymization request);

    /**
     * Before a pseudonym is reversed.
     *
     * @param request what is reversed, by whom and why
     * @throws PolicyViolationException if refused; the refusal is recorded first
     */
    void authorizeReidentification(Reidentification request);

    /**
     * After a permitted reversal and before the value is returned: records it.
     *
     * @param request what was reversed, by whom and why
     * @param revealedValue the value about to be returned, to record a keyed reference of it
     *     (so that "who looked up my number?" has an answer); never stored as it is
     */
    void recordReidentification(Reidentification request, String revealedValue);

    /**
     * A call refused because this authorizer {@linkplain #requiresActor() requires an actor} and none
     * was bound with {@link Pseudonyms#as}: pseudonymizing or tokenizing through an unbound service,
     * or erasing vault mappings through an unbound {@link VaultTokenizer}. Records the refusal before
     * {@link PolicyViolationException} is thrown; no value is handed over.
     *
     * @param technique the technique of the refused call
     * @param context the context
     * @param erasureOf the subject whose vault mappings were to be erased, for a refused
     *     {@link VaultTokenizer#erase}; empty for a refused forward call
     */
    void recordUnboundRefusal(Technique technique, String context, Optional<SubjectId> erasureOf);

    /**
     * After {@link VaultTokenizer#erase} deleted a subject's vault mappings (in every context),
     * through a tokenizer bound to an actor: records who erased, through which context, how many.
     * The erasure is authorised by the binding (the actor's forward grant for the context).
     *
     * @param by who erased, through which context's tokenizer
     * @param subject whose mappings were deleted
     * @param erased how many were deleted
     */
    void recordErasure(Pseudonymization by, SubjectId subject, int erased);

    /**
     * No authorisation: everyone may pseudonymize and reverse, and every reversal is handed to the
     * log (without the value). For tools and tests outside a kit that hold the root keys anyway;
     * whoever holds the service can re-identify anyone.
     *
     * @param log where reversals are recorded; required
     * @return the authorizer that allows everything
     * @throws InvalidInputException if {@code log} is null
     */
    static PseudonymAuthorizer unrestricted(ReidentificationLog log) {
        if (log == null) {
            throw new InvalidInputException("log", "must not be null: re-identification must be recorded");
        }
        return new PseudonymAuthorizer() {
            @Override
            public boolean requiresActor() {
                return false;
            }

            @Override
            public void authorizePseudonymization(Pseudonymization request) {
                // Unrestricted, by the caller's explicit choice.
            }

            @Override
            public void authorizeReidentification(Reidentification request) {
                // Unrestricted, by the caller's explicit choice.
            }

            @Override
            public void recordReidentification(Reidentification request, String revealedValue) {
                log.record(request);
            }

            @Override
            public void recordUnboundRefusal(Technique technique, String context, Optional<SubjectId> erasureOf) {
                // Never called: no actor is required.
            }

            @Override
            public void recordErasure(Pseudonymization by, SubjectId subject, int erased) {
                // The log records reversals only.
            }

            @Override
            public String toString() {
                return "PseudonymAuthorizer[unrestricted]";
            }
        };
    }
}
