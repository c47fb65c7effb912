/**
 * Key-encryption-key providers that wrap per-subject data keys: a PKCS#12 key store, and a
 * development-only passphrase provider. A KMS or HSM plugs in through
 * {@link ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider}.
 */
package ro.clickphone.privacy.crypto.kek;
