package ro.clickphone.privacy.core.policy;

import ro.clickphone.privacy.spi.KeyScope;

/**
 * A scope of per-subject data keys. Every category of a scope shares one retention rule, so that
 * shredding the scope's key when retention ends never destroys data that must still be kept.
 *
 * @param scope the scope
 * @param description what the scope's key protects
 *
 * @since 0.1.0
 */
public record KeyScopeDefinition(KeyScope scope, String description) {
}
