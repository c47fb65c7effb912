/**
 * Envelope keys, field and stream encryption, searchable fields, signers, pseudonymization, masking
 * and the kit-free CDR pseudonymizer. {@code crypto.internal} (FF1, Crypto-PAn, HKDF, phone and IP
 * parsing) is not exported.
 */
module ro.clickphone.privacy.crypto {
    requires transitive ro.clickphone.privacy.spi;
    requires com.github.benmanes.caffeine;
    requires com.google.i18n.phonenumbers.libphonenumber;
    requires org.bouncycastle.provider;
    requires org.slf4j;
    requires static transitive com.fasterxml.jackson.databind;

    uses ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;
    provides ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory
            with ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProviderFactory,
                 ro.clickphone.privacy.crypto.kek.Pkcs11KeyEncryptionKeyProviderFactory;

    exports ro.clickphone.privacy.crypto;
    exports ro.clickphone.privacy.crypto.cdr;
    exports ro.clickphone.privacy.crypto.kek;
    exports ro.clickphone.privacy.crypto.mask;
    exports ro.clickphone.privacy.crypto.pseudonym;
    exports ro.clickphone.privacy.crypto.search;
    exports ro.clickphone.privacy.crypto.sign;
}
