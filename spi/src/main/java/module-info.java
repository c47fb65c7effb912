/**
 * The vocabulary and the plugin interfaces of the ClickPhone Privacy SDK; JDK only. The validation
 * helpers in {@code spi.internal} are not exported.
 */
module ro.clickphone.privacy.spi {
    exports ro.clickphone.privacy.spi;
    exports ro.clickphone.privacy.spi.account;
    exports ro.clickphone.privacy.spi.audit;
    exports ro.clickphone.privacy.spi.consent;
    exports ro.clickphone.privacy.spi.incident;
    exports ro.clickphone.privacy.spi.keys;
    exports ro.clickphone.privacy.spi.memory;
    exports ro.clickphone.privacy.spi.notify;
    exports ro.clickphone.privacy.spi.retention;
    exports ro.clickphone.privacy.spi.rights;
    exports ro.clickphone.privacy.spi.source;
    exports ro.clickphone.privacy.spi.vault;
}
