/**
 * Key-management plugins: the key-encryption-key provider (a KMS, an HSM, a PKCS#12 key store) that
 * wraps per-subject data keys, the store of wrapped data keys, and the signer of audit checkpoints
 * and consent receipts.
 */
package ro.clickphone.privacy.spi.keys;
