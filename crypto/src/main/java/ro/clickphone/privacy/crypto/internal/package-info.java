/**
 * Implementation shared by the crypto packages: HKDF, per-thread HMACs, the FF1 and Crypto-PAn
 * engines, phone-number, IP-literal and e-mail parsing, the token vault's way into the field
 * encryptor ({@code ReservedFields}), wrapping bound key payloads ({@code Wraps}), and the one
 * helper for JCE exceptions that
 * cannot happen. Not an API: the module does not export it, only the {@code crypto} module may use
 * it, and its types may change in any release.
 */
package ro.clickphone.privacy.crypto.internal;
