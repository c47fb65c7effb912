/**
 * Implementation shared by the crypto packages: HKDF, the FF1 and Crypto-PAn engines. Not an API:
 * only the {@code crypto} module may use it, and its types may change in any release.
 */
package ro.clickphone.privacy.crypto.internal;
