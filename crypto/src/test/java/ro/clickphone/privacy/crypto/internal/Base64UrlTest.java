package ro.clickphone.privacy.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast strict decoders against the reference: the JDK's URL decoder plus the canonical rule
 * (alphabet only, no padding, no impossible length, re-encoding gives the same text).
 */
class Base64UrlTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /**
     * Characters a text may wrongly hold: padding, the standard alphabet's, whitespace, Latin-1 above
     * ASCII, and characters above U+00FF whose low byte is a valid letter (a decoder that keeps only
     * the low byte of each char would take {@code \u0141} for {@code A}).
     */
    private static final String WRONG = "=+/ \n\t.\u0000\u007f\u0080\u00c1\u00ff\u0141\u0161\u0130\u0100\u2d41\uff21\ud83d";

    /** The reference: null where the text is refused. */
    private static byte[] reference(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return null;
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text) ? bytes : null;
    }

    private static void agree(String text) {
        byte[] expected = reference(text);
        String prefixed = "cpf." + text;
        byte[] dst = new byte[Math.max(0, Base64Url.decodedLength(text.length())) + 3];
        int n = Base64Url.decodeStrict(prefixed, 4, dst);
        byte[] ascii = ("xy" + text).getBytes(StandardCharsets.ISO_8859_1);
        byte[] dst2 = new byte[dst.length];
        int m = Base64Url.decodeStrict(ascii, 2, ascii.length, dst2);
        if (expected == null) {
            assertEquals(-1, n, () -> "accepted " + escape(text));
            assertEquals(-1, m, () -> "accepted (bytes) " + escape(text));
        } else {
            assertEquals(expected.length, n, () -> "refused " + escape(text));
            assertArrayEquals(expected, Arrays.copyOf(dst, n));
            assertEquals(expected.length, m);
            assertArrayEquals(expected, Arrays.copyOf(dst2, m));
            assertArrayEquals(expected, Base64Url.decodeStrict(text));
        }
    }

    private static String escape(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    @Test
    void everyTextOfUpToThreeCharacters_fromTheAlphabetAndWrongOnes_agreesWithTheReference() {
        String symbols = ALPHABET + WRONG;
        agree("");
        for (int a = 0; a < symbols.length(); a++) {
            agree("" + symbols.charAt(a));
            for (int b = 0; b < symbols.length(); b++) {
                agree("" + symbols.charAt(a) + symbols.charAt(b));
                for (int c = 0; c < symbols.length(); c++) {
                    agree("" + symbols.charAt(a) + symbols.charAt(b) + symbols.charAt(c));
                }
            }
        }
    }

    @Test
    void randomValues_andOneCharacterChanged_agreeWithTheReference() {
        SplittableRandom random = new SplittableRandom(20261202L);
        String symbols = ALPHABET + WRONG;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(0, 200)];
            random.nextBytes(bytes);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            agree(text);
            if (!text.isEmpty()) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = symbols.charAt(random.nextInt(symbols.length()));
                agree(new String(chars));
                agree(text.substring(0, random.nextInt(text.length())));
                agree(text + "=");
                agree(text + symbols.charAt(random.nextInt(symbols.length())));
            }
            // the JDK's padded form and its form with set trailing bits are refused
            agree(Base64.getUrlEncoder().encodeToString(bytes));
        }
    }

    @Test
    void setBitsAfterTheLastByte_areRefused_everyValueOfTheLastCharacter() {
        for (String stem : new String[] {"AA", "AAA", "AAAAAA", "AAAAAAA"}) {
            for (int v = 0; v < 64; v++) {
                agree(stem.substring(0, stem.length() - 1) + ALPHABET.charAt(v));
            }
        }
    }

    @Test
    void aDestinationTooShortOrABadRange_isRefused_notThrown() {
        byte[] ascii = "AAAA".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, Base64Url.decodeStrict(ascii, 0, 4, new byte[2]));
        assertEquals(-1, Base64Url.decodeStrict(ascii, 0, 5, new byte[3]));
        assertEquals(3, Base64Url.decodeStrict(ascii, 0, 4, new byte[3]));
    }
}
