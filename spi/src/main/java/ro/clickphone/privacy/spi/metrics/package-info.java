/**
 * What the kit measures, told to one listener: {@link ro.clickphone.privacy.spi.metrics.PrivacyMetrics}
 * (given to the kit builder's {@code metrics(...)}), with a handle per key scope,
 * {@link ro.clickphone.privacy.spi.metrics.ScopeMetrics}, resolved once per scope. The SDK ships an
 * adapter onto Micrometer in a module of its own ({@code clickphone-privacy-metrics-micrometer});
 * without it nothing depends on a metrics library, and without a listener the kit tells
 * {@link ro.clickphone.privacy.spi.metrics.PrivacyMetrics#NONE}, which does nothing.
 *
 * <p>What a listener is told is never personal: key scope names (from the policy), channel ids (from
 * the settings), whether something succeeded, was permitted or failed for good, counts and
 * durations. Never a subject id, a purpose, a record, a key id or key version, an address or a value.
 */
package ro.clickphone.privacy.spi.metrics;
