/**
 * Cryptographic building blocks of the SDK, on the JCE and BouncyCastle: signers of audit
 * checkpoints and receipts, envelope keys with crypto-shredding, field encryption, streaming
 * encryption and searchable fields. Pseudonymization lives in
 * {@link ro.clickphone.privacy.crypto.pseudonym}, masking in {@link ro.clickphone.privacy.crypto.mask},
 * the CDR pseudonymizer in {@link ro.clickphone.privacy.crypto.cdr}.
 */
package ro.clickphone.privacy.crypto;
