/**
 * The kit's metrics listener on Micrometer. Micrometer core names itself as an automatic module
 * ({@code micrometer.core}); its {@code MeterRegistry} is in this module's API, hence the transitive
 * requirement.
 */
@SuppressWarnings("requires-transitive-automatic")
module ro.clickphone.privacy.metrics.micrometer {
    requires transitive ro.clickphone.privacy.spi;
    requires transitive micrometer.core;

    exports ro.clickphone.privacy.metrics.micrometer;
}
