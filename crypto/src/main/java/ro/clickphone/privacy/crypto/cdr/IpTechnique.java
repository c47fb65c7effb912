package ro.clickphone.privacy.crypto.cdr;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What a {@link CdrProfile} does with the device IP address.
 *
 * @since 0.1.0
 */
public sealed interface IpTechnique {

    /** Crypto-PAn prefix-preserving pseudonyms. */
    record CryptoPan() implements IpTechnique {
    }

    /**
     * Truncation to the network.
     *
     * @param ipv4Bits the IPv4 prefix kept, 0 to 32
     * @param ipv6Bits the IPv6 prefix kept, 0 to 128
     */
    record Truncate(int ipv4Bits, int ipv6Bits) implements IpTechnique {
        /**
         * Validates the prefixes.
         *
         * @param ipv4Bits the IPv4 prefix
         * @param ipv6Bits the IPv6 prefix
         * @throws InvalidInputException if out of range
         */
        public Truncate {
            if (ipv4Bits < 0 || ipv4Bits > 32 || ipv6Bits < 0 || ipv6Bits > 128) {
                throw new InvalidInputException("prefix", "must be 0 to 32 bits for IPv4 and 0 to 128 for IPv6");
            }
        }
    }

    /** Masked for display, {@code 192.168.x.x}. */
    record Mask() implements IpTechnique {
    }

    /** Left out of the output. */
    record Drop() implements IpTechnique {
    }

    /**
     * Crypto-PAn.
     *
     * @return the technique
     */
    static IpTechnique cryptoPan() {
        return new CryptoPan();
    }

    /**
     * Truncation to /24 and /48.
     *
     * @return the technique
     */
    static IpTechnique truncate() {
        return new Truncate(24, 48);
    }

    /**
     * Masking.
     *
     * @return the technique
     */
    static IpTechnique mask() {
        return new Mask();
    }

    /**
     * Leaving the field out.
     *
     * @return the technique
     */
    static IpTechnique drop() {
        return new Drop();
    }
}
