/**
 * The kit's metrics on Micrometer: {@link ro.clickphone.privacy.metrics.micrometer.MicrometerPrivacyMetrics}
 * turns the events of {@link ro.clickphone.privacy.spi.metrics.PrivacyMetrics} into counters,
 * timers and gauges named {@code clickphone.privacy.*} on a {@code MeterRegistry}, tagged only by
 * key scope, consent verdict, channel and outcome. A module of its own: no other module of the SDK
 * depends on Micrometer.
 */
package ro.clickphone.privacy.metrics.micrometer;
