/**
 * The token-vault plugin: the store of random reversible tokens and the encrypted values they stand
 * for.
 */
package ro.clickphone.privacy.spi.vault;
