/**
 * The {@code PrivacyKit} facade and the policy, audit, access, consent, retention, incident, notification
 * and CDR bulk capabilities. {@code core.internal} (the kit's wiring) and the capabilities' own
 * {@code internal} packages are not exported.
 */
module ro.clickphone.privacy.core {
    requires transitive ro.clickphone.privacy.crypto;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.csv;
    requires com.samskivert.jmustache;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports ro.clickphone.privacy.core;
    exports ro.clickphone.privacy.core.access;
    exports ro.clickphone.privacy.core.audit;
    exports ro.clickphone.privacy.core.cdr;
    exports ro.clickphone.privacy.core.consent;
    exports ro.clickphone.privacy.core.incident;
    exports ro.clickphone.privacy.core.notify;
    exports ro.clickphone.privacy.core.policy;
    exports ro.clickphone.privacy.core.rekey;
    exports ro.clickphone.privacy.core.retention;
    exports ro.clickphone.privacy.core.rights;

    // the policy document is bound to this package's records by Jackson
    opens ro.clickphone.privacy.core.policy to com.fasterxml.jackson.databind;

    // notification channels are opened from settings, only those the settings name; the logging one is core's
    uses ro.clickphone.privacy.spi.notify.NotificationChannelProvider;
    provides ro.clickphone.privacy.spi.notify.NotificationChannelProvider
            with ro.clickphone.privacy.core.notify.internal.LoggingChannelProvider;
}
