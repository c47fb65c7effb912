/**
 * Cryptographic building blocks of the SDK, on the JCE and BouncyCastle. For now: the signers of
 * audit checkpoints ({@link ro.clickphone.privacy.crypto.HmacSha256Signer},
 * {@link ro.clickphone.privacy.crypto.Ed25519Signer}). Field encryption, envelope keys,
 * pseudonymization and masking arrive with their issues.
 */
package ro.clickphone.privacy.crypto;
