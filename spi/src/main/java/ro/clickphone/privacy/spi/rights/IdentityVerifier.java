package ro.clickphone.privacy.spi.rights;

/**
 * Checks that a request comes from the subject (or the subject's delegate) before any of the
 * subject's data leaves or changes (GDPR art. 12(6)). The kit calls it on
 * {@code kit.rights().verify(id)}, and processes no request it has not verified. The platform plugs
 * in its own (matching an account session, an identity document, a call-back); the kit ships
 * {@link #accountSession()}.
 *
 * <p>Implementations must not log or put in an exception what they compare.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface IdentityVerifier {

    /**
     * Verifies a request's requester.
     *
     * @param request the request
     * @return the answer
     */
    Verification verify(RequestRecord request);

    /**
     * Verifies requests that arrived through the customer's authenticated account (the platform
     * authenticated the session before submitting), and asks for more for every other channel.
     *
     * @return the verifier
     */
    static IdentityVerifier accountSession() {
        return request -> request.channel() == RequestChannel.CUSTOMER_ACCOUNT
                ? Verification.verified("ACCOUNT_SESSION")
                : Verification.pending("PROOF_OF_IDENTITY_ASKED");
    }
}
