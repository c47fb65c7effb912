/**
 * Signers of audit checkpoints and consent receipts: HMAC-SHA256 and Ed25519 (with a verifier-only
 * form for auditors).
 */
package ro.clickphone.privacy.crypto.sign;
