/**
 * The consent-ledger plugin: the append-only store of consent events (grant, withdraw, object,
 * restrict, lift) with their proof, and the event values themselves.
 */
package ro.clickphone.privacy.spi.consent;
