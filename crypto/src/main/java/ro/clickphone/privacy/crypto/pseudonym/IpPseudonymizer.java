package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.crypto.internal.CryptoPan;
import ro.clickphone.privacy.crypto.internal.IpLiterals;
import ro.clickphone.privacy.spi.InvalidInputException;

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
 * {@link #reidentify(String, ReidentificationReason)} reverses it, audited.
 *
 * <p><b>Warning:</b> prefix preservation is the point and the leak: whoever knows a few real
 * address/pseudonym pairs learns the mapping of their prefixes, and the structure of a network shows
 * through. For analytics that need only the network, prefer truncation
 * ({@link Generalization#ipPrefix(String, int, int)}). An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) is treated as the IPv4 address it carries and its pseudonym is written
 * as IPv4. IPv6 uses the same construction over 128 bits; the original Crypto-PAn defines IPv4 only.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class IpPseudonymizer {

    private final PseudonymKeys keys;
    private final String context;
    private final ReidentificationLog log;
    private final Map<Integer, CryptoPan> engines = new ConcurrentHashMap<>();
    private final CryptoPan current;

    IpPseudonymizer(PseudonymKeys keys, String context, ReidentificationLog log) {
        this.keys = keys;
        this.context = context;
        this.log = log;
        this.current = engine(keys.currentVersion());
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
     */
    public String pseudonymize(String address) {
        return IpLiterals.format(current.anonymize(IpLiterals.parse(address, "address")));
    }

    /**
     * Pseudonymizes an address given as bytes.
     *
     * @param address 4 or 16 bytes; not changed
     * @return the pseudonym's bytes
     * @throws InvalidInputException if not 4 or 16 bytes
     */
    public byte[] pseudonymize(byte[] address) {
        return current.anonymize(address);
    }

    /**
     * Reverses a pseudonym made under the current key version. Audited before the address is returned.
     *
     * @param pseudonym the pseudonym literal
     * @param reason who asks and why
     * @return the address literal
     * @throws InvalidInputException if the pseudonym is not a literal or the reason is null
     */
    public String reidentify(String pseudonym, ReidentificationReason reason) {
        return reidentify(pseudonym, keys.currentVersion(), reason);
    }

    /**
     * Reverses a pseudonym made under a given key version. Audited before the address is returned.
     *
     * @param pseudonym the pseudonym literal
     * @param version the key version
     * @param reason who asks and why
     * @return the address literal
     * @throws InvalidInputException if the pseudonym is not a literal or the reason is null
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if the version is not held
     */
    public String reidentify(String pseudonym, int version, ReidentificationReason reason) {
        if (reason == null) {
            throw new InvalidInputException("reason", "must be given: re-identification is audited");
        }
        byte[] bytes = IpLiterals.parse(pseudonym, "pseudonym");
        CryptoPan engine = engine(version);
        log.record(new Reidentification(Technique.CRYPTO_PAN, context, version, reason, Optional.empty()));
        return IpLiterals.format(engine.deanonymize(bytes));
    }

    @Override
    public String toString() {
        return "IpPseudonymizer[" + context + ", Crypto-PAn, version " + keys.currentVersion() + "]";
    }
}
