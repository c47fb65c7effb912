/**
 * Searchable fields: blind indexes (keyed, truncated HMACs of normalized values) and deterministic
 * encryption (AES-SIV) for equality look-ups on encrypted columns. Both reveal equality by design.
 */
package ro.clickphone.privacy.crypto.search;
