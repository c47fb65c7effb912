package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * The scope of a per-subject data key, such as {@code profile}, {@code traffic} or {@code fiscal}.
 * Each (subject, scope) has its own key, so one scope can be crypto-shredded while another, under
 * legal retention, is kept.
 *
 * @param name lower-case name: a letter, then letters, digits, {@code -} or {@code _}, at most 32 characters
 *
 * @since 0.1.0
 */
public record KeyScope(String name) {

    private static final Syntax NAME = Syntax.of("a-z", "a-z0-9_-", 1, 32);

    /**
     * Validates the components.
     *
     * @param name the name, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public KeyScope {
        Checks.identifier(name, "keyScope", NAME, "a lower-case name like fiscal (a-z, 0-9, -, _; at most 32)");
    }

    /**
     * Returns the scope with this name.
     *
     * @param name the name
     * @return the scope
     * @throws InvalidInputException if the name is malformed
     */
    public static KeyScope of(String name) {
        return new KeyScope(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
