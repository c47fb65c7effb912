/**
 * Pseudonymization after ENISA's guidance: keyed tokens per context ({@link
 * ro.clickphone.privacy.crypto.pseudonym.KeyedTokens}), format-preserving phone pseudonyms with FF1
 * ({@link ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer}), prefix-preserving IP
 * pseudonyms with Crypto-PAn ({@link ro.clickphone.privacy.crypto.pseudonym.IpPseudonymizer}),
 * e-mail tokens, a token vault, and generalization of times, durations and networks. Start at
 * {@link ro.clickphone.privacy.crypto.pseudonym.Pseudonyms}; both directions are authorised by a
 * {@link ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer} (the kit's is its access control).
 */
package ro.clickphone.privacy.crypto.pseudonym;
