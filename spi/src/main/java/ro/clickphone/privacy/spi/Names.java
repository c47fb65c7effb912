package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * The one syntax of the lower-case names the SDK binds things to: entities and fields of encrypted
 * columns, pseudonymization and vault contexts, CDR profiles, policy field names. A name is 1 to 64
 * characters: a letter {@code a-z}, then letters, digits and {@code _}. Every check of such a name
 * goes through here, so they cannot drift apart.
 *
 * @since 0.1.0
 */
public final class Names {

    /** The rule, in words, for messages. */
    public static final String RULE = "a lower-case name: a-z first, then a-z, 0-9 or _, at most 64";

    private static final Syntax NAME = Syntax.of("a-z", "a-z0-9_", 1, 64);

    private Names() {
    }

    /**
     * Whether a text is a name.
     *
     * @param value the text, may be null
     * @return {@code true} if it is a non-null name
     */
    public static boolean isName(String value) {
        return value != null && NAME.matches(value);
    }
}
