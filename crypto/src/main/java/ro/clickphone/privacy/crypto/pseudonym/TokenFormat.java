package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How a keyed token is written: an alphabet and a length. Tokens read {@code v<version>.<body>}, so
 * a token says which key version made it.
 *
 * @param alphabet the alphabet of the body
 * @param characters the body's length; it keeps {@code characters * bitsPerCharacter} bits of the
 *     HMAC, from {@value #MIN_BITS} to 256
 *
 * @since 0.1.0
 */
public record TokenFormat(Alphabet alphabet, int characters) {

    /** The fewest bits a token may keep: fewer would let unrelated values collide too often. */
    public static final int MIN_BITS = 64;

    /** Token alphabets, both without padding and safe in URLs, file names and CSV. */
    public enum Alphabet {
        /** RFC 4648 base32 in lower case: {@code a-z2-7}, 5 bits a character. */
        BASE32(5, "abcdefghijklmnopqrstuvwxyz234567"),
        /** RFC 4648 base64url: {@code A-Za-z0-9-_}, 6 bits a character. */
        BASE64URL(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

        private final int bits;
        private final String characters;

        Alphabet(int bits, String characters) {
            this.bits = bits;
            this.characters = characters;
        }

        /**
         * Bits a character carries.
         *
         * @return 5 or 6
         */
        public int bitsPerCharacter() {
            return bits;
        }

        /** Writes the first {@code count} characters' worth of bits of {@code bytes}. */
        String encode(byte[] bytes, int count) {
            char[] out = new char[count];
            int buffer = 0;
            int held = 0;
            int index = 0;
            for (int i = 0; i < count; i++) {
                if (held < bits) {
                    buffer = (buffer << 8) | (bytes[index++] & 0xFF);
                    held += 8;
                }
                held -= bits;
                out[i] = characters.charAt((buffer >>> held) & ((1 << bits) - 1));
            }
            return new String(out);
        }

        boolean isCharacter(char c) {
            return characters.indexOf(c) >= 0;
        }
    }

    /**
     * Validates the format.
     *
     * @param alphabet the alphabet
     * @param characters the length
     * @throws InvalidInputException if the alphabet is null or the length keeps fewer than
     *     {@value #MIN_BITS} or more than 256 bits
     */
    public TokenFormat {
        if (alphabet == null) {
            throw new InvalidInputException("alphabet", "must not be null");
        }
        int bits = characters * alphabet.bitsPerCharacter();
        if (bits < MIN_BITS || bits > 256) {
            throw new InvalidInputException("characters", "must keep between " + MIN_BITS + " and 256 bits ("
                    + (MIN_BITS + alphabet.bitsPerCharacter() - 1) / alphabet.bitsPerCharacter() + " to "
                    + 256 / alphabet.bitsPerCharacter() + " characters of " + alphabet + ")");
        }
    }

    /**
     * The default: 26 base32 characters (130 bits).
     *
     * @return the format
     */
    public static TokenFormat defaults() {
        return new TokenFormat(Alphabet.BASE32, 26);
    }

    /**
     * Base32 tokens of a length.
     *
     * @param characters 13 to 51
     * @return the format
     * @throws InvalidInputException if out of range
     */
    public static TokenFormat base32(int characters) {
        return new TokenFormat(Alphabet.BASE32, characters);
    }

    /**
     * Base64url tokens of a length.
     *
     * @param characters 11 to 42
     * @return the format
     * @throws InvalidInputException if out of range
     */
    public static TokenFormat base64url(int characters) {
        return new TokenFormat(Alphabet.BASE64URL, characters);
    }
}
