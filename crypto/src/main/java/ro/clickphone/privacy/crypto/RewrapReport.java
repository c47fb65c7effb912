package ro.clickphone.privacy.crypto;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What one {@link EnvelopeKeys#rewrap(int)} batch did. Rewrapping is done when {@link #done()} is
 * true; a batch that rewrapped nothing is not done while keys remain (a key that cannot be unwrapped,
 * or keys another instance changed meanwhile).
 *
 * @param rewrapped keys moved to the current KEK version by this batch
 * @param failed keys of this batch that could not be unwrapped (a damaged wrapped key, a KEK
 *     version the provider no longer holds); they stay as they are and are counted again by the
 *     next batch, so make the batch larger than the number of failing keys, and shred or repair them
 * @param remaining keys still wrapped under an older KEK version after this batch, counted up to
 *     the batch size (the store is not scanned whole); failed keys and keys whose replacement lost a
 *     race with another writer are among them
 * @param unbound keys of this batch that were in payload format 1 (not bound to their slot,
 *     written before slot binding): rewrapped bound to the row they were found in, but kept for
 *     decryption only (format 3, docs/FORMAT.md), so new values are never encrypted under them;
 *     once a rotation's rewrap is done, none is left and {@link KeySettings#withUnboundKeysRefused()}
 *     may be turned on
 *
 * @since 0.1.0
 */
public record RewrapReport(int rewrapped, int failed, int remaining, int unbound) {

    /**
     * Validates the counts.
     *
     * @param rewrapped as the type describes it
     * @param failed as the type describes it
     * @param remaining as the type describes it
     * @param unbound as the type describes it
     * @throws InvalidInputException if a count is negative, or more keys were unbound than rewrapped
     */
    public RewrapReport {
        if (rewrapped < 0 || failed < 0 || remaining < 0 || unbound < 0 || unbound > rewrapped) {
            throw new InvalidInputException("rewrapReport", "counts must not be negative, nor unbound above rewrapped");
        }
    }

    /**
     * Whether no key is left under an older KEK version: then the older versions may be retired.
     *
     * @return {@code true} if nothing remains
     */
    public boolean done() {
        return remaining == 0;
    }
}
