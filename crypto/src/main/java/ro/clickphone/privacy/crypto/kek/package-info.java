/**
 * Key-encryption-key providers that wrap per-subject data keys: a PKCS#11 token (an HSM, through the
 * JDK's SunPKCS11 provider), a PKCS#12 key store, and a development-only passphrase provider. A KMS
 * plugs in through
 * {@link ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider}.
 */
package ro.clickphone.privacy.crypto.kek;
