/**
 * Validation and fingerprinting helpers shared by the spi packages. Not API: not exported by the
 * module, and may change in any release.
 */
package ro.clickphone.privacy.spi.internal;
