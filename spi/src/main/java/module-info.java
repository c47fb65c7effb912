/**
 * The vocabulary and the plugin interfaces of the ClickPhone Privacy SDK; JDK only. The validation
 * helpers in {@code spi.internal} are not exported; {@code spi.internal.audit} only to core, for the
 * audit trail.
 */
@SuppressWarnings("module") // the qualified export names core, which is compiled after spi
module ro.clickphone.privacy.spi {
    exports ro.clickphone.privacy.spi;
    exports ro.clickphone.privacy.spi.account;
    exports ro.clickphone.privacy.spi.audit;
    exports ro.clickphone.privacy.spi.consent;
    exports ro.clickphone.privacy.spi.incident;
    exports ro.clickphone.privacy.spi.keys;
    exports ro.clickphone.privacy.spi.memory;
    exports ro.clickphone.privacy.spi.metrics;
    exports ro.clickphone.privacy.spi.notify;
    exports ro.clickphone.privacy.spi.rekey;
    exports ro.clickphone.privacy.spi.retention;
    exports ro.clickphone.privacy.spi.rights;
    exports ro.clickphone.privacy.spi.source;
    exports ro.clickphone.privacy.spi.vault;

    // the audit trail's own records skip re-validation of what it computed; core's AuditTrail alone
    exports ro.clickphone.privacy.spi.internal.audit to ro.clickphone.privacy.core;
}
