package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.crypto.internal.CryptoPan;
import ro.clickphone.privacy.crypto.internal.IpLiterals;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Prefix-preserving IP pseudonyms (Crypto-PAn) for IPv4 and IPv6, under the context's own key:
 * two addresses that share exactly a {@code k}-bit prefix get pseudonyms that share exactly a
 * {@code k}-bit prefix, so subnets stay subnets in pseudonymized logs.
 *
 * <pre>{@code
 * IpPseudonymizer ips = pseudonyms.ip("fraud");
 * String pseudonym = ips.pseudonymize("192.0.2.17");
 * }</pre>
 *
 * <p><b>Security guarantees:</b> without the key a pseudonym does not reveal the address; with it,
 * {@link #reidentify(String, int, ReidentificationReason)} reverses it, when the
 * {@link PseudonymAuthorizer} allows, recorded.
 *
 * <p><b>Warning:</b> prefix preservation is the point and the leak: whoever knows a few real
 * address/pseudonym pairs learns the mapping of their prefixes, and the structure of a network shows
 * through. For analytics that need only the network, prefer truncation
 * ({@link Generalization#ipPrefix(String, int, int)}). An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) is treated as the IPv4 address it carries and its pseudonym is written
 * as IPv4. IPv6 uses the same construction over 128 bits; the original Crypto-PAn defines IPv4 only.
 * Crypto-PAn reverses any address under any key into a valid address: once a second key version is
 * held, a reversal must name the version the pseudonym was made with.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class IpPseudonymizer {

    private final PseudonymKeys keys;
    private final String context;
    private final PseudonymAuthorizer authorizer;
    private final Map<Integer, CryptoPan> engines;
    private final CryptoPan current;
    private final boolean forward;

    IpPseudonymizer(PseudonymKeys keys, String context, PseudonymAuthorizer authorizer) {
        this.keys = keys;
        this.context = context;
        this.authorizer = authorizer;
        this.engines = new ConcurrentHashMap<>();
        this.current = engine(keys.currentVersion());
        this.forward = true;
    }

    private IpPseudonymizer(IpPseudonymizer both) {
        this.keys = both.keys;
        this.context = both.context;
        this.authorizer = both.authorizer;
        this.engines = both.engines;
        this.current = both.current;
        this.forward = false;
    }

    /** The same pseudonymizer without the forward direction, for a service bound to no actor. */
    IpPseudonymizer reverseOnly() {
        return new IpPseudonymizer(this);
    }

    private CryptoPan forwardEngine() {
        if (!forward) {
            authorizer.recordUnboundRefusal(Technique.CRYPTO_PAN, context, Optional.empty());
            throw new PolicyViolationException("This IP pseudonymizer of context " + context + " only reverses:"
                    + " pseudonymizing needs a grant; take it from pseudonyms().as(actor)");
        }
        return current;
    }

    private CryptoPan engine(int version) {
        return keys.perVersion(engines, version, Technique.CRYPTO_PAN.label(), context, CryptoPan::create);
    }

    /**
     * Pseudonymizes an address under the current key version.
     *
     * @param address an IPv4 or IPv6 literal (no host names, no zone ids)
     * @return the pseudonym, as an IPv4 dotted quad or an RFC 5952 IPv6 literal
     * @throws InvalidInputException if the address is not a literal; the message does not repeat it
     * @throws PolicyViolationException if this pseudonymizer only reverses (see {@link Pseudonyms#as})
     */
    public String pseudonymize(String address) {
        return IpLiterals.format(forwardEngine().anonymize(IpLiterals.parse(address, "address")));
    }

    /**
     * Pseudonymizes an address given as bytes.
     *
     * @param address 4 or 16 bytes; not changed
     * @return the pseudonym's bytes
     * @throws InvalidInputException if not 4 or 16 bytes
     * @throws PolicyViolationException if this pseudonymizer only reverses (see {@link Pseudonyms#as})
     */
    public byte[] pseudonymize(byte[] address) {
        return forwardEngine().anonymize(address);
    }

    /**
     * Reverses a pseudonym when one key version is held; refused once a second version is held,
     * since a pseudonym of another version would reverse to another address.
     *
     * @param pseudonym the pseudonym literal
     * @param reason who asks and why
     * @return the address literal
     * @throws InvalidInputException if the pseudonym is not a literal, the reason is null, or more
     *     than one key version is held
     * @throws PolicyViolationException if the authorizer refuses
     */
    public String reidentify(String pseudonym, ReidentificationReason reason) {
        requireReason(reason);
        return reidentify(pseudonym, keys.onlyVersion(), reason);
    }

    /**
     * Reverses a pseudonym made under a given key version. Allowed or refused by the authorizer, and
     * recorded with a keyed reference of the address, before the address is returned.
     *
     * @param pseudonym the pseudonym literal
     * @param version the key version
     * @param reason who asks and why
     * @return the address literal
     * @throws InvalidInputException if the pseudonym is not a literal or the reason is null
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if the version is not held
     * @throws PolicyViolationException if the authorizer refuses
     */
    public String reidentify(String pseudonym, int version, ReidentificationReason reason) {
        requireReason(reason);
        byte[] bytes = IpLiterals.parse(pseudonym, "pseudonym");
        CryptoPan engine = engine(version);
        Reidentification request = new Reidentification(Technique.CRYPTO_PAN, context, version, reason,
                Optional.empty());
        authorizer.authorizeReidentification(request);
        String address = IpLiterals.format(engine.deanonymize(bytes));
        authorizer.recordReidentification(request, address);
        return address;
    }

    private static void requireReason(ReidentificationReason reason) {
        if (reason == null) {
            throw new InvalidInputException("reason", "must be given: re-identification is authorised and audited");
        }
    }

    @Override
    public String toString() {
        return "IpPseudonymizer[" + context + ", Crypto-PAn, version " + keys.currentVersion()
                + (forward ? "" : ", reverse only") + "]";
    }
}
